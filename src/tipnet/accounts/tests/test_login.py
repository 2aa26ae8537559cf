from __future__ import annotations

from django.conf import settings
from django.contrib.auth.hashers import identify_hasher
from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from tipnet.audit.models import AuditEvent
from tipnet.testing import current_totp, login, make_user

PASSWORD = "correct horse 42"


def _post_login(client, username, password, language="en"):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_it_logs_in_and_audits_it(cast, client):
    response = _post_login(client, "analyst", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"
    assert AuditEvent.objects.filter(action="login", actor_username="analyst").exists()


def test_it_explains_a_wrong_password_in_the_users_language(cast, client):
    english = _post_login(client, "analyst", "wrong password", "en")
    assert "Wrong username or password" in english.text
    khmer = _post_login(client, "analyst", "wrong password", "km")
    assert "Wrong username or password" not in khmer.text
    assert 'lang="km"' in khmer.text
    failed = AuditEvent.objects.filter(action="login_failed", detail="analyst")
    assert failed.count() == 2 and failed.first().actor_id is None


def test_it_locks_an_account_after_repeated_failures(cast, client):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _post_login(client, "analyst", "wrong password")
    locked = _post_login(client, "analyst", PASSWORD)
    assert locked.status_code == 429
    assert 'data-error="locked"' in locked.text
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="locked_out", detail="analyst").exists()


def test_it_hashes_passwords_with_argon2(db):
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"]):
        user = make_user("someone", [])
    assert identify_hasher(user.password).algorithm == "argon2"


def test_it_ends_idle_sessions_and_slides_active_ones_once_a_minute(cast, client, monkeypatch):
    """The idle time-out (30 minutes) slides forward as the user works, with a session write
    at most once a minute (core/sessions.py), not on every request."""
    from django.contrib.sessions.models import Session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tipnet.core import sessions

    assert settings.SESSION_COOKIE_AGE <= 60 * 60
    login(client, cast.users["analyst"])
    client.get("/")  # the first signed-in request refreshes the session
    key = client.session.session_key
    first = Session.objects.get(session_key=key).expire_date
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/").status_code == 200
    assert not [q for q in ctx.captured_queries if q["sql"].startswith('UPDATE "django_session')]
    later = sessions.time.time() + sessions.REFRESH_SECONDS + 5
    monkeypatch.setattr(sessions.time, "time", lambda: later)
    client.get("/")
    assert Session.objects.get(session_key=key).expire_date > first
    # A session left alone past its age is gone: the next request is sent to log in.
    Session.objects.filter(session_key=key).update(expire_date="2000-01-01T00:00:00Z")
    assert client.get("/cases/").status_code == 302


def test_it_changes_a_password(cast, client):
    login(client, cast.users["analyst"])
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "a much longer pass 99",
         "new_password2": "a much longer pass 99"},
    )  # fmt: skip
    assert response.status_code == 302
    cast.users["analyst"].refresh_from_db()
    assert cast.users["analyst"].check_password("a much longer pass 99")
    assert AuditEvent.objects.filter(action="password_change", actor_username="analyst").exists()


def test_it_requires_a_second_factor_for_roles_that_identify(cast, client):
    police = cast.users["police"]
    client.force_login(police)
    response = client.get("/people/")
    assert response.status_code == 302 and response["Location"].startswith(
        "/accounts/two-factor/verify/"
    )
    wrong = client.post("/accounts/two-factor/verify/?next=/people/", {"token": "000000"})
    assert "not valid" in wrong.text
    TOTPDevice.objects.get(user=police).throttle_reset()  # django-otp slows down guessing
    right = client.post(
        "/accounts/two-factor/verify/?next=/people/", {"token": current_totp(police)}
    )
    assert right.status_code == 302 and right["Location"] == "/people/"
    assert client.get("/people/").status_code == 200


def test_it_does_not_ask_roles_that_only_count(cast, client):
    client.force_login(cast.users["analyst"])
    assert client.get("/people/").status_code == 200


def test_it_sets_up_a_device_on_first_login(cast, client):
    from django_otp.oath import totp

    social = cast.users["socialworker"]
    TOTPDevice.objects.filter(user=social).delete()
    client.force_login(social)
    assert client.get("/").headers["Location"].startswith("/accounts/two-factor/setup/")
    page = client.get("/accounts/two-factor/setup/")
    assert "<svg" in page.text and "data-totp-secret" in page.text
    device = TOTPDevice.objects.get(user=social, confirmed=False)
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    done = client.post("/accounts/two-factor/setup/", {"token": code})
    assert done.status_code == 302
    assert TOTPDevice.objects.get(user=social).confirmed
    assert client.get("/people/").status_code == 200
