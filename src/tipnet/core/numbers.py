"""Counts, amounts and dates written in prose, one way throughout, in the page's language.

The patterns, separators and month names are CLDR's (through Babel): ``1,234``, ``5 Mar 2026``,
``14:07``; on Khmer pages the digits are Khmer (``១,២៣៤``, ``៥ មីនា ២០២៦``). Riel has no decimals,
dollars and baht have two. Identifiers (case numbers, phone and ID numbers, court file numbers)
never pass through here: they are shown as they were written.

Input goes the other way: :func:`ascii_digits` reads Khmer digits as Western ones, and
:func:`accept_khmer_digits` makes every Django form field that reads a number, a date or a time
do so (installed once, by the core app), so a form typed on a Khmer keyboard is understood.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from babel import Locale
from babel.dates import format_date, format_time
from babel.numbers import format_decimal
from django import forms
from django.utils import timezone, translation
from django.utils.translation import gettext

KHMER = "០១២៣៤៥៦៧៨៩"
TO_KHMER = str.maketrans("0123456789", KHMER)
FROM_KHMER = str.maketrans(KHMER, "0123456789")
# English pages write the day first, as Khmer ones and Cambodian paper do ("5 Mar 2026").
BABEL_LOCALE = {"km": "km", "en": "en_GB"}
# Both locales' medium date pattern; static/tipnet/date-shown.js writes the same one.
DATE_PATTERN = "medium"
CLOCK = "HH:mm"
# Decimals per currency; riel is counted in whole riel.
DECIMALS = {"KHR": 0, "USD": 2, "THB": 2}
# "20,000,000" typed with thousands separators (CLDR: "," groups, "." marks decimals).
GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?")


def _units() -> dict[str, str]:
    return {
        "KHR": gettext("%(amount)s riel"),
        "USD": gettext("%(amount)s US dollars"),
        "THB": gettext("%(amount)s baht"),
    }


@cache
def _locale(code: str) -> Locale:
    return Locale.parse(code)


def current_locale() -> Locale:
    language = (translation.get_language() or "km").split("-")[0]
    return _locale(BABEL_LOCALE.get(language, "km"))


def localise_digits(text: str) -> str:
    """Western digits as the page's digits (Khmer ones on Khmer pages)."""
    return text.translate(TO_KHMER) if current_locale().language == "km" else text


def ascii_digits(text: str) -> str:
    """Khmer digits as Western ones; everything else as it is."""
    return text if text.isascii() else text.translate(FROM_KHMER)


def number(value: Any) -> str:
    """A count or quantity with thousands separators: ``12,500`` / ``១២,៥០០``."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    return localise_digits(format_decimal(amount, locale=current_locale()))


def money(amount: Any, currency: str = "KHR") -> str:
    """An amount with its currency: ``20,000,000 riel`` / ``២០,០០០,០០០ រៀល`` (whole riel),
    ``1,500.00 US dollars``."""
    if amount is None or amount == "":
        return ""
    try:
        value = Decimal(str(amount))
    except InvalidOperation:
        return str(amount)
    code = (currency or "KHR").upper()
    decimals = DECIMALS.get(code, 2)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    shown = localise_digits(format_decimal(value, format=pattern, locale=current_locale()))
    unit = _units().get(code)
    return unit % {"amount": shown} if unit else f"{shown} {code}"


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        try:
            return date.fromisoformat(ascii_digits(value.strip())[:10])
        except ValueError:
            return None
    return None


def day(value: Any) -> str:
    """A date in prose: ``5 Mar 2026`` / ``៥ មីនា ២០២៦``; an aware datetime on Phnom Penh's
    calendar."""
    shown = _as_date(value)
    if shown is None:  # nothing, or what a form was sent that is no date (its error says so)
        return "" if value is None or isinstance(value, str) else str(value)
    return localise_digits(format_date(shown, DATE_PATTERN, locale=current_locale()))


def clock(value: Any, seconds: bool = False) -> str:
    """A time of day on the 24-hour clock: ``14:07`` / ``១៤:០៧`` (``14:07:09`` with seconds)."""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.time()
    if not isinstance(value, time):
        return "" if value in (None, "") else str(value)
    pattern = CLOCK + (":ss" if seconds else "")
    return localise_digits(format_time(value, pattern, locale=current_locale()))


def day_time(value: Any, seconds: bool = False) -> str:
    """A moment: ``5 Mar 2026 14:07`` in Phnom Penh time (the audit trail gives the seconds)."""
    if not isinstance(value, datetime):
        return day(value)
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{day(value)} {clock(value, seconds)}"


def month_names() -> list[str]:
    """The month names the medium date pattern uses, for the script that shows a chosen date."""
    return list(current_locale().months["format"]["abbreviated"].values())


# Input: every form field that reads a number, a date or a time takes Khmer digits. ------------

_FIELDS: tuple[type[forms.Field], ...] = (
    forms.IntegerField,
    forms.FloatField,
    forms.DecimalField,
    forms.DateField,
    forms.TimeField,
    forms.DateTimeField,
    forms.DurationField,
)
_NUMBERS = (forms.IntegerField, forms.FloatField, forms.DecimalField)


def normalise_input(value: Any, *, grouped: bool = False) -> Any:
    """Khmer digits as Western ones; with ``grouped``, "20,000,000" as "20000000"."""
    if not isinstance(value, str):
        return value
    value = ascii_digits(value).strip()
    if grouped and GROUPED.fullmatch(value):
        value = value.replace(",", "")
    return value


def accept_khmer_digits() -> None:
    """Make Django's number, date and time form fields read Khmer digits (and grouped numbers).

    Done on the field classes, once, so every form takes them: ours, the admin's and the filters'.
    """
    for field in _FIELDS:
        original = field.__dict__.get("to_python")
        if original is None or getattr(original, "reads_khmer_digits", False):
            continue

        def to_python(
            self: forms.Field, value: Any, _original: Any = original, _field: Any = field
        ) -> Any:
            return _original(self, normalise_input(value, grouped=issubclass(_field, _NUMBERS)))

        to_python.reads_khmer_digits = True  # type: ignore[attr-defined]
        field.to_python = to_python  # type: ignore[method-assign]
