"""``tipnet synth --prevention N``: ten years of synthetic prevention work that the rules of the
prevention app would accept, marked synthetic, and readable by the pages."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.db.models import Count, F
from django.utils import timezone

from tipnet.prevention import rules
from tipnet.prevention.codes import AgeBand, ParticipantRole, Sex
from tipnet.prevention.models import (
    Activity,
    Attendance,
    Campaign,
    KnownParticipant,
    ParticipantCount,
    Project,
)
from tipnet.prevention.totals import total_problems
from tipnet.testing import ensure_prevention_codes


def _synth(**options: object) -> str:
    out = StringIO()
    call_command("synth", cases=0, seed=11, stdout=out, **options)
    return out.getvalue()


def test_it_makes_prevention_work_the_rules_accept(gazetteer: None) -> None:
    ensure_prevention_codes()
    out = _synth(prevention=600)
    assert "600 activities" in out
    assert Activity.objects.filter(is_synthetic=True).count() == 600
    assert not Activity.objects.filter(is_synthetic=False).exists()
    assert total_problems() == []
    today = timezone.localdate()
    for held_on, minutes in Activity.objects.values_list("held_on", "duration_minutes"):
        rules.check_activity(held_on, minutes, today)
        assert held_on >= today - timedelta(days=3660)
    cells = {
        ((s, b, r), n)
        for s, b, r, n in ParticipantCount.objects.values_list("sex", "age_band", "role", "count")
    }
    rules.check_cells(dict(cells))  # known sexes, bands and roles; positive counts
    assert {s for (s, _, _), _ in cells} <= set(Sex.values)
    assert {b for (_, b, _), _ in cells} <= set(AgeBand.values)
    assert {r for (_, _, r), _ in cells} <= set(ParticipantRole.values)
    # About twenty cells per activity.
    assert 10 * 600 < ParticipantCount.objects.count() < 30 * 600
    # Attendance lists name participants of the activity's own organisation, each once.
    assert Attendance.objects.exists()
    assert not Attendance.objects.exclude(
        participant__owner_organisation_id=F("activity__owner_organisation_id")
    ).exists()
    twice = (Attendance.objects.values("activity", "participant")
             .annotate(n=Count("id")).filter(n__gt=1))  # fmt: skip
    assert not twice.exists()
    assert KnownParticipant.objects.filter(is_synthetic=True).count() == 240
    # A campaign per year with targets per province; a project per NGO; links in period.
    assert Campaign.objects.filter(is_synthetic=True).count() >= 10
    for activity in Activity.objects.exclude(campaign=None).select_related("campaign"):
        assert activity.campaign.starts_on <= activity.held_on <= activity.campaign.ends_on
    assert Project.objects.filter(is_synthetic=True).exists()
    for activity in Activity.objects.exclude(project=None).select_related("project"):
        assert activity.project.owner_organisation_id == activity.owner_organisation_id
    assert not Activity.objects.filter(project=None).exclude(budget_spent=None).exists()


def test_it_fills_up_to_a_number_of_activities(gazetteer: None) -> None:
    ensure_prevention_codes()
    _synth(prevention=120, fill=True)
    assert Activity.objects.count() == 120
    _synth(prevention=150, fill=True)
    assert Activity.objects.count() == 150
    _synth(prevention=150, fill=True)
    assert Activity.objects.count() == 150
    assert total_problems() == []
