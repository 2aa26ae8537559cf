from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Wrong username or password. Both are case-sensitive."),
        "inactive": _("This account is disabled. Ask your administrator."),
    }


def _code_field(label: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        min_length=6,
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


def _already_used(device: Any, token: int) -> bool:
    """Is ``token`` the right code of a time step the device has already accepted a code of
    (a second log-in within the same 30 seconds)? Each code works once."""
    import time

    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return bool(totp.verify(token, device.tolerance)) and totp.t() <= device.last_t


def _check_code(device: Any, token: str) -> str:
    token = token.strip()
    if token.isdigit() and device is not None:
        allowed, _why = device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(
                _("Wait a few seconds before the next code: each wrong code makes the wait longer.")
            )
        if device.verify_token(token):
            return token
        if _already_used(device, int(token)):
            raise forms.ValidationError(
                _(
                    "This code was already used. Wait until your app shows the next code "
                    "(every 30 seconds) and enter that one."
                )
            )
    raise forms.ValidationError(
        _("That code is not valid. Check your phone's clock and try again.")
    )


class TokenForm(forms.Form):
    token = _code_field(_("Six-digit code from your authenticator app"))

    def __init__(self, device: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self) -> str:
        return _check_code(self.device, self.cleaned_data["token"])


class ReplaceDeviceForm(forms.Form):
    """Moving to a new authenticator app: a code from the app in use proves it is still the
    owner, a code from the new one proves it was set up."""

    current_token = _code_field(_("Code from the authenticator app you use now"))
    token = _code_field(_("Code from the new authenticator app"))

    def __init__(self, current: Any, new: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.current, self.new = current, new

    def clean_current_token(self) -> str:
        return _check_code(self.current, self.cleaned_data["current_token"])

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        # The new code is only tried once the current one is right: a stolen session cannot
        # use this form to probe anything without the current device.
        if "current_token" in cleaned and "token" in cleaned:
            try:
                cleaned["token"] = _check_code(self.new, cleaned["token"])
            except forms.ValidationError as error:
                self.add_error("token", error)
        return cleaned
