"""The pages of prevention work, as each role sees them: recording with the participant grid,
bad input refused with a translated reason and nothing written, names of participants shown
only as the rules allow."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tipnet.audit.models import AuditEvent
from tipnet.core.actor import Actor
from tipnet.prevention import services
from tipnet.prevention.models import Activity, ActivityType, Attendance
from tipnet.prevention.tests.test_services import record
from tipnet.testing import login


def _client(cast: Any, name: str) -> Client:
    client = Client()
    client.cookies["tipnet_language"] = "en"
    login(client, cast.users[name])
    return client


def _post(cast: Any, **extra: str) -> dict[str, str]:
    return {
        "kind": str(ActivityType.objects.get(code="vsn_workshop").pk),
        "held_on": (timezone.localdate() - timedelta(days=2)).isoformat(),
        "duration_minutes": "180", "where_province": "01", "where_district": "0110",
        "venue": "Poipet commune hall", "n_police_male_25-59": "៧",
        "n_teacher_female_25-59": "3", "n_child_female_12-17": "",
        **extra,
    }  # fmt: skip


def test_it_records_an_activity_with_its_grid(world):
    client = _client(world, "prevention")
    response = client.post("/prevention/new/", _post(world))
    assert response.status_code == 302, response.content.decode()[:3000]
    activity = Activity.objects.get()
    assert activity.counted_total == 10  # Khmer digits read as 7, and 3
    assert activity.place_id == "0110" and activity.owner_organisation.name_en == "Awareness NGO"
    page = client.get(f"/prevention/{activity.pk}/")
    assert "data-counted-total>10<" in page.text
    assert AuditEvent.objects.filter(action="create", object_id=str(activity.pk)).exists()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"n_police_male_25-59": "-3"}, "whole numbers"),
        ({"n_police_male_25-59": "two"}, "whole numbers"),
        ({"held_on": "2099-01-01"}, "once it has taken place"),
        ({"where_province": "02", "where_district": "0203"}, "outside your jurisdiction"),
        ({"duration_minutes": "0"}, "greater than or equal to 1"),
    ],
)
def test_it_refuses_bad_input_and_writes_nothing(world, extra, message):
    response = _client(world, "prevention").post("/prevention/new/", _post(world, **extra))
    assert response.status_code == 200
    assert message in response.text
    assert not Activity.objects.exists()


def test_it_lets_each_role_see_what_the_policy_says(world):
    activity = record(world, place="0110")
    village = record(world, user="volunteer", place=world.village.code, kind="village_meeting")
    expected = {
        "prevention": {activity.pk},
        "volunteer": {village.pk},
        "pcct": {activity.pk, village.pk},
        "analyst": {activity.pk, village.pk},
        "auditor": {activity.pk, village.pk},  # reads what the trail speaks of, changes nothing
    }
    for name, ids in expected.items():
        client = _client(world, name)
        page = client.get("/prevention/")
        assert page.status_code == 200, name
        shown = {a.pk for a in Activity.objects.all() if f'data-activity="{a.pk}"' in page.text}
        assert shown == ids, name
    assert _client(world, "auditor").get(f"/prevention/{activity.pk}/edit/").status_code == 403
    assert _client(world, "auditor").get("/prevention/new/").status_code == 403
    for name in ("police", "focalpoint", "socialworker", "admin"):
        assert _client(world, name).get("/prevention/").status_code == 403, name
        assert _client(world, name).get(f"/prevention/{activity.pk}/").status_code == 403, name
    # A committee sees its jurisdiction's work and records only its own (its meetings and
    # workshops): it never edits an NGO's activity.
    pcct = _client(world, "pcct")
    assert pcct.get("/prevention/new/").status_code == 200
    assert pcct.get(f"/prevention/{activity.pk}/edit/").status_code == 403
    assert _client(world, "volunteer").get(f"/prevention/{activity.pk}/").status_code == 403


def test_it_names_children_only_to_the_recording_organisation(world):
    activity = record(world, kind="peer_group_session")
    actor = Actor.command(world.users["prevention"], via="test")
    year = timezone.localdate().year
    child = services.add_participant(actor, {"name": "Qzchildname", "sex": "female",
                                             "birth_year": year - 12, "role": "child"})  # fmt: skip
    official = services.add_participant(actor, {"name": "Qzofficialname", "sex": "male",
                                                "age_band": "25-59", "role": "official"})  # fmt: skip
    chief = services.add_participant(actor, {"name": "Qzchiefname", "sex": "male",
                                             "age_band": "60+", "role": "village_chief"})  # fmt: skip
    for p in (child, official, chief):
        services.add_attendance(actor, activity, p)
    own = _client(world, "prevention").get(f"/prevention/{activity.pk}/attendance/").text
    assert all(n in own for n in ("Qzchildname", "Qzofficialname", "Qzchiefname"))
    for name in ("analyst", "pcct"):
        text = _client(world, name).get(f"/prevention/{activity.pk}/attendance/").text
        assert "Qzofficialname" in text, name
        assert "Qzchildname" not in text and "Qzchiefname" not in text, name
        assert "name kept by the recording organisation" in text


def test_it_adds_and_removes_known_participants(world):
    activity = record(world, kind="peer_group_session")
    client = _client(world, "prevention")
    url = f"/prevention/{activity.pk}/attendance/"
    response = client.post(url, {"new": "1", "name": "Sreyneang", "sex": "female",
                                 "age_band": "12-17", "role": "child"})  # fmt: skip
    assert response.status_code == 302
    bad = client.post(url, {"new": "1", "name": "Old", "sex": "female", "birth_year": "1800",
                            "age_band": "unknown", "role": "parent"})  # fmt: skip
    assert "year of birth must lie between" in bad.text
    attendance = Attendance.objects.get()
    # The analyst may see the list, not change it.
    analyst = _client(world, "analyst")
    assert analyst.post(url, {"participant": attendance.participant_id}).status_code == 403
    remove = f"/prevention/{activity.pk}/attendance/{attendance.pk}/remove/"
    assert analyst.post(remove).status_code == 403
    assert client.get(remove).status_code == 200
    assert client.post(remove).status_code == 302
    assert not Attendance.objects.exists()
    # Back on the list from the participants the organisation knows.
    assert client.post(url, {"participant": attendance.participant_id}).status_code == 302
    assert Attendance.objects.count() == 1


def test_it_shows_reach_with_each_figure_labelled(world):
    first = record(world, kind="peer_group_session", days=9,
                   cells={("male", "12-17", "child"): 4})  # fmt: skip
    second = record(world, kind="peer_group_session", days=2)
    actor = Actor.command(world.users["prevention"], via="test")
    girl = services.add_participant(actor, {"name": "Srey", "sex": "female",
                                            "age_band": "12-17", "role": "child"})  # fmt: skip
    services.add_attendance(actor, first, girl)
    services.add_attendance(actor, second, girl)
    page = _client(world, "prevention").get("/prevention/reach/")
    assert page.status_code == 200
    text = page.text
    assert 'data-figure="unique"><span class="count">1<' in text
    assert 'data-figure="attendances"><span class="count">2<' in text
    assert 'data-figure="counted_only"><span class="count">4<' in text
    bad = _client(world, "prevention").get("/prevention/reach/?start=2026-05-01&end=2026-01-01")
    assert "The period ends before it starts." in bad.text
    # One breakdown at a time: by province unless another is asked for (an unknown one too).
    assert 'data-breakdown="province"' in text and 'data-breakdown="sex"' not in text
    by_sex = _client(world, "prevention").get("/prevention/reach/?by=sex").text
    assert 'data-breakdown="sex"' in by_sex and 'data-breakdown="province"' not in by_sex
    assert 'data-by="sex" aria-current="page"' in by_sex
    odd = _client(world, "prevention").get("/prevention/reach/?by=name").text
    assert 'data-breakdown="province"' in odd


def test_it_exports_the_reach_with_the_same_numbers_and_audits_it(world):
    import csv
    import io

    from openpyxl import load_workbook

    first = record(world, kind="peer_group_session", days=9,
                   cells={("male", "12-17", "child"): 4})  # fmt: skip
    second = record(world, kind="peer_group_session", days=2)
    actor = Actor.command(world.users["prevention"], via="test")
    girl = services.add_participant(actor, {"name": "Srey", "sex": "female",
                                            "age_band": "12-17", "role": "child"})  # fmt: skip
    services.add_attendance(actor, first, girl)
    services.add_attendance(actor, second, girl)
    client = _client(world, "prevention")
    response = client.get("/prevention/reach/export/?kind=peer_group_session")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["Breakdown", "Group", "Unique reach", "Attendances", "Counted only",
                       "Activities"]  # fmt: skip
    assert rows[1] == ["Total", None, 1, 2, 4, 2]
    assert ["By sex", "Female", 1, 2, 0, 2] in rows
    assert ["By sex", "Male", 0, 0, 4, 1] in rows
    assert "Srey" not in str(rows)
    text = client.get("/prevention/reach/export/?as=csv").content.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text)))[1] == ["Total", "", "1", "2", "4", "2"]
    events = AuditEvent.objects.filter(action="export", object_type="prevention.activity")
    assert events.count() == 2
    assert _client(world, "police").get("/prevention/reach/export/").status_code == 403


def test_it_names_prevention_changes_in_the_audit_trail(world):
    activity = record(world, kind="peer_group_session")
    actor = Actor.command(world.users["prevention"], via="test")
    girl = services.add_participant(actor, {"name": "Qzaudgirl", "sex": "female",
                                            "age_band": "12-17", "role": "child"})  # fmt: skip
    services.add_attendance(actor, activity, girl)
    page = _client(world, "auditor").get("/audit/", {"object_type": "prevention.activity"})
    assert page.status_code == 200
    assert "Attendance list" in page.text
    assert "Qzaudgirl" not in page.text


def test_it_offers_the_menu_entry_to_the_roles_that_may_see_it(world):
    for name in ("prevention", "volunteer", "pcct", "analyst", "auditor"):
        assert 'data-nav="prevention"' in _client(world, name).get("/").text, name
    for name in ("police", "focalpoint", "socialworker", "admin"):
        assert 'data-nav="prevention"' not in _client(world, name).get("/").text, name
