"""The database's reach (reach_sql) equals the definition (reach.py's pure functions over the
facts) for every breakdown: on synthetic work of ten years, and on the edge cases by hand (an
activity of two topics and one of none, a person without a year of birth, two activities of
one person on one day, a place given only as a province, a person at activities of two
organisers)."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from tipnet.accounts.access import Action
from tipnet.core.actor import Actor
from tipnet.geo.models import Area
from tipnet.prevention import queries, reach, reach_sql, services
from tipnet.prevention.models import Activity, ActivityType, Attendance, Topic
from tipnet.synth.prevention import generate_prevention


def _same(qs) -> None:  # type: ignore[no-untyped-def]
    attended, counted = queries.facts(qs)
    assert reach_sql.total(qs) == reach.reach(attended, counted)
    for key in reach.KEYS:
        expected = reach.reach_by(key, attended, counted)
        assert reach_sql.by(key, qs) == expected, key
        assert reach_sql.total_and_by(key, qs) == (reach.reach(attended, counted), expected), key


def test_it_equals_the_definition_on_synthetic_work(world) -> None:
    generate_prevention(400, seed=5)
    everything = Activity.objects.all()
    assert everything.count() == 400
    _same(everything)
    assert len(reach_sql.by("organisation", everything)) > 1  # several organisers
    year = timezone.localdate().year - 2
    _same(everything.filter(held_on__gte=date(year, 1, 1), held_on__lte=date(year, 12, 31)))
    province = everything.values_list("place__path", flat=True).first()[:2]
    _same(everything.filter(place__path__startswith=province))
    _same(everything.none())


def test_it_equals_the_definition_on_the_edge_cases(world) -> None:
    officer = Actor.command(world.users["prevention"], via="test")
    today = timezone.localdate()
    kind = ActivityType.objects.get(code="peer_group_session")
    topics = list(Topic.objects.all()[:2])

    def activity(place: str, days: int, with_topics: list[Topic]) -> Activity:
        return services.create_activity(officer, {
            "kind": kind, "held_on": today - timedelta(days=days), "duration_minutes": 60,
            "place": Area.objects.get(pk=place), "topics": with_topics,
        }, {("female", "12-17", "child"): 4, ("male", "25-59", "teacher"): 1})  # fmt: skip

    two_topics = activity("0110", 400, topics)
    no_topic = activity("01", 400, [])  # the province only
    later = activity("011002", 10, topics[:1])
    girl = services.add_participant(officer, {"name": "Girl", "sex": "female",
                                              "birth_year": today.year - 12, "role": "child"})  # fmt: skip
    teacher = services.add_participant(officer, {"name": "Teacher", "sex": "male",
                                                 "age_band": "25-59", "role": "teacher"})  # fmt: skip
    for a in (two_topics, no_topic, later):
        services.add_attendance(officer, a, girl)
    services.add_attendance(officer, no_topic, teacher)
    _same(Activity.objects.all())
    by_band = reach_sql.by("age_band", Activity.objects.all())
    # The girl counts once, in her band at the first attendance (she was 11 then: 0-11).
    assert by_band["0-11"].unique == 1 and by_band["12-17"].unique == 0
    assert by_band["0-11"].attendances == 2 and by_band["12-17"].attendances == 1
    by_district = reach_sql.by("district", Activity.objects.all())
    assert by_district[""].activities == 1 and by_district["0110"].activities == 2
    # The girl at a provincial committee's meeting too (an import can link one participant to
    # another organiser's activity; the attendance service refuses it from the pages).
    committee = Actor.command(world.users["pcct"], via="test")
    meeting = services.create_activity(committee, {
        "kind": kind, "held_on": today - timedelta(days=5), "duration_minutes": 60,
        "place": Area.objects.get(pk="0110"), "topics": [],
    }, {("male", "25-59", "official"): 2})  # fmt: skip
    Attendance.objects.create(activity=meeting, participant=girl)
    _same(Activity.objects.all())
    ngo, pcct = str(officer.organisation_id), str(committee.organisation_id)
    by_organiser = reach_sql.by("organisation", Activity.objects.all())
    assert by_organiser == {ngo: reach.Reach(2, 4, 15, 3), pcct: reach.Reach(1, 1, 2, 1)}
    assert reach_sql.total(Activity.objects.all()).unique == 2  # not 2 + 1


def test_it_computes_progress_against_targets_as_the_definition(world) -> None:
    """progress.progress_of over the database's aggregates equals progress.progress over the
    facts, for targets of the whole and of provinces, of everyone and of one sex and band."""
    from tipnet.prevention import progress

    generate_prevention(400, seed=8)
    qs = Activity.objects.all()
    provinces = sorted({p[:2] for p in qs.values_list("place__path", flat=True)})
    goals = [
        progress.Goal(i, province, measure, sex, band, 50)
        for i, (province, measure, sex, band) in enumerate(
            (province, measure, sex, band)
            for province in ["", *provinces[:2]]
            for measure in ("sessions", "people")
            for sex, band in (("", ""), ("female", ""), ("male", "12-17"), ("", "25-59"))
        )
    ]
    sessions = [progress.Session(pk, path[:2]) for pk, path in qs.values_list("pk", "place__path")]
    attended, counted = queries.facts(qs)
    expected = progress.progress(goals, sessions, attended, counted)
    got = progress.progress_of(
        goals, reach_sql.sessions_by_province(qs), reach_sql.firsts_by_cell(qs, False),
        reach_sql.firsts_by_cell(qs, True), reach_sql.counted_by_cell(qs),
    )  # fmt: skip
    assert got == expected
    assert any(p.unique for p in got) and any(p.counted_only for p in got)


def test_it_reports_a_campaigns_progress_for_everyone_as_the_definition(world) -> None:
    """Targets of everyone (the synthetic campaigns': sessions and people per province) take
    the short way (the unique reach per province); the same figures as progress.progress."""
    from tipnet.prevention import progress, queries_campaigns
    from tipnet.prevention.models import Campaign

    generate_prevention(600, seed=9)
    analyst = world.users["analyst"]
    campaign = max(Campaign.objects.all(), key=lambda c: c.activities.count())
    report = queries_campaigns.report(analyst, campaign)
    qs = queries_campaigns.in_period(
        queries_campaigns.activities_of(analyst, campaign, Action.VIEW), campaign
    )
    goals = [g for _t, p in report.targets for g in [p.goal]]
    assert goals and all(not g.sex and not g.age_band for g in goals)
    sessions = [progress.Session(pk, path[:2]) for pk, path in qs.values_list("pk", "place__path")]
    attended, counted = queries.facts(qs)
    assert [p for _t, p in report.targets] == progress.progress(goals, sessions, attended, counted)
    assert report.provinces == progress.by_province(sessions, attended, counted)
    assert any(p.achieved for _t, p in report.targets)
