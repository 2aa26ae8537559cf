"""Updating a hearing (postponed, held, cancelled) goes through ``save_versioned`` like every
edit: a second writer is told and shown their entries beside the hearing as it is now."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from tipnet.audit.models import AuditEvent
from tipnet.cases.hearings import Hearing, schedule_hearing, update_hearing
from tipnet.core.actor import Actor
from tipnet.testing import login

pytestmark = pytest.mark.django_db


def _hearing(world: Any) -> Hearing:
    return schedule_hearing(
        Actor.command(world.cast.users["police"], via="test"),
        world.case,
        {"scheduled_for": timezone.localdate() + timedelta(days=14), "court": world.court,
         "chamber": "Chamber 2", "purpose": "trial", "suspect": world.suspect_a},
    )  # fmt: skip


def _en(client: Any) -> Any:
    client.cookies["tipnet_language"] = "en"
    return client


def test_it_shows_the_second_writer_the_hearing_as_it_is_now_with_their_entries(world, client):
    hearing = _hearing(world)
    url = reverse("cases:hearing_update", args=[world.case.pk, hearing.pk])
    login(_en(client), world.cast.users["police"])
    opened = client.get(url).text
    assert 'name="version" value="1"' in opened
    # Meanwhile a colleague postpones it by a week.
    moved = hearing.scheduled_for + timedelta(days=7)
    update_hearing(Actor.command(world.cast.users["police"], via="test"), hearing,
                   {"status": "postponed", "scheduled_for": moved}, 1)  # fmt: skip
    events = AuditEvent.objects.count()
    mine = hearing.scheduled_for + timedelta(days=3)
    response = client.post(url, {
        "status": "cancelled", "scheduled_for": mine.isoformat(), "chamber": "Chamber 5",
        "version": "1",
    })  # fmt: skip
    assert response.status_code == 200
    page = response.text
    assert "Someone else changed this hearing while you were editing it." in page
    stale = page.split("data-stale-edit", 1)[1].split("</details>", 1)[0]
    assert "Cancelled" in stale and "Chamber 5" in stale  # their entries, the status by its label
    form = page.split('class="record-form"', 1)[1]
    assert f'value="{moved.isoformat()}"' in form and 'name="version" value="2"' in form
    assert '<option value="postponed" selected>' in form
    hearing.refresh_from_db()
    assert (hearing.status, hearing.scheduled_for, hearing.chamber, hearing.version) == (
        "postponed", moved, "Chamber 2", 2
    )  # fmt: skip
    assert AuditEvent.objects.count() == events  # nothing written, not even an audit line
    # Sent again from the version now shown, it is saved.
    again = client.post(url, {"status": "cancelled", "scheduled_for": moved.isoformat(),
                              "chamber": "Chamber 5", "version": "2"})  # fmt: skip
    assert again.status_code == 302
    hearing.refresh_from_db()
    assert (hearing.status, hearing.chamber, hearing.version) == ("cancelled", "Chamber 5", 3)


def test_it_refuses_a_form_without_its_version(world, client):
    hearing = _hearing(world)
    login(_en(client), world.cast.users["police"])
    url = reverse("cases:hearing_update", args=[world.case.pk, hearing.pk])
    response = client.post(
        url, {"status": "held", "scheduled_for": hearing.scheduled_for.isoformat()}
    )
    assert response.status_code == 200
    assert "The form is incomplete. Open the record again and redo the change." in response.text
    hearing.refresh_from_db()
    assert (hearing.status, hearing.version) == ("scheduled", 1)
