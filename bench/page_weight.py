"""Bytes on the wire: the weight of the main pages as a browser receives them, compressed, on
the first visit (the page and every static file it links) and after it (the page alone: static
files carry hashed names and are cached for a year), against the uncompressed page.

    .venv/bin/python bench/page_weight.py --cases 1000 [--reuse]

Each figure's "lower bound" column is the uncompressed size, so the ratio is what compression
saves; no target is set by the issue beyond "compressed" (a page over 1 MB is refused here).
"""

from __future__ import annotations

import gzip
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common

ASSET = re.compile(r'(?:href|src)="(/static/[^"?#]+)"')
CSS_URL = re.compile(r"url\(['\"]?([^'\")?#]+)")
LIMIT_KB = 1024.0


def _static_bytes(url: str) -> int:
    """The bytes WhiteNoise sends for a static file: its .gz variant when one was written."""
    from django.conf import settings

    path = Path(settings.STATIC_ROOT) / url.removeprefix(settings.STATIC_URL)
    gz = path.with_name(path.name + ".gz")
    if gz.exists():
        return gz.stat().st_size
    return path.stat().st_size if path.exists() else 0


def _with_css_files(assets: list[str]) -> list[str]:
    """The static files a page loads, with the fonts and images its stylesheets name."""
    from django.conf import settings

    found = set(assets)
    for url in assets:
        if not url.endswith(".css"):
            continue
        path = Path(settings.STATIC_ROOT) / url.removeprefix(settings.STATIC_URL)
        if path.exists():
            base = url.rsplit("/", 1)[0]
            for ref in CSS_URL.findall(path.read_text(encoding="utf-8", errors="replace")):
                if not ref.startswith(("data:", "http")):
                    found.add(ref if ref.startswith("/") else f"{base}/{ref}")
    return sorted(found)


def main() -> int:
    args = common.parser(__doc__.splitlines()[0]).parse_args()
    common.setup(args)
    from tipnet.cases.models import Case
    from tipnet.protection.models import ProtectionCase

    case = Case.objects.filter(place__path__startswith="12").order_by("pk").first()
    pcase = ProtectionCase.objects.filter(place__path__startswith="12").order_by("pk").first()
    figures = [
        ("home page, police 12", "synth_12_police1", "/"),
        ("case list, police 12", "synth_12_police1", "/cases/"),
        ("case list, nation", "synth_analyst", "/cases/"),
        ("pipeline, nation", "synth_analyst", "/cases/pipeline/"),
        ("people list, police 12", "synth_12_police1", "/people/"),
        ("protection list, social worker 12", "synth_12_social", "/protection/"),
    ]
    if case is not None:
        figures.append(("case page, police 12", "synth_12_police1", f"/cases/{case.pk}/"))
    if pcase is not None:
        figures.append(
            (
                "protection case page, social worker 12",
                "synth_12_social",
                f"/protection/{pcase.pk}/",
            )
        )
    rows: list[common.Row] = []
    notes: list[str] = []
    clients: dict[str, object] = {}
    for label, username, url in figures:
        client = clients.setdefault(username, common.client_for(username))
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")  # type: ignore[attr-defined]
        if response.status_code != 200:
            notes.append(f"{label}: {url} answered {response.status_code}, left out")
            continue
        body = response.content
        encoded = response.get("Content-Encoding") == "gzip"
        html = gzip.decompress(body) if encoded else body
        assets = _with_css_files(sorted(set(ASSET.findall(html.decode("utf-8", "replace")))))
        static = sum(_static_bytes(a) for a in assets)
        after_kb = len(body) / 1024
        rows.append(
            common.Row(
                f"{label}, after the first visit", after_kb, len(html) / 1024, "kB",
                "compressed", encoded and after_kb < LIMIT_KB,
            )
        )  # fmt: skip
        rows.append(
            common.Row(
                f"{label}, first visit ({len(assets)} static files)",
                (len(body) + static) / 1024, None, "kB", "-", None,
            )
        )  # fmt: skip
    return common.report("Page weight on the wire", rows, args, notes)


if __name__ == "__main__":
    raise SystemExit(main())
