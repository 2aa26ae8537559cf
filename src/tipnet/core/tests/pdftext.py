"""The text of a PDF as a reader would copy it (pypdf), for the tests and the leak walk: a
printed document is scanned for markers like any page."""

from __future__ import annotations

import io
import re
from typing import Any

KHMER = re.compile("[\u1780-\u17ff]")


def pdf_text(data: bytes) -> str:
    """Every page's text and the document's metadata, then the same text without white space
    (a name broken over two lines, or spaced out by the extraction, still reads whole)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    parts = [page.extract_text() or "" for page in reader.pages]
    parts += [str(v) for v in (reader.metadata or {}).values()]
    text = "\n".join(parts)
    return text + "\n" + re.sub(r"\s+", "", text)


def pdf_fonts(data: bytes) -> set[str]:
    """The names of the fonts the PDF's pages use (subset prefixes removed)."""
    from pypdf import PdfReader

    names: set[str] = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            name = str(ref.get_object().get("/BaseFont", ""))
            names.add(name.split("+", 1)[-1].lstrip("/"))
    return names


def keeping_the_html(monkeypatch: Any) -> list[str]:
    """Make ``tipnet.core.pdf`` keep the HTML each PDF is made from: the extracted text of
    shaped Khmer comes out in the glyphs' visual order, so Khmer is compared in the HTML."""
    from tipnet.core import pdf

    made_from: list[str] = []
    to_pdf = pdf.html_to_pdf

    def keeping(html: str) -> bytes:
        made_from.append(html)
        return to_pdf(html)

    monkeypatch.setattr(pdf, "html_to_pdf", keeping)
    return made_from


def assert_khmer_print(data: bytes, made_from: list[str], identifier: str, heading: str) -> None:
    """A Khmer print: the identifier and Khmer text in the PDF, drawn with the bundled font
    (not a fallback without Khmer glyphs), made from Khmer HTML with the translated heading."""
    from django.utils import translation

    text = pdf_text(data)
    assert identifier in text and KHMER.search(text)
    assert "Noto-Sans-Khmer" in pdf_fonts(data)
    with translation.override("km"):
        khmer = translation.gettext(heading)
    assert khmer != heading and KHMER.search(khmer)
    (html,) = made_from
    assert khmer in html and '<html lang="km">' in html
