"""Hearings planned ahead (issue 11): scheduled from the case page, on the court's calendar and
the upcoming list of the prosecutor, version-checked when postponed."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from tipnet.cases import services
from tipnet.cases.hearings import Hearing, schedule_hearing, update_hearing
from tipnet.core.actor import Actor
from tipnet.core.numbers import day
from tipnet.core.versioning import StaleEdit
from tipnet.testing import login

pytestmark = pytest.mark.django_db


def _forwarded(world: Any) -> None:
    """The case before the provincial prosecutor, so that it is theirs."""
    police = Actor.command(world.cast.users["police"], via="test")
    services.add_step(police, world.suspect_a, "arrest", date(2026, 1, 12))
    services.add_step(police, world.suspect_a, "forwarded", date(2026, 1, 20),
                      organisation=world.cast.orgs["prosecution_bmc"])  # fmt: skip


def _schedule(world: Any, in_days: int = 14) -> Hearing:
    return schedule_hearing(
        Actor.command(world.cast.users["police"], via="test"),
        world.case,
        {"scheduled_for": date.today() + timedelta(days=in_days), "court": world.court,
         "chamber": "Chamber 2", "purpose": "trial", "suspect": world.suspect_a},
    )  # fmt: skip


def test_it_schedules_a_future_hearing_shown_on_the_calendar_and_the_prosecutors_list(
    client: Any, world: Any
) -> None:
    _forwarded(world)
    login(client, world.cast.users["police"])
    on = date.today() + timedelta(days=20)
    page = client.get(reverse("cases:detail", args=[world.case.pk])).content.decode()
    assert reverse("cases:hearing_add", args=[world.case.pk]) in page
    response = client.post(reverse("cases:hearing_add", args=[world.case.pk]), {
        "purpose": "trial", "scheduled_for": on.isoformat(), "scheduled_time": "09:30",
        "court": world.court.pk, "chamber": "Chamber 2", "suspect": world.suspect_a.pk,
    })  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    hearing = Hearing.objects.get(case=world.case)
    assert hearing.scheduled_for == on and hearing.status == "scheduled"
    calendar = client.get(reverse("cases:court_calendar", args=[world.court.pk])).content.decode()
    with translation.override("en"):
        shown = day(on)  # as the English page writes it
    assert world.case.number in calendar and shown in calendar
    client.logout()
    login(client, world.cast.users["prosecutor"])
    upcoming = client.get(reverse("cases:hearings")).content.decode()
    assert world.case.number in upcoming and "Chamber 2" in upcoming
    home = client.get(reverse("home")).content.decode()
    assert reverse("cases:hearings") in home


def test_it_shows_a_counting_role_the_case_number_without_the_title(
    client: Any, world: Any
) -> None:
    _schedule(world)
    login(client, world.cast.users["analyst"])
    calendar = client.get(reverse("cases:court_calendar", args=[world.court.pk]))
    assert calendar.status_code == 200
    text = calendar.content.decode()
    assert world.case.number in text
    assert world.case.title not in text


def test_it_refuses_scheduling_to_a_user_of_another_organisation(client: Any, world: Any) -> None:
    login(client, world.cast.users["police_other"])
    url = reverse("cases:hearing_add", args=[world.case.pk])
    assert client.get(url).status_code == 403
    response = client.post(url, {
        "purpose": "trial", "scheduled_for": date.today().isoformat(), "court": world.court.pk,
    })  # fmt: skip
    assert response.status_code == 403
    assert not Hearing.objects.exists()


def test_it_refuses_postponing_with_a_stale_version(world: Any) -> None:
    hearing = _schedule(world)
    police = Actor.command(world.cast.users["police"], via="test")
    later = hearing.scheduled_for + timedelta(days=7)
    update_hearing(police, hearing, {"status": "postponed", "scheduled_for": later}, 1)
    with pytest.raises(StaleEdit):
        update_hearing(police, hearing, {"status": "cancelled"}, 1)
    hearing.refresh_from_db()
    assert (hearing.status, hearing.scheduled_for, hearing.version) == ("postponed", later, 2)


def test_it_names_the_suspect_on_the_scheduling_form(client: Any, world: Any) -> None:
    """The suspect is chosen by name, as on the step forms, not by an internal number."""
    login(client, world.cast.users["police"])
    page = client.get(reverse("cases:hearing_add", args=[world.case.pk])).content.decode()
    name = world.suspect_a.person.display_name
    assert name and name in page
    assert f">#{world.suspect_a.pk}<" not in page
