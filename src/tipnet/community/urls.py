from django.urls import path

from tipnet.community import views

app_name = "community"
urlpatterns = [
    path("", views.home, name="home"),
    path("villages/<str:code>/", views.village, name="village"),
    path("communes/<str:code>/", views.commune, name="commune"),
    path("migrants/new/", views.migrant_new, name="migrant_new"),
    path("migrants/<int:pk>/", views.migrant, name="migrant"),
    path("migrants/<int:pk>/edit/", views.migrant_edit, name="migrant_edit"),
    path("migrants/<int:pk>/contacts/new/", views.contact_new, name="contact_new"),
    path("migrants/<int:pk>/return/", views.return_new, name="return_new"),
]
