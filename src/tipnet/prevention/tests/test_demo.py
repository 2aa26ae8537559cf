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
    assert "7 demo prevention activities created" in out.getvalue()
    assert Activity.objects.filter(is_synthetic=True).count() == 7
    assert total_problems() == []
    attended, counted = queries.facts(Activity.objects.all())
    figures = reach.reach(attended, counted)
    # Three children on the lists, one of them at both peer group sessions; two volunteers.
    assert (figures.unique, figures.attendances) == (5, 6)
    # Counted: the workshop 21, the two sessions 8 and 9, the parade 1,500, the village meeting 18.
    assert figures.counted_only == 1556
    assert Attendance.objects.count() == 6
    assert sorted(Attendance.objects.exclude(post_test_score=None).values_list(
        "pre_test_score", "post_test_score")) == [(45, 80), (60, 85)]  # fmt: skip
    from django.utils import timezone

    from tipnet.accounts.models import User
    from tipnet.prevention.trainings import due_refreshers

    officer = User.objects.get(username="prevention")
    assert len(due_refreshers(officer, timezone.localdate())) == 2
    # Two photos: the parade's, seen by whoever sees the parade; the peer group session's shows
    # children, so it carries its consent and only the officer's organisation sees it.
    from tipnet.prevention.models_photos import ActivityPhoto
    from tipnet.prevention.services_photos import seen_photos

    photos = ActivityPhoto.objects.order_by("pk")
    assert [p.children_recognisable for p in photos] == [False, True]
    assert photos[1].consent.startswith("Parents' written consent")
    assert all(p.width == 960 and p.height == 640 for p in photos)
    committee = User.objects.get(username="pcct")
    assert seen_photos(committee, photos[0].activity).count() == 1
    assert seen_photos(committee, photos[1].activity).count() == 0
    assert seen_photos(officer, photos[1].activity).count() == 1
    call_command("demo", stdout=StringIO())
    assert Activity.objects.count() == 7
    assert ActivityPhoto.objects.count() == 2
