from __future__ import annotations

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tipnet.audit.models import AuditEvent
from tipnet.testing import current_totp, login


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def test_it_refuses_enrolment_to_a_password_only_session_while_a_device_exists(cast, client):
    police = cast.users["police"]
    real = TOTPDevice.objects.get(user=police, confirmed=True)
    client.force_login(police)  # the password, but not the phone
    page = client.get("/accounts/two-factor/setup/")
    assert page.status_code == 302 and page["Location"].startswith("/accounts/two-factor/verify/")
    assert not TOTPDevice.objects.filter(user=police, confirmed=False).exists()  # no new secret
    # Even with a secret of its own making (an unconfirmed device), a code does nothing.
    forged = TOTPDevice.objects.create(user=police, name="attacker", confirmed=False)
    posted = client.post("/accounts/two-factor/setup/", {"token": _code(forged)})
    assert posted.status_code == 302 and "/two-factor/verify/" in posted["Location"]
    assert TOTPDevice.objects.filter(user=police, confirmed=True).get() == real
    assert not TOTPDevice.objects.get(pk=forged.pk).confirmed
    assert client.get("/people/").status_code == 302  # still not verified
    assert not AuditEvent.objects.filter(action="two_factor", detail__startswith="device").exists()


def test_it_refuses_replacement_without_the_second_factor(cast, client):
    police = cast.users["police"]
    client.force_login(police)
    page = client.get("/accounts/two-factor/replace/")
    assert page.status_code == 302 and page["Location"].startswith("/accounts/two-factor/verify/")
    posted = client.post("/accounts/two-factor/replace/", {"current_token": current_totp(police)})
    assert posted.status_code == 302
    assert TOTPDevice.objects.filter(user=police).count() == 1


def test_it_replaces_a_device_from_a_verified_session_with_both_codes(cast, client):
    police = cast.users["police"]
    old = TOTPDevice.objects.get(user=police, confirmed=True)
    login(client, police)
    assert client.get("/accounts/two-factor/setup/")["Location"].startswith(
        "/accounts/two-factor/replace/"
    )
    page = client.get("/accounts/two-factor/replace/")
    assert page.status_code == 200 and "<svg" in page.text and "data-totp-secret" in page.text
    new = TOTPDevice.objects.get(user=police, confirmed=False)
    wrong = client.post("/accounts/two-factor/replace/", {"current_token": "000000",
                                                          "token": _code(new)})  # fmt: skip
    assert wrong.status_code == 200 and "not valid" in wrong.text
    assert TOTPDevice.objects.get(user=police, confirmed=True) == old
    assert AuditEvent.objects.filter(action="login_failed", actor_username="police").exists()
    old.throttle_reset()
    key = client.session.session_key
    done = client.post("/accounts/two-factor/replace/", {"current_token": _code(old),
                                                         "token": _code(new)})  # fmt: skip
    assert done.status_code == 302
    assert (
        TOTPDevice.objects.get(user=police) == new and TOTPDevice.objects.get(user=police).confirmed
    )
    assert client.session.session_key != key
    assert client.get("/people/").status_code == 200
    event = AuditEvent.objects.get(action="two_factor", detail="device replaced")
    assert event.actor_username == "police" and event.changes == {"replaced_devices": 1}


def test_it_enrols_a_first_device_under_a_new_session_key(cast, client):
    social = cast.users["socialworker"]
    TOTPDevice.objects.filter(user=social).delete()
    client.force_login(social)
    client.get("/accounts/two-factor/setup/")
    device = TOTPDevice.objects.get(user=social, confirmed=False)
    key = client.session.session_key
    done = client.post("/accounts/two-factor/setup/?next=/people/", {"token": _code(device)})
    assert done.status_code == 302 and done["Location"] == "/people/"
    assert client.session.session_key != key
    assert AuditEvent.objects.filter(
        action="two_factor", detail="device enrolled", actor_username="socialworker"
    ).exists()


def test_it_verifies_under_a_new_session_key(cast, client):
    police = cast.users["police"]
    client.force_login(police)
    key = client.session.session_key
    done = client.post("/accounts/two-factor/verify/", {"token": current_totp(police)})
    assert done.status_code == 302
    assert client.session.session_key != key
    assert client.get("/people/").status_code == 200


def test_it_exempts_only_the_step_the_user_is_at(cast, client):
    police = cast.users["police"]
    client.force_login(police)
    assert client.get("/accounts/two-factor/verify/").status_code == 200
    assert client.get("/accounts/password/")["Location"].startswith("/accounts/two-factor/verify/")
    assert client.get("/people/?q=Sok")["Location"] == (
        "/accounts/two-factor/verify/?next=%2Fpeople%2F%3Fq%3DSok"
    )
    assert client.post("/language/", {"language": "km", "next": "/"}).status_code == 302
    TOTPDevice.objects.filter(user=police).delete()
    assert client.get("/accounts/two-factor/setup/").status_code == 200
    assert client.get("/accounts/two-factor/verify/")["Location"].startswith(
        "/accounts/two-factor/setup/"
    )
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_it_lets_an_administrator_reset_a_users_devices(cast, client):
    police, admin = cast.users["police"], cast.users["admin"]
    login(client, police)
    assert client.get("/people/").status_code == 200
    other = client.__class__()
    login(other, admin)
    other.cookies["tipnet_language"] = "km"
    response = other.post(
        "/admin/accounts/user/",
        {"action": "reset_two_factor", "_selected_action": [police.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(user=police).exists()
    event = AuditEvent.objects.get(action="two_factor", detail="devices reset by administrator")
    assert event.actor_username == "admin" and event.object_id == str(police.pk)
    # The police officer's session no longer counts as verified: they enrol again.
    assert client.get("/people/")["Location"].startswith("/accounts/two-factor/setup/")


def test_it_does_not_let_others_reset_devices(cast, client):
    police = cast.users["police"]
    login(client, cast.users["analyst"])
    client.post("/admin/accounts/user/", {"action": "reset_two_factor",
                                          "_selected_action": [police.pk]})  # fmt: skip
    assert TOTPDevice.objects.filter(user=police).exists()


def test_it_says_a_code_was_already_used_not_that_the_clock_is_wrong(cast, client):
    """A second log-in within the same 30 seconds reuses the code the first one took."""
    from django.test import Client

    police = cast.users["police"]
    code = current_totp(police)
    client.force_login(police)
    assert client.post("/accounts/two-factor/verify/", {"token": code}).status_code == 302
    other = Client()
    other.cookies["tipnet_language"] = "en"
    other.force_login(police)
    again = other.post("/accounts/two-factor/verify/", {"token": code})
    assert again.status_code == 200
    assert "already used" in again.text and "clock" not in again.text
    # Each wrong code makes the next wait longer (django-otp's throttle), and it says so.
    wrong = other.post("/accounts/two-factor/verify/", {"token": f"{(int(code) + 1) % 10**6:06d}"})
    assert "Wait a few seconds" in wrong.text
