from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.generic import TemplateView

from tipnet.accounts import views, views_caseload
from tipnet.accounts.views_reset import ForgotView, ResetView

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/forgot/", ForgotView.as_view(), name="password_forgot"),
    path(
        "password/forgot/sent/",
        TemplateView.as_view(template_name="accounts/password_reset_sent.html"),
        name="password_reset_sent",
    ),
    path("password/reset/<uidb64>/<token>/", ResetView.as_view(), name="password_reset_confirm"),
    path("two-factor/setup/", views.two_factor_setup, name="two_factor_setup"),
    path("two-factor/replace/", views.two_factor_replace, name="two_factor_replace"),
    path("two-factor/verify/", views.two_factor_verify, name="two_factor_verify"),
    path("caseload/", views_caseload.caseload_page, name="caseload"),
    path("caseload/unassigned/", views_caseload.caseload_unassigned, name="caseload_unassigned"),
    path("caseload/<int:user_id>/", views_caseload.caseload_worker, name="caseload_worker"),
]
