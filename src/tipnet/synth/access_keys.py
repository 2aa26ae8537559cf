"""The access keys of the generated people (:mod:`tipnet.people.keys`), computed from the
rows of a chunk before they are written: every person of a chunk is in cases and protection
cases of that chunk only, as generated (a transfer's new owner and home included).
``--check`` compares them with what ``people.keys`` computes from the database."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from tipnet.accounts.access import Resource, Sensitivity
from tipnet.accounts.access_keys import Facts
from tipnet.people import keys


def _at(kind: str) -> dict[str, int]:
    from tipnet.synth.generate import TABLES

    return {name: i for i, name in enumerate(TABLES[kind][1])}


def _receivers_counted() -> bool:
    return any(p.resource == Resource.PROTECTION and p.extra for p in keys.PATHS)


def with_keys(rows: dict[str, list[tuple[Any, ...]]], paths: dict[str, str]) -> list[tuple]:
    """The person rows of a chunk with their access keys (the last column) filled in."""
    known = {p.resource for p in keys.PATHS}
    # Synthetic people are in no migration record (synth writes no community rows yet).
    if known - {Resource.CASE, Resource.PROTECTION, Resource.MIGRANT}:
        raise RuntimeError(f"synthetic data knows no keys of {known}: add them here")
    c, pc, ref, p = _at("case"), _at("pcase"), _at("referral"), _at("person")
    restricted = Sensitivity.RESTRICTED

    def facts(resource: str, orgs: tuple, place: str | None, sensitivity: str) -> Facts:
        return Facts(
            resource,
            frozenset(o for o in orgs if o is not None),
            paths.get(place) if place else None,
            sensitivity == restricted,
        )

    cases = {
        r[c["id"]]: facts(
            Resource.CASE,
            (r[c["owner_organisation_id"]], r[c["prosecution_organisation_id"]],
             r[c["court_organisation_id"]]),
            r[c["place_id"]], r[c["sensitivity"]],
        )
        for r in rows["case"]
    }  # fmt: skip
    related: dict[int, list[Facts]] = defaultdict(list)
    for link in rows["link"]:
        related[link[2]].append(cases[link[1]])  # (id, case_id, person_id, ...)
    person_of: dict[int, int] = {}
    open_cases: set[int] = set()
    for r in rows.get("pcase", []):
        person_of[r[pc["id"]]] = r[pc["person_id"]]
        related[r[pc["person_id"]]].append(
            facts(Resource.PROTECTION, (r[pc["owner_organisation_id"]],), r[pc["place_id"]],
                  r[pc["sensitivity"]])
        )  # fmt: skip
        if r[pc["sensitivity"]] != restricted:
            open_cases.add(r[pc["id"]])
    more: dict[int, set[str]] = defaultdict(set)
    if _receivers_counted():
        from tipnet.protection.codes import ReferralStatus

        for r in rows.get("referral", []):
            case = r[ref["case_id"]]
            if r[ref["status"]] == ReferralStatus.ACCEPTED and case in open_cases:
                more[person_of[case]].add(f"xa{r[ref['to_organisation_id']]}")
    out = []
    for r in rows["person"]:
        pid = r[p["id"]]
        own = keys.person_facts(r[p["owner_organisation_id"]],
                                paths.get(r[p["place_id"]]) if r[p["place_id"]] else None,
                                r[p["sensitivity"]])  # fmt: skip
        out.append((*r, keys.keys_for(own, related[pid], more[pid])))
    return out
