"""Place names folded as people's names are folded (``people/names.py``), so that "Poipet"
finds Paoy Paet (ប៉ោយប៉ែត) and "Stung Treng" finds Stueng Traeng: the romanisations of the
official gazetteer differ from the ones people write. A few more vowel spellings fold for places
(ae/e, ue/u); names no folding can reach (Sihanoukville for Preah Sihanouk, Sisophon for
Serei Saophoan) are kept as data, in ``data/other_names.csv``, loaded with the gazetteer."""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

from tipnet.people.names import words

PLACE_VARIANTS = [("ae", "e"), ("ue", "u")]


def place_words(text: str) -> list[str]:
    out = []
    for word in words(text):
        for old, new in PLACE_VARIANTS:
            word = word.replace(old, new)
        out.append(word)
    return out


def place_key(*names: str) -> str:
    """The folded words of each name and each name's words run together, space-separated
    (a query word is found as a substring, so "meanc" finds Banteay Meanchey)."""
    seen: list[str] = []
    for name in names:
        parts = place_words(name)
        for w in [*parts, "".join(parts)] if len(parts) > 1 else parts:
            if w not in seen:
                seen.append(w)
    return " ".join(seen)


@cache
def other_names() -> dict[str, str]:
    """Official code -> well-known other names, "|"-separated."""
    data = resources.files("tipnet.geo").joinpath("data", "other_names.csv")
    with data.open(encoding="utf-8") as fh:
        return {row["code"]: row["other_names"] for row in csv.DictReader(fh)}


def search_text(km: str, en: str, other: str, parent_text: str = "") -> str:
    """What the place search looks in: the area's names in both scripts and its other names,
    folded, then its parent's (so "Paoy Paet Banteay" finds the commune in its province)."""
    own = place_key(km, en, *[n for n in other.split("|") if n])
    return (f"{own} {parent_text}" if parent_text else own)[:600]
