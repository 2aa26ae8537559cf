"""Groups, committees, projects and campaigns, and photos in real Chromium, each journey with
the numbers written out by hand:

1. a prevention officer records a Child Peer Group, adds two members (one recorded on the
   spot, one already known), records a session of the group, reads the group's reach per year
   (the whole period is not the sum of the years) and records that a member left;
2. in Khmer, a provincial committee adds a member to its task force, records the task force's
   meeting and ticks who was present: only the members of the meeting's day are offered;
3. an NGO officer reports a project with a target of women aged 18-24 reached and a campaign
   with a target of sessions: achieved and percent on the page and in the XLSX download;
4. photos: an upload loses its EXIF and GPS, a photo of children needs a consent and is not
   there for another organisation that sees the activity.

The journeys run on a 390 px wide phone; every main page visited fits it in Khmer, the main
ones in English too (wide tables scroll inside their own container). With ``TIPNET_SHOTS=/tmp/h2`` each is also photographed (in
Khmer at 390 px, in Khmer and English at desktop width) for a person to look at."""

from __future__ import annotations

import io
import os
from datetime import date, timedelta
from typing import Any

import openpyxl
import pytest
from django.utils import timezone
from PIL import Image

from tipnet.accounts.models import User
from tipnet.accounts.roles import OrganisationKind as K
from tipnet.core.actor import Actor
from tipnet.geo.models import Area
from tipnet.prevention import services, services_committees
from tipnet.prevention.models import Activity, ActivityType, KnownParticipant
from tipnet.prevention.models_network import Group
from tipnet.prevention.models_photos import ActivityPhoto
from tipnet.testing import log_in, make_org

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SHOTS = os.environ.get("TIPNET_SHOTS", "")
GPS_IFD, MAKE = 0x8825, 0x010F

# Elements reaching past the right edge, outside a container that scrolls on its own.
FITS = """() => {
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                 && !e.closest('.table-wrap'))
    .slice(0, 5).map(e => e.tagName + '.' + e.className);
  return {scroll: document.documentElement.scrollWidth, width: window.innerWidth, wide};
}"""


def ago(days: int) -> str:
    return (timezone.localdate() - timedelta(days=days)).isoformat()


def actor(user: User) -> Actor:
    return Actor.command(user, via="test")


def fits(page: Any, where: str) -> None:
    found = page.evaluate(FITS)
    assert found["scroll"] <= found["width"] and not found["wide"], (where, found)


def look_at(page: Any, user: User, urls: dict[str, str]) -> None:
    """Each page fits the phone in Khmer (the user's language switched in the database: the
    next request reads it; the journeys check the English pages as they go). With TIPNET_SHOTS
    photographed in Khmer at 390 px and in both languages at desktop width."""
    kept = user.language
    try:
        for language in ("km", "en") if SHOTS else ("km",):
            User.objects.filter(pk=user.pk).update(language=language)
            for name, url in urls.items():
                page.set_viewport_size(PHONE)
                page.goto(url)
                assert page.locator("html").get_attribute("lang") == language
                fits(page, f"{url} ({language})")
                if SHOTS:  # lazy images load after the page's load event
                    page.wait_for_function("() => [...document.images].every(i => i.complete)")
                    if language == "km":
                        page.screenshot(path=f"{SHOTS}_{name}_km_390.png", full_page=True)
                    page.set_viewport_size(DESKTOP)
                    page.screenshot(path=f"{SHOTS}_{name}_{language}_desktop.png",
                                    full_page=True)  # fmt: skip
    finally:
        User.objects.filter(pk=user.pk).update(language=kept)
        page.set_viewport_size(PHONE)


def told(page: Any, text: str) -> None:
    """The page after a redirect says ``text`` in its messages."""
    page.wait_for_selector(".messages li")
    assert page.locator(".messages li").first.inner_text() == text


def fill_cells(page: Any, cells: dict[str, str]) -> None:
    for name, value in cells.items():
        role = name[2:].rsplit("_", 2)[0]  # n_<role>_<sex>_<band>
        details = page.locator(f"details[data-role={role}]")
        if details.get_attribute("open") is None:
            details.locator("summary").click()
        page.fill(f"input[name='{name}']", value)


def kind_pk(code: str) -> str:
    return str(ActivityType.objects.get(code=code).pk)


def test_an_officer_runs_a_child_peer_group_over_two_years(world, page):
    officer = world.users["prevention"]
    today = timezone.localdate()
    this_year, last_year = today.year, today.year - 1
    # The organisation has known Dara for a while (from an earlier session).
    dara = services.add_participant(actor(officer), {
        "name": "Dara Chan", "sex": "male", "age_band": "12-17", "role": "child"})  # fmt: skip
    page.set_viewport_size(PHONE)
    log_in(page, officer)
    page.click("[data-nav=prevention]")
    page.click("[data-groups-link]")
    page.click("[data-record-group]")
    page.select_option("#id_kind", "child_peer_group")
    page.fill("#id_name", "Poipet Primary Child Peer Group")
    page.wait_for_selector("#id_where_district option[value='0110']", state="attached")
    page.select_option("#id_where_district", "0110")
    page.wait_for_selector("#id_where_commune option[value='011002']", state="attached")
    page.select_option("#id_where_commune", "011002")
    page.fill("#id_venue", "Poipet primary school")
    page.fill("#id_formed_on", f"{this_year - 2}-09-01")
    fits(page, "group form")
    page.click("[data-group-form] button[type=submit]")
    told(page, "The group was recorded.")
    group = Group.objects.get()
    assert page.locator("h1").inner_text() == "Poipet Primary Child Peer Group"
    assert page.locator("[data-members]").get_attribute("data-members") == "0"
    # Srey Pov, 13, is recorded on the spot as the group's peer leader ...
    new = page.locator("[data-new-member]")
    new.locator("#id_new-name").fill("Srey Pov")
    new.locator("#id_new-sex").select_option("female")
    new.locator("#id_new-birth_year").fill(str(this_year - 13))
    new.locator("#id_new-role").select_option("child")
    new.locator("#id_new-group_role").select_option("peer_leader")
    new.locator("button[type=submit]").click()
    told(page, "The member was added to the group.")
    # ... Dara, already known, joined two months ago.
    pick = page.locator("[data-pick-member]")
    pick.locator("#id_pick-participant").select_option(label="Dara Chan · Child")
    pick.locator("#id_pick-joined_on").fill(ago(60))
    pick.locator("button[type=submit]").click()
    told(page, "The member was added to the group.")
    assert page.locator("[data-members]").get_attribute("data-members") == "2"
    rows = page.locator("[data-member-table] tbody tr")
    assert rows.count() == 2
    assert rows.filter(has_text="Srey Pov").locator("td").nth(1).inner_text() == "Peer leader"
    srey = KnownParticipant.objects.get(name="Srey Pov")
    assert srey.owner_organisation == world.orgs["prevention"]
    # Last year's session, typed in from the paper register: Srey Pov came.
    earlier = services.create_activity(actor(officer), {
        "kind": ActivityType.objects.get(code="peer_group_session"),
        "held_on": date(last_year, 6, 15), "duration_minutes": 60,
        "place": Area.objects.get(code="011002"), "venue": "Poipet primary school",
        "group": group,
    }, {})  # fmt: skip
    services.add_attendance(actor(officer), earlier, srey)
    # Today's session, opened linked to the group: the form starts with its place and venue.
    page.goto(f"/prevention/groups/{group.pk}/")
    page.click("[data-record-group-activity]")
    assert page.locator("#id_group").input_value() == str(group.pk)
    assert page.locator("#id_venue").input_value() == "Poipet primary school"
    assert page.locator("#id_where_commune").input_value() == "011002"
    page.select_option("#id_kind", kind_pk("peer_group_session"))
    page.fill("#id_duration_minutes", "60")
    fill_cells(page, {"n_child_female_12-17": "3", "n_child_male_12-17": "2"})
    page.click("[data-activity-form] button[type=submit]")
    told(page, "The activity was recorded.")
    session = Activity.objects.exclude(pk=earlier.pk).get()
    assert session.group == group and session.counted_total == 5
    assert page.locator("[data-link=group] a").inner_text() == "Poipet Primary Child Peer Group"
    page.click("[data-attendance-link]")
    for label in ("Srey Pov · Child", "Dara Chan · Child"):
        chosen = page.locator("[data-pick-participant]")
        chosen.locator("#id_participant").select_option(label=label)
        chosen.locator("button[type=submit]").click()
        page.wait_for_selector("text=The participant was added to the list.")
    assert page.locator("[data-attendance]").count() == 2
    # The group's reach: last year Srey Pov alone; this year both and 5 counted; over the
    # whole period two children (not three), three attendances.
    page.goto(f"/prevention/groups/{group.pk}/")

    def year(key: Any) -> list[str]:
        row = page.locator(f"[data-reach-years] tr[data-year='{key}']")
        return [row.locator(f"[data-{k}]").inner_text()
                for k in ("sessions", "unique", "attendances", "counted")]  # fmt: skip

    fits(page, "group page")
    assert year(last_year) == ["1", "1", "1", "0"]
    assert year(this_year) == ["1", "2", "2", "5"]
    assert year("all") == ["2", "2", "3", "5"]
    activities = page.locator("[data-group-activities] tbody tr")
    assert activities.count() == 2
    assert activities.first.get_attribute("data-activity") == str(session.pk)
    # Dara leaves the group today.
    page.locator("[data-member-table] tr", has_text="Dara Chan").locator(
        "[data-record-left]"
    ).click()  # fmt: skip
    assert page.locator("[data-left-form] #id_left_on").input_value() == today.isoformat()
    page.click("[data-left-form] button[type=submit]")
    told(page, "The member's leaving was recorded.")
    assert page.locator("[data-members]").get_attribute("data-members") == "1"
    dara_row = page.locator("[data-member-table] tr", has_text="Dara Chan")
    assert dara_row.locator("[data-left-on]").inner_text() != "—"
    assert dara_row.locator("[data-record-left]").count() == 0
    assert group.members.get(participant=dara).left_on == today
    # The list: one active group in the province.
    page.goto("/prevention/groups/?province=01")
    assert page.locator("tr[data-group]").count() == 1
    base = f"/prevention/groups/{group.pk}"
    member = group.members.get(participant=dara).pk
    look_at(page, officer, {
        "group_list": "/prevention/groups/", "group_new": "/prevention/groups/new/",
        "group": f"{base}/", "group_edit": f"{base}/edit/",
        "group_session_new": f"/prevention/new/?group={group.pk}",
        "group_left": f"{base}/members/{member}/left/",
    })  # fmt: skip


def test_a_provincial_committee_in_khmer_ticks_who_came_to_its_task_forces_meeting(world, page):
    pcct = world.users["pcct"]
    User.objects.filter(pk=pcct.pk).update(language="km")
    task_force = make_org("Banteay Meanchey task force", K.TASK_FORCE, "01",
                          parent=world.orgs["pcct_bmc"],
                          name_km="ក្រុមការងារបន្ទាយមានជ័យ")  # fmt: skip
    # Already members: the police investigator for three months; the prosecutor joined two
    # days ago, after the meeting, so is not offered for it.
    for name, since in (("police", 90), ("prosecutor", 2)):
        services_committees.add_member(actor(pcct), task_force, {
            "user": world.users[name], "role": "member",
            "since": timezone.localdate() - timedelta(days=since)})  # fmt: skip
    page.set_viewport_size(PHONE)
    log_in(page, pcct)
    page.click("[data-nav=prevention]")
    page.click("[data-committees-link]")
    assert page.locator("h1").inner_text() == "គណៈកម្មាធិការ និងក្រុមការងារ"
    # Its own, its task force and the CCWC of Paoy Paet (in its province).
    assert page.locator("[data-committee-count]").get_attribute("data-committee-count") == "3"
    page.click(f"tr[data-committee='{task_force.pk}'] a")
    assert page.locator("h1").inner_text() == "ក្រុមការងារបន្ទាយមានជ័យ"
    page.click("[data-add-member]")
    assert page.locator("h1").inner_text() == "បន្ថែមសមាជិក"
    page.fill("#id_new_name", "Keo Vanna")
    page.select_option("#id_new_sex", "female")
    page.select_option("#id_new_age_band", "25-59")
    page.select_option("#id_new_role", "village_chief")
    page.select_option("#id_role", "secretary")
    page.fill("#id_since", ago(30))
    fits(page, "member form")
    page.click("[data-member-form] button[type=submit]")
    told(page, "សមាជិកត្រូវបានបន្ថែម។")
    assert page.locator("tr[data-member]").count() == 3
    assert page.locator("tr[data-member]", has_text="Keo Vanna").count() == 1
    # The meeting, five days ago, opened linked to the task force.
    page.goto(f"/prevention/committees/{task_force.pk}/")
    page.click("[data-record-meeting]")
    assert page.locator("#id_committee").input_value() == str(task_force.pk)
    assert page.locator("#id_kind").input_value() == kind_pk("committee_meeting")
    page.fill("#id_held_on", ago(5))
    page.fill("#id_duration_minutes", "90")
    page.fill("#id_decisions", "Joint checks of the buses at the Poipet border crossing")
    page.click("[data-activity-form] button[type=submit]")
    told(page, "សកម្មភាពត្រូវបានកត់ត្រា។")
    meeting = Activity.objects.get()
    assert meeting.committee == task_force and meeting.owner_organisation == world.orgs["pcct_bmc"]
    page.goto(f"/prevention/{meeting.pk}/")
    page.click("[data-present-link]")
    assert page.locator("h1").inner_text() == "សមាជិកដែលមានវត្តមាន"
    offered = page.locator("[data-present-form] input[name=present]")
    assert offered.count() == 2  # the police investigator and Keo Vanna, not the prosecutor
    labels = page.locator("[data-present-form] label:has(input[name=present])")
    assert "Keo Vanna" in " ".join(labels.all_inner_texts())
    for i in range(2):
        offered.nth(i).check()
    fits(page, "members present")
    page.click("[data-present-form] button[type=submit]")
    told(page, "សមាជិកដែលមានវត្តមានត្រូវបានរក្សាទុក។")
    row = page.locator(f"tr[data-meeting='{meeting.pk}']")
    assert row.get_attribute("data-present") == "2"
    assert row.locator("td").nth(2).inner_text().startswith("២")  # Khmer digits
    assert meeting.members_present.count() == 2
    look_at(page, pcct, {
        "committee_list": "/prevention/committees/",
        "committee": f"/prevention/committees/{task_force.pk}/",
        "committee_member_new": f"/prevention/committees/{task_force.pk}/members/new/",
        "committee_present": f"/prevention/{meeting.pk}/present/",
        "meeting": f"/prevention/{meeting.pk}/",
    })  # fmt: skip


def test_an_ngo_reports_a_project_and_a_campaign_against_their_targets(world, page):
    officer = world.users["prevention"]
    page.set_viewport_size(PHONE)
    log_in(page, officer)
    page.click("[data-nav=prevention]")
    page.click("[data-projects-link]")
    page.click("[data-new-project]")
    page.fill("#id_name", "Safe migration for young women")
    page.fill("#id_donor", "Mekong Fund")
    page.fill("#id_starts_on", ago(60))
    page.fill("#id_ends_on", ago(-300))
    page.fill("#id_budget", "5,000")  # a text input: separators and Khmer digits are read
    page.select_option("#id_currency", "USD")
    page.select_option("#id_place", "01")
    page.click("[data-project-form] button[type=submit]")
    told(page, "The project was saved.")
    project = page.url.rstrip("/").rsplit("/", 1)[1]
    # Its target: 40 women aged 18-24 reached, anywhere.
    target = page.locator("[data-target-form]")
    target.locator("#id_measure").select_option("people")
    target.locator("#id_sex").select_option("female")
    target.locator("#id_age_band").select_option("18-24")
    target.locator("#id_number").fill("40")
    target.locator("button[type=submit]").click()
    told(page, "The target was added.")
    # A campaign of the whole country with 4 sessions to hold in Banteay Meanchey.
    page.click("[data-nav=prevention]")
    page.click("[data-campaigns-link]")
    page.click("[data-new-campaign]")
    page.fill("#id_name", "Safe migration month")
    page.fill("#id_starts_on", ago(30))
    page.fill("#id_ends_on", ago(-30))
    page.click("[data-campaign-form] button[type=submit]")
    told(page, "The campaign was saved.")
    campaign = page.url.rstrip("/").rsplit("/", 1)[1]
    target = page.locator("[data-target-form]")
    target.locator("#id_province").select_option("01")
    target.locator("#id_measure").select_option("sessions")
    target.locator("#id_number").fill("4")
    target.locator("button[type=submit]").click()
    told(page, "The target was added.")
    # One awareness session of both: 12 women aged 18-24 and 5 fathers counted, $250 spent.
    page.goto(f"/prevention/new/?project={project}&campaign={campaign}")
    assert page.locator("#id_project").input_value() == project
    assert page.locator("#id_campaign").input_value() == campaign
    page.select_option("#id_kind", kind_pk("awareness_session"))
    page.fill("#id_held_on", ago(10))
    page.fill("#id_duration_minutes", "90")
    page.fill("#id_budget_spent", "250")
    fill_cells(page, {"n_parent_female_18-24": "9", "n_volunteer_female_18-24": "3",
                      "n_parent_male_25-59": "5"})  # fmt: skip
    page.click("[data-activity-form] button[type=submit]")
    told(page, "The activity was recorded.")
    assert page.locator("[data-counted-total]").inner_text() == "17"
    # On its attendance list, a young woman the NGO will follow.
    page.click("[data-attendance-link]")
    form = page.locator("[data-new-participant]")
    form.locator("#id_name").fill("Chea Sophea")
    form.locator("#id_sex").select_option("female")
    form.locator("#id_age_band").select_option("18-24")
    form.locator("#id_role").select_option("volunteer")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("text=The participant was added to the list.")
    # The project: 12 counted + 1 known = 13 of 40 women, 32% (32.5 rounded down).
    page.goto(f"/prevention/projects/{project}/")
    fits(page, "project page")
    people = page.locator("[data-targets] tr[data-measure=people]")
    assert people.locator("th").inner_text() == "The whole · People reached · Female · 18–24"
    assert people.locator("[data-number]").inner_text() == "40"
    assert people.locator("[data-achieved]").inner_text() == "13 participants"
    assert people.locator("[data-percent]").inner_text() == "32%"
    assert people.locator("[data-unique]").inner_text() == "1"
    assert people.locator("[data-counted]").inner_text() == "12"
    figures = {k: page.locator(f"[data-report-total] [data-figure={k}] .count").inner_text()
               for k in ("sessions", "unique", "counted_only", "attendances")}  # fmt: skip
    assert figures == {"sessions": "1", "unique": "1", "counted_only": "17", "attendances": "1"}
    assert "4,750" in page.locator("[data-remaining]").inner_text()
    assert "250" in page.locator("[data-spent] [data-currency=USD]").inner_text()
    assert page.locator("[data-activities] tbody tr[data-activity]").count() == 1
    # The download says the same.
    with page.expect_download() as download:
        page.click("[data-export-xlsx]")
    assert download.value.suggested_filename == f"tipnet-project-{project}.xlsx"
    saved = io.BytesIO(download.value.path().read_bytes())  # kept without an extension
    sheet = openpyxl.load_workbook(saved, read_only=True).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][:6] == ["Section", "Province", "Measure", "Target", "Achieved", "Percent"]
    goal = next(r for r in rows if r[0] == "Target")
    assert goal[1:8] == ["The whole", "People reached · Female · 18–24", 40, 13, 32, 1, 12]
    assert sum(1 for r in rows if r and r[0] == "Activity") == 1
    # The campaign: 1 of 4 sessions in Banteay Meanchey, 25%.
    page.goto(f"/prevention/campaigns/{campaign}/")
    fits(page, "campaign page")
    sessions = page.locator("[data-targets] tr[data-measure=sessions]")
    assert sessions.locator("[data-achieved]").inner_text() == "1"
    assert sessions.locator("[data-percent]").inner_text() == "25%"
    assert page.locator("[data-breakdown=province] tr[data-province='01'] [data-sessions]"
                        ).inner_text() == "1"  # fmt: skip
    look_at(page, officer, {
        "project_list": "/prevention/projects/", "project_new": "/prevention/projects/new/",
        "project": f"/prevention/projects/{project}/",
        "campaign_list": "/prevention/campaigns/",
        "campaign": f"/prevention/campaigns/{campaign}/",
    })  # fmt: skip


def _phone_photo() -> bytes:
    """A JPEG as a phone writes it: the camera's make and where it was taken."""
    exif = Image.Exif()
    exif[MAKE] = "Qzphonemaker"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (13.0, 39.0, 12.5), 3: "E", 4: (102.0, 33.0, 41.0)})
    out = io.BytesIO()
    Image.new("RGB", (120, 80), (200, 120, 40)).save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_photos_lose_their_location_and_children_stay_with_the_organisation(world, page):
    officer, raw = world.users["prevention"], _phone_photo()
    assert Image.open(io.BytesIO(raw)).getexif().get_ifd(GPS_IFD)  # the upload has them
    session = services.create_activity(actor(officer), {
        "kind": ActivityType.objects.get(code="school_session"),
        "held_on": timezone.localdate() - timedelta(days=3), "duration_minutes": 60,
        "place": Area.objects.get(code="0110"), "venue": "Poipet primary school",
    }, {("female", "12-17", "child"): 14})  # fmt: skip
    photo_file = {"name": "IMG_2024.jpg", "mimeType": "image/jpeg", "buffer": raw}
    page.set_viewport_size(PHONE)
    log_in(page, officer)
    page.goto(f"/prevention/{session.pk}/")
    assert page.locator("[data-photos-link]").inner_text() == "Photos (0)"
    page.click("[data-photos-link]")
    upload = page.locator("[data-photo-upload]")
    upload.locator("#id_image").set_input_files(photo_file)
    upload.locator("#id_caption").fill("The school gate before the session")
    upload.locator("button[type=submit]").click()
    told(page, "The photo was added.")
    assert page.locator("[data-photos]").get_attribute("data-photos") == "1"
    thumbnail = page.locator("[data-photo] img")
    thumbnail.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=thumbnail.element_handle()
    )
    assert thumbnail.evaluate("img => [img.naturalWidth, img.naturalHeight]") == [120, 80]
    shown = thumbnail.bounding_box()  # at its own size, not blown up
    assert shown is not None and (shown["width"], shown["height"]) == (120, 80)
    assert thumbnail.get_attribute("alt") == "The school gate before the session"
    # What is served: the same picture with no EXIF, no GPS, no camera.
    served = page.request.get(thumbnail.get_attribute("src"))
    assert served.status == 200 and served.headers["content-type"] == "image/jpeg"
    assert served.headers["cache-control"] == "private, no-store"
    body = served.body()
    image = Image.open(io.BytesIO(body))
    assert image.size == (120, 80) and not image.getexif() and "exif" not in image.info
    assert b"Exif" not in body and b"Qzphonemaker" not in body
    # A photo of the children, sent without a consent: refused, said, nothing stored.
    upload.locator("#id_image").set_input_files(photo_file)
    upload.locator("#id_caption").fill("Peer leaders presenting")
    upload.locator("#id_children_recognisable").check()
    upload.locator("button[type=submit]").click()
    error = page.locator("[data-field=consent] .error")
    assert error.inner_text() == ("Children can be recognised on this photo: record who gave "
                                  "consent, and how, before you upload it.")  # fmt: skip
    assert ActivityPhoto.objects.count() == 1
    fits(page, "refused photo")
    # With the parents' consent it is stored, for the NGO's eyes only.
    upload.locator("#id_image").set_input_files(photo_file)
    assert upload.locator("#id_children_recognisable").is_checked()
    upload.locator("#id_consent").fill("Parents signed the school's photo form")
    upload.locator("button[type=submit]").click()
    told(page, "The photo was added.")
    assert page.locator("[data-photos]").get_attribute("data-photos") == "2"
    assert page.locator("[data-children-photo]").count() == 1
    fits(page, "photos page")
    children = ActivityPhoto.objects.get(children_recognisable=True)
    assert children.consent == "Parents signed the school's photo form"
    look_at(page, officer, {
        "photos": f"/prevention/{session.pk}/photos/",
        "photo_delete": f"/prevention/{session.pk}/photos/{children.pk}/delete/",
        "activity": f"/prevention/{session.pk}/",
    })  # fmt: skip
    # The provincial committee sees the session and its other photo, never the children's.
    log_in(page, world.users["pcct"])
    page.goto(f"/prevention/{session.pk}/")
    assert page.locator("[data-photos-link]").get_attribute("data-photo-count") == "1"
    page.click("[data-photos-link]")
    assert page.locator("[data-photo]").count() == 1
    assert page.locator("[data-children-photo]").count() == 0
    assert "Peer leaders" not in page.locator("main").inner_text()
    assert page.locator("[data-photo-upload]").count() == 0  # not theirs to change
    base = f"/prevention/{session.pk}/photos/{children.pk}"
    assert page.request.get(f"{base}/").status == 404
    assert page.request.get(f"{base}/delete/").status == 404
