from __future__ import annotations

from axes.models import AccessAttempt
from django.conf import settings

from tipnet.audit.models import AuditEvent
from tipnet.testing import login

PASSWORD = "correct horse 42"
PAIR, ADDRESS, USERNAME = settings.TIPNET_LOCKOUT_LIMITS


def _try(client, username, password, address):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_it_locks_a_username_guessed_from_many_addresses(cast, client):
    addresses = [f"10.0.0.{i}" for i in range(USERNAME // PAIR + 1)]
    for address in addresses[:-1]:
        for _ in range(PAIR):
            _try(client, "police", "wrong password", address)
    locked = _try(client, "police", PASSWORD, addresses[-1])
    assert locked.status_code == 429 and 'data-error="locked"' in locked.text


def test_it_does_not_let_one_address_lock_a_user_out_elsewhere(cast, client):
    for _ in range(USERNAME + 5):  # far past every limit, from one address
        _try(client, "police", "wrong password", "10.0.0.66")
    assert _try(client, "police", PASSWORD, "10.0.0.66").status_code == 429
    assert _try(client, "police", PASSWORD, "192.168.1.20").status_code == 302


def test_it_locks_an_address_that_tries_many_usernames(cast, client):
    for i in range(ADDRESS):
        _try(client, f"someone{i}", "wrong password", "10.0.0.77")
    assert _try(client, "analyst", PASSWORD, "10.0.0.77").status_code == 429
    assert _try(client, "analyst", PASSWORD, "10.0.0.78").status_code == 302
    assert AuditEvent.objects.filter(action="locked_out").exists()


def test_it_forgives_on_success_only_the_users_own_failures(cast, client):
    for i in range(ADDRESS - 1):
        _try(client, f"someone{i}", "wrong password", "10.0.0.88")
    assert _try(client, "analyst", PASSWORD, "10.0.0.88").status_code == 302
    client.post("/accounts/logout/", REMOTE_ADDR="10.0.0.88")
    _try(client, "someone-else", "wrong password", "10.0.0.88")
    assert _try(client, "analyst", PASSWORD, "10.0.0.88").status_code == 429


def test_it_throttles_guesses_of_the_old_password(cast, client):
    analyst = cast.users["analyst"]
    login(client, analyst)
    wrong = {"old_password": "not it at all", "new_password1": "a much longer pass 99",
             "new_password2": "a much longer pass 99"}  # fmt: skip
    for _ in range(PAIR - 1):
        assert client.post("/accounts/password/", wrong).status_code == 200
    locked = client.post("/accounts/password/", wrong)
    assert locked.status_code == 429 and 'data-error="locked"' in locked.text
    assert "_auth_user_id" not in client.session  # logged out
    failed = AuditEvent.objects.filter(action="login_failed", detail="analyst")
    assert failed.count() == PAIR
    assert AuditEvent.objects.filter(action="locked_out", detail="analyst").exists()
    # The account is locked at the login page too, even with the right password.
    assert (
        client.post("/accounts/login/", {"username": "analyst", "password": PASSWORD}).status_code
        == 429
    )
    analyst.refresh_from_db()
    assert analyst.check_password(PASSWORD)
    # django-axes keeps what was posted: never the passwords in clear.
    kept = " ".join(a.post_data for a in AccessAttempt.objects.all())
    assert "old_password=" in kept
    assert "not it at all" not in kept and "a much longer pass 99" not in kept


def test_it_keeps_no_search_terms_with_failed_logins(cast, client):
    client.post("/accounts/login/?next=/people/%3Fq%3DSok", {"username": "analyst",
                "password": "wrong password", "next": "/people/?q=Sok"})  # fmt: skip
    attempt = AccessAttempt.objects.get()
    assert "Sok" not in attempt.get_data + attempt.post_data
    assert "wrong password" not in attempt.post_data
