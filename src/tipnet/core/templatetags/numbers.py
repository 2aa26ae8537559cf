"""Template filters for counts, amounts and dates in prose: ``{% load numbers %}``.

``{{ n|number }}``, ``{{ amount|money:currency }}``, ``{{ d|day }}``, ``{{ at|day_time }}``,
``{{ t|clock }}``. Never for identifiers (case, phone, ID or court file numbers).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from tipnet.core import numbers

register = template.Library()


@register.filter
def number(value: Any) -> str:
    return numbers.number(value)


@register.filter
def money(amount: Any, currency: str = "KHR") -> str:
    return numbers.money(amount, currency)


@register.filter
def day(value: Any) -> str:
    return numbers.day(value)


@register.filter
def day_time(value: Any, precision: str = "") -> str:
    """``{{ at|day_time }}``; ``{{ at|day_time:"seconds" }}`` where the second matters."""
    return numbers.day_time(value, seconds=precision == "seconds")


@register.filter
def clock(value: Any) -> str:
    return numbers.clock(value)


@register.simple_tag
def date_shown_data() -> SafeString:
    """What ``tipnet/date-shown.js`` needs to write a date as :func:`numbers.day` does."""
    khmer = numbers.localise_digits("0") != "0"
    months = "|".join(numbers.month_names())
    return (
        format_html(' data-months="{}" data-khmer-digits', months)
        if khmer
        else format_html(' data-months="{}"', months)
    )


@register.filter
def digits(value: Any) -> str:
    """A figure already written as text ("75%", a year) with the page's digits."""
    return "" if value is None else numbers.localise_digits(str(value))
