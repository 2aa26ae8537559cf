from __future__ import annotations

from django.conf import settings
from django.test import Client

from tipnet.audit.models import AuditEvent
from tipnet.testing import login


def test_it_refuses_an_oversize_upload_with_a_clear_message(cast, client):
    login(client, cast.users["police"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    big = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)
    response = client.post("/people/new/", {"name_latin": "A", "notes": big})
    assert response.status_code == 413
    assert "too large" in response.text
    assert not client.session.is_empty()


def test_it_refuses_a_forged_form_and_audits_it(cast):
    client = Client(enforce_csrf_checks=True)
    login(client, cast.users["police"])
    response = client.post("/people/new/", {"name_latin": "A"})
    assert response.status_code == 403
    assert 'data-error="csrf"' in response.text
    assert AuditEvent.objects.filter(action="permission_denied", detail__startswith="CSRF").exists()


def test_it_explains_a_missing_page(cast, client):
    login(client, cast.users["police"])
    response = client.get("/no/such/page/")
    assert response.status_code == 404 and 'data-error="not-found"' in response.text


def test_it_refuses_unknown_languages_and_open_redirects(cast, client):
    login(client, cast.users["police"])
    response = client.post("/language/", {"language": "xx", "next": "https://evil.example/"})
    assert response["Location"] == "/"
    cast.users["police"].refresh_from_db()
    assert cast.users["police"].language == "en"
