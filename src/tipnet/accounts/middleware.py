from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.functional import LazyObject, SimpleLazyObject
from django.utils.http import urlencode
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware as DjangoOTPMiddleware
from django_otp.plugins.otp_totp.models import TOTPDevice

from tipnet.accounts.backends import confirmed_device_ids
from tipnet.accounts.twofactor import has_confirmed_device, needs_two_factor

TOTP_PREFIX = f"{TOTPDevice._meta.label_lower}/"


class OTPMiddleware(DjangoOTPMiddleware):
    """django-otp's middleware (``user.otp_device``, ``user.is_verified()``), deciding as it does
    (the session's device must exist, be the user's and be confirmed) from the ids of the
    user's confirmed devices loaded with the user (accounts/backends.py) instead of a query of
    its own; the device itself is read only if a page uses it. Any other device id, or a user
    not loaded that way, goes django-otp's own way.

    Every page reads the user at once (the next middleware asks for their language), so
    ``request.user`` is the user itself here, not a lazy object: each attribute read of a lazy
    object costs a few function calls, and the access module reads the user's a hundred times
    a page. ``request.auser`` stays django-otp's."""

    def _install_lazy_accessors(self, request: HttpRequest) -> None:
        auser = getattr(request, "auser", None)
        if auser is not None:
            request.auser = functools.partial(self._verify_user_async_via_auser, request, auser)
        user = getattr(request, "user", None)
        if user is not None:
            request.user = self._verify_user_sync(request, user)

    def _verify_user_sync(self, request: HttpRequest, user: Any) -> Any:
        if isinstance(user, LazyObject):
            user.is_authenticated  # noqa: B018 (loads the user)
            user = user._wrapped
        if not user.is_authenticated:
            return super()._verify_user_sync(request, user)
        confirmed = confirmed_device_ids(user)
        persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
        if confirmed is None or not persistent_id:
            return super()._verify_user_sync(request, user)
        persistent_id = self._normalize_persistent_id(persistent_id)
        number = persistent_id.removeprefix(TOTP_PREFIX)
        if number == persistent_id or not number.isdigit():
            return super()._verify_user_sync(request, user)
        self._init_user_fields(user)
        if int(number) in confirmed:
            pk = int(number)
            user.otp_device = SimpleLazyObject(lambda: TOTPDevice.objects.get(pk=pk))
        else:
            del request.session[DEVICE_ID_SESSION_KEY]  # as django-otp does
        return user


class UserLanguageMiddleware:
    """A logged-in user's pages come in the language they chose last (saved on the user)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        response = self.get_response(request)
        if user is not None and user.is_authenticated and user.language:
            response.headers.setdefault("Content-Language", user.language)
        return response


# Open to a user who has a password but not yet the second factor. The two-factor pages are
# not exempt as a whole: only the one the user needs at this step (verify when a device
# exists, first setup when none does); replacing a device needs a verified session.
EXEMPT_PREFIXES = ("/accounts/logout/", "/language/", "/static/")


class TwoFactorRequiredMiddleware:
    """Roles that see victims' identities must pass a second factor before anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            settings.TIPNET_ENFORCE_2FA
            and user is not None
            and user.is_authenticated
            and not user.is_verified()
            and needs_two_factor(user)
            and not request.path.startswith(EXEMPT_PREFIXES)
        ):
            confirmed = confirmed_device_ids(user)
            has_device = has_confirmed_device(user) if confirmed is None else bool(confirmed)
            step = reverse("two_factor_verify" if has_device else "two_factor_setup")
            if request.path != step:
                return redirect(f"{step}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
