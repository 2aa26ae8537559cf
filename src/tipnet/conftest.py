from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from typing import Any

import pytest

from tipnet.testing import (
    ensure_offences,
    ensure_prevention_codes,
    ensure_roles,
    ensure_test_gazetteer,
)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    with django_db_blocker.unblock():
        ensure_test_gazetteer()


@pytest.fixture(autouse=True)
def own_anchor_file(settings: Any, tmp_path_factory: Any, request: Any) -> None:
    """Each test its own audit anchor file: the heads one test exports (of its own database)
    would otherwise be checked by the next test's ``verify_chain``."""
    name = hashlib.sha256(request.node.nodeid.encode()).hexdigest()[:16]
    settings.TIPNET_AUDIT_ANCHOR_DIR = tmp_path_factory.getbasetemp() / "anchors" / name


@pytest.fixture
def gazetteer(db: Any) -> None:
    """The test slice of the gazetteer, the roles, the offences and the prevention code lists
    (again after a flushing test: the migrations seeded them, a flush empties them)."""
    ensure_roles()
    ensure_test_gazetteer()
    ensure_offences()
    ensure_prevention_codes()


@pytest.fixture
def flushable_audit(transactional_db: Any) -> Iterator[None]:
    """A test that flushes the database afterwards (live server) must lift the append-only
    guard for the flush; the guard is back for the next test."""
    from django.db import connection

    from tipnet.audit import guard

    guard.install(connection)
    yield
    guard.remove(connection)


class Cast:
    """A small world: organisations in two provinces, one user per role, and people inside
    and outside each user's organisation and jurisdiction."""

    def __init__(self) -> None:
        from tipnet.accounts.roles import OrganisationKind as K
        from tipnet.accounts.roles import RoleCode as R
        from tipnet.geo.models import Area
        from tipnet.testing import make_org, make_person, make_user

        village = Area.objects.filter(parent_id="011002").order_by("code").first()
        assert village is not None, "the test gazetteer has the villages of commune 011002"
        self.village = village
        org = self.orgs = {
            "ops": make_org("Operations", K.MINISTRY),
            "ncct": make_org("NCCT", K.NATIONAL_COMMITTEE),
            "police_bmc": make_org("Police BMC", K.POLICE_UNIT, "01"),
            "police_btb": make_org("Police BTB", K.POLICE_UNIT, "02"),
            "prosecution_bmc": make_org("Prosecutor BMC", K.PROSECUTION, "01"),
            "pcct_bmc": make_org("PCCT BMC", K.PROVINCIAL_COMMITTEE, "01"),
            "ngo_btb": make_org("Shelter BTB", K.NGO, "02"),
            "ccwc": make_org("CCWC Paoy Paet", K.COMMUNE_COUNCIL, "011002"),
            "prevention": make_org("Awareness NGO", K.NGO, "01"),
        }
        spec = [
            ("admin", R.SYSTEM_ADMIN, "ops", None),
            ("analyst", R.NATIONAL_ANALYST, "ncct", None),
            ("pcct", R.PROVINCIAL_COMMITTEE, "pcct_bmc", "01"),
            ("police", R.POLICE_INVESTIGATOR, "police_bmc", "01"),
            ("police_other", R.POLICE_INVESTIGATOR, "police_btb", "02"),
            ("prosecutor", R.PROSECUTOR, "prosecution_bmc", "01"),
            ("socialworker", R.SOCIAL_WORKER, "ngo_btb", "02"),
            ("focalpoint", R.COMMUNE_FOCAL_POINT, "ccwc", "011002"),
            ("volunteer", R.VILLAGE_VOLUNTEER, "ccwc", self.village.code),
            ("prevention", R.PREVENTION_OFFICER, "prevention", "01"),
            ("auditor", R.AUDITOR, "ncct", None),
        ]
        self.users = {
            name: make_user(name, [role], org[o], jurisdiction, totp=True)
            for name, role, o, jurisdiction in spec
        }
        self.people = {
            "bmc_poipet": make_person(org["police_bmc"], self.village.code,
                                      name_latin="Sok Sreyneang", name_km="សុខ ស្រីនាង",
                                      phone="012 345 678",
                                      id_number="010203040", id_document_type="national_id"),
            "bmc_ouchrov": make_person(org["police_bmc"], "011004", name_latin="Chan Thida"),
            "bmc_restricted": make_person(org["police_bmc"], "011002", name_latin="Hidden Child",
                                          sensitivity="restricted"),
            "bmc_abroad": make_person(org["police_bmc"], None, name_latin="Phan Dara",
                                      country_id="TH"),
            "btb_ngo": make_person(org["ngo_btb"], "0203", name_latin="Ly Mary"),
            "ccwc_poipet": make_person(org["ccwc"], "011002", name_latin="Sun Rathana"),
        }  # fmt: skip


@pytest.fixture
def cast(gazetteer: None) -> Cast:
    return Cast()


CHROMIUM = os.environ.get("TIPNET_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]  # fmt: skip


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright (its own browser download does not work here)."""
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, live_server: Any, flushable_audit: None) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.add_cookies([{"name": "tipnet_language", "value": "en", "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
