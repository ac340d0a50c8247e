from django.urls import path

from meetings import upload_views, views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="meeting_list"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("upload/", upload_views.upload, name="upload"),
    path("upload/<int:pk>/", upload_views.upload_detail, name="upload_detail"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("countries/<str:code>/", views.country_detail, name="country_detail"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic_detail"),
    path("quotes/", views.quote_list, name="quote_list"),
]
