"""Printable documents: a template rendered to HTML in the user's language, then to PDF with
WeasyPrint, with the bundled Khmer font (Noto Sans Khmer, the one the pages use) loaded from
the package's own static files. Nothing is fetched from the network: the URL fetcher opens
only files under the static folder, so a URL in a template (or in data shown by one) reaches
nothing else.

The access decisions are the caller's, made before the context is built (``tipnet.accounts.seen``):
this module only lays out what it is given."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

STATIC = (Path(__file__).parent / "static").resolve()


def _local_files() -> Any:
    from weasyprint.urls import URLFetcher

    class LocalFiles(URLFetcher):
        """WeasyPrint's fetcher, restricted to the files under ``STATIC``: anything else (the
        network, another file) stops the rendering."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            parsed = urlparse(url)
            path = Path(unquote(parsed.path)).resolve()
            if parsed.scheme != "file" or not path.is_relative_to(STATIC):
                raise ValueError(f"not fetched: {url[:80]}")
            return super().fetch(path.as_uri(), headers)

    return LocalFiles(allowed_protocols={"file"}, fail_on_errors=True)


def render_html(request: HttpRequest, template: str, context: dict[str, Any]) -> str:
    """The document's HTML, in the request's language (what the PDF is made from)."""
    return render_to_string(template, context, request=request)


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    # The document links tipnet/print.css (fonts, page size, running footer) relative to
    # the static folder.
    document = HTML(string=html, base_url=STATIC.as_uri() + "/", url_fetcher=_local_files())
    pdf = document.write_pdf(font_config=fonts)
    assert pdf is not None
    return bytes(pdf)


def pdf_response(
    request: HttpRequest, template: str, context: dict[str, Any], filename: str
) -> HttpResponse:
    """A PDF download of ``template`` rendered with ``context``; never cached."""
    pdf = html_to_pdf(render_html(request, template, context))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
