from django.urls import path

from tipnet.people import views, views_documents

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("new/", views.person_create, name="create"),
    path("export.csv", views.person_export, name="export"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/edit/", views.person_edit, name="edit"),
    path("<int:pk>/photo/", views.person_photo, name="photo"),
    path("<int:pk>/documents/new/", views_documents.document_add, name="document_add"),
    path("<int:pk>/documents/<int:doc_pk>/", views_documents.document_edit, name="document_edit"),
    path(
        "<int:pk>/documents/<int:doc_pk>/remove/",
        views_documents.document_remove,
        name="document_remove",
    ),
]
