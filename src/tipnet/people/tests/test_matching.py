"""The likely-duplicate warning: why each candidate is offered, best first, and no unrelated
person (a woman born 2007 for a 35-year-old man) unless the name and document match strongly."""

from __future__ import annotations

from datetime import date

from django.utils.translation import override

from tipnet.core.actor import Actor
from tipnet.people.documents import add_document
from tipnet.people.matching import likely_matches
from tipnet.people.models import Person
from tipnet.testing import login, make_person

BORN = date(1991, 6, 2)


def _world(cast):
    org = cast.orgs["police_bmc"]
    people = {
        "document": make_person(org, "011002", name_latin="Mao Rith", name_km=""),
        "name_born": make_person(org, "011002", name_latin="Sok Dara", name_km="",
                                 gender="Masculine", date_of_birth=BORN),
        "name": make_person(org, "011002", name_latin="Sokh Darra", name_km="",
                            gender="Masculine"),
        "word_born": make_person(org, "011002", name_latin="Dara Chan", name_km="",
                                 date_of_birth=BORN),
        "woman_2007": make_person(org, "011002", name_latin="Sok Dara", name_km="",
                                  gender="Feminine", date_of_birth=date(2007, 3, 14)),
        "unrelated": make_person(org, "011002", name_latin="Ly Mary", name_km=""),
    }  # fmt: skip
    add_document(Actor(user=cast.users["police"]), people["document"], {
        "kind": "passport", "number": "N5550001",
    })  # fmt: skip
    return people


@override("en")
def test_it_ranks_candidates_by_why_they_are_offered(cast):
    people = _world(cast)
    found = likely_matches(
        Person.objects.all(), "", "Sok Dara", BORN, "n-555-0001",
        gender="Masculine", estimated_age=None,
    )  # fmt: skip
    order = [p.pk for p in found]
    expected = [people[k].pk for k in ("document", "name_born", "name", "word_born")]
    assert order == expected
    reasons = {p.pk: p.likely.reasons for p in found}
    assert reasons[people["document"].pk] == ["Same document number (Passport)"]
    assert reasons[people["name_born"].pk] == [
        "Name words in common: Sok, Dara", "Same date of birth"
    ]  # fmt: skip
    assert reasons[people["name"].pk] == ["Name words in common: Sok, Dara"]  # Sokh Darra
    assert reasons[people["word_born"].pk] == [
        "Name words in common: Dara", "Same date of birth"
    ]  # fmt: skip


def test_it_does_not_offer_a_woman_born_2007_for_a_35_year_old_man(cast):
    people = _world(cast)
    found = likely_matches(
        Person.objects.all(), "", "Sok Dara", gender="Masculine", estimated_age=35
    )
    assert people["woman_2007"].pk not in {p.pk for p in found}
    assert people["name"].pk in {p.pk for p in found}  # sex known, age not: offered
    # Not knowing the new person's sex or age, she is offered.
    assert people["woman_2007"].pk in {
        p.pk for p in likely_matches(Person.objects.all(), "", "Sok Dara")
    }


@override("en")
def test_it_offers_a_strong_match_despite_a_difference_and_says_so(cast):
    people = _world(cast)
    found = likely_matches(
        Person.objects.all(), "", "Sok Dara", date(2007, 3, 14), gender="Masculine"
    )
    woman = next(p for p in found if p.pk == people["woman_2007"].pk)
    assert woman.likely.reasons == ["Name words in common: Sok, Dara", "Same date of birth"]
    assert woman.likely.conflicts == ["Recorded as: Female"]
    by_document = likely_matches(
        Person.objects.all(), "", "Keo Vuthy", None, "N5550001", gender="Feminine",
        estimated_age=70,
    )  # fmt: skip
    assert [p.pk for p in by_document] == [people["document"].pk]


def test_it_shows_the_reasons_and_someone_new_first_on_both_forms(cast, client):
    _world(cast)
    login(client, cast.users["police"])
    new = {"name_latin": "Sok Dara", "gender": "Masculine", "estimated_age": "35",
           "home_country": "TH", "sensitivity": "standard"}  # fmt: skip
    page = client.post("/people/new/", new).text
    notice = page[page.index("data-likely-matches") :]
    assert notice.index("data-confirm-new") < notice.index("data-match=")
    assert "Name words in common: Sok, Dara" in notice
    assert "2007-03-14" not in notice  # the woman born 2007 is not offered
    assert client.post("/people/new/", {**new, "confirm_new": "1"}).status_code == 302


def test_it_names_only_people_the_user_identifies(cast, client):
    make_person(cast.orgs["police_bmc"], "011002", name_latin="Zqx Hidden", name_km="")
    login(client, cast.users["police_other"])  # Battambang: may not identify her
    new = {"name_latin": "Zqx Hidden", "gender": "Feminine", "home_country": "TH",
           "sensitivity": "standard"}  # fmt: skip
    response = client.post("/people/new/", new)
    assert response.status_code == 302  # no warning: nobody the user may see
