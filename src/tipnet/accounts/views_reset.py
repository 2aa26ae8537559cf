"""A forgotten password: the administrator resets it (always possible, in the administration:
the user's page, "reset password"), or, where the server can send email and
``TIPNET_PASSWORD_RESET_BY_EMAIL`` is on, a one-hour link sent to the account's address.

The answer never tells whether an account exists; requests are limited per address; the email
names nobody; a reset link works once. The second factor is untouched: a reset password
still needs the authenticator code at the next log-in (a lost phone is the administrator's
reset)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from tipnet.audit.models import AuditAction
from tipnet.audit.services import record_event

REQUESTS_PER_HOUR = 5


def by_email() -> bool:
    return bool(settings.TIPNET_PASSWORD_RESET_BY_EMAIL)


def _address(request: HttpRequest) -> str:
    from tipnet.core.actor import Actor

    return Actor.of(request).ip or "unknown"


class ForgotView(auth_views.PasswordResetView):
    template_name = "accounts/password_forgot.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_sent")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "by_email": by_email()}

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not by_email():
            raise Http404
        key = f"tipnet-reset-{_address(request)}"
        count = cache.get(key, 0)
        if count >= REQUESTS_PER_HOUR:
            messages.error(request, _("Too many requests from this address: try again in an hour."))
            return self.get(request, *args, **kwargs)
        cache.set(key, count + 1, 3600)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        # Audited without the address typed in: the trail must not tell who was asked for.
        record_event(self.request, AuditAction.PASSWORD_RESET, detail="reset link requested")
        return super().form_valid(form)


class ResetView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("login")

    def dispatch(self, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not by_email():
            raise Http404
        return super().dispatch(*args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        record_event(
            self.request, AuditAction.PASSWORD_CHANGE, target=form.user, actor=form.user,
            detail="reset by email",
        )  # fmt: skip
        messages.success(self.request, _("Your password was set. Log in with it."))
        return response
