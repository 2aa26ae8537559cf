from django.urls import path

from tipnet.geo import views

app_name = "geo"
urlpatterns = [
    path("areas/", views.children, name="children"),
    path("search/", views.search, name="search"),
]
