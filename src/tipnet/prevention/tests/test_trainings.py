"""Trainings: test scores on a training's attendance list (refused out of range, audited) and
participants due for a refresher training, on the organiser's home page and its list; the
clock fixed by literal dates."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client, override_settings
from django.utils import translation

from tipnet.audit.models import AuditEvent
from tipnet.core.actor import Actor
from tipnet.core.waiting import waiting_for
from tipnet.geo.models import Area
from tipnet.prevention import services, trainings
from tipnet.prevention.models import Activity, ActivityType, Attendance
from tipnet.prevention.rules import Refused, check_scores, refresher_due_on
from tipnet.testing import login

LABEL = "Participants due for a refresher training"


def _actor(cast: Any, name: str = "prevention") -> Actor:
    return Actor.command(cast.users[name], via="test")


def _held(cast: Any, kind: str, on: date, user: str = "prevention") -> Activity:
    data = {"kind": ActivityType.objects.get(code=kind), "held_on": on, "duration_minutes": 240,
            "place": Area.objects.get(code="0110"), "venue": "Poipet commune hall"}  # fmt: skip
    return services.create_activity(_actor(cast, user), data, {})


def _person(cast: Any, name: str, role: str = "volunteer", user: str = "prevention") -> Any:
    return services.add_participant(
        _actor(cast, user), {"name": name, "sex": "female", "birth_year": 1990, "role": role}
    )


def _due_count(user: Any, today: date) -> int:
    with translation.override("en"):
        return sum(w.count for w in waiting_for(user, today) if str(w.label) == LABEL)


def test_it_makes_a_refresher_due_after_the_interval_from_the_latest_training():
    jan, apr = date(2026, 1, 5), date(2026, 4, 10)
    assert refresher_due_on([jan], [], 90) == date(2026, 4, 5)
    assert refresher_due_on([jan, apr], [], 90) == date(2026, 7, 9)
    assert refresher_due_on([jan], [date(2026, 3, 1)], 90) is None
    assert refresher_due_on([apr], [date(2026, 3, 1)], 90) == date(2026, 7, 9)
    assert refresher_due_on([], [date(2026, 3, 1)], 90) is None


def test_it_refuses_scores_out_of_range_or_off_a_training():
    with translation.override("en"):
        with pytest.raises(Refused, match="whole number from 0 to 100"):
            check_scores("training", 101, None)
        with pytest.raises(Refused, match="whole number from 0 to 100"):
            check_scores("refresher_training", 40, -1)
        with pytest.raises(Refused, match="trainings and refresher trainings only"):
            check_scores("vsn_workshop", 50, 70)
    check_scores("training", 0, 100)
    check_scores("vsn_workshop", None, None)


def test_it_records_scores_audited_and_refuses_bad_ones_writing_nothing(world):
    training = _held(world, "training", date(2026, 1, 5))
    attendance = services.add_attendance(_actor(world), training, _person(world, "Sok Dara"))
    trainings.record_scores(_actor(world), attendance, 35, 80)
    stored = Attendance.objects.get(pk=attendance.pk)
    assert (stored.pre_test_score, stored.post_test_score) == (35, 80)
    event = AuditEvent.objects.filter(action="change", object_id=str(training.pk)).latest("pk")
    assert event.changes["post_test_score"] == {"old": "", "new": "80"}
    with pytest.raises(Refused):
        trainings.record_scores(_actor(world), stored, 35, 180)
    stored.refresh_from_db()
    assert stored.post_test_score == 80
    client = Client()
    client.cookies["tipnet_language"] = "en"
    login(client, world.users["prevention"])
    url = f"/prevention/{training.pk}/attendance/"
    page = client.post(url, {"scores": str(attendance.pk), "pre": "40", "post": "101"},
                       follow=True)  # fmt: skip
    assert "A test score is a whole number from 0 to 100." in page.text
    stored.refresh_from_db()
    assert stored.post_test_score == 80
    client.post(url, {"scores": str(attendance.pk), "pre": "40", "post": ""})
    stored.refresh_from_db()
    assert (stored.pre_test_score, stored.post_test_score) == (40, None)


def test_it_counts_participants_due_for_a_refresher_on_the_organisers_home_page(world):
    officer = world.users["prevention"]
    training = _held(world, "training", date(2026, 1, 5))
    refresher = _held(world, "refresher_training", date(2026, 3, 1))
    dara, chenda, vanna = (_person(world, n) for n in ("Sok Dara", "Keo Chenda", "Lim Vanna"))
    for person in (dara, chenda, vanna):
        services.add_attendance(_actor(world), training, person)
    services.add_attendance(_actor(world), refresher, chenda)
    assert _due_count(officer, date(2026, 4, 4)) == 0
    assert _due_count(officer, date(2026, 4, 5)) == 2  # 90 days after 5 January
    with override_settings(TIPNET_REFRESHER_DAYS=30):
        assert _due_count(officer, date(2026, 2, 4)) == 2
    # Another organisation's recorder sees none of them.
    assert _due_count(world.users["volunteer"], date(2026, 12, 1)) == 0
    client = Client()
    client.cookies["tipnet_language"] = "en"
    login(client, officer)
    page = client.get("/prevention/refreshers/")
    assert 'data-due-count="2"' in page.text
    assert "Sok Dara" in page.text and "Lim Vanna" in page.text
    assert "Keo Chenda" not in page.text
    assert LABEL in client.get("/").text


@pytest.mark.browser
def test_it_records_scores_and_opens_the_refresher_list_from_home_at_phone_width(world, page):
    from tipnet.prevention.tests.test_prevention_browser import FITS
    from tipnet.testing import log_in

    training = _held(world, "training", date(2026, 1, 5))
    attendance = services.add_attendance(_actor(world), training, _person(world, "Sok Dara"))
    page.set_viewport_size({"width": 360, "height": 800})
    log_in(page, world.users["prevention"])
    page.goto(f"/prevention/{training.pk}/attendance/")
    form = page.locator(f"[data-scores='{attendance.pk}']")
    form.locator("input[name=pre]").fill("45")
    form.locator("input[name=post]").fill("85")
    form.locator("button[type=submit]").click()
    page.wait_for_selector(f"[data-scores='{attendance.pk}'] input[name=post][value='85']")
    found = page.evaluate(FITS)
    assert found["scroll"] <= found["width"] and not found["wide"], found
    assert Attendance.objects.get(pk=attendance.pk).post_test_score == 85
    page.goto("/")
    page.click("a[href='/prevention/refreshers/']")
    page.wait_for_selector("[data-due-count='1']")
    found = page.evaluate(FITS)
    assert found["scroll"] <= found["width"] and not found["wide"], found
