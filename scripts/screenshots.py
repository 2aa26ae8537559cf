"""Take the README screenshots from a running demo (``make run``) in Debian's Chromium.

.venv/bin/python scripts/screenshots.py [http://127.0.0.1:8000] [var/demo-credentials.txt]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pyotp
from playwright.sync_api import Page, sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
CREDENTIALS = Path(sys.argv[2] if len(sys.argv) > 2 else "var/demo-credentials.txt")
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]  # fmt: skip


def accounts() -> dict[str, tuple[str, str]]:
    found = {}
    for line in CREDENTIALS.read_text().splitlines():
        m = re.match(r"\s+(\S+)\s+(\S+)\s+\[\w+\](?:\s+TOTP key (\w+))?", line)
        if m:
            found[m.group(1)] = (m.group(2), m.group(3) or "")
    return found


def log_in(page: Page, username: str, language: str) -> None:
    password, secret = accounts()[username]
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "tipnet_language", "value": language, "url": BASE}])
    page.goto(f"{BASE}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    if "/two-factor/" in page.url:
        page.fill("#id_token", pyotp.TOTP(secret).now())
        page.click("button[type=submit]")
    page.wait_for_selector("main h1")
    if page.get_attribute("html", "lang") != language:
        page.click("[data-language-switch]")
        page.wait_for_selector(f"html[lang={language}]")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 760})
        page.context.add_cookies([{"name": "tipnet_language", "value": "km", "url": BASE}])
        page.goto(f"{BASE}/accounts/login/")
        page.screenshot(path=OUT / "login-km.png")
        log_in(page, "police", "en")
        page.screenshot(path=OUT / "home-police-en.png")
        page.goto(f"{BASE}/people/")
        page.screenshot(path=OUT / "people-police-en.png")
        page.goto(f"{BASE}/people/new/")
        page.fill("[data-place-search]", "poipet")
        page.fill("[data-place-search]", "ប៉ោយប៉ែត")
        page.wait_for_selector("[data-place-results] button")
        page.screenshot(path=OUT / "person-form-en.png", full_page=True)
        log_in(page, "analyst", "km")
        page.goto(f"{BASE}/people/")
        page.screenshot(path=OUT / "people-analyst-km.png")
        log_in(page, "admin", "en")
        page.goto(f"{BASE}/audit/")
        page.screenshot(path=OUT / "audit-admin-en.png")
        phone = browser.new_page(viewport={"width": 390, "height": 780}, is_mobile=True)
        phone.context.add_cookies([{"name": "tipnet_language", "value": "km", "url": BASE}])
        phone.goto(f"{BASE}/accounts/login/")
        phone.screenshot(path=OUT / "login-phone-km.png")
        browser.close()


if __name__ == "__main__":
    main()
