from django.urls import path

from tipnet.prevention import views, views_plans, views_reach

app_name = "prevention"
urlpatterns = [
    path("", views.activity_list, name="list"),
    path("new/", views.activity_create, name="create"),
    path("reach/", views_reach.reach_view, name="reach"),
    path("reach/export/", views_reach.reach_export, name="reach_export"),
    path("refreshers/", views.refreshers, name="refreshers"),
    path("actions/overdue/", views_plans.overdue_list, name="overdue"),
    path("<int:pk>/", views.activity_detail, name="detail"),
    path("<int:pk>/edit/", views.activity_edit, name="edit"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    path("<int:pk>/attendance/<int:attendance_pk>/remove/", views.attendance_remove,
         name="attendance_remove"),
    path("<int:pk>/plan/", views_plans.plan_view, name="plan"),
    path("<int:pk>/plan/actions/new/", views_plans.action_add, name="action_add"),
    path("<int:pk>/plan/actions/<int:action_pk>/", views_plans.action_update,
         name="action_update"),
]  # fmt: skip
