"""Khmer where Django speaks for us: the password rules, the admin (with the bundled Khmer
font), offences without administrators' notes, and the favicon."""

from __future__ import annotations

from tipnet.cases.models import Offence
from tipnet.testing import login


def _khmer(client, user):  # type: ignore[no-untyped-def]
    user.language = "km"
    user.save(update_fields=["language"])
    client.cookies["tipnet_language"] = "km"
    login(client, user)
    return client


def test_it_gives_the_password_rules_in_khmer(cast, client):
    page = _khmer(client, cast.users["police"]).get("/accounts/password/")
    assert page.status_code == 200
    for english in ("too similar", "commonly used", "entirely numeric", "at least 10"):
        assert english not in page.text, english
    assert "ពាក្យសម្ងាត់របស់អ្នកមិនអាចមានតែលេខសុទ្ធបានទេ" in page.text


def test_it_loads_the_khmer_font_in_the_admin(cast, client):
    page = _khmer(client, cast.users["admin"]).get("/admin/")
    assert page.status_code == 200
    assert "tipnet/admin.css" in page.text and "tipnet/favicon.svg" in page.text
    assert 'lang="km"' in page.text


def test_it_shows_offences_without_the_administrators_note(db):
    titles = [str(o) for o in Offence.objects.all()]
    assert titles and not any("unverified" in t or "(?)" in t for t in titles)
    assert Offence.objects.filter(verified=False).exists()  # still marked, for the admin


def test_it_has_a_favicon(cast, client):
    page = client.get("/accounts/login/")
    assert "tipnet/favicon.svg" in page.text
