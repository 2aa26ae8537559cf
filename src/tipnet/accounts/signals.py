"""Security events into the audit trail: logins, logouts, failures, lockouts."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from tipnet.audit.models import AuditAction
from tipnet.audit.services import record_event


@receiver(user_logged_in)
def on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record_event(request, AuditAction.LOGIN, actor=user, target=user)


@receiver(user_logged_out)
def on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record_event(request, AuditAction.LOGOUT, actor=user, target=user)


@receiver(user_login_failed)
def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    username = str(credentials.get("username", ""))[:150]
    record_event(request, AuditAction.LOGIN_FAILED, object_type="accounts.user", detail=username)


@receiver(user_locked_out)
def on_locked_out(sender: Any, request: Any = None, username: str = "", **kwargs: Any) -> None:
    record_event(request, AuditAction.LOCKED_OUT, object_type="accounts.user", detail=str(username))
