from django.urls import path

from tipnet.prevention import views, views_reach

app_name = "prevention"
urlpatterns = [
    path("", views.activity_list, name="list"),
    path("new/", views.activity_create, name="create"),
    path("reach/", views_reach.reach_view, name="reach"),
    path("<int:pk>/", views.activity_detail, name="detail"),
    path("<int:pk>/edit/", views.activity_edit, name="edit"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    path("<int:pk>/attendance/<int:attendance_pk>/remove/", views.attendance_remove,
         name="attendance_remove"),
]  # fmt: skip
