"""The Content-Security-Policy in real Chromium: the pages that load scripts (htmx everywhere,
the place picker on forms) and the Django admin run without a single violation."""

from __future__ import annotations

from typing import Any

import pytest

from tipnet.testing import log_in

pytestmark = pytest.mark.browser

WATCH = """() => { window.cspViolations = [];
  document.addEventListener('securitypolicyviolation',
    e => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI)); }"""


def _violations(page: Any, path: str) -> list[str]:
    page.goto(path)
    page.wait_for_load_state("load")
    return page.evaluate("window.cspViolations")


def test_it_blocks_nothing_tipnet_needs(cast, page):
    page.add_init_script(f"({WATCH})()")
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if "Security Policy" in m.text else None)
    log_in(page, cast.users["police"])
    assert page.evaluate("typeof htmx") == "object" and not page.evaluate("htmx.config.allowEval")
    assert _violations(page, "/people/new/") == []
    page.fill("[data-place-search]", "ប៉ោយប៉ែត")
    page.wait_for_selector("[data-place-results] button[data-code='011002']")
    log_in(page, cast.users["admin"])
    assert _violations(page, "/admin/accounts/user/") == []
    assert _violations(page, f"/admin/accounts/user/{cast.users['police'].pk}/change/") == []
    assert console == []
