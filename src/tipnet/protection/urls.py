from django.urls import path

from tipnet.protection import (
    printable,
    views,
    views_corrections,
    views_overview,
    views_referrals,
)
from tipnet.protection import views_work as vw

vc = views_corrections

app_name = "protection"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_create, name="create"),
    path("follow-ups/", views_overview.follow_up_list, name="follow_ups"),
    path("services/", views_overview.directory_view, name="directory"),
    path("indicators/", views_overview.indicators_view, name="indicators"),
    path("referrals/", views_referrals.referral_list, name="referrals"),
    path("referrals/<int:rpk>/", views_referrals.referral_detail, name="referral"),
    path("referrals/<int:rpk>/work/stay/", vw.stay_add, name="stay_add"),
    path("referrals/<int:rpk>/work/stays/<int:stay_pk>/", vw.stay_edit, name="stay_edit"),
    path("referrals/<int:rpk>/work/service/", vw.service_add, name="service_add"),
    path("referrals/<int:rpk>/work/note/", vw.note_add, name="note_add"),
    path("referrals/<int:rpk>/<str:to>/", views_referrals.referral_answer, name="answer"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/edit/", views.case_edit, name="edit"),
    path("<int:pk>/summary.pdf", printable.case_summary_pdf, name="summary_pdf"),
    path("<int:pk>/identification/", views.identification_add, name="identification_add"),
    path("<int:pk>/consent/", views.consent_add, name="consent_add"),
    path(
        "<int:pk>/consent/<int:consent_pk>/withdraw/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path("<int:pk>/assessment/", views.assessment_add, name="assessment_add"),
    path("<int:pk>/care-plan/", views.care_plan_add, name="care_plan_add"),
    path("<int:pk>/care-plans/<int:plan_pk>/", views.care_plan_progress, name="care_plan_progress"),
    path("<int:pk>/stage/", views.stage_move, name="stage"),
    path("<int:pk>/close/", views.case_close, name="close"),
    path("<int:pk>/visits/<int:visit_pk>/", views.visit_record, name="visit"),
    path("<int:pk>/returns/", views.return_add, name="return_add"),
    path("<int:pk>/criminal-cases/", views.criminal_case_link, name="link_case"),
    path("<int:pk>/refer/", views_referrals.referral_new, name="refer"),
    path("<int:pk>/reopen/", vc.case_reopen, name="reopen"),
    path("<int:pk>/identifications/<int:ident_pk>/correct/", vc.identification_correct,
         name="identification_correct"),
    path("<int:pk>/identifications/<int:ident_pk>/withdraw/", vc.identification_withdraw,
         name="identification_withdraw"),
    path("<int:pk>/assessments/<int:assessment_pk>/correct/", vc.assessment_correct,
         name="assessment_correct"),
    path("<int:pk>/assessments/<int:assessment_pk>/withdraw/", vc.assessment_withdraw,
         name="assessment_withdraw"),
    path("<int:pk>/care-plans/<int:plan_pk>/correct/", vc.care_plan_correct,
         name="care_plan_correct"),
    path("<int:pk>/care-plans/<int:plan_pk>/withdraw/", vc.care_plan_withdraw,
         name="care_plan_withdraw"),
]  # fmt: skip
