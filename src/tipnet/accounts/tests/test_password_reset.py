"""A forgotten password: the administrator's reset always, and a one-hour link by email where
the server sends email; never telling whether an account exists, never naming anyone."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from tipnet.audit.models import AuditEvent
from tipnet.testing import make_user


@pytest.fixture
def en(client):  # type: ignore[no-untyped-def]
    client.cookies["tipnet_language"] = "en"
    return client


def test_it_points_to_the_administrator_without_email(cast, en):
    assert "data-forgot" in en.get("/accounts/login/").text
    page = en.get("/accounts/password/forgot/")
    assert "Ask your organisation" in page.text and "data-reset-form" not in page.text
    assert en.post("/accounts/password/forgot/", {"email": "x@example.org"}).status_code == 404
    assert en.get("/accounts/password/reset/MQ/set-password/").status_code == 404


def test_it_sends_a_link_that_works_once(cast, en, settings):
    settings.TIPNET_PASSWORD_RESET_BY_EMAIL = True
    user = make_user("sreymom", [], cast.orgs["ngo_btb"], email="sreymom@example.org")
    mail.outbox.clear()
    sent = en.post("/accounts/password/forgot/", {"email": "sreymom@example.org"})
    assert sent.status_code == 302 and sent["Location"] == "/accounts/password/forgot/sent/"
    (message,) = mail.outbox
    assert "sreymom" not in message.body and "tipnet" in message.subject
    link = re.search(r"http://testserver(/accounts/password/reset/\S+)", message.body).group(1)
    form = en.get(link, follow=True)
    assert form.status_code == 200 and "new_password1" in form.text
    new = {"new_password1": "a fresh long pass 77", "new_password2": "a fresh long pass 77"}
    done = en.post(form.redirect_chain[-1][0] if form.redirect_chain else link, new)
    assert done.status_code == 302 and done["Location"] == "/accounts/login/"
    user.refresh_from_db()
    assert user.check_password("a fresh long pass 77")
    assert AuditEvent.objects.filter(action="password_reset").exists()
    assert AuditEvent.objects.filter(action="password_change", detail="reset by email").exists()
    again = en.get(link, follow=True)
    assert "data-invalid-link" in again.text  # used once: no more


def test_it_answers_the_same_for_an_unknown_address_and_limits_requests(cast, en, settings):
    settings.TIPNET_PASSWORD_RESET_BY_EMAIL = True
    from django.core.cache import cache

    cache.clear()
    mail.outbox.clear()
    unknown = en.post("/accounts/password/forgot/", {"email": "nobody@example.org"})
    assert unknown.status_code == 302 and unknown["Location"] == "/accounts/password/forgot/sent/"
    assert not mail.outbox
    for _ in range(5):
        en.post("/accounts/password/forgot/", {"email": "nobody@example.org"})
    limited = en.post("/accounts/password/forgot/", {"email": "nobody@example.org"})
    assert limited.status_code == 200 and "Too many requests" in limited.text
    cache.clear()
