from django.contrib.auth import views as auth_views
from django.urls import path

from tipnet.accounts import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("two-factor/setup/", views.two_factor_setup, name="two_factor_setup"),
    path("two-factor/replace/", views.two_factor_replace, name="two_factor_replace"),
    path("two-factor/verify/", views.two_factor_verify, name="two_factor_verify"),
]
