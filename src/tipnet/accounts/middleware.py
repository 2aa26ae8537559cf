from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode

from tipnet.accounts.twofactor import has_confirmed_device, needs_two_factor


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
            step = reverse(
                "two_factor_verify" if has_confirmed_device(user) else "two_factor_setup"
            )
            if request.path != step:
                return redirect(f"{step}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
