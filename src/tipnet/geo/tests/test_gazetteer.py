from __future__ import annotations

from tipnet.geo.gazetteer import load_gazetteer
from tipnet.geo.models import Area, AreaLevel, Country


def test_it_loads_every_official_area_and_country(db):
    load_gazetteer(force=True)
    counts = {level: Area.objects.filter(level=level).count() for level in AreaLevel}
    assert counts == {
        AreaLevel.PROVINCE: 25,
        AreaLevel.DISTRICT: 210,
        AreaLevel.COMMUNE: 1661,
        AreaLevel.VILLAGE: 14576,
    }
    assert Country.objects.count() == 249
    assert Country.objects.get(code="TH").name_km == "ថៃ"
    assert Country.objects.get(code="KH").name_en == "Cambodia"


def test_it_is_idempotent(db):
    first = load_gazetteer(force=True)
    again = load_gazetteer()
    assert again.skipped and again.areas == first.areas
    forced = load_gazetteer(force=True)
    assert not forced.skipped
    assert Area.objects.count() == first.areas


def test_it_nests_areas_by_their_real_parents(db):
    load_gazetteer(force=True)
    poipet = Area.objects.get(code="011002")
    assert poipet.name_en == "Paoy Paet" and poipet.name_km == "ប៉ោយប៉ែត"
    assert poipet.path == "01.0110.011002"
    assert [a.code for a in poipet.ancestors()] == ["01", "0110"]
    # A village whose code points at another commune hangs under the commune that lists it.
    kaoh_thum = Area.objects.get(official_code="02140401", name_en="Kaoh Thum")
    assert kaoh_thum.name_en == "Kaoh Thum" and kaoh_thum.parent_id == "021405"
    # Villages whose commune is missing from the commune list hang under their district.
    assert (
        Area.objects.filter(level=AreaLevel.VILLAGE, parent__level=AreaLevel.DISTRICT).count() == 13
    )
    for area in Area.objects.filter(level=AreaLevel.VILLAGE).select_related("parent")[:500]:
        assert area.path.startswith(area.parent.path + ".")
