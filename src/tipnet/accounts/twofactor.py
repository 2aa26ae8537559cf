"""TOTP two-factor authentication (django-otp), required for roles that see identities.

A user enrols a first device with their password alone (there is nothing else yet to prove who
they are); once a confirmed device exists, only a session that has passed it may replace it
(and must also type a code from it), or an administrator resets it in the admin.
"""

from __future__ import annotations

import base64
from io import BytesIO
from typing import Any

import qrcode
import qrcode.image.svg
from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from tipnet.accounts.access import TWO_FACTOR_ROLES
from tipnet.accounts.http import AuthenticatedRequest
from tipnet.audit.models import AuditAction
from tipnet.audit.services import record_event


def needs_two_factor(user: Any) -> bool:
    return bool(user.role_codes() & TWO_FACTOR_ROLES)


def confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_confirmed_device(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_device(user: Any) -> TOTPDevice:
    """The unconfirmed device being set up (one per user), created if needed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="tipnet", confirmed=False)
    return device


def secret_base32(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def qr_svg(device: TOTPDevice) -> str:
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


def verified_login(request: HttpRequest, device: TOTPDevice) -> None:
    """Mark the session as having passed ``device``, under a new session key (a key seen
    before the second factor is worth nothing after it)."""
    otp_login(request, device)
    request.session.cycle_key()


def confirm_device(request: AuthenticatedRequest, device: TOTPDevice, *, replacing: bool) -> None:
    """Make ``device`` the user's only device, verify the session with it, and audit it."""
    user = request.user
    with transaction.atomic():
        old = TOTPDevice.objects.filter(user=user).exclude(pk=device.pk)
        replaced = old.filter(confirmed=True).count()
        old.delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        detail = "device replaced" if replacing else "device enrolled"
        changes = {"replaced_devices": replaced} if replacing else {}
        record_event(request, AuditAction.TWO_FACTOR, target=user, detail=detail, changes=changes)
    verified_login(request, device)


def reset_devices(request: HttpRequest, user: Any) -> int:
    """An administrator's reset: the user's devices go, and they enrol again at next login.
    Sessions verified by a removed device stop counting as verified (django-otp looks the
    device up on every request)."""
    with transaction.atomic():
        count, _ = TOTPDevice.objects.filter(user=user).delete()
        record_event(
            request,
            AuditAction.TWO_FACTOR,
            target=user,
            detail="devices reset by administrator",
            changes={"removed_devices": count},
        )
    return count
