"""The admin in Khmer, looked at in Chromium: its captions are Khmer and drawn with the bundled
Noto Sans Khmer (this machine has no Khmer system font, so without it they are empty boxes)."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageChops

from tipnet.testing import log_in

pytestmark = pytest.mark.browser

KHMER = range(0x1780, 0x1800)


def _khmer_share(text: str) -> float:
    letters = [ch for ch in text if ch.isalpha()]
    return sum(ord(ch) in KHMER for ch in letters) / max(len(letters), 1)


def _ink(png: bytes) -> int:
    """Dark pixels of a screenshot: the strokes of the text drawn in it."""
    gray = Image.open(io.BytesIO(png)).convert("L")
    return sum(gray.histogram()[:128])


def test_an_administrator_sees_the_admin_in_khmer_with_khmer_glyphs(cast, page, tmp_path):
    admin = cast.users["admin"]
    admin.language = "km"
    admin.save(update_fields=["language"])
    log_in(page, admin)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/admin/")
    assert page.get_attribute("html", "lang") == "km"
    assert _khmer_share(page.inner_text("#content")) > 0.5  # Khmer captions, not English left
    page.evaluate("document.fonts.ready.then(() => true)")
    # The bundled face has loaded and is what the page draws Khmer with.
    loaded = page.evaluate(
        "[...document.fonts].filter(f => f.family.includes('Noto Sans Khmer') "
        "&& f.status === 'loaded').length"
    )
    assert loaded >= 1
    assert page.evaluate("""document.fonts.check('16px "Noto Sans Khmer"', 'ការគ្រប់គ្រង')""")
    heading = "#content h1"
    drawn = page.locator(heading).screenshot(path=str(tmp_path / "admin-km-heading.png"))
    page.screenshot(path=str(tmp_path / "admin-km.png"))
    # The same heading with the font's download refused: what a machine without it draws (this
    # one has no Khmer system font: empty boxes). The screenshots must differ, and the one with
    # the font must have more ink (shaped letters, not the outlines of boxes).
    blind = page.context.new_page()
    blind.route("**/*.woff2", lambda route: route.abort())
    blind.set_viewport_size({"width": 1280, "height": 900})
    blind.goto(page.url)
    blind.evaluate("document.fonts.ready.then(() => true)")
    without = blind.locator(heading).screenshot(path=str(tmp_path / "admin-km-no-font.png"))
    a = Image.open(io.BytesIO(drawn)).convert("L")
    b = Image.open(io.BytesIO(without)).convert("L").resize(a.size)
    assert ImageChops.difference(a, b).getbbox() is not None
    assert _ink(drawn) != _ink(without)
