"""Forms that ask what the record has (issue 11, "Forms"): a person's fields of their role in
the case, a step's fields of its kind, officers by their names, a protection case that asks the
home place and the sensitivity once."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.utils import translation

from tipnet.cases.forms import CaseFilterForm, CaseForm, CasePersonForm, StepForm
from tipnet.cases.models import CasePerson, ProceedingStep
from tipnet.people.models import Person
from tipnet.protection.forms import CaseForm as ProtectionCaseForm
from tipnet.protection.models import ProtectionCase
from tipnet.testing import login, make_user

pytestmark = pytest.mark.django_db


def _en(client: Any) -> Any:
    client.cookies["tipnet_language"] = "en"
    return client


def _field_ids(html: str) -> set[str]:
    return set(re.findall(r'\bid="(id_[^"]+)"', html))


def test_it_adds_a_suspect_without_victim_fields_and_ignores_the_ones_left_filled(world, client):
    login(_en(client), world.cast.users["police"])
    url = f"/cases/{world.case.pk}/persons/add/"
    ouchrov = world.cast.people["bmc_ouchrov"]
    # Without JavaScript the victim's fields stay on the page: what was left in them for a
    # suspect does not count, and nothing is refused for it.
    response = client.post(f"{url}?q=Chan+Thida", {
        "existing": ouchrov.pk, "found": "1", "link-role": "suspect",
        "link-roles_in_process": ["RecruiterOrIntermediary"],
        "link-trafficking_status": "PossibleVictimOfTrafficking", "link-age_when_exploited": "x",
    })  # fmt: skip
    assert response.status_code == 302, response.text[:2000]
    link = CasePerson.objects.get(case=world.case, person=ouchrov)
    assert (link.role, link.roles_in_process) == ("suspect", ["RecruiterOrIntermediary"])
    assert (link.trafficking_status, link.status_decided_by, link.age_when_exploited) == (
        "", "", None
    )  # fmt: skip


def test_it_adds_someone_new_as_a_suspect_with_no_victim_fields(world, client):
    login(_en(client), world.cast.users["police"])
    before = Person.objects.count()
    response = client.post(f"/cases/{world.case.pk}/persons/add/", {
        "link-role": "suspect", "link-status_decided_by": "Police",
        "new-name_latin": "Nhem Rithy", "new-name_km": "ញ៉ែម រិទ្ធី", "new-gender": "Masculine",
        "new-sensitivity": "standard", "new-home_country": "KH", "confirm_new": "1",
    })  # fmt: skip
    assert response.status_code == 302, response.text[:2000]
    assert "Only for victims" not in response.text
    assert Person.objects.count() == before + 1
    link = CasePerson.objects.get(case=world.case, person__name_latin="Nhem Rithy")
    assert (link.role, link.status_decided_by) == ("suspect", "")


def test_it_still_asks_a_victim_who_decided_the_status(world, client):
    login(_en(client), world.cast.users["police"])
    response = client.post(f"/cases/{world.case.pk}/persons/add/?q=Chan+Thida", {
        "existing": world.cast.people["bmc_ouchrov"].pk, "found": "1", "link-role": "victim",
        "link-trafficking_status": "PossibleVictimOfTrafficking", "link-age_when_exploited": "15",
    })  # fmt: skip
    assert response.status_code == 200
    # The error, and what was entered, in the form above the people found.
    form = response.text.split("data-found-form", 1)[1].split("</form>", 1)[0]
    assert "Say who decided the trafficking status." in form
    assert re.search(r'name="link-age_when_exploited" value="15"', form)
    assert not CasePerson.objects.filter(person=world.cast.people["bmc_ouchrov"]).exists()


def test_it_marks_each_roles_fields_for_the_page_to_show_with_the_role(world, client):
    login(_en(client), world.cast.users["police"])
    page = client.get(f"/cases/{world.case.pk}/persons/add/", {"q": "Chan Thida"}).text
    assert 'src="/static/tipnet/shown-when.js"' in page or "tipnet/shown-when" in page
    for name in ("trafficking_status", "status_decided_by", "age_when_exploited"):
        assert re.search(
            rf'name="link-{name}"[^>]*data-shown-when="link-role=victim"', page
        ) or re.search(rf'data-shown-when="link-role=victim"[^>]*name="link-{name}"', page), name
    assert 'data-shown-when="link-role=suspect"' in page
    # The people found share one form, the role asked once above them, each with a button.
    assert page.count('id="found-link-role"') == 1 and page.count('id="id_link-role"') == 1
    found = world.cast.people["bmc_ouchrov"].pk
    assert f'name="existing" value="{found}"' in page
    with translation.override("en"):
        form = CasePersonForm(prefix="link")
        assert str(form["roles_in_process"].help_text) == "For a suspect."


def test_it_asks_an_arrest_nothing_of_a_court(world, client):
    login(_en(client), world.cast.users["police"])
    url = f"/cases/{world.case.pk}/suspects/{world.suspect_a.pk}/step/"
    page = client.get(url, {"kind": "arrest"}).text
    ids = _field_ids(page)
    assert "id_court_level" not in ids and "id_outcome" not in ids
    assert {"id_date", "id_organisation", "id_officer"} <= ids
    assert "Record a step: Arrested" in page and "Police officer" in page
    assert str(world.court) not in page  # only police units may be named for an arrest
    response = client.post(f"{url}?kind=arrest", {
        "kind": "arrest", "date": "2026-01-12", "court_level": "appeal", "outcome": "upheld",
        "organisation": world.cast.orgs["police_bmc"].pk,
    })  # fmt: skip
    assert response.status_code == 302, response.text[:2000]
    step = ProceedingStep.objects.get(suspect=world.suspect_a)
    assert (step.kind, step.court_level, step.outcome) == ("arrest", "", "")


def test_it_asks_a_decided_appeal_its_court_and_outcome(world, client):
    with translation.override("en"):
        form = StepForm(kind="appeal_decided")
        assert {"court_level", "outcome"} <= set(form.fields)
        assert form.fields["organisation"].label == "Court"
        assert form.fields["officer"].label == "Judge"
        bad = StepForm({"kind": "appeal_decided", "date": "2026-05-02", "place_country": "KH"},
                       kind="appeal_decided")  # fmt: skip
        assert not bad.is_valid()
        assert bad.errors["outcome"] == ["Give the outcome of the appeal."]


def test_it_ignores_the_court_of_an_arrest_chosen_without_a_kind_given(world, client):
    """Reached without a kind (no JavaScript to hide them), the court fields are shown with a
    note and ignored for a step that has none."""
    login(_en(client), world.cast.users["police"])
    url = f"/cases/{world.case.pk}/suspects/{world.suspect_a.pk}/step/"
    page = client.get(url).text
    assert 'data-shown-when="kind=trial appeal appeal_decided final"' in page
    assert "For a trial, an appeal or a final judgment." in page
    response = client.post(url, {"kind": "arrest", "date": "2026-01-12", "court_level": "appeal"})
    assert response.status_code == 302, response.text[:2000]
    assert ProceedingStep.objects.get(suspect=world.suspect_a).court_level == ""


def test_it_lists_officers_and_case_workers_by_their_names(world, client):
    police = world.cast.users["police"]
    police.first_name, police.last_name, police.full_name_km = "Sokha", "Chea", "ជា សុខា"
    police.save()
    make_user("u_mao", ["police_investigator"], world.cast.orgs["police_bmc"], first_name="Dara",
              last_name="Mao")  # fmt: skip
    with translation.override("en"):
        labels = [label for _, label in CaseForm(user=police).fields["lead_officer"].choices]
        assert "Sokha Chea" in labels and "Dara Mao" in labels
        assert police.username not in labels and "u_mao" not in labels
        filters = CaseFilterForm(user=police).fields["officer"].choices
        assert "Sokha Chea" in [label for _, label in filters]
    with translation.override("km"):
        labels = [label for _, label in CaseForm(user=police).fields["lead_officer"].choices]
        assert "ជា សុខា" in labels
    focal = world.cast.users["focalpoint"]
    focal.first_name, focal.last_name = "Srey", "Lim"
    focal.save()
    with translation.override("en"):
        workers = ProtectionCaseForm(user=focal).fields["case_worker"].choices
        assert "Srey Lim" in [label for _, label in workers]
    # On the page too, in the select itself.
    login(_en(client), police)
    page = client.get("/cases/new/").text
    assert re.search(rf'<option value="{police.pk}"[^>]*>Sokha Chea</option>', page)


def test_it_asks_a_new_persons_home_and_sensitivity_once_when_opening_a_protection_case(
    world, client
):
    focal = world.cast.users["focalpoint"]
    login(_en(client), focal)
    page = client.get("/protection/new/").text
    ids = _field_ids(page)
    assert "id_new-home_province" not in ids and "id_new-sensitivity" not in ids
    assert "id_home_province" in ids and "id_sensitivity" in ids
    response = client.post("/protection/new/", {
        "new-name_km": "ស៊ុន ស្រីពៅ", "new-name_latin": "Sun Sreypov", "new-gender": "Feminine",
        "new-date_of_birth": "2013-04-02", "category": "KH_ChildAtRisk", "source": "community",
        "opened_on": date.today().isoformat(), "case_worker": focal.pk,
        "sensitivity": "restricted", "home_province": "01", "home_district": "0110",
        "home_commune": "011002",
    })  # fmt: skip
    assert response.status_code == 302, response.text[:3000]
    case = ProtectionCase.objects.get()
    person = case.person
    assert (person.place_id, person.country_id) == ("011002", "KH")
    assert (person.sensitivity, case.sensitivity) == ("restricted", "restricted")


def test_it_clears_the_victims_fields_when_a_victim_is_corrected_to_a_witness(world, client):
    login(_en(client), world.cast.users["police"])
    link = world.victim
    url = f"/cases/{world.case.pk}/persons/{link.pk}/correct/"
    assert 'data-shown-when="role=victim"' in client.get(url).text
    response = client.post(url, {
        "role": "witness", "trafficking_status": "ActualVictimOfTrafficking",
        "status_decided_by": "Police", "version": link.version, "reason": "Not a victim: saw it.",
    })  # fmt: skip
    assert response.status_code == 302, response.text[:2000]
    corrected = CasePerson.objects.get(pk=link.pk)
    assert (corrected.role, corrected.trafficking_status, corrected.status_decided_by) == (
        "witness", "", ""
    )  # fmt: skip
