from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from tipnet.accounts.forms import LoginForm, TokenForm
from tipnet.accounts.twofactor import pending_device, qr_svg, secret_base32
from tipnet.audit.models import AuditAction
from tipnet.audit.services import record_event


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        response = super().form_valid(form)
        record_event(self.request, AuditAction.PASSWORD_CHANGE, target=self.request.user)
        messages.success(self.request, _("Your password was changed."))
        return response


def _next_url(request: HttpRequest) -> str:
    target = request.GET.get("next") or request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    device = pending_device(request.user)
    form = TokenForm(device, request.POST or None)
    if request.method == "POST" and form.is_valid():
        TOTPDevice.objects.filter(user=request.user, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        record_event(
            request, AuditAction.TWO_FACTOR, target=request.user, detail="device confirmed"
        )
        messages.success(request, _("Two-factor authentication is on for your account."))
        return redirect(_next_url(request))
    context = {
        "form": form,
        "qr_svg": qr_svg(device),
        "secret": secret_base32(device),
        "next": _next_url(request),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None:
        return redirect("two_factor_setup")
    form = TokenForm(device, request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            otp_login(request, device)
            record_event(request, AuditAction.TWO_FACTOR, target=request.user, detail="verified")
            return redirect(_next_url(request))
        record_event(
            request, AuditAction.LOGIN_FAILED, target=request.user, detail="wrong second factor"
        )
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request)}
    )
