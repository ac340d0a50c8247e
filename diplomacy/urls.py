from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("meetings.urls")),
]

# A database that does not answer is a 503 page, not a 500 (diplomacy/errors.py).
handler500 = "diplomacy.errors.server_error"
