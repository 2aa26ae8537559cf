from __future__ import annotations

from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.contrib import messages
from django.contrib.auth import logout, user_login_failed
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _

from tipnet.accounts.forms import LoginForm, ReplaceDeviceForm, TokenForm
from tipnet.accounts.http import AuthenticatedRequest
from tipnet.accounts.twofactor import (
    confirm_device,
    confirmed_device,
    pending_device,
    qr_svg,
    secret_base32,
    verified_login,
)
from tipnet.audit.models import AuditAction
from tipnet.audit.services import record_event


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    """A wrong old password counts as a failed login of the account (django-axes): after
    the lockout limit the user is logged out and the account is locked like after wrong
    passwords at the login page, so a stolen session cannot guess the password."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")
    request: AuthenticatedRequest  # Django's view is behind login_required

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and _is_locked(request):
            return _locked_out(request)
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)
        record_event(self.request, AuditAction.PASSWORD_CHANGE, target=self.request.user)
        messages.success(self.request, _("Your password was changed."))
        return response

    def form_invalid(self, form: PasswordChangeForm) -> HttpResponse:
        if "old_password" in form.errors:
            # The same signal a wrong password at login sends: django-axes counts it and
            # tipnet's receiver audits it as a failed login.
            user_login_failed.send(
                sender=__name__, credentials=_credentials(self.request), request=self.request
            )
            if _is_locked(self.request):
                return _locked_out(self.request)
        return super().form_invalid(form)


def _credentials(request: HttpRequest) -> dict[str, str]:
    return {"username": request.user.get_username()}


def _is_locked(request: HttpRequest) -> bool:
    return not AxesProxyHandler.is_allowed(request, _credentials(request))


def _locked_out(request: HttpRequest) -> HttpResponse:
    credentials = _credentials(request)
    logout(request)
    return get_lockout_response(request, None, credentials)


def _next_url(request: HttpRequest) -> str:
    target = request.GET.get("next") or request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


def _to(name: str, request: HttpRequest) -> HttpResponse:
    return redirect(f"{reverse(name)}?{urlencode({'next': _next_url(request)})}")


@login_required
def two_factor_setup(request: AuthenticatedRequest) -> HttpResponse:
    """First enrolment, only while the user has no confirmed device: a password alone must
    never replace a device (that would make the second factor worthless)."""
    if confirmed_device(request.user) is not None:
        return _to("two_factor_replace" if request.user.is_verified() else "two_factor_verify",
                   request)  # fmt: skip
    device = pending_device(request.user)
    form = TokenForm(device, request.POST or None)
    if request.method == "POST" and form.is_valid():
        confirm_device(request, device, replacing=False)
        messages.success(request, _("Two-factor authentication is on for your account."))
        return redirect(_next_url(request))
    return render(request, "accounts/two_factor_setup.html", _enrolment(request, form, device))


def _enrolment(request: HttpRequest, form: Any, device: Any) -> dict[str, Any]:
    """The context of a page that enrols a new device: its code as QR and as text."""
    return {
        "form": form,
        "qr_svg": qr_svg(device),
        "secret": secret_base32(device),
        "next": _next_url(request),
    }


@login_required
def two_factor_replace(request: AuthenticatedRequest) -> HttpResponse:
    """Move to a new authenticator app: only from a session that passed the current device,
    and with a code from it as well as from the new one."""
    current = confirmed_device(request.user)
    if current is None:
        return _to("two_factor_setup", request)
    if not request.user.is_verified():
        return _to("two_factor_verify", request)
    device = pending_device(request.user)
    form = ReplaceDeviceForm(current, device, request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            confirm_device(request, device, replacing=True)
            messages.success(
                request, _("Your new authenticator app is now the one tipnet asks for.")
            )
            return redirect(_next_url(request))
        if "current_token" in form.errors:
            record_event(request, AuditAction.LOGIN_FAILED, target=request.user,
                         detail="wrong second factor (device replacement)")  # fmt: skip
    return render(request, "accounts/two_factor_replace.html", _enrolment(request, form, device))


@login_required
def two_factor_verify(request: AuthenticatedRequest) -> HttpResponse:
    device = confirmed_device(request.user)
    if device is None:
        return _to("two_factor_setup", request)
    form = TokenForm(device, request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            verified_login(request, device)
            record_event(request, AuditAction.TWO_FACTOR, target=request.user, detail="verified")
            return redirect(_next_url(request))
        record_event(
            request, AuditAction.LOGIN_FAILED, target=request.user, detail="wrong second factor"
        )
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request)}
    )
