from django.urls import path

from meetings import review_views, upload_views, views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="meeting_list"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/sources/<int:article_id>/", views.meeting_source, name="meeting_source"),
    path("upload/", upload_views.upload, name="upload"),
    path("upload/<int:pk>/", upload_views.upload_detail, name="upload_detail"),
    path("people/", views.person_index, name="person_index"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("countries/", views.country_index, name="country_index"),
    path("countries/<str:code>/", views.country_detail, name="country_detail"),
    path("topics/", views.topic_index, name="topic_index"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic_detail"),
    path("quotes/", views.quote_list, name="quote_list"),
    path("map/", views.place_map, name="place_map"),
    path("network/", views.meeting_network, name="meeting_network"),
    path("review/", review_views.review_list, name="review"),
    path("review/<int:pk>/confirm/", review_views.review_confirm, name="review_confirm"),
    path("review/<int:pk>/delete/", review_views.review_delete, name="review_delete"),
]
