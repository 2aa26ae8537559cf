"""Synthetic data for development and benchmarks: organisations and users per province, cases
with victims and suspects, proceedings at every stage, charges and verdicts.

Everything is generated in Python from one seeded :class:`random.Random` and written in bulk:
PostgreSQL ``COPY`` in chunks, plain multi-row inserts elsewhere (SQLite). Every record is
fictional and marked ``is_synthetic``. The data respects the rules of the real application:
case numbers come from (and advance) :class:`CaseNumberCounter`; each suspect's steps are a
sequence that :func:`tipnet.cases.stages.check_step` accepts, and the stages stored on
suspects and cases are the ones :func:`stage_of` and :func:`furthest` compute from them.

About 40% of victims also get a protection case (:mod:`tipnet.synth.protection`), following
the rules of :mod:`tipnet.protection.rules`.
"""

from __future__ import annotations

import bisect
import queue
import random
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from tipnet.accounts.models import Organisation, User
from tipnet.accounts.roles import OrganisationKind, RoleCode
from tipnet.cases import codes
from tipnet.cases.models import Case, CaseNumberCounter, CasePerson, Charge, Offence, ProceedingStep
from tipnet.cases.stages import (
    CHARGEABLE,
    NEXT_STEPS,
    AppealOutcome,
    CourtLevel,
    ProceedingKind,
    Stage,
    Verdict,
    furthest,
    stage_of,
)
from tipnet.cases.summary import summarise, summary_problems
from tipnet.core.bulk import copy_rows
from tipnet.core.encryption import encrypt
from tipnet.geo.models import Area, AreaLevel, Country
from tipnet.people.models import Gender, Person
from tipnet.people.names import name_key
from tipnet.synth import access_keys, protection
from tipnet.synth.names import DEFAULT_POPULATION, FAMILY_NAMES, GIVEN_NAMES, PROVINCE_POPULATION

K = ProceedingKind
FIRST_YEAR = 2000
CHUNK = 20_000  # cases per transaction
BULK = 100_000  # from this many cases on, secondary indexes are built after the load

# Weighted choices: (value, weight).
VICTIMS_PER_CASE = [(1, 70), (2, 18), (3, 8), (4, 4)]
SUSPECTS_PER_CASE = [(0, 20), (1, 55), (2, 18), (3, 7)]
SOURCES = [
    (codes.CaseSource.POLICE_OPERATION, 35), (codes.CaseSource.HOTLINE, 20),
    (codes.CaseSource.COMMUNITY_ALERT, 12), (codes.CaseSource.NGO_REFERRAL, 15),
    (codes.CaseSource.BORDER, 12), (codes.CaseSource.COURT, 3), (codes.CaseSource.OTHER, 3),
]  # fmt: skip
# (exploitation type, industries, title in English)
EXPLOITATION = [
    ("SexualExploitation", ["R_KH_EntertainmentVenue", "I_AccommodationAndFoodServiceActivities"],
     "Sexual exploitation", 30),
    ("ForcedLabour", ["A_KH_FishingAtSea", "C_KH_BrickKiln", "F_Construction",
                      "A_AgricultureForestryAndFishing", "C_Manufacturing"], "Forced labour", 28),
    ("KH_ForcedCriminalityScam", ["J_KH_OnlineScamCompound"], "Scam compound", 14),
    ("ForcedMarriage", [""], "Forced marriage", 10),
    ("ChildLabour", ["G_WholesaleAndRetailTradeRepairOfMotorVehicles", "C_KH_BrickKiln"],
     "Child labour", 6),
    ("ForcedBegging", [""], "Forced begging", 4),
    ("Servitude", ["T_ActivitiesOfHouseholdsAsEmployers"], "Domestic servitude", 5),
    ("Surrogacy", [""], "Surrogacy", 2),
    ("OrganRemoval", [""], "Organ removal", 1),
]  # fmt: skip
DESTINATIONS = ["Thailand", "Malaysia", "China", "Viet Nam", "Myanmar", "Laos", "Indonesia",
                "Phnom Penh", "Sihanoukville", "Poipet", "Bavet"]  # fmt: skip
CONTROL = [c.value for c in codes.MethodOfControl]
RECRUITMENT = [c.value for c in codes.RecruitmentMethod]
PLATFORMS = [c.value for c in codes.Platform]
ROLES_IN_PROCESS = [c.value for c in codes.RoleInProcess]
FIRST_STEP = [(K.INVESTIGATION, 50), (K.ARREST, 35), (K.WARRANT, 15)]
# From each stage: (chance of stopping there, weighted next steps). The chances give a stage
# mix close to the courts': most files stall early, a minority reaches a final judgment.
WALK: dict[str, tuple[float, list[tuple[str, int]]]] = {
    Stage.INVESTIGATION: (0.35, [(K.ARREST, 50), (K.WARRANT, 15), (K.FORWARDED, 35)]),
    Stage.AT_LARGE: (0.40, [(K.ARREST, 40), (K.FORWARDED, 60)]),
    Stage.ARRESTED: (0.10, [(K.FORWARDED, 1)]),
    Stage.PROSECUTION: (0.15, [(K.JUDICIAL_INVESTIGATION, 95), (K.ARREST, 5)]),
    Stage.JUDICIAL_INVESTIGATION: (0.2, [(K.INDICTED, 75), (K.DISMISSED, 20), (K.ARREST, 5)]),
    Stage.INDICTED: (0.15, [(K.TRIAL, 95), (K.ARREST, 5)]),
    Stage.TRIAL: (0.15, [(K.VERDICT, 1)]),
    Stage.VERDICT: (0.15, [(K.APPEAL, 25), (K.FINAL, 60)]),
    Stage.APPEAL: (0.30, [(K.APPEAL_DECIDED, 1)]),
}
# Days between two steps (low, high).
DELAY = {
    K.INVESTIGATION: (0, 10), K.ARREST: (0, 60), K.WARRANT: (3, 60), K.FORWARDED: (2, 30),
    K.JUDICIAL_INVESTIGATION: (5, 90), K.INDICTED: (60, 400), K.DISMISSED: (60, 400),
    K.TRIAL: (30, 300), K.VERDICT: (0, 45), K.APPEAL: (10, 60), K.APPEAL_DECIDED: (90, 500),
    K.FINAL: (30, 90),
}  # fmt: skip
VERDICTS = [(Verdict.CONVICTED, 70), (Verdict.CONVICTED_IN_ABSENTIA, 8),
            (Verdict.ACQUITTED, 15), (Verdict.DISMISSED, 7)]  # fmt: skip
NATIONALITIES = [("KH", 90), ("TH", 3), ("VN", 3), ("CN", 3), ("MY", 1)]


def weighted(pairs: Sequence[tuple[Any, int | float]]) -> Callable[[random.Random], Any]:
    """A fast sampler of ``pairs`` (value, weight)."""
    values = [v for v, _ in pairs]
    cum: list[float] = []
    total = 0.0
    for _, w in pairs:
        total += w
        cum.append(total)

    def pick(rng: random.Random) -> Any:
        return values[bisect.bisect_right(cum, rng.random() * total)]

    return pick


pick_victims = weighted(VICTIMS_PER_CASE)
pick_suspects = weighted(SUSPECTS_PER_CASE)
pick_source = weighted(SOURCES)
pick_exploitation = weighted([((e, i, t), w) for e, i, t, w in EXPLOITATION])
pick_first = weighted(FIRST_STEP)
pick_verdict = weighted(VERDICTS)
pick_walk = {stage: (stop, weighted(options)) for stage, (stop, options) in WALK.items()}


@dataclass
class Province:
    area: Area
    weight: int
    places: list[str]  # districts and the province: where cases are registered
    homes: list[str]  # communes: where people live
    police: int = 0
    prosecution: int = 0
    court: int = 0
    ngo: int = 0
    pcct: int = 0
    officers: list[int] = field(default_factory=list)
    caseworkers: list[int] = field(default_factory=list)


@dataclass
class World:
    provinces: list[Province]
    national_police: int
    appeal_court: int
    offences: list[int]
    countries: set[str]
    users: dict[str, int]


@dataclass
class Result:
    cases: int = 0
    persons: int = 0
    links: int = 0
    steps: int = 0
    charges: int = 0
    organisations: int = 0
    users: int = 0
    seconds: float = 0.0
    stages: dict[str, int] = field(default_factory=dict)
    protection_cases: int = 0


# ---------------------------------------------------------------------------------------------
# Organisations and users (a few hundred rows: the ORM is fine).


def _org(name_en: str, name_km: str, kind: str, coverage: Area | None) -> tuple[int, bool]:
    org, created = Organisation.objects.get_or_create(
        name_en=name_en,
        kind=kind,
        coverage=coverage,
        is_synthetic=True,
        defaults={"name_km": name_km},
    )
    return org.pk, created


def _user(
    username: str,
    role: str,
    org_id: int,
    jurisdiction: Area | None,
    password_hash: str,
    names: tuple[str, str],
    result: Result,
) -> int:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tipnet.accounts.access import TWO_FACTOR_ROLES

    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(
            username=username,
            organisation_id=org_id,
            jurisdiction=jurisdiction,
            first_name=names[1].split(" ", 1)[-1],
            last_name=names[1].split(" ", 1)[0],
            full_name_km=names[0],
            language="km",
            is_synthetic=True,
            password=password_hash,
        )
        user.save()
        user.roles.set([role])  # type: ignore[list-item]  # the stubs take an int pk; Role's is its code (a str)
        if role in TWO_FACTOR_ROLES:
            TOTPDevice.objects.create(user=user, name="synthetic", confirmed=True)
        result.users += 1
    elif password_hash and not password_hash.startswith("!"):
        User.objects.filter(pk=user.pk).update(password=password_hash)
    return user.pk


def _person_name(rng: random.Random) -> tuple[str, str]:
    fam_km, fam_lat = rng.choice(FAMILY_NAMES)
    giv_km, giv_lat, _ = rng.choice(GIVEN_NAMES)
    return f"{fam_km} {giv_km}", f"{rng.choice(fam_lat)} {rng.choice(giv_lat)}"


def build_world(rng: random.Random, password: str | None, result: Result) -> World:
    """The synthetic organisations and users (reused by later runs), and the reference data."""
    password_hash = make_password(password) if password else make_password(None)
    provinces = list(Area.objects.filter(level=AreaLevel.PROVINCE).order_by("code"))
    if not provinces:
        raise RuntimeError("no provinces: load the gazetteer first (tipnet load_gazetteer)")
    below: dict[str, list[tuple[str, int]]] = {}
    for code, path, level in Area.objects.filter(
        level__in=[AreaLevel.DISTRICT, AreaLevel.COMMUNE]
    ).values_list("code", "path", "level"):
        below.setdefault(path.split(".")[0], []).append((code, level))
    created = 0

    def org(name_en: str, name_km: str, kind: str, coverage: Area | None) -> int:
        nonlocal created
        pk, new = _org(name_en, name_km, kind, coverage)
        created += new
        return pk

    national_police = org(
        "Synthetic Anti-Human Trafficking and Juvenile Protection Department",
        "នាយកដ្ឋានប្រឆាំងការជួញដូរមនុស្ស (សំយោគ)",
        OrganisationKind.POLICE_UNIT,
        None,
    )
    appeal_court = org(
        "Synthetic Court of Appeal", "សាលាឧទ្ធរណ៍ (សំយោគ)", OrganisationKind.COURT, None
    )
    ncct = org(
        "Synthetic NCCT secretariat",
        "លេខាធិការដ្ឋាន គ.ជ.ប.ជ (សំយោគ)",
        OrganisationKind.NATIONAL_COMMITTEE,
        None,
    )
    users = {
        "analyst": _user("synth_analyst", RoleCode.NATIONAL_ANALYST, ncct, None, password_hash,
                         _person_name(rng), result),
        "auditor": _user("synth_auditor", RoleCode.AUDITOR, ncct, None, password_hash,
                         _person_name(rng), result),
        "national_police": _user("synth_national_police", RoleCode.POLICE_INVESTIGATOR,
                                 national_police, None, password_hash, _person_name(rng), result),
    }  # fmt: skip
    result_provinces = []
    for area in provinces:
        p = area.code
        name = area.name_en
        kids = below.get(p, [])
        districts = [c for c, level in kids if level == AreaLevel.DISTRICT]
        communes = [c for c, level in kids if level == AreaLevel.COMMUNE]
        prov = Province(
            area=area,
            weight=PROVINCE_POPULATION.get(area.official_code or p, DEFAULT_POPULATION),
            places=[p, *districts, *districts] if districts else [p],
            homes=communes or districts or [p],
        )
        km = area.name_km
        prov.police = org(f"Synthetic {name} provincial police", f"ស្នងការដ្ឋាននគរបាល{km} (សំយោគ)",
                          OrganisationKind.POLICE_UNIT, area)  # fmt: skip
        prov.prosecution = org(f"Synthetic {name} prosecutor's office",
                               f"អយ្យការអមសាលាដំបូង{km} (សំយោគ)",
                               OrganisationKind.PROSECUTION, area)  # fmt: skip
        prov.court = org(f"Synthetic {name} court of first instance", f"សាលាដំបូង{km} (សំយោគ)",
                         OrganisationKind.COURT, area)  # fmt: skip
        prov.ngo = org(f"Synthetic {name} shelter NGO", f"អង្គការជំរក{km} (សំយោគ)",
                       OrganisationKind.NGO, area)  # fmt: skip
        prov.pcct = org(f"Synthetic {name} PCCT", f"គ.ក.ប.ជ ខេត្ត{km} (សំយោគ)",
                        OrganisationKind.PROVINCIAL_COMMITTEE, area)  # fmt: skip
        for i in (1, 2, 3):
            prov.officers.append(
                _user(
                    f"synth_{p}_police{i}",
                    RoleCode.POLICE_INVESTIGATOR,
                    prov.police,
                    area,
                    password_hash,
                    _person_name(rng),
                    result,
                )
            )
        prov.caseworkers.append(
            _user(
                f"synth_{p}_social",
                RoleCode.SOCIAL_WORKER,
                prov.ngo,
                area,
                password_hash,
                _person_name(rng),
                result,
            )
        )
        users[f"{p}_police"] = prov.officers[0]
        users[f"{p}_prosecutor"] = _user(
            f"synth_{p}_prosecutor", RoleCode.PROSECUTOR, prov.prosecution, area, password_hash,
            _person_name(rng), result,
        )  # fmt: skip
        users[f"{p}_pcct"] = _user(
            f"synth_{p}_pcct", RoleCode.PROVINCIAL_COMMITTEE, prov.pcct, area, password_hash,
            _person_name(rng), result,
        )  # fmt: skip
        result_provinces.append(prov)
    result.organisations = created
    offences = list(
        Offence.objects.filter(is_active=True).order_by("law", "id").values_list("pk", flat=True)
    )
    if not offences:
        raise RuntimeError("no offences: run the migrations first")
    return World(
        provinces=result_provinces,
        national_police=national_police,
        appeal_court=appeal_court,
        offences=offences,
        countries=set(Country.objects.values_list("code", flat=True)),
        users=users,
    )


# ---------------------------------------------------------------------------------------------
# Writing rows.

TABLES: dict[str, tuple[str, list[str]]] = {
    "person": (Person._meta.db_table, [
        "id", "name_km", "name_latin", "aliases", "name_key", "gender", "date_of_birth",
        "estimated_age", "nationality_id", "other_nationalities", "languages", "country_id",
        "place_id", "phone", "notes",
        "photo_type", "owner_organisation_id", "sensitivity", "version", "created_by_id",
        "created_at", "updated_at", "is_synthetic", "access_keys"]),
    "case": (Case._meta.db_table, [
        "id", "number", "title", "source", "source_reference", "reporting_organisation_id",
        "owner_organisation_id", "lead_officer_id", "prosecution_organisation_id",
        "court_organisation_id", "place_id", "reported_on", "incident_from", "incident_to",
        "exploitation_types", "industry", "methods_of_control", "recruitment_method",
        "recruitment_platforms", "narrative", "stage", "sensitivity", "version", "created_by_id",
        "created_at", "updated_at", "is_synthetic"]),
    "link": (CasePerson._meta.db_table, [
        "id", "case_id", "person_id", "role", "trafficking_status", "status_decided_by",
        "age_when_exploited", "relationship_to_trafficker", "roles_in_process", "stage",
        "added_at", "arrested_on", "first_verdict_on", "decided", "convicted"]),
    "charge": (Charge._meta.db_table, [
        "id", "suspect_id", "offence_id", "charged_on", "verdict", "verdict_on", "verdict_court",
        "prison_years", "prison_months", "prison_days", "suspended_years", "suspended_months",
        "suspended_days", "fine_amount", "fine_currency", "compensation_amount",
        "compensation_currency"]),
    "step": (ProceedingStep._meta.db_table, [
        "id", "suspect_id", "kind", "date", "organisation_id", "officer", "place_id",
        "court_level", "charge_id", "outcome", "document_reference", "notes", "recorded_by_id",
        "recorded_at"]),
}  # fmt: skip
# Parents first, so that foreign keys are satisfied in order.
TABLES.update(protection.TABLES)
ORDER = ["person", "case", "link", "charge", "step", *protection.ORDER]


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _write(kind: str, rows: list[tuple[Any, ...]]) -> None:
    if not rows:
        return
    table, columns = TABLES[kind]
    if not _is_postgres():
        ops = connection.ops
        rows = [tuple(_adapt(ops, v) for v in row) for row in rows]
    copy_rows(table, columns, rows)


def _adapt(ops: Any, value: Any) -> Any:
    if isinstance(value, datetime):
        return ops.adapt_datetimefield_value(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _next_ids() -> dict[str, int]:
    ids = {}
    with connection.cursor() as cursor:
        for kind in ORDER:
            table = TABLES[kind][0]
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
            ids[kind] = cursor.fetchone()[0] + 1
    return ids


def _reset_sequences() -> None:
    """Move the id sequences past the ids written here, so later inserts do not clash."""
    if not _is_postgres():
        return  # SQLite's AUTOINCREMENT follows the largest id by itself
    with connection.cursor() as cursor:
        for kind in ORDER:
            table = TABLES[kind][0]
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )


# ---------------------------------------------------------------------------------------------
# Generating one chunk of cases.


class Generator:
    def __init__(self, rng: random.Random, world: World, today: date, encrypt_all: bool) -> None:
        self.rng = rng
        self.world = world
        self.today = today
        self.encrypt_all = encrypt_all
        self.ids = _next_ids()
        self.keys: dict[tuple[str, str, str], str] = {}
        self.now = timezone.now()
        weights = [p.weight for p in world.provinces]
        self.pick_province = weighted(list(zip(world.provinces, weights, strict=True)))
        years = list(range(FIRST_YEAR, today.year + 1))
        # The caseload grows over the years (more reporting, the hotline, scam compounds).
        self.pick_year = weighted([(y, 1 + (y - FIRST_YEAR) * 0.15) for y in years])
        nat = [(c, w) for c, w in NATIONALITIES if c in world.countries]
        self.pick_nationality = weighted(nat) if nat else (lambda rng: None)
        self.kh = "KH" if "KH" in world.countries else None
        self.narrative_context = f"{Case._meta.db_table}.narrative"
        self.phone_context = f"{Person._meta.db_table}.phone"
        self.protection = protection.ProtectionGenerator(self)
        self.paths = dict(Area.objects.values_list("code", "path"))

    def _id(self, kind: str) -> int:
        value = self.ids[kind]
        self.ids[kind] = value + 1
        return value

    def slots(self, n: int) -> list[tuple[date, Province]]:
        """The report date and province of ``n`` cases, in date order."""
        rng, today = self.rng, self.today
        out = []
        for _ in range(n):
            year = self.pick_year(rng)
            start = date(year, 1, 1)
            end = min(date(year, 12, 31), today)
            day = start + timedelta(days=rng.randint(0, (end - start).days))
            out.append((day, self.pick_province(rng)))
        out.sort(key=lambda s: s[0])
        return out

    def _key(self, km: str, latin: str, alias: str) -> str:
        k = (km, latin, alias)
        found = self.keys.get(k)
        if found is None:
            found = self.keys[k] = name_key(km, latin, alias)
        return found

    def _person(
        self, rows: list, prov: Province, owner: int, role: str, on: date, creator: int | None
    ) -> tuple[int, int]:
        rng = self.rng
        fam_km, fam_lat = rng.choice(FAMILY_NAMES)
        giv_km, giv_lat, sex = rng.choice(GIVEN_NAMES)
        if role == "victim":
            age = rng.choice((rng.randint(10, 17), rng.randint(14, 35), rng.randint(18, 45)))
            female = rng.random() < (0.95 if sex == "F" else 0.1 if sex == "M" else 0.6)
        else:
            age = rng.randint(19, 62)
            female = rng.random() < (0.9 if sex == "F" else 0.05 if sex == "M" else 0.35)
        gender = Gender.FEMININE if female else Gender.MASCULINE
        fam = rng.choice(fam_lat)
        giv = rng.choice(giv_lat)
        km = f"{fam_km} {giv_km}"
        latin = f"{fam} {giv}"
        alias = ""
        if rng.random() < 0.15:  # another spelling met in another document
            alias = f"{rng.choice(fam_lat)} {rng.choice(giv_lat)}"
            if alias == latin:
                alias = ""
        if rng.random() < 0.05:
            km = ""  # only a romanised name known
        dob = None
        estimated = None
        if rng.random() < 0.7:
            dob = on - timedelta(days=age * 365 + rng.randint(0, 364))
        else:
            estimated = age
        nationality = self.kh if role == "victim" else self.pick_nationality(rng)
        phone = ""
        if rng.random() < 0.4:
            number = f"0{rng.choice((10, 11, 12, 15, 16, 17, 77, 78, 85, 89, 92, 96, 97))} "
            number += f"{rng.randint(100, 999)} {rng.randint(100, 999)}"
            phone = encrypt(number, self.phone_context)
        created = datetime(on.year, on.month, on.day, 2, rng.randint(0, 59), tzinfo=UTC)
        pid = self._id("person")
        rows.append((
            pid, km, latin, alias, self._key(km, latin, alias), str(gender), dob, estimated,
            nationality, "", "|km|" if nationality == "KH" else "", self.kh,
            rng.choice(prov.homes), phone, "", "", owner,
            "restricted" if role == "victim" and age < 18 and rng.random() < 0.2 else "standard",
            1, creator, created, created, True,
        ))  # fmt: skip
        return pid, age

    def _walk(self, rng: random.Random, start: date) -> list[tuple[str, date]]:
        """A sequence of steps the rules accept, dated from ``start`` and never in the future."""
        steps: list[tuple[str, date]] = []
        day = start
        kind = pick_first(rng)
        arrested = False
        while True:
            low, high = DELAY[kind]
            day = day + timedelta(days=rng.randint(low, high))
            if day > self.today:
                break
            steps.append((kind, day))
            arrested = arrested or kind == K.ARREST
            stage = stage_of(k for k, _ in steps)
            if stage in (Stage.DISMISSED, Stage.FINAL):
                break
            stop, pick = pick_walk[stage]
            if rng.random() < stop:
                break
            kind = pick(rng)
            if kind == K.ARREST and arrested:
                kind = pick(rng)
                if kind == K.ARREST:
                    break
            assert kind in NEXT_STEPS[stage]
        return steps

    def chunk(self, slots: list[tuple[date, Province]], numbers: list[str], result: Result) -> None:
        rows = self.rows_of(slots, numbers, result)
        for kind in ORDER:
            _write(kind, rows[kind])

    def rows_of(
        self, slots: list[tuple[date, Province]], numbers: list[str], result: Result
    ) -> dict[str, list[tuple[Any, ...]]]:
        """The rows of these cases, table by table (counted in ``result``)."""
        rng = self.rng
        w = self.world
        rows: dict[str, list[tuple[Any, ...]]] = {k: [] for k in ORDER}
        for (reported, prov), number in zip(slots, numbers, strict=True):
            case_id = self._id("case")
            r = rng.random()
            if r < 0.8:
                owner, officers = prov.police, prov.officers
            elif r < 0.95:
                owner, officers = prov.ngo, prov.caseworkers
            else:
                owner, officers = w.national_police, [w.users["national_police"]]
            lead = rng.choice(officers) if rng.random() < 0.9 else None
            creator = rng.choice(officers)
            reporting = owner if rng.random() < 0.8 else rng.choice((prov.ngo, prov.police))
            exploitation, industries, label = pick_exploitation(rng)
            types = [exploitation]
            if rng.random() < 0.1:
                types.append("ForcedLabour" if exploitation != "ForcedLabour" else "Servitude")
            industry = rng.choice(industries)
            destination = rng.choice(DESTINATIONS)
            place = rng.choice(prov.places)
            title = f"{label}: {rng.randint(1, 12)} taken to {destination}"
            incident_from = reported - timedelta(days=rng.randint(3, 700))
            incident_to = (
                min(reported, incident_from + timedelta(days=rng.randint(1, 400)))
                if rng.random() < 0.7
                else None
            )
            narrative = (
                f"Synthetic record: {label.lower()}, recruited in {prov.area.name_en} with "
                f"promises of work, taken to {destination}. Reference {number}."
            )
            created = datetime(reported.year, reported.month, reported.day, 3, 0, tzinfo=UTC)
            # People: victims, then suspects with their proceedings.
            victims = pick_victims(rng)
            suspects = pick_suspects(rng)
            relationship = rng.choice(("Familial", "Acquainted", "Unaquainted", ""))
            for _ in range(victims):
                pid, age = self._person(rows["person"], prov, owner, "victim", reported, creator)
                status = (
                    "ActualVictimOfTrafficking" if rng.random() < 0.7
                    else "PossibleVictimOfTrafficking"
                )  # fmt: skip
                rows["link"].append((
                    self._id("link"), case_id, pid, "victim", status,
                    rng.choice(("Police", "NGO", "CourtOrProsecution")),
                    max(0, age - rng.randint(0, 2)), relationship, "", "", created,
                    None, None, False, False,
                ))  # fmt: skip
                result.protection_cases += self.protection.victim(
                    rows, prov, case_id, rows["person"][-1], age, status, reported,
                    destination, creator,
                )  # fmt: skip
            stages = []
            prosecution = court = None
            for _ in range(suspects):
                pid, _age = self._person(rows["person"], prov, owner, "suspect", reported, creator)
                link = self._id("link")
                steps = self._walk(rng, reported)
                stage = stage_of(k for k, _ in steps)
                stages.append(stage)
                roles = "|" + "|".join(rng.sample(ROLES_IN_PROCESS, rng.randint(1, 2))) + "|"
                verdicts = self._proceedings(rows, prov, link, steps, creator)
                brief = summarise(steps, verdicts)
                rows["link"].append((
                    link, case_id, pid, "suspect", "", "", None, "", roles, str(stage), created,
                    brief["arrested_on"], brief["first_verdict_on"], brief["decided"],
                    brief["convicted"],
                ))  # fmt: skip
                if any(k == K.FORWARDED for k, _ in steps):
                    prosecution = prov.prosecution
                if any(k in (K.JUDICIAL_INVESTIGATION, K.TRIAL) for k, _ in steps):
                    court = prov.court
            stage = str(furthest(stages))
            result.stages[stage] = result.stages.get(stage, 0) + 1
            rows["case"].append((
                case_id, number, title, pick_source(rng),
                f"HL-{rng.randint(10000, 99999)}" if rng.random() < 0.2 else "",
                reporting, owner, lead, prosecution, court, place, reported, incident_from,
                incident_to, "|" + "|".join(types) + "|", industry,
                "|" + "|".join(rng.sample(CONTROL, rng.randint(1, 3))) + "|",
                rng.choice(RECRUITMENT),
                "|" + rng.choice(PLATFORMS) + "|" if rng.random() < 0.5 else "",
                encrypt(narrative, self.narrative_context) if self.encrypt_all else "",
                stage, "restricted" if rng.random() < 0.03 else "standard", 1, creator,
                created, created, True,
            ))  # fmt: skip
        rows["person"] = access_keys.with_keys(rows, self.paths)
        result.cases += len(rows["case"])
        result.persons += len(rows["person"])
        result.links += len(rows["link"])
        result.charges += len(rows["charge"])
        result.steps += len(rows["step"])
        return rows

    def _proceedings(
        self,
        rows: dict[str, list],
        prov: Province,
        link: int,
        steps: list[tuple[str, date]],
        creator: int,
    ) -> list[str]:
        """The step rows of one suspect, with charges (added on reaching the prosecutor) and,
        from the verdict on, one verdict step per charge; returns the verdicts given."""
        rng = self.rng
        w = self.world
        charges: list[int] = []
        verdicts: list[str] = []
        stage = ""
        done: list[str] = []
        for kind, day in steps:
            org: int | None = prov.police
            level = ""
            outcome = ""
            if kind in (K.FORWARDED,):
                org = prov.prosecution
            elif kind in (K.JUDICIAL_INVESTIGATION, K.INDICTED, K.DISMISSED, K.TRIAL, K.FINAL):
                org = prov.court
            elif kind in (K.APPEAL, K.APPEAL_DECIDED):
                org, level = w.appeal_court, CourtLevel.APPEAL
                if kind == K.APPEAL_DECIDED:
                    outcome = rng.choice(list(AppealOutcome)).value
            recorded = datetime(day.year, day.month, day.day, 4, 0, tzinfo=UTC)
            if kind == K.VERDICT:
                # One verdict per charge, each with its step (as record_verdict writes them).
                for charge in charges:
                    verdict = str(pick_verdict(rng))
                    verdicts.append(verdict)
                    rows["charge"].append(self._charge(charge, link, verdict, day))
                    rows["step"].append((
                        self._id("step"), link, K.VERDICT.value, day, prov.court, "", None,
                        CourtLevel.FIRST_INSTANCE.value, charge, verdict, "", "", creator,
                        recorded,
                    ))  # fmt: skip
            else:
                rows["step"].append((
                    self._id("step"), link, str(kind), day,
                    org, "", None, level, None, outcome,
                    f"{prov.area.code}/{day.year}/{rng.randint(100, 9999)}"
                    if rng.random() < 0.3 else "",
                    "", creator, recorded,
                ))  # fmt: skip
            done.append(kind)
            stage = stage_of(done)
            if stage in CHARGEABLE and kind == K.FORWARDED and not charges:
                for offence in rng.sample(w.offences, min(len(w.offences), rng.choice((1, 1, 2)))):
                    charges.append(self._id("charge"))
                    self._pending.append((charges[-1], link, offence, day))
        if stage not in (Stage.VERDICT, Stage.APPEAL, Stage.FINAL):
            for charge, suspect, offence, day in self._pending:
                rows["charge"].append(self._undecided(charge, suspect, offence, day))
        self._pending.clear()
        return verdicts

    _pending: list[tuple[int, int, int, date]]

    def _undecided(self, charge: int, suspect: int, offence: int, day: date) -> tuple:
        return (charge, suspect, offence, day, "", None, "", 0, 0, 0, 0, 0, 0, None, "", None, "")

    def _charge(self, charge: int, suspect: int, verdict: str, on: date) -> tuple:
        rng = self.rng
        for pending in self._pending:
            if pending[0] == charge:
                _, _, offence, charged_on = pending
                break
        else:  # pragma: no cover
            raise AssertionError("verdict on an unknown charge")
        years = months = susp = 0
        fine = comp = None
        currency = ""
        if verdict in (Verdict.CONVICTED, Verdict.CONVICTED_IN_ABSENTIA):
            years = rng.choice((1, 2, 3, 5, 7, 10, 15, 20))
            months = rng.choice((0, 0, 0, 6))
            if years <= 3 and rng.random() < 0.3:
                susp = 1
            if rng.random() < 0.5:
                fine = Decimal(rng.choice((2, 4, 5, 10, 20))) * 1_000_000
                currency = "KHR"
            if rng.random() < 0.3:
                comp = Decimal(rng.choice((5, 10, 20, 40))) * 1_000_000
        return (
            charge, suspect, offence, charged_on, verdict, on, CourtLevel.FIRST_INSTANCE.value,
            years, months, 0, susp, 0, 0, fine, currency, comp, "KHR" if comp else "",
        )  # fmt: skip


# ---------------------------------------------------------------------------------------------


def _numbers(slots: list[tuple[date, Province]]) -> list[str]:
    """Case numbers for these slots, from the locked counters, which are moved past them."""
    wanted: dict[tuple[str, int], int] = {}
    for day, prov in slots:
        key = (prov.area.code, day.year)
        wanted[key] = wanted.get(key, 0) + 1
    start: dict[tuple[str, int], int] = {}
    for (code, year), n in sorted(wanted.items()):
        counter, _ = CaseNumberCounter.objects.select_for_update().get_or_create(
            province_id=code, year=year
        )
        start[(code, year)] = counter.last
        counter.last += n
        counter.save(update_fields=["last"])
    out = []
    for day, prov in slots:
        key = (prov.area.code, day.year)
        start[key] += 1
        out.append(f"{prov.area.code}-{day.year}-{start[key]:05d}")
    return out


def generate(
    cases: int,
    seed: int | None = None,
    password: str | None = None,
    encrypt_all: bool = True,
    chunk: int = CHUNK,
    progress: Callable[[str], None] | None = None,
    fast_checks: bool = False,
) -> Result:
    """Generate ``cases`` synthetic cases (with their people and proceedings)."""
    from tipnet.audit.services import record_event

    started = time.monotonic()
    rng = random.Random(seed)
    result = Result()
    with transaction.atomic():
        world = build_world(rng, password, result)
    gen = Generator(rng, world, timezone.localdate(), encrypt_all)
    gen._pending = []
    result.organisations += gen.protection.new_organisations
    slots = gen.slots(cases)
    # A large load into PostgreSQL builds the secondary indexes once at the end, which is
    # many times faster than updating them row by row (GIN trigram indexes above all).
    rebuild = _drop_secondary_indexes() if cases >= BULK and not connection.in_atomic_block else []
    try:
        _write_chunks(gen, slots, chunk, fast_checks, result, started, progress)
    finally:
        _recreate_indexes(rebuild, progress)
    _after_load()
    result.seconds = time.monotonic() - started
    record_event(
        None,
        "create",
        object_type="synth",
        detail=(
            f"synthetic data: {result.cases} cases, {result.persons} persons, "
            f"{result.steps} steps, {result.charges} charges, "
            f"{result.protection_cases} protection cases, seed {seed}"
        ),
    )
    return result


def _begin_chunk(fast_checks: bool) -> None:
    if not _is_postgres():
        return
    with connection.cursor() as cursor:
        # One synthetic run at a time; the counters are locked row by row.
        cursor.execute("SELECT pg_advisory_xact_lock(712001)")
        cursor.execute("SET LOCAL synchronous_commit = off")
        if fast_checks:
            # Skip the per-row foreign-key triggers of COPY (superuser only): the rows
            # reference only what this run created or read.
            cursor.execute("SET LOCAL session_replication_role = replica")


def _write_chunks(
    gen: Generator,
    slots: list[tuple[date, Province]],
    chunk: int,
    fast_checks: bool,
    result: Result,
    started: float,
    progress: Callable[[str], None] | None,
) -> None:
    def report() -> None:
        if progress:
            rate = result.cases / max(time.monotonic() - started, 1e-9)
            progress(f"{result.cases} cases, {result.persons} persons ({rate:,.0f} cases/s)")

    parts = [slots[offset : offset + chunk] for offset in range(0, len(slots), chunk)]
    if len(parts) > 1 and _is_postgres() and not connection.in_atomic_block:
        _write_overlapped(gen, slots, parts, fast_checks, result, report)
        return
    for part in parts:  # one transaction per chunk, in this thread (tests, SQLite)
        with transaction.atomic():
            _begin_chunk(fast_checks)
            gen.ids = _next_ids()
            gen.chunk(part, _numbers(part), result)
            _reset_sequences()
        report()


def _write_overlapped(
    gen: Generator,
    slots: list[tuple[date, Province]],
    parts: list[list[tuple[date, Province]]],
    fast_checks: bool,
    result: Result,
    report: Callable[[], None],
) -> None:
    """Generate chunk n+1 while a writer thread (its own connection) copies chunk n, one
    transaction per chunk; the case numbers of every case are taken from the counters first."""
    with transaction.atomic():
        _begin_chunk(fast_checks)
        numbers = _numbers(slots)
    gen.ids = _next_ids()
    pending: queue.Queue[dict[str, list[tuple[Any, ...]]] | None] = queue.Queue(maxsize=2)
    failures: list[BaseException] = []

    def writer() -> None:
        try:
            while (rows := pending.get()) is not None:
                if failures:
                    continue  # keep taking chunks so that the generator never blocks
                try:
                    with transaction.atomic():
                        _begin_chunk(fast_checks)
                        for kind in ORDER:
                            _write(kind, rows[kind])
                        _reset_sequences()
                except BaseException as exc:  # raised again in the main thread
                    failures.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=writer, name="synth-writer")
    thread.start()
    offset = 0
    try:
        for part in parts:
            if failures:
                break
            pending.put(gen.rows_of(part, numbers[offset : offset + len(part)], result))
            offset += len(part)
            report()
    finally:
        pending.put(None)
        thread.join()
    if failures:
        raise failures[0]


def _drop_secondary_indexes(tables: list[str] | None = None) -> list[str]:
    """Drop the plain (not unique, not primary) indexes of the tables written (these
    ``tables``, else the cases'), on PostgreSQL; their definitions, to build them again."""
    if not _is_postgres():
        return []
    tables = tables if tables is not None else [TABLES[kind][0] for kind in ORDER]
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x
               JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
               WHERE t.relname = ANY(%s) AND NOT x.indisunique AND NOT x.indisprimary
                 AND i.relnamespace = 'public'::regnamespace""",
            [tables],
        )
        found = cursor.fetchall()
        for name, _definition in found:
            cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
    return [definition for _name, definition in found]


def _recreate_indexes(definitions: list[str], progress: Callable[[str], None] | None) -> None:
    if not definitions:
        return
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")
        for definition in definitions:
            cursor.execute(definition.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS", 1))
        cursor.execute("RESET maintenance_work_mem")
    if progress:
        progress(f"{len(definitions)} indexes built in {time.monotonic() - started:,.0f} s")


def _after_load() -> None:
    if not _is_postgres():
        return
    with connection.cursor() as cursor:
        for kind in ORDER:
            # VACUUM too when outside a transaction: it sets the visibility map, which lets
            # the access checks and the pipeline read from their indexes alone.
            vacuum = "" if connection.in_atomic_block else "VACUUM "
            cursor.execute(f"{vacuum}ANALYZE {TABLES[kind][0]}")


def consistency_problems(case_ids: Iterable[int] | None = None) -> list[str]:
    """Check stored stages against the steps (used by the tests and ``synth --check``)."""
    problems: list[str] = []
    steps: dict[int, list[str]] = {}
    qs = ProceedingStep.objects.order_by("suspect_id", "date", "id")
    links = CasePerson.objects.filter(role="suspect")
    cases = Case.objects.all()
    if case_ids is not None:
        ids = list(case_ids)
        qs = qs.filter(suspect__case_id__in=ids)
        links = links.filter(case_id__in=ids)
        cases = cases.filter(id__in=ids)
    for suspect, kind in qs.values_list("suspect_id", "kind"):
        steps.setdefault(suspect, []).append(kind)
    by_case: dict[int, list[str]] = {}
    for pk, case_id, stored in links.values_list("pk", "case_id", "stage"):
        computed = stage_of(steps.get(pk, []))
        if computed != stored:
            problems.append(f"suspect link {pk}: stage {stored!r}, steps give {computed!r}")
        by_case.setdefault(case_id, []).append(computed)
    for pk, stored in cases.values_list("pk", "stage"):
        if furthest(by_case.get(pk, [])) != stored:
            problems.append(f"case {pk}: stage {stored!r} is not the furthest of its suspects")
    return problems + summary_problems(links)
