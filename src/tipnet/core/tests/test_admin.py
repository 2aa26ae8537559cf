from __future__ import annotations

from tipnet.accounts.models import User
from tipnet.audit.models import AuditEvent
from tipnet.testing import login


def test_it_audits_an_administrators_change_with_old_and_new_values(cast, client):
    login(client, cast.users["admin"])
    volunteer = cast.users["volunteer"]
    page = client.get(f"/admin/accounts/user/{volunteer.pk}/change/")
    assert page.status_code == 200
    form = {
        "username": "volunteer", "first_name": "Ouk", "last_name": "Sina", "full_name_km": "",
        "email": "", "language": "km", "organisation": volunteer.organisation_id,
        "roles": ["village_volunteer", "prevention_officer"],
        "jurisdiction": volunteer.jurisdiction_id, "is_active": "on",
    }  # fmt: skip
    response = client.post(f"/admin/accounts/user/{volunteer.pk}/change/", form)
    assert response.status_code == 302, response.content[:2000]
    volunteer = User.objects.get(pk=volunteer.pk)
    assert volunteer.role_codes() == {"village_volunteer", "prevention_officer"}
    event = AuditEvent.objects.get(action="change", object_type="accounts.user")
    assert event.changes["first_name"] == {"old": "", "new": "Ouk"}
    assert event.changes["roles"] == {
        "old": "village_volunteer",
        "new": "prevention_officer, village_volunteer",
    }
    assert event.actor_username == "admin" and event.detail == "admin"


def test_it_keeps_the_audit_trail_out_of_the_admin(cast, client):
    login(client, cast.users["admin"])
    assert client.get("/admin/audit/auditevent/").status_code == 404
