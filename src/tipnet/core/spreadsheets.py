"""CSV exports that a spreadsheet opens safely.

A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read as a
formula by Excel and LibreOffice (CSV injection: a failed login's username ``=HYPERLINK(...)``
reached the administrator's audit export). Such a cell is written with a leading apostrophe,
which the spreadsheet shows as text; plain numbers (a phone number "+855 12 345 678", a
negative amount) are left alone."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?[\d\s().,/]+")


def safe_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_response(
    filename: str, header: Iterable[Any], rows: Iterable[Iterable[Any]]
) -> HttpResponse:
    """A UTF-8 CSV download (with the byte-order mark Excel needs to read Khmer script),
    every cell made safe, never cached."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return response
