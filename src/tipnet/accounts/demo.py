"""Demo organisations, one user per role, and fictional people, for ``make run``."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from tipnet.accounts.access import TWO_FACTOR_ROLES
from tipnet.accounts.models import Organisation, User
from tipnet.accounts.roles import OrganisationKind as K
from tipnet.accounts.roles import RoleCode as R
from tipnet.accounts.twofactor import secret_base32
from tipnet.geo.models import Area
from tipnet.people.documents import number_index
from tipnet.people.models import DocumentKind, Gender, IdentityDocument, Person
from tipnet.people.names import name_key

ORGS = [
    # key, English, Khmer, kind, coverage
    ("ncct", "National Committee for Counter Trafficking (demo)", "គណៈកម្មាធិការជាតិប្រយុទ្ធប្រឆាំងការជួញដូរមនុស្ស (សាកល្បង)", K.NATIONAL_COMMITTEE, None),
    ("ops", "tipnet operations, Ministry of Interior (demo)", "ប្រតិបត្តិការ tipnet ក្រសួងមហាផ្ទៃ (សាកល្បង)", K.MINISTRY, None),
    ("police", "Anti-Human Trafficking Police, Banteay Meanchey (demo)", "នគរបាលប្រឆាំងការជួញដូរមនុស្ស ខេត្តបន្ទាយមានជ័យ (សាកល្បង)", K.POLICE_UNIT, "01"),
    ("prosecution", "Prosecutor, Banteay Meanchey Provincial Court (demo)", "អយ្យការ សាលាដំបូងខេត្តបន្ទាយមានជ័យ (សាកល្បង)", K.PROSECUTION, "01"),
    ("pcct", "Provincial Committee, Banteay Meanchey (demo)", "គណៈកម្មាធិការខេត្តបន្ទាយមានជ័យ (សាកល្បង)", K.PROVINCIAL_COMMITTEE, "01"),
    ("ngo", "Safe Haven Shelter, Battambang (demo NGO)", "មណ្ឌលសុវត្ថិភាព បាត់ដំបង (អង្គការសាកល្បង)", K.NGO, "02"),
    ("ccwc", "Paoy Paet Commune CCWC (demo)", "គ.ក.ន.ក ឃុំប៉ោយប៉ែត (សាកល្បង)", K.COMMUNE_COUNCIL, "011002"),
    ("prevention", "Community Awareness Programme (demo NGO)", "កម្មវិធីផ្សព្វផ្សាយសហគមន៍ (អង្គការសាកល្បង)", K.NGO, "01"),
]  # fmt: skip

USERS = [
    # username, role, organisation key, jurisdiction, Latin name, Khmer name
    ("admin", R.SYSTEM_ADMIN, "ops", None, "Chan Vuthy", "ចាន់ វុទ្ធី"),
    ("analyst", R.NATIONAL_ANALYST, "ncct", None, "Keo Sophea", "កែវ សុភា"),
    ("pcct", R.PROVINCIAL_COMMITTEE, "pcct", "01", "Lim Bora", "លឹម បូរ៉ា"),
    ("police", R.POLICE_INVESTIGATOR, "police", "01", "Heng Rithy", "ហេង រិទ្ធី"),
    ("prosecutor", R.PROSECUTOR, "prosecution", "01", "Mao Chenda", "ម៉ៅ ចិន្តា"),
    ("socialworker", R.SOCIAL_WORKER, "ngo", "02", "Srey Pov", "ស្រី ពៅ"),
    ("focalpoint", R.COMMUNE_FOCAL_POINT, "ccwc", "011002", "Nhem Sokha", "ញ៉ែម សុខា"),
    ("volunteer", R.VILLAGE_VOLUNTEER, "ccwc", "village", "Ouk Sina", "អ៊ុក ស៊ីណា"),
    ("prevention", R.PREVENTION_OFFICER, "prevention", "01", "Pich Dalin", "ពេជ្រ ដាលីន"),
    ("auditor", R.AUDITOR, "ncct", None, "Sam Vanna", "សំ វណ្ណា"),
]  # fmt: skip

PEOPLE = [
    # owner, place, Khmer, Latin, aliases, gender, birth, estimated age, phone, ID
    ("police", "011002", "សុខ ស្រីនាង", "Sok Sreyneang", "Sok Srey Neang", Gender.FEMININE, date(2007, 3, 14), None, "012 345 678", "010203040"),
    ("police", "011004", "ចាន់ ធីតា", "Chan Thida", "Chan Tida", Gender.FEMININE, None, 16, "", ""),
    ("police", "0102", "គឹម សុវណ្ណ", "Kim Sovann", "Kim Sovan", Gender.MASCULINE, date(1985, 11, 2), None, "097 111 2222", "110987654"),
    ("police", None, "ផាន់ ដារ៉ា", "Phan Dara", "", Gender.MASCULINE, None, 34, "+66 81 234 5678", ""),
    ("ngo", "0203", "លី ម៉ារី", "Ly Mary", "Ly Marie", Gender.FEMININE, date(2010, 6, 1), None, "", ""),
    ("ngo", "0203", "ហួត សុភាព", "Huot Sopheap", "Hout Sopheap", Gender.FEMININE, None, None, "", ""),
    ("ccwc", "011002", "ស៊ុន រតនា", "Sun Rathana", "Soun Ratana", Gender.FEMININE, date(2002, 1, 20), None, "015 999 000", ""),
]  # fmt: skip


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    password: str
    totp_secret: str


@transaction.atomic
def build_demo() -> list[DemoAccount]:
    """Create the demo once. Returns the accounts created (empty if they already existed)."""
    if User.objects.filter(username="admin", is_synthetic=True).exists():
        return []
    orgs = {}
    for key, en, km, kind, coverage in ORGS:
        orgs[key] = Organisation.objects.create(
            name_en=en, name_km=km, kind=kind, coverage_id=coverage, is_synthetic=True
        )
    village = Area.objects.filter(parent_id="011002").order_by("code").first()
    accounts = []
    for username, role, org, jurisdiction, latin, khmer in USERS:
        password = "-".join(secrets.token_hex(3) for _ in range(3))
        first, _, last = latin.partition(" ")
        user = User.objects.create_user(
            username=username, password=password, organisation=orgs[org], first_name=first,
            last_name=last, full_name_km=khmer, is_synthetic=True,
            jurisdiction_id=village.code if jurisdiction == "village" and village else jurisdiction,
        )  # fmt: skip
        user.roles.set([role])  # type: ignore[list-item]  # the stubs take an int pk; Role's is its code (a str)
        secret = ""
        if role in TWO_FACTOR_ROLES:
            from django_otp.plugins.otp_totp.models import TOTPDevice

            device = TOTPDevice.objects.create(user=user, name="tipnet", confirmed=True)
            secret = secret_base32(device)
        accounts.append(DemoAccount(username, str(role), password, secret))
    for owner, place, km, latin, aliases, gender, born, age, phone, id_number in PEOPLE:
        person = Person.objects.create(
            owner_organisation=orgs[owner], place_id=place, name_km=km, name_latin=latin,
            aliases=aliases, gender=gender, date_of_birth=born, estimated_age=age, phone=phone,
            name_key=name_key(km, latin, aliases),
            country_id="KH" if place else "TH", nationality_id="KH", is_synthetic=True,
            notes="Fictional person created for the tipnet demo.",
        )  # fmt: skip
        if id_number:
            IdentityDocument.objects.create(
                person=person, kind=DocumentKind.NATIONAL_ID, number=id_number,
                number_index=number_index(id_number), issuing_country_id="KH",
            )  # fmt: skip
    return accounts
