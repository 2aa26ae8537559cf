"""The demo of ``make run`` has prevention work to look at: recorded through the services, its
reach as the reach page counts it."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from tipnet.prevention import queries, reach
from tipnet.prevention.models import Activity, Attendance
from tipnet.prevention.totals import total_problems


def test_it_builds_the_prevention_demo_once(gazetteer, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    out = StringIO()
    call_command("demo", stdout=out)
    assert "5 demo prevention activities created" in out.getvalue()
    assert Activity.objects.filter(is_synthetic=True).count() == 5
    assert total_problems() == []
    attended, counted = queries.facts(Activity.objects.all())
    figures = reach.reach(attended, counted)
    # Three children on the lists, one of them at both peer group sessions.
    assert (figures.unique, figures.attendances) == (3, 4)
    # Counted: the workshop 21, the two sessions 8 and 9, the parade 1,500, the village meeting 18.
    assert figures.counted_only == 1556
    assert Attendance.objects.count() == 4
    call_command("demo", stdout=StringIO())
    assert Activity.objects.count() == 5
