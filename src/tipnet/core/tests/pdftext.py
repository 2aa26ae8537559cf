"""The text of a PDF as a reader would copy it (pypdf), for the tests and the leak walk: a
printed document is scanned for markers like any page."""

from __future__ import annotations

import io
import re

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
