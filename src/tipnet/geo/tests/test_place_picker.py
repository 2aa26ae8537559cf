from __future__ import annotations

from django import forms
from django.utils import translation

from tipnet.geo.widgets import Location, LocationField
from tipnet.testing import login


class PlaceForm(forms.Form):
    place = LocationField(label="Place")


def test_it_searches_places_in_khmer_and_english(cast, client):
    login(client, cast.users["police"])
    english = client.get("/geo/search/", {"q": "paoy paet"}).json()["areas"]
    assert english[0]["code"] == "0110" and "Banteay Meanchey" in english[0]["path"]
    khmer = client.get("/geo/search/", {"q": "ប៉ោយប៉ែត"}).json()["areas"]
    assert {a["code"] for a in khmer} >= {"0110", "011002"}
    # words can mix scripts and levels: a commune inside a district
    mixed = client.get("/geo/search/", {"q": "ou chrov ប៉ោយប៉ែត"}).json()["areas"]
    assert mixed[0]["code"] == "011004"
    assert client.get("/geo/search/", {"q": "x"}).json()["areas"] == []


def test_it_finds_places_under_the_names_people_write(cast, client):
    """Romanisations fold as people's names do, and well-known other names are data."""
    login(client, cast.users["police"])

    def codes(q: str) -> list[str]:
        return [a["code"] for a in client.get("/geo/search/", {"q": q}).json()["areas"]]

    assert codes("Poipet")[:2] == ["0110", "011002"]  # the town first, then its commune
    assert "0110" in codes("poi pet") and "0110" in codes("POIPET")
    assert codes("Sisophon")[0] == "0106"  # Serei Saophoan: only the data knows this one
    assert codes("Bat Dambang")[0] == "02"
    assert codes("Paoy Pet")[0] == "0110"  # ae and e fold
    label = client.get("/geo/search/", {"q": "Poipet"}).json()["areas"][0]["label"]
    assert "Poipet" in label and "ប៉ោយប៉ែត" in label


def test_it_lists_the_children_of_an_area(cast, client):
    login(client, cast.users["police"])
    communes = client.get("/geo/areas/", {"parent": "0110"}).json()["areas"]
    assert "011002" in {a["code"] for a in communes}
    assert all(a["level"] == 3 for a in communes)


def test_it_needs_a_login(db, client):
    assert client.get("/geo/search/", {"q": "paoy"}).status_code == 302


def test_it_takes_the_deepest_level_chosen(gazetteer):
    form = PlaceForm({"place_province": "01", "place_district": "0110", "place_commune": "011002"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["place"].area.code == "011002"
    assert form.cleaned_data["place"].country.code == "KH"


def test_it_refuses_levels_that_do_not_belong_together(gazetteer):
    form = PlaceForm({"place_province": "02", "place_district": "0110"})
    with translation.override("en"):
        assert not form.is_valid()
        assert "do not belong together" in str(form.errors)


def test_it_refuses_an_unknown_code(gazetteer):
    assert not PlaceForm({"place_province": "99"}).is_valid()
    assert not PlaceForm({"place_country": "ZZ"}).is_valid()


def test_it_takes_a_foreign_country_without_an_area(gazetteer):
    form = PlaceForm({"place_country": "TH"})
    assert form.is_valid()
    assert (
        form.cleaned_data["place"].country.code == "TH" and form.cleaned_data["place"].area is None
    )
    assert not PlaceForm({"place_country": "TH", "place_province": "01"}).is_valid()


def test_it_renders_the_chain_of_a_chosen_place(gazetteer):
    from tipnet.geo.models import Area, Country

    chosen = Location(Country.objects.get(code="KH"), Area.objects.get(code="011002"))
    html = PlaceForm(initial={"place": chosen}).as_p()
    assert 'value="011002" selected' in html and 'value="0110" selected' in html
