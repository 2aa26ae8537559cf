"""A small world with a unique marker in every identifying field, who may see each marker
(worked out from docs/access-control.md, not from the code), and every URL of the apps with
its parameters filled from the world. Used by test_no_leaks.py."""

from __future__ import annotations

import importlib
import itertools
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django.urls import URLPattern, URLResolver, get_resolver, reverse

APPS = ("people", "cases", "protection", "prevention", "community", "audit", "accounts", "core",
        "geo")  # fmt: skip
# Views that end the session or only switch the language: nothing to read there.
SKIPPED = {"logout", "set_language"}


def as_actor(user: Any) -> Any:
    """What the services take as their first argument: an ``Actor`` once tipnet.core.actor
    exists, a request made by ``user`` until then. The one place that changes."""
    try:
        actor_module = importlib.import_module("tipnet.core.actor")
    except ImportError:
        from django.test import RequestFactory

        request = RequestFactory().post("/")
        request.user = user
        return request
    return actor_module.Actor(user=user)


def days_ago(n: int) -> date:
    return date.today() - timedelta(days=n)


# --- Markers ----------------------------------------------------------------------------------
# key -> the strings that betray it (a date has several renderings). Compared case-insensitively.
DOB_V = date(1987, 11, 23)
MARKERS: dict[str, tuple[str, ...]] = {
    # V: a victim of the Banteay Meanchey police, living in a Poipet village.
    "v_name_km": ("Qzvkmname",),
    "v_name_latin": ("Qzvlatname",),
    "v_alias": ("Qzvaliasx",),
    "v_phone": ("0971234501",),
    "v_id": ("KH7700901",),
    "v_notes": ("Qzvnotesx",),
    "v_photo": ("Qzvphotox",),
    # Her passport, kept by the broker (a second document: number and holder's name).
    "v_passport": ("PP5500901",),
    "v_holder": ("Qzvholderx",),
    # core/numbers.py writes it "23 Nov 1987" on English pages, "២៣ វិច្ឆិកា ១៩៨៧" on Khmer ones.
    "v_dob": (
        *("1987-11-23", "23/11/1987", "Nov. 23, 1987", "23.11.1987", "November 23, 1987"),
        *("23 Nov 1987", "២៣ វិច្ឆិកា ១៩៨៧", "១៩៨៧-១១-២៣"),
    ),
    # S: a suspect of the same case (lives in the district, outside the commune).
    "s_name_km": ("Qzskmname",),
    "s_name_latin": ("Qzslatname",),
    "s_alias": ("Qzsaliasx",),
    "s_phone": ("0971234502",),
    "s_id": ("KH7700902",),
    "s_notes": ("Qzsnotesx",),
    # R: a restricted witness of the case (owner organisation only).
    "r_name_km": ("Qzrkmname",),
    "r_name_latin": ("Qzrlatname",),
    "r_alias": ("Qzraliasx",),
    "r_phone": ("0971234503",),
    "r_id": ("KH7700903",),
    "r_notes": ("Qzrnotesx",),
    "r_holder": ("Qzrholderx",),
    # C: the criminal case, its proceedings and its document.
    "c_title": ("Qzctitlex",),
    "c_narrative": ("Qzcnarrx",),
    "c_step_officer": ("Qzstepoffx",),
    "c_step_notes": ("Qzstepnotx",),
    "c_step_docref": ("Qzstepdocx",),
    "c_correction": ("Qzcorrectx",),  # why a step was corrected (free text)
    "c_doc_title": ("Qzdoctitlex",),
    "c_doc_filename": ("Qzdocfilex",),
    "c_doc_content": ("Qzdoccontx",),
    # P: a child of the commune council's protection case.
    "p_name_km": ("Qzpkmname",),
    "p_name_latin": ("Qzplatname",),
    "p_alias": ("Qzpaliasx",),
    "p_phone": ("0971234504",),
    "p_id": ("KH7700904",),
    "p_notes": ("Qzpnotesx",),
    # PC1 and PC2 (closed): her protection cases and their records.
    "pc_source": ("Qzpcsrcx",),
    "pc_id_officer": ("Qzidoffx",),
    "pc_id_notes": ("Qzidnotx",),
    "pc_guardian": ("Qzguardx",),
    "pc_withdrawal": ("Qzwithdrx",),
    "pc_findings": ("Qzfindx",),
    "pc_objectives": ("Qzobjx",),
    "pc_actions": ("Qzactx",),
    "pc_responsible": ("Qzrespx",),
    "pc_visit_notes": ("Qzvisitx",),
    "pc_border": ("Qzborderx",),
    "pc_assisted": ("Qzassistx",),
    "pc_correction": ("Qzpccorrx",),  # why the identification was corrected (free text)
    "pc2_source": ("Qzpc2srcx",),
    "pc2_closure": ("Qzclosex",),
    "pc2_reopen": ("Qzreopenx",),  # why a supervisor reopened it (free text)
    # REF1 (consented, to the Battambang shelter) and REF2 (sent without consent).
    "ref_details": ("Qzrefdetx",),
    "ref_answer": ("Qzrefansx",),
    "ref2_details": ("Qzref2detx",),
    "ref2_override": ("Qzoverridex",),
    # The shelter's work on REF1: where the child stays, a service's note, a note to the CCWC.
    "work_place": ("Qzstayplx",),
    "work_service": ("Qzservnotx",),
    "work_note": ("Qzwnotex",),
    # B: a person of the Battambang police.
    "b_name_km": ("Qzbkmname",),
    "b_name_latin": ("Qzblatname",),
    "b_phone": ("0971234505",),
    "b_id": ("KH7700905",),
    "b_notes": ("Qzbnotesx",),
    # PV: known participants of the prevention NGO's Child Peer Group session: a girl, an
    # official and a village chief (prevention work: no victim data).
    "pv_child": ("Qzpvchildx",),
    "pv_official": ("Qzpvofficialx",),
    "pv_chief": ("Qzpvchiefx",),
    # The session's photo in which children can be recognised: its caption and consent are
    # seen by the NGO that uploaded it alone (the photo itself is 404 to everyone else).
    "pv_photo_caption": ("Qzpvphcapx",),
    "pv_photo_consent": ("Qzpvphconx",),
    # A village chief on the provincial committee, recorded by it: named to it alone.
    "pv_member": ("Qzpvmemberx",),
    # K: a child victim of a second police case, in the commune, referred from the case to the
    # commune council (cases/handoffs.py) and held: no consent recorded yet.
    "k_name_km": ("Qzkkmname",),
    "k_name_latin": ("Qzklatname",),
    "cr_reason": ("Qzcrreasonx",),  # the referral's reason: all the council sees before consent
    "lr_note": ("Qzlrnotex",),  # the council's request to link that case: for the police only
    # CM: the village register (community app): a migrant away, recorded by the volunteer of
    # the Poipet village, with a contact; a second one back home, with her return's note.
    "cm_name_km": ("Qzcmkmname",),
    "cm_name_latin": ("Qzcmlatname",),
    "cm_phone": ("0971234506",),
    "cm_employer": ("Qzcmemployx",),
    "cm_licence": ("Qzcmlicencex",),
    "cm_companions": ("Qzcmcompanx",),
    "cm_family": ("Qzcmfamilyx",),
    "cm_family_phone": ("0971234507",),
    "cm_contact_note": ("Qzcmcontactx",),
    "cm2_name": ("Qzcmtwonamex",),
    "cm2_return_note": ("Qzcmreturnx",),
}
_ALL = [s.lower() for strings in MARKERS.values() for s in strings]
assert not any(a != b and a in b for a in _ALL for b in _ALL), "a marker inside another"


def group(prefix: str) -> frozenset[str]:
    return frozenset(k for k in MARKERS if k.startswith(prefix))


VICTIM, SUSPECT, RESTRICTED = group("v_"), group("s_"), group("r_")
CASE, CHILD, BTB = group("c_"), group("p_"), group("b_")
# The referred child: her police and the focal point of her commune identify her; the council's
# protection supervisor does not (the protection case is held until the guardian's consent).
REFERRED_CHILD = group("k_")
CARE = group("pc_") | group("pc2_")
REFERRAL = frozenset({"ref_details", "ref_answer"})
OVERRIDDEN = frozenset({"ref2_details", "ref2_override"})
# What the shelter recorded itself: it reads it, and so does the council that referred the child.
WORK = group("work_")
# The Battambang shelter received REF1, sharing identity and health under the consent given.
RECEIVED = frozenset({"p_name_km", "p_name_latin", "p_alias", "pc_findings"}) | REFERRAL | WORK

# Who may see each marker, from the policy: count-only roles and the roles without people
# see none; a police unit sees its own people and cases (restricted ones included), the
# prosecutor the case before it and its people (not the restricted one: owner only); the
# commune focal point the people of the commune (identity) and the protection cases of the
# council; the protection supervisor of the council its people and cases; the receiver of a
# referral only what the consent shares with it.
ALLOWED: dict[str, frozenset[str]] = {
    "admin": frozenset(),
    "analyst": frozenset(),
    "pcct": frozenset(),
    "police": VICTIM | SUSPECT | RESTRICTED | CASE,
    "police_other": BTB,
    "prosecutor": VICTIM | SUSPECT | CASE,
    "socialworker": RECEIVED,
    "focalpoint": VICTIM | CHILD | CARE | REFERRAL | OVERRIDDEN | WORK,
    "volunteer": frozenset(),
    "prevention": frozenset(),
    "auditor": frozenset(),
    # Police of Battambang and provincial committee of Banteay Meanchey: counts only here.
    "dual": frozenset(),
    "supervisor": CHILD | CARE | REFERRAL | OVERRIDDEN | WORK,
    # A protection supervisor in the other province: identifies nobody in this world.
    "supervisor_btb": frozenset(),
}
# Known participants: the recording organisation names them all; whoever else sees the
# activity (the provincial committee, the national analysts) only the official.
ALLOWED["prevention"] |= {"pv_child", "pv_official", "pv_chief"}
ALLOWED["prevention"] |= {"pv_photo_caption", "pv_photo_consent"}
for _viewer in ("analyst", "pcct", "dual", "auditor"):
    ALLOWED[_viewer] |= {"pv_official"}
ALLOWED["pcct"] |= {"pv_member"}
# The child referred from the second police case: her police identify her and read the reason
# and the council's request; the focal point of her commune identifies her (the people of the
# commune); the council reads the reason, nothing more until the guardian's consent.
ALLOWED["police"] |= REFERRED_CHILD | {"cr_reason", "lr_note"}
ALLOWED["focalpoint"] |= REFERRED_CHILD | {"cr_reason"}
ALLOWED["supervisor"] |= {"cr_reason"}
# The village register: kept with names by the volunteer of the village and the commune's
# focal point; counted (names masked) by the analysts, the provincial committee and the
# auditors. The migrants are people of the commune council (the volunteer's organisation):
# its protection supervisor identifies them on the people pages (names, phone in the export),
# never the register.
MIGRANTS = group("cm_") | group("cm2_")
ALLOWED["volunteer"] |= MIGRANTS
ALLOWED["focalpoint"] |= MIGRANTS
ALLOWED["supervisor"] |= {"cm_name_km", "cm_name_latin", "cm_phone", "cm2_name"}
USERS = list(ALLOWED)


def found_markers(text: str) -> set[str]:
    low = text.lower()
    return {k for k, strings in MARKERS.items() if any(s.lower() in low for s in strings)}


def m(key: str) -> str:
    return MARKERS[key][0]


# --- The world ------------------------------------------------------------------------------


@dataclass
class World:
    cast: Any
    users: dict[str, Any]
    people: dict[str, Any] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)


def _person(actor_user: Any, key: str, place: str | None, **extra: Any) -> Any:
    from tipnet.geo.models import Area
    from tipnet.people.services import create_person

    data = {
        "name_km": m(f"{key}_name_km"),
        "name_latin": f"{m(f'{key}_name_latin')} Sok",
        "aliases": m(f"{key}_alias") if f"{key}_alias" in MARKERS else "",
        "phone": m(f"{key}_phone"),
        "id_document_type": "national_id",
        "id_number": m(f"{key}_id"),
        "notes": m(f"{key}_notes"),
        "gender": "Feminine",
        "place": Area.objects.get(code=place) if place else None,
        **extra,
    }
    return create_person(as_actor(actor_user), data)


def build_world() -> World:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from tipnet.accounts.roles import OrganisationKind as K
    from tipnet.accounts.roles import RoleCode as R
    from tipnet.cases import services as cases
    from tipnet.cases.models import Offence
    from tipnet.conftest import Cast
    from tipnet.geo.models import Area
    from tipnet.protection import services as protection
    from tipnet.protection.models import FollowUp, ServiceOffering
    from tipnet.testing import ensure_roles, ensure_test_gazetteer, login, make_org, make_user

    ensure_roles()
    ensure_test_gazetteer()
    cast = Cast()
    orgs, users = cast.orgs, dict(cast.users)
    orgs["dosvy_btb"] = make_org("DoSVY BTB", K.NGO, "02")
    orgs["clinic_btb"] = make_org("Clinic BTB", K.NGO, "02")
    users["dual"] = make_user(
        "dual", [R.POLICE_INVESTIGATOR, R.PROVINCIAL_COMMITTEE], orgs["police_btb"], "01",
        totp=True,
    )  # fmt: skip
    users["supervisor"] = make_user(
        "supervisor", [R.PROTECTION_SUPERVISOR], orgs["ccwc"], "011002", totp=True
    )
    users["supervisor_btb"] = make_user(
        "supervisor_btb", [R.PROTECTION_SUPERVISOR], orgs["dosvy_btb"], "02", totp=True
    )
    w = World(cast=cast, users=users)
    police, focal, shelter = users["police"], users["focalpoint"], users["socialworker"]
    village = cast.village.code

    # The criminal case of the Banteay Meanchey police, before the provincial prosecutor.
    photo = b"\x89PNG\r\n\x1a\n" + m("v_photo").encode()
    w.people["v"] = _person(
        police, "v", village, date_of_birth=DOB_V, photo=photo, photo_type="image/png"
    )
    w.people["s"] = _person(police, "s", "0110", gender="Masculine")
    w.people["r"] = _person(police, "r", "011002", sensitivity="restricted")
    w.people["b"] = _person(users["police_other"], "b", "0203")
    from tipnet.people import documents

    documents.add_document(as_actor(police), w.people["v"], {
        "kind": "passport", "number": m("v_passport"), "issuing_country": None,
        "issued_on": days_ago(900), "expires_on": days_ago(-900), "holder": "broker",
        "holder_name": m("v_holder"),
    })  # fmt: skip
    documents.add_document(as_actor(police), w.people["r"], {
        "kind": "work_permit", "number": "", "holder": "employer", "holder_name": m("r_holder"),
    })  # fmt: skip
    case = cases.create_case(
        as_actor(police),
        {"title": m("c_title"), "source": "hotline_117", "reported_on": days_ago(70),
         "narrative": m("c_narrative"), "exploitation_types": ["ForcedLabour"]},
        Area.objects.get(code="01"),
    )  # fmt: skip
    victim = cases.add_person(as_actor(police), case, w.people["v"], "victim", {})
    suspect = cases.add_person(as_actor(police), case, w.people["s"], "suspect", {})
    witness = cases.add_person(as_actor(police), case, w.people["r"], "witness", {})
    cases.add_step(
        as_actor(police), suspect, "investigation", days_ago(60), officer=m("c_step_officer"),
        notes=m("c_step_notes"), document_reference=m("c_step_docref"),
    )  # fmt: skip
    cases.add_step(as_actor(police), suspect, "arrest", days_ago(50))
    cases.add_step(
        as_actor(police), suspect, "forwarded", days_ago(40),
        organisation=orgs["prosecution_bmc"],
    )  # fmt: skip
    charge = cases.add_charge(as_actor(police), suspect, Offence.objects.first(), days_ago(39))
    # The investigation's date corrected: a copy of the step as it was stays on the timeline.
    from tipnet.cases import corrections

    corrections.correct_step(as_actor(police), suspect.steps.get(kind="investigation"),
                             {"date": days_ago(59)}, 1, m("c_correction"))  # fmt: skip
    # A trial hearing planned ahead before the provincial court.
    from tipnet.cases.hearings import schedule_hearing

    orgs["court_bmc"] = make_org("Court BMC", K.COURT, "01")
    hearing = schedule_hearing(as_actor(police), case, {
        "scheduled_for": days_ago(-10), "court": orgs["court_bmc"], "chamber": "2",
        "purpose": "trial", "suspect": suspect,
    })  # fmt: skip
    case.refresh_from_db()
    client = Client()
    login(client, police)
    upload = SimpleUploadedFile(
        f"{m('c_doc_filename')}.pdf", f"%PDF-1.4\n{m('c_doc_content')}\n%%EOF\n".encode()
    )
    response = client.post(
        reverse("cases:document_add", args=[case.pk]),
        {"kind": "police_report", "title": m("c_doc_title"), "file": upload},
    )
    assert response.status_code == 302, response.content[:2000]
    document = case.documents.get()
    # The police search their people by name and document number (search terms, audited).
    for q in (m("v_name_latin"), m("v_id"), m("r_name_latin")):
        assert client.get(reverse("people:list"), {"q": q}).status_code == 200

    # The commune council's protection case of a child, referred to the Battambang shelter.
    w.people["p"] = _person(focal, "p", village, date_of_birth=days_ago(14 * 365))
    place = Area.objects.get(code=village)
    pc = protection.create_case(
        as_actor(focal), w.people["p"],
        {"category": "KH_ChildAtRisk", "source": "community", "opened_on": days_ago(200),
         "source_details": m("pc_source")},
        place,
    )  # fmt: skip
    ident = protection.add_identification(as_actor(focal), pc, {
        "identified_on": days_ago(198), "organisation": orgs["ccwc"],
        "officer": m("pc_id_officer"), "procedure": "mosvy_formal", "result": "KH_ChildAtRisk",
        "notes": m("pc_id_notes"),
    })  # fmt: skip
    # Its date corrected: a copy of the identification as it was stays on the case page.
    from tipnet.protection import corrections as protection_corrections

    protection_corrections.correct(as_actor(focal), ident, {"identified_on": days_ago(199)},
                                   1, m("pc_correction"))  # fmt: skip
    informed = {f"informed_{x}": True for x in ("purpose", "use", "sharing", "retention",
                                                 "withdrawal")}  # fmt: skip
    consent = protection.add_consent(as_actor(focal), pc, {
        "given_on": days_ago(197), "given_by": "parent", "guardian_name": m("pc_guardian"),
        "purposes": ["case_management", "referral"], "categories": ["identity", "health"],
        "retain_until": None, **informed,
    })  # fmt: skip
    old_consent = protection.add_consent(as_actor(focal), pc, {
        "given_on": days_ago(197), "given_by": "parent", "guardian_name": "",
        "purposes": ["statistics"], "categories": ["contact"], "retain_until": None, **informed,
    })  # fmt: skip
    protection.withdraw_consent(as_actor(focal), old_consent, days_ago(196), m("pc_withdrawal"))
    protection.move_stage(as_actor(focal), pc, "recovery", days_ago(190))
    assessment = protection.add_assessment(as_actor(focal), pc, {
        "level": "individual", "assessed_on": days_ago(185), "risk": "high",
        "needs": ["SocialCare"], "findings": m("pc_findings"),
    })  # fmt: skip
    plan = protection.add_care_plan(as_actor(focal), pc, {
        "plan_type": "Education", "objectives": m("pc_objectives"), "actions": m("pc_actions"),
        "responsible": m("pc_responsible"), "planned_start": days_ago(180),
        "planned_end": days_ago(1),
    })  # fmt: skip
    protection.add_return(as_actor(focal), pc, {
        "kind": "repatriation", "returned_on": days_ago(170), "from_country_id": "TH",
        "border_point": m("pc_border"), "assisted_by": m("pc_assisted"),
    })  # fmt: skip
    protection.link_criminal_case(as_actor(focal), pc, case)
    protection.move_stage(as_actor(focal), pc, "reintegration", days_ago(100))
    visits = list(FollowUp.objects.filter(case=pc).order_by("due_on"))
    protection.record_visit(as_actor(focal), visits[0], {
        "visited_on": days_ago(8), "outcome": "stable", "notes": m("pc_visit_notes"),
    })  # fmt: skip
    offering = ServiceOffering.objects.create(
        organisation=orgs["ngo_btb"], service="shelter", area=Area.objects.get(code="02")
    )
    ref = protection.send_referral(as_actor(focal), pc, {
        "kind": "referral", "to_organisation": orgs["ngo_btb"], "offering": offering,
        "reason": "AdditionalServicesRequired", "details": m("ref_details"),
        "shared": ["identity", "health"],
    })  # fmt: skip
    protection.answer_referral(as_actor(shelter), ref, "accepted", days_ago(0), m("ref_answer"))
    from tipnet.protection import services_work

    stay = services_work.add_stay(as_actor(shelter), ref, {
        "place": m("work_place"), "admitted_on": days_ago(0), "discharged_on": None,
    })  # fmt: skip
    services_work.add_service(as_actor(shelter), ref, {
        "given_on": days_ago(0), "service": "psychosocial", "note": m("work_service"),
    })  # fmt: skip
    services_work.add_note(as_actor(shelter), ref, m("work_note"))
    w.objects["stay"] = stay
    ref2 = protection.send_referral(
        as_actor(users["supervisor"]), pc,
        {"kind": "referral", "to_organisation": orgs["clinic_btb"],
         "reason": "AdditionalServicesRequired", "details": m("ref2_details"),
         "shared": ["identity", "contact"]},
        override_reason=f"{m('ref2_override')}: the child needs a doctor today, family unreachable",
    )  # fmt: skip
    pc2 = protection.create_case(
        as_actor(focal), w.people["p"],
        {"category": "KH_ChildAtRisk", "source": "hotline", "opened_on": days_ago(30),
         "source_details": m("pc2_source")},
        place,
    )  # fmt: skip
    protection.close_case(as_actor(focal), pc2, "not_a_victim", days_ago(20), "")
    # Reopened by the supervisor, then closed again.
    pc2.refresh_from_db()
    protection_corrections.reopen_case(as_actor(users["supervisor"]), pc2, days_ago(10),
                                       m("pc2_reopen"), pc2.version)  # fmt: skip
    protection.close_case(as_actor(focal), pc2, "not_a_victim", days_ago(5), m("pc2_closure"))
    from tipnet.jobs.models import Job, JobStatus

    # A court import the police unit ran as a job, its report quoting a suspect's name.
    import_job = Job.objects.create(
        kind="court_import", created_by=users["police"], status=JobStatus.FAILED,
        organisation_id=users["police"].organisation_id,
        report=f'[[2, "suspect_name_latin", "{m("s_name_latin")}"]]',
        result={"rows": 1, "error_count": 1},
    )  # fmt: skip
    w.objects["import_job"] = import_job
    # A child victim of a second police case referred from it to the commune council, which
    # asks, from PC1, to link that case by its number (and asks for a number that does not exist).
    from tipnet.cases import handoff_services
    from tipnet.people.services import create_person

    commune = Area.objects.get(code="011002")
    k_case = cases.create_case(as_actor(police), {
        "title": "Karaoke bar", "source": "hotline_117", "reported_on": days_ago(30),
        "exploitation_types": ["ForcedLabour"],
    }, commune)  # fmt: skip
    k_child = create_person(as_actor(police), {
        "name_km": m("k_name_km"), "name_latin": f"{m('k_name_latin')} Sok", "gender": "Feminine",
        "place": place, "date_of_birth": days_ago(13 * 365),
    })  # fmt: skip
    k_link = cases.add_person(as_actor(police), k_case, k_child, "victim", {})
    ServiceOffering.objects.create(organisation=orgs["ccwc"], service="psychosocial", area=commune)
    k_ref = handoff_services.refer_child(
        as_actor(police), k_case, k_link, orgs["ccwc"],
        f"{m('cr_reason')}: found at the bar, her aunt cares for her", days_ago(0),
    )  # fmt: skip
    link_requests = [
        handoff_services.request_link(as_actor(focal), pc, k_case.number, m("lr_note")),
        handoff_services.request_link(as_actor(focal), pc, "01-1999-99999"),
    ]
    w.objects.update(k_case=k_case, k_ref=k_ref, link_requests=link_requests)
    w.objects.update(
        case=case, victim=victim, suspect=suspect, witness=witness, charge=charge, hearing=hearing,
        document=document, pc=pc, pc2=pc2, consent=consent, old_consent=old_consent,
        plan=plan, visits=visits, ref=ref, ref2=ref2, ident=ident, assessment=assessment,
        ident_copy=type(ident).all_objects.get(superseded_by=ident),
    )  # fmt: skip
    _prevention_world(w)
    _committee_world(w)
    _community_world(w)
    return w


def _prevention_world(w: World) -> None:
    """The prevention NGO's Child Peer Group session in Poipet district with counts and its
    attendance list; the village volunteer's monthly meeting in their village."""
    from tipnet.geo.models import Area
    from tipnet.prevention import services as prevention
    from tipnet.prevention.models import ActivityType
    from tipnet.prevention.tests.conftest import ensure_prevention_codes

    ensure_prevention_codes()
    officer = as_actor(w.users["prevention"])
    from tipnet.prevention import services_groups

    # The session is one of the NGO's Child Peer Group's, whose peer leader is the girl.
    peer_group = services_groups.create_group(officer, {
        "kind": "child_peer_group", "name": "Poipet school peer group", "venue": "Poipet school",
        "place": Area.objects.get(code="0110"), "formed_on": days_ago(30),
    })  # fmt: skip
    project, campaign = _project_and_campaign(officer)
    session = prevention.create_activity(officer, {
        "project": project, "campaign": campaign,
        "kind": ActivityType.objects.get(code="peer_group_session"), "held_on": days_ago(8),
        "duration_minutes": 90, "place": Area.objects.get(code="0110"), "venue": "Poipet school",
        "group": peer_group,
    }, {("male", "12-17", "child"): 9, ("female", "25-59", "teacher"): 2})  # fmt: skip
    people = [
        prevention.add_participant(officer, {"name": m("pv_child"), "sex": "female",
                                             "age_band": "12-17", "role": "child"}),
        prevention.add_participant(officer, {"name": m("pv_official"), "sex": "male",
                                             "age_band": "25-59", "role": "official"}),
        prevention.add_participant(officer, {"name": m("pv_chief"), "sex": "male",
                                             "age_band": "60+", "role": "village_chief"}),
    ]  # fmt: skip
    attendances = [prevention.add_attendance(officer, session, p) for p in people]
    group_members = [
        services_groups.add_member(officer, peer_group, people[0], "peer_leader", days_ago(20)),
        services_groups.add_member(officer, peer_group, people[1], "coordinator", days_ago(20)),
    ]
    meeting = prevention.create_activity(as_actor(w.users["volunteer"]), {
        "kind": ActivityType.objects.get(code="village_meeting"), "held_on": days_ago(4),
        "duration_minutes": 60, "place": w.cast.village,
    }, {("female", "25-59", "parent"): 14})  # fmt: skip
    from tipnet.prevention import services_plans

    plan = services_plans.save_plan(officer, session, {"priorities": "Peer leaders in every school"},
                                    None)  # fmt: skip
    action = services_plans.add_action(officer, plan, {
        "description": "Sessions in the two secondary schools", "owner_name": "Peer leaders",
        "due_on": days_ago(2),
    })  # fmt: skip
    w.objects.update(activity=session, meeting=meeting, attendances=attendances, action=action)
    w.objects.update(project=project, campaign=campaign)
    w.objects.update(photos=_prevention_photos(officer, session))
    w.objects.update(peer_group=peer_group, group_members=group_members)


def _project_and_campaign(officer: Any) -> tuple[Any, Any]:
    """The NGO's donor project in Banteay Meanchey and its campaign of the whole country
    (their session joins both), each with a target."""
    from tipnet.geo.models import Area
    from tipnet.prevention import services_campaigns as sc

    project = sc.create_project(officer, {
        "name": "Safe schools", "donor": "A donor", "starts_on": days_ago(60),
        "place": Area.objects.get(code="01"), "budget": 5000, "currency": "USD",
    })  # fmt: skip
    campaign = sc.create_campaign(officer, {
        "name": "Safe migration month", "starts_on": days_ago(30), "ends_on": days_ago(-30),
    })  # fmt: skip
    sc.add_target(officer, project, {"measure": "sessions", "number": 10})
    sc.add_target(officer, campaign, {"measure": "people", "number": 500,
                                      "province": Area.objects.get(code="01")})  # fmt: skip
    return project, campaign


def _prevention_photos(officer: Any, session: Any) -> list[Any]:
    """Two photos of the session: the school gate (everyone who sees the session sees it)
    and the peer leaders, children who can be recognised (the NGO alone)."""
    import io

    from PIL import Image

    from tipnet.prevention import services_photos

    def jpeg(colour: tuple[int, int, int]) -> bytes:
        out = io.BytesIO()
        Image.new("RGB", (64, 48), colour).save(out, "JPEG")
        return out.getvalue()

    return [
        services_photos.add_photo(officer, session, jpeg((40, 90, 160)), "The school gate"),
        services_photos.add_photo(officer, session, jpeg((160, 90, 40)), m("pv_photo_caption"),
                                  children_recognisable=True, consent=m("pv_photo_consent")),
    ]  # fmt: skip


def _committee_world(w: World) -> None:
    """The provincial committee of Banteay Meanchey: two members (the police investigator, a
    user of tipnet, and a village chief it recorded) and a meeting with both present and an
    action plan."""
    from tipnet.geo.models import Area
    from tipnet.prevention import services as prevention
    from tipnet.prevention import services_committees as committees
    from tipnet.prevention import services_plans
    from tipnet.prevention.models import ActivityType

    pcct, committee = as_actor(w.users["pcct"]), w.cast.orgs["pcct_bmc"]
    chief = prevention.add_participant(pcct, {"name": m("pv_member"), "sex": "male",
                                              "age_band": "60+", "role": "village_chief"})  # fmt: skip
    seats = [
        committees.add_member(pcct, committee, {"user": w.users["police"], "role": "member",
                                                "since": days_ago(90)}),
        committees.add_member(pcct, committee, {"participant": chief, "role": "deputy_chair",
                                                "since": days_ago(90)}),
    ]  # fmt: skip
    sitting = prevention.create_activity(pcct, {
        "kind": ActivityType.objects.get(code="committee_meeting"), "held_on": days_ago(6),
        "duration_minutes": 120, "place": Area.objects.get(code="01"), "committee": committee,
        "decisions": "Joint border checks before the holidays",
    }, {})  # fmt: skip
    committees.set_present(pcct, sitting, seats)
    plan = services_plans.save_plan(pcct, sitting, {"priorities": "Border checks"}, None)
    services_plans.add_action(pcct, plan, {"description": "Checks at the Poipet crossing",
                                           "owner_name": "Police", "due_on": days_ago(1)})  # fmt: skip
    w.objects.update(committee=committee, seats=seats, sitting=sitting)


def _community_world(w: World) -> None:
    """The village register of the Poipet village: a migrant away with a contact, a second
    one back home (community app)."""
    from tipnet.community import services as community
    from tipnet.geo.models import Country

    volunteer = as_actor(w.users["volunteer"])
    base = {
        "gender": "Feminine", "date_of_birth": None, "estimated_age": 24,
        "place": w.cast.village, "departed_on": days_ago(90), "planned_return_on": None,
        "destination_country": Country.objects.get(code="TH"), "destination_city": "Rayong",
        "sector": "C_Manufacturing", "purpose": "LabourMigrant", "platform": "",
        "paid_by": "broker_advance", "amount_paid": None, "currency": "USD",
        "debt_amount": 300, "debt_currency": "USD", "debt_to": "broker", "passport": "broker",
        "visa": "migrant", "work_permit": "none", "contract": "written_not_readable",
        "contract_held_by": "broker",
    }  # fmt: skip
    away = community.register_migrant(volunteer, {
        **base, "name_km": m("cm_name_km"), "name_latin": f"{m('cm_name_latin')} Sok",
        "phone": m("cm_phone"), "employer": m("cm_employer"),
        "arranged_by": "KH_LicensedAgency", "licence_number": m("cm_licence"),
        "companions_note": m("cm_companions"), "family_contact_name": m("cm_family"),
        "family_contact_phone": m("cm_family_phone"),
    })  # fmt: skip
    community.add_contact(volunteer, away, {"contacted_on": days_ago(70), "reached": True,
                                            "situation": "problem",
                                            "note": m("cm_contact_note")})  # fmt: skip
    home = community.register_migrant(volunteer, {
        **base, "name_km": "", "name_latin": m("cm2_name"), "phone": "",
        "arranged_by": "KH_UnlicensedBroker", "licence_number": "",
    })  # fmt: skip
    community.record_return(volunteer, home, {"returned_on": days_ago(3), "how": "deported",
                                              "situation": "problem",
                                              "note": m("cm2_return_note")})  # fmt: skip
    w.objects["migrations"] = [away, home]


# --- URLs -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str  # "people:detail", "login"
    app: str
    params: tuple[str, ...]


def routes() -> list[Route]:
    """Every named URL of the apps (not the admin), from the resolver."""
    found: list[Route] = []

    def walk(patterns: list[Any], namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace == "admin" or p.app_name == "admin":
                    continue
                walk(p.url_patterns, p.namespace or namespace)
            elif isinstance(p, URLPattern) and p.name and p.name not in SKIPPED:
                app = p.callback.__module__.split(".")[1]
                if app not in APPS:
                    continue
                name = f"{namespace}:{p.name}" if namespace else p.name
                params = tuple(p.pattern.regex.groupindex)
                found.append(Route(name, app, params))

    walk(get_resolver().url_patterns, "")
    return sorted(set(found), key=lambda r: r.name)


@dataclass(frozen=True)
class Visit:
    url: str
    hx: bool = False
    # Markers the URL itself carries (a search term), so an echo of it is not a leak.
    echoed: frozenset[str] = frozenset()


def _param_values(w: World, route: Route) -> list[dict[str, Any]]:
    o, p = w.objects, w.people
    app, names = route.app, set(route.params)
    if not names:
        return [{}]
    if names == {"uidb64", "token"}:  # a password reset link (off unless email resets are on)
        return [{"uidb64": "MQ", "token": "set-password"}]
    if names == {"user_id"}:  # a caseload: the focal point's (protection), the police's (case)
        return [{"user_id": w.users[name].pk} for name in ("focalpoint", "police")]
    if app == "people" and "doc_pk" in names:
        # Her two documents, the restricted witness's and the Battambang person's.
        return [{"pk": d.person_id, "doc_pk": d.pk}
                for key in ("v", "r", "b") for d in p[key].documents.order_by("id")]  # fmt: skip
    if app == "people":
        return [{"pk": person.pk} for person in p.values()]
    if app == "cases":
        case = o["case"]
        if route.name == "cases:refer_child":  # the case without a child, then the child's
            return [{"pk": case.pk}, {"pk": o["k_case"].pk}]
        if names == {"ref_pk"}:
            return [{"ref_pk": o["k_ref"].pk}]
        if names == {"lr_pk"}:  # the request for the child's case, then for an unknown number
            return [{"lr_pk": r.pk} for r in o["link_requests"]]
        if names == {"pc_pk"}:
            return [{"pc_pk": o["pc"].pk}]
        if names == {"pk"}:
            return [{"pk": case.pk}]
        if "link_pk" in names:
            return [{"pk": case.pk, "link_pk": link.pk}
                    for link in (o["victim"], o["suspect"], o["witness"])]  # fmt: skip
        if "step_pk" in names:  # the steps in force, then the copy kept by the correction
            from tipnet.cases.models import ProceedingStep

            steps = ProceedingStep.all_objects.filter(suspect__case=case).order_by("id")
            return [{"pk": case.pk, "step_pk": step.pk} for step in steps]
        if "charge_pk" in names:
            return [{"pk": case.pk, "charge_pk": o["charge"].pk}]
        if "doc_pk" in names:
            return [{"pk": case.pk, "doc_pk": o["document"].pk}]
        if "hearing_pk" in names:
            return [{"pk": case.pk, "hearing_pk": o["hearing"].pk}]
        if names == {"org_id"}:
            return [{"org_id": w.cast.orgs["court_bmc"].pk}]
        if names == {"job_id"}:
            return [{"job_id": o["import_job"].uuid}]
    if app == "protection":
        from tipnet.protection.codes import ReferralStatus

        pcs = [o["pc"].pk, o["pc2"].pk]
        if names == {"pk"}:
            return [{"pk": pk} for pk in pcs]
        if names == {"rpk"}:
            return [{"rpk": r.pk} for r in (o["ref"], o["ref2"])]
        if names == {"rpk", "stay_pk"}:
            return [{"rpk": o["ref"].pk, "stay_pk": o["stay"].pk}]
        if names == {"rpk", "to"}:
            return [{"rpk": r.pk, "to": to}
                    for r in (o["ref"], o["ref2"]) for to in ReferralStatus.values]  # fmt: skip
        sub = {
            "consent_pk": [o["consent"].pk, o["old_consent"].pk],
            "plan_pk": [o["plan"].pk],
            "visit_pk": [v.pk for v in o["visits"]],
            # The identification in force, then the copy kept by its correction.
            "ident_pk": [o["ident"].pk, o["ident_copy"].pk],
            "assessment_pk": [o["assessment"].pk],
        }
        for name, values in sub.items():
            if names == {"pk", name}:
                return [{"pk": o["pc"].pk, name: v} for v in values]
    if app == "prevention":
        if route.name.startswith(("prevention:project", "prevention:campaign")):
            key = "project" if route.name.startswith("prevention:project") else "campaign"
            record = o[key]
            if names == {"pk"}:
                return [{"pk": record.pk}]
            if names == {"pk", "target_pk"}:
                return [{"pk": record.pk, "target_pk": record.targets.get().pk}]
        if route.name == "prevention:present":  # the committee's meeting, then the session
            return [{"pk": o["sitting"].pk}, {"pk": o["activity"].pk}]
        if names == {"org_id"}:  # the provincial committee, then the NCCT
            return [{"org_id": org.pk} for org in (o["committee"], w.cast.orgs["ncct"])]
        if names == {"org_id", "member_pk"}:  # the village chief's membership
            return [{"org_id": o["committee"].pk, "member_pk": o["seats"][1].pk}]
        if names == {"pk"}:  # the NGO's session, the volunteer's village meeting
            return [{"pk": o["activity"].pk}, {"pk": o["meeting"].pk}]
        if names == {"pk", "attendance_pk"}:
            return [{"pk": o["activity"].pk, "attendance_pk": o["attendances"][0].pk}]
        if names == {"pk", "action_pk"}:
            return [{"pk": o["activity"].pk, "action_pk": o["action"].pk}]
        if names == {"pk", "photo_pk"}:  # the session's ordinary photo, then its children's
            return [{"pk": o["activity"].pk, "photo_pk": ph.pk} for ph in o["photos"]]
        if names == {"group_pk"}:  # the NGO's Child Peer Group
            return [{"group_pk": o["peer_group"].pk}]
        if names == {"group_pk", "member_pk"}:
            return [{"group_pk": o["peer_group"].pk, "member_pk": o["group_members"][0].pk}]
    if app == "community":
        if route.name == "community:village":  # the Poipet village, then one in Battambang
            from tipnet.geo.models import Area

            far = Area.objects.filter(level=4, code__startswith="02").order_by("code").first()
            return [{"code": w.cast.village.code}, {"code": far.code}]
        if names == {"code"}:
            return [{"code": w.cast.village.parent_id}]
        if names == {"pk"}:  # the migrant away, then the one back home
            return [{"pk": r.pk} for r in o["migrations"]]
    raise AssertionError(f"no parameter values for {route.name}{route.params}: add them here")


def _queries(w: World, route: Route) -> list[dict[str, str]]:
    searches = [m("v_name_latin"), m("v_name_km"), m("v_alias"), m("v_id"), m("v_passport"),
                m("v_phone"),
                m("s_name_latin"), m("r_name_latin"), m("r_id"), m("p_name_latin"), m("p_id"),
                m("b_name_latin"), m("c_title"), w.objects["case"].number,
                m("k_name_latin")]  # fmt: skip
    people_filters = [{"born": DOB_V.isoformat()}, {"missing": "age"}, {"province": "01"},
                      {"province": "02"}]  # fmt: skip
    by_name = {
        "people:list": [{"q": q} for q in searches] + people_filters,
        "people:export": [{"q": q} for q in searches] + people_filters,
        "cases:list": [{"q": q} for q in searches] + [{"province": "01"}, {"year": "2026"}],
        "cases:person_add": [{"q": q} for q in searches],
        "cases:pipeline": [{"province": "01"}],
        "cases:step_add": [{"kind": "arrest"}, {"kind": "forwarded"}],
        "protection:list": [{"q": q} for q in searches],
        "search": [{"q": q} for q in searches] + [{"q": f"P-{w.objects['pc'].pk}"}],
        "protection:create": [{"person": str(p.pk)} for p in w.people.values()],
        "protection:follow_ups": [{"all": "1"}],
        "protection:stage": [{"stage": "follow_up"}],
        "geo:children": [{"parent": "01"}, {"parent": "011002"}],
        "geo:search": [{"q": "Poipet"}, {"q": m("v_name_latin")}],
        "audit:list": [{"object_type": t} for t in AUDITED_TYPES]
        + [{"page": str(n)} for n in range(2, 8)],
        "audit:export": [{"object_type": t} for t in AUDITED_TYPES],
        "prevention:list": [{"kind": "peer_group_session"}, {"province": "01"}],
        "prevention:reach": [
            {"province": "01", "kind": "peer_group_session"},
            {"by": "role"},
            {"by": "age_band"},
        ],
        "prevention:group_list": [{"kind": "child_peer_group"}, {"province": "01"}],
        "prevention:reach_export": [{"as": "csv"}, {"province": "01"}],
    }
    return [{}, *by_name.get(route.name, [])]


AUDITED_TYPES = ["people.person", "cases.case", "protection.protectioncase",
                 "protection.referral"]  # fmt: skip
LISTS = {"people:list", "cases:list", "protection:list", "protection:referrals",
         "protection:follow_ups", "audit:list", "home"}  # fmt: skip


def visits(w: World, route: Route) -> list[Visit]:
    out: list[Visit] = []
    for params, query in itertools.product(_param_values(w, route), _queries(w, route)):
        url = reverse(route.name, kwargs=params or None)
        if query:
            url += "?" + urlencode(query)
        echoed = frozenset(found_markers(" ".join(query.values())))
        out.append(Visit(url, False, echoed))
        if route.name in LISTS:
            out.append(Visit(url, True, echoed))
    return out


def admin_visits(w: World) -> list[Visit]:
    """The admin site: its index, every registered model's list and one change page each."""
    from django.contrib import admin

    out = [Visit(reverse("admin:index"))]
    for model in admin.site._registry:
        label = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        out.append(Visit(reverse(f"{label}_changelist")))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            out.append(Visit(reverse(f"{label}_change", args=[first.pk])))
    return out


def response_text(response: Any) -> str:
    """Body and headers of a response, decoded."""
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    headers = " ".join(f"{k}: {v}" for k, v in response.headers.items())
    text = body.decode("utf-8", errors="ignore")
    if body.startswith(b"%PDF"):  # a printed document: its compressed text, read as a reader would
        import contextlib

        from pypdf.errors import PdfReadError

        from tipnet.core.tests.pdftext import pdf_text

        # No PDF inside (the world's uploaded document): its bytes were read above.
        with contextlib.suppress(PdfReadError):
            text += "\n" + pdf_text(body)
    return text + "\n" + headers
