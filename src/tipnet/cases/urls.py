from django.urls import path

from tipnet.cases import (
    printable,
    views,
    views_corrections,
    views_hearings,
    views_import,
    views_work,
)

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_create, name="create"),
    path("pipeline/", views.pipeline_view, name="pipeline"),
    path("hearings/", views_hearings.upcoming_view, name="hearings"),
    path(
        "hearings/court/<int:org_id>/",
        views_hearings.court_calendar_view,
        name="court_calendar",
    ),
    path(
        "hearings/court/<int:org_id>/calendar.pdf",
        printable.court_calendar_pdf,
        name="court_calendar_pdf",
    ),
    path("<int:pk>/hearings/new/", views_hearings.hearing_add, name="hearing_add"),
    path(
        "<int:pk>/hearings/<int:hearing_pk>/",
        views_hearings.hearing_update,
        name="hearing_update",
    ),
    path("import/", views_import.import_cases, name="import"),
    path("import/jobs/<uuid:job_id>/", views_import.import_job, name="import_job"),
    path("import/template.xlsx", views_import.import_template, name="import_template"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/edit/", views.case_edit, name="edit"),
    path("<int:pk>/summary.pdf", printable.case_summary_pdf, name="summary_pdf"),
    path("<int:pk>/persons/add/", views_work.person_add, name="person_add"),
    path("<int:pk>/suspects/<int:link_pk>/step/", views_work.step_add, name="step_add"),
    path("<int:pk>/suspects/<int:link_pk>/charge/", views_work.charge_add, name="charge_add"),
    path("<int:pk>/charges/<int:charge_pk>/verdict/", views_work.verdict_add, name="verdict_add"),
    path(
        "<int:pk>/steps/<int:step_pk>/correct/", views_corrections.step_correct, name="step_correct"
    ),
    path(
        "<int:pk>/steps/<int:step_pk>/withdraw/",
        views_corrections.step_withdraw,
        name="step_withdraw",
    ),
    path(
        "<int:pk>/charges/<int:charge_pk>/correct/",
        views_corrections.charge_correct,
        name="charge_correct",
    ),
    path(
        "<int:pk>/charges/<int:charge_pk>/withdraw/",
        views_corrections.charge_withdraw,
        name="charge_withdraw",
    ),
    path(
        "<int:pk>/charges/<int:charge_pk>/verdict/correct/",
        views_corrections.verdict_correct,
        name="verdict_correct",
    ),
    path(
        "<int:pk>/charges/<int:charge_pk>/verdict/withdraw/",
        views_corrections.verdict_withdraw,
        name="verdict_withdraw",
    ),
    path(
        "<int:pk>/persons/<int:link_pk>/correct/",
        views_corrections.person_correct,
        name="person_correct",
    ),
    path(
        "<int:pk>/persons/<int:link_pk>/withdraw/",
        views_corrections.person_withdraw,
        name="person_withdraw",
    ),
    path("<int:pk>/places/add/", views_work.event_add, name="event_add"),
    path("<int:pk>/documents/add/", views_work.document_add, name="document_add"),
    path("<int:pk>/documents/<int:doc_pk>/", views_work.document_download, name="document"),
]

# Hand-offs between a criminal case and victim protection (cases/handoffs.py).
from tipnet.cases import views_handoffs  # noqa: E402

urlpatterns += [
    path("<int:pk>/refer-child/", views_handoffs.refer_child, name="refer_child"),
    path("referrals/", views_handoffs.child_referral_list, name="child_referrals"),
    path("referrals/<int:ref_pk>/", views_handoffs.child_referral, name="child_referral"),
    path("link-requests/", views_handoffs.link_request_list, name="link_requests"),
    path(
        "link-requests/new/<int:pc_pk>/",
        views_handoffs.link_request_new,
        name="link_request_new",
    ),
    path("link-requests/<int:lr_pk>/", views_handoffs.link_request_answer, name="link_request"),
]
