"""Counts, amounts and dates in prose, one way throughout, in the page's language; input in
either digit set. (The case page's sentence, through the real forms: cases/tests/test_numbers_on_pages.py.)"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel import Locale
from django import forms
from django.template import Context, Template
from django.utils import translation

from tipnet.core import numbers
from tipnet.core.numbers import BABEL_LOCALE, day, day_time, money, number
from tipnet.core.widgets import AmountInput

PHNOM_PENH = ZoneInfo("Asia/Phnom_Penh")


def test_it_writes_a_count_an_amount_and_a_date_in_khmer_with_khmer_digits() -> None:
    with translation.override("km"):
        assert number(1234567) == "១,២៣៤,៥៦៧"
        assert money(Decimal("10000000.00"), "KHR") == "១០,០០០,០០០ រៀល"
        assert money(Decimal("1500.5"), "USD") == "១,៥០០.៥០ ដុល្លារអាមេរិក"
        assert day(date(2026, 3, 5)) == "៥ មីនា ២០២៦"


def test_it_writes_them_in_english_with_the_day_first() -> None:
    with translation.override("en"):
        assert number(1234567) == "1,234,567"
        assert money(Decimal("10000000.00"), "KHR") == "10,000,000 riel"
        assert money(Decimal("1500.5"), "USD") == "1,500.50 US dollars"
        assert money(Decimal("250"), "THB") == "250.00 baht"
        assert day(date(2026, 3, 5)) == "5 Mar 2026"


def test_it_gives_riel_no_decimals_and_rounds_a_fraction_of_a_riel() -> None:
    with translation.override("en"):
        assert money(Decimal("999.60"), "KHR") == "1,000 riel"
        assert money(None, "KHR") == "" and number(None) == ""


def test_it_writes_a_moment_in_phnom_penh_time() -> None:
    # 17:30 UTC is half past midnight the next day in Phnom Penh.
    at = datetime(2026, 3, 5, 17, 30, 9, tzinfo=ZoneInfo("UTC"))
    with translation.override("en"):
        assert day_time(at) == "6 Mar 2026 00:30"
        assert day_time(at, seconds=True) == "6 Mar 2026 00:30:09"
        assert day(at) == "6 Mar 2026"
    with translation.override("km"):
        assert day_time(at) == "៦ មីនា ២០២៦ ០០:៣០"
        assert numbers.clock(time(9, 5)) == "០៩:០៥"


def test_it_renders_the_filters_in_a_template_and_leaves_identifiers_as_written() -> None:
    template = Template(
        "{% load numbers %}{{ n|number }} | {{ fine|money:'KHR' }} | {{ on|day }} | {{ number }}"
    )
    context = Context({"n": 12, "fine": Decimal("20000000"), "on": date(2026, 7, 15),
                       "number": "01-2026-00001"})  # fmt: skip
    with translation.override("km"):
        assert template.render(context) == "១២ | ២០,០០០,០០០ រៀល | ១៥ កក្កដា ២០២៦ | 01-2026-00001"
    with translation.override("en"):
        assert template.render(context) == "12 | 20,000,000 riel | 15 Jul 2026 | 01-2026-00001"


def test_it_writes_both_languages_with_the_pattern_the_date_script_writes() -> None:
    # static/tipnet/date-shown.js writes day, month, year: CLDR's medium pattern for both.
    for code in BABEL_LOCALE.values():
        assert Locale.parse(code).date_formats["medium"].pattern == "d MMM y"


class AmountAndDate(forms.Form):
    amount = forms.DecimalField(max_digits=14, decimal_places=2, widget=AmountInput)
    on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    years = forms.IntegerField(min_value=0)
    at = forms.TimeField()


def test_it_reads_khmer_digits_and_grouped_amounts_in_any_form() -> None:
    form = AmountAndDate({"amount": "២០,០០០,០០០", "on": "២០២៦-០៧-១៥", "years": "១០", "at": "០៩:៣០"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {
        "amount": Decimal("20000000"), "on": date(2026, 7, 15), "years": 10, "at": time(9, 30),
    }  # fmt: skip
    western = AmountAndDate({"amount": "1500.50", "on": "2026-07-15", "years": "3", "at": "9:30"})
    assert western.is_valid() and western.cleaned_data["amount"] == Decimal("1500.50")


def test_it_still_refuses_what_is_no_number() -> None:
    with translation.override("en"):
        form = AmountAndDate({"amount": "1,50", "on": "២០២៦-១៣-០១", "years": "x", "at": "9:30"})
        assert not form.is_valid()
        assert set(form.errors) == {"amount", "on", "years"}


def test_it_shows_the_chosen_date_beside_the_date_input_in_the_pages_language() -> None:
    form = AmountAndDate(initial={"on": date(2026, 3, 5), "amount": Decimal("20000000.00")})
    with translation.override("km"):
        html = str(form["on"])
        assert 'type="date"' in html and 'value="2026-03-05"' in html
        assert ">៥ មីនា ២០២៦</output>" in html and "data-khmer-digits" in html
        assert 'data-months="មករា|កុម្ភៈ|មីនា|' in html
        assert 'value="20,000,000"' in str(form["amount"])
        assert 'inputmode="decimal"' in str(form["amount"])
    with translation.override("en"):
        html = str(form["on"])
        assert ">5 Mar 2026</output>" in html and "data-khmer-digits" not in html
    empty = AmountAndDate()
    assert "></output>" in str(empty["on"])
