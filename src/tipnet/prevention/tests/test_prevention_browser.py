"""Prevention work in real Chromium, at a phone's width: a prevention officer records a Village
Safety Net workshop with participants counted by sex, age and role and an action plan with two
actions, then two Child Peer Group sessions with a known attendance list where one girl came to
both: the reach page counts her once in unique reach and twice in attendances (the numbers are
written out by hand)."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import pytest

from tipnet.prevention.models import Activity, ActivityType
from tipnet.testing import log_in

pytestmark = pytest.mark.browser

FITS = """() => {
  const doc = document.documentElement;
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                 && !e.closest('.table-wrap'))
    .slice(0, 5).map(e => e.tagName + '.' + e.className);
  return {scroll: doc.scrollWidth, width: window.innerWidth, wide};
}"""


def ago(days: int) -> str:
    return (date.today() - timedelta(days=days)).isoformat()


def record(page: Any, kind: str, days: int, venue: str, cells: dict[str, str],
           commune: str = "") -> None:  # fmt: skip
    page.click("[data-nav=prevention]")
    page.click("[data-record-activity]")
    page.select_option("#id_kind", str(ActivityType.objects.get(code=kind).pk))
    page.fill("#id_held_on", ago(days))
    page.fill("#id_duration_minutes", "120")
    page.wait_for_selector("#id_where_district option[value='0110']", state="attached")
    page.select_option("#id_where_district", "0110")
    if commune:
        page.wait_for_selector(f"#id_where_commune option[value='{commune}']", state="attached")
        page.select_option("#id_where_commune", commune)
    page.fill("#id_venue", venue)
    for name, value in cells.items():
        role = name[2:].rsplit("_", 2)[0]  # n_<role>_<sex>_<band>
        details = page.locator(f"details[data-role={role}]")
        if details.get_attribute("open") is None:
            details.locator("summary").click()
        page.fill(f"input[name='{name}']", value)
    found = page.evaluate(FITS)
    assert found["scroll"] <= found["width"] and not found["wide"], found
    page.click("[data-activity-form] button[type=submit]")
    page.wait_for_selector("text=The activity was recorded.")


def add_new(page: Any, name: str, sex: str, band: str, role: str) -> None:
    form = page.locator("[data-new-participant]")
    form.locator("#id_name").fill(name)
    form.locator("#id_sex").select_option(sex)
    form.locator("#id_age_band").select_option(band)
    form.locator("#id_role").select_option(role)
    form.locator("button[type=submit]").click()
    page.wait_for_selector("text=The participant was added to the list.")


def test_an_officer_records_a_workshop_and_peer_group_sessions(world, page):
    page.set_viewport_size({"width": 360, "height": 800})
    log_in(page, world.users["prevention"])
    # The workshop: 7 police men, 3 women teachers, 2 school directors (a man 25-59 and a
    # woman 60+), 4 girls of a Child Peer Group aged 12-17.
    record(page, "vsn_workshop", 20, "Poipet commune hall", {
        "n_police_male_25-59": "7", "n_teacher_female_25-59": "3",
        "n_school_director_male_25-59": "1", "n_school_director_female_60+": "1",
        "n_child_female_12-17": "4",
    })  # fmt: skip
    assert page.locator("[data-counted-total]").inner_text() == "16"
    assert page.locator("[data-figure=counted] .count").inner_text() == "16"
    assert Activity.objects.get().counted_total == 16
    # Its action plan: priorities and two actions, one already late.
    page.click("[data-plan-link]")
    page.fill("#id_priorities", "Stop brokers recruiting children from the village")
    page.fill("#id_local_resources", "Pagoda hall; commune social budget; the health centre")
    page.click("[data-plan-form] button[type=submit]")
    page.wait_for_selector("text=The action plan was saved.")
    for description, owner, due in (
        ("Monthly meeting on safe migration", "Village chief", 5),
        ("List the families with migrants abroad", "CCWC", -30),
    ):
        page.click("[data-add-action]")
        page.fill("#id_description", description)
        page.fill("#id_owner_name", owner)
        page.fill("#id_due_on", ago(due))
        page.click("[data-action-form] button[type=submit]")
        page.wait_for_selector("text=The action was added to the plan.")
    assert page.locator("[data-action]").count() == 2
    assert page.locator("[data-overdue]").count() == 1
    # The first Child Peer Group session: Srey Pov and Dara came.
    record(page, "peer_group_session", 10, "Poipet primary school", {})
    page.click("[data-attendance-link]")
    add_new(page, "Srey Pov", "female", "12-17", "child")
    add_new(page, "Dara Chan", "male", "0-11", "child")
    assert page.locator("[data-attendance]").count() == 2
    # The second session: Srey Pov came again, picked from the participants already known.
    record(page, "peer_group_session", 3, "Poipet primary school", {})
    page.click("[data-attendance-link]")
    pick = page.locator("[data-pick-participant]")
    pick.locator("#id_participant").select_option(label="Srey Pov · Child")
    pick.locator("button[type=submit]").click()
    page.wait_for_selector("text=The participant was added to the list.")
    assert page.locator("[data-attendance]").count() == 1
    # Reach of the Child Peer Group sessions: two children, three attendances, no one counted.
    page.goto("/prevention/reach/?kind=peer_group_session&by=sex")
    figures = {key: page.locator(f"[data-figure={key}] .count").inner_text()
               for key in ("unique", "attendances", "counted_only", "activities")}  # fmt: skip
    assert figures == {"unique": "2", "attendances": "3", "counted_only": "0", "activities": "2"}
    girls = page.locator("[data-breakdown=sex] tbody tr", has_text="Female")
    assert girls.locator("[data-unique]").inner_text() == "1"
    assert girls.locator("[data-attendances]").inner_text() == "2"
    # All the officer's work: the workshop's 16 counted stay out of unique reach.
    page.goto("/prevention/reach/")
    assert page.locator("[data-figure=unique] .count").inner_text() == "2"
    assert page.locator("[data-figure=counted_only] .count").inner_text() == "16"
    assert page.locator("[data-figure=activities] .count").inner_text() == "3"
    # Every page of it fits the phone (wide tables scroll inside their own container).
    workshop = Activity.objects.get(kind__code="vsn_workshop").pk
    for url in (
        "/prevention/reach/",
        "/prevention/",
        f"/prevention/{workshop}/",
        f"/prevention/{workshop}/attendance/",
        f"/prevention/{workshop}/plan/",
        "/prevention/actions/overdue/",
        f"/prevention/{workshop}/edit/",
    ):
        page.goto(url)
        found = page.evaluate(FITS)
        assert found["scroll"] <= found["width"] and not found["wide"], (url, found)
    page.goto("/prevention/actions/overdue/")
    assert page.locator("[data-overdue-count]").get_attribute("data-overdue-count") == "1"


def test_a_parade_a_refresher_due_an_overdue_action_and_the_province_report(world, page):
    """The rest of the issue's journey, at a desktop's width: an Anti-Human Trafficking Day
    parade of 1,500 people counted by sex, age and role; a training 100 days ago whose trained
    volunteer is due for a refresher (the home page says so); a village meeting's action that
    became overdue for its owner; the province's reach page shows all of it, and its XLSX export
    opens in openpyxl with the same numbers (all written out by hand)."""
    from openpyxl import load_workbook

    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, world.users["prevention"])
    # The parade: 600 women and 500 men aged 25-59, 250 girls and 150 boys aged 12-17.
    record(page, "public_event", 40, "Poipet market road", {
        "n_other_female_25-59": "600", "n_other_male_25-59": "500",
        "n_child_female_12-17": "250", "n_child_male_12-17": "150",
    })  # fmt: skip
    assert page.locator("[data-counted-total]").inner_text() == "1,500"
    # A training 100 days ago: one volunteer trained, with her test scores.
    record(page, "training", 100, "Poipet commune hall", {})
    page.click("[data-attendance-link]")
    add_new(page, "Sokha Mean", "female", "25-59", "volunteer")
    scores = page.locator("[data-scores]")
    scores.locator("input[name=pre]").fill("40")
    scores.locator("input[name=post]").fill("85")
    scores.locator("button[type=submit]").click()
    page.wait_for_selector("[data-scores] input[name=post][value='85']")
    # A monthly village meeting of 12 parents, with an action owned by the organiser itself
    # that was due a week ago.
    record(page, "village_meeting", 30, "Poipet pagoda", {
        "n_parent_female_25-59": "8", "n_parent_male_25-59": "4",
    }, commune="011002")  # fmt: skip
    page.click("[data-plan-link]")
    page.fill("#id_priorities", "Every family knows the safe-migration hotline")
    page.click("[data-plan-form] button[type=submit]")
    page.wait_for_selector("text=The action plan was saved.")
    page.click("[data-add-action]")
    page.fill("#id_description", "Hand out the hotline leaflets house to house")
    page.select_option("#id_owner_organisation", label="Awareness NGO")
    page.fill("#id_due_on", ago(7))
    page.click("[data-action-form] button[type=submit]")
    page.wait_for_selector("text=The action was added to the plan.")
    # Home: the volunteer is due for a refresher, the action is overdue.
    page.goto("/")
    waiting = page.locator("ul.waiting")
    refresher = waiting.locator("li", has_text="Participants due for a refresher training")
    assert refresher.locator(".count").inner_text() == "1"
    overdue = waiting.locator("li", has_text="past their due date")
    assert overdue.locator(".count").inner_text() == "1"
    refresher.locator("a").click()
    assert page.locator("table tbody tr", has_text="Sokha Mean").count() == 1
    page.goto("/")
    overdue.locator("a").click()
    owner = page.locator("tbody[data-group='Awareness NGO']")
    assert owner.locator("tr[data-action]", has_text="Hand out the hotline leaflets").count() == 1
    page.click("[data-by=commune]")
    commune = page.locator("tbody[data-group^='Paoy Paet']")
    assert commune.locator("tr[data-action]", has_text="Hand out the hotline leaflets").count() == 1
    # The province's reach: one person known by name (once, one attendance), 1,512 counted
    # only, three activities.
    page.goto("/prevention/reach/?province=01&by=kind")
    figures = {key: page.locator(f"[data-figure={key}] .count").inner_text()
               for key in ("unique", "attendances", "counted_only", "activities")}  # fmt: skip
    assert figures == {"unique": "1", "attendances": "1", "counted_only": "1,512",
                       "activities": "3"}  # fmt: skip
    parade = page.locator("[data-breakdown=kind] tbody tr", has_text="parade")
    assert parade.locator("[data-counted]").inner_text() == "1,500"
    with page.expect_download() as download:
        page.click("[data-export-xlsx]")
    assert download.value.suggested_filename == "tipnet-prevention-reach.xlsx"
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    rows = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    header = rows[0]
    col = {name: header.index(name) for name in ("Unique reach", "Attendances",
                                                  "Counted only", "Activities")}  # fmt: skip
    total = next(r for r in rows if r[0] == "Total")
    assert [total[col[k]] for k in col] == [1, 1, 1512, 3]
    parade_row = next(r for r in rows[1:] if r[1] and "parade" in str(r[1]))
    assert [parade_row[col[k]] for k in col] == [0, 0, 1500, 1]
