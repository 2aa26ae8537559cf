"""Factory helpers for tests, the demo and synthetic data (no JSON fixtures)."""

from __future__ import annotations

from typing import Any

from django_otp.plugins.otp_totp.models import TOTPDevice

from tipnet.accounts.models import Organisation, User
from tipnet.accounts.roles import OrganisationKind
from tipnet.geo.models import Area, AreaLevel, Country
from tipnet.people.models import Person


def ensure_test_gazetteer() -> None:
    """A small real slice of the gazetteer for fast tests: two provinces with their real
    districts, communes and villages (Banteay Meanchey and Battambang), and the countries."""
    from tipnet.geo.gazetteer import _countries, _official_areas

    if Area.objects.filter(code="01").exists():
        return
    areas = [a for a in _official_areas() if a.path.split(".")[0] in {"01", "02"}]
    for level in AreaLevel:
        Area.objects.bulk_create([a for a in areas if a.level == level])
    Country.objects.bulk_create(_countries(), ignore_conflicts=True)


def ensure_roles() -> None:
    """The roles are seeded by a migration; a flushing (transactional) test removes them."""
    from tipnet.accounts.models import Role
    from tipnet.accounts.roles import RoleCode

    for code in RoleCode:
        Role.objects.get_or_create(code=code)


def ensure_offences() -> None:
    """The offence table is seeded by a migration; a flushing (transactional) test empties it."""
    from importlib import import_module

    from django.apps import apps

    import_module("tipnet.cases.migrations.0002_seed_offences").seed(apps, None)
    # As the later migration left them: titles without the administrators' note.
    import_module(
        "tipnet.cases.migrations.0007_offence_titles_without_verification_note"
    ).strip_notes(apps, None)


def ensure_prevention_codes() -> None:
    """The prevention code lists (activity types, topics) are seeded by a migration; a flushing
    (transactional) test empties them."""
    from importlib import import_module

    from django.apps import apps

    for name in ("0002_seed_activity_types_and_topics", "0007_seed_committee_meeting_type"):
        import_module(f"tipnet.prevention.migrations.{name}").seed(apps, None)


def login(client: Any, user: User) -> None:
    """Log a test client in, second factor included (as after a correct TOTP code)."""
    from django_otp import DEVICE_ID_SESSION_KEY

    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()


def make_org(
    name: str,
    kind: str = OrganisationKind.NGO,
    coverage: str | None = None,
    parent: Organisation | None = None,
    **extra: Any,
) -> Organisation:
    return Organisation.objects.create(
        name_en=name,
        name_km=extra.pop("name_km", f"{name} (ខ្មែរ)"),
        kind=kind,
        coverage_id=coverage,
        parent=parent,
        **extra,
    )


def make_user(
    username: str,
    roles: list[str],
    organisation: Organisation | None = None,
    jurisdiction: str | None = None,
    password: str = "correct horse 42",
    language: str = "en",
    totp: bool = False,
    **extra: Any,
) -> User:
    user = User.objects.create_user(
        username=username,
        password=password,
        organisation=organisation,
        jurisdiction_id=jurisdiction,
        language=language,
        **extra,
    )
    user.roles.set(roles)  # type: ignore[arg-type]  # the stubs take an int pk; Role's is its code (a str)
    if totp:
        TOTPDevice.objects.create(user=user, name="tipnet", confirmed=True)
    return user


def make_person(owner: Organisation, place: str | None = None, **fields: Any) -> Person:
    """A person of ``owner`` at ``place``, normalised as every write path does it
    (:func:`tipnet.people.services.new_person`); not audited, not access-checked: the small
    worlds of the tests are built by their administrators."""
    from tipnet.people.documents import number_index
    from tipnet.people.models import IdentityDocument
    from tipnet.people.services import EDITABLE, FIRST_DOCUMENT, new_person

    fields.setdefault("name_latin", "Sok Dara")
    fields.setdefault("name_km", "សុខ ដារា")
    document = {k: fields.pop(k) for k in FIRST_DOCUMENT if k in fields}
    data = {k: v for k, v in fields.items() if k in EDITABLE}
    extra = {k: v for k, v in fields.items() if k not in EDITABLE}
    person = new_person(owner.pk, data, place_id=place, **extra)
    person.save()
    if document:  # its first identity document, held by the person
        number = document.get("id_number", "")
        IdentityDocument.objects.create(
            person=person,
            kind=document.get("id_document_type") or "other",
            number=number,
            number_index=number_index(number),
        )
    return person


def current_totp(user: User) -> str:
    """The code an authenticator app would show now for the user's confirmed device."""
    from django_otp.oath import totp

    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def log_in(page: Any, user: User, password: str = "correct horse 42") -> None:
    """Log in through the real login page in a browser, second factor included."""
    page.context.clear_cookies(name="sessionid")  # whoever was logged in before
    page.goto("/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    if "/two-factor/verify/" in page.url:
        page.fill("#id_token", current_totp(user))
        page.click("button[type=submit]")
    page.wait_for_selector("main h1")
