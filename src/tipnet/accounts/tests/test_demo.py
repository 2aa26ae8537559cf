from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from tipnet.accounts.models import User
from tipnet.audit.services import verify_chain
from tipnet.cases.models import Case, CasePerson
from tipnet.people.models import Person


def test_it_builds_the_demo_once_with_one_user_per_role(gazetteer, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    out = StringIO()
    call_command("demo", stdout=out)
    assert "3 demo cases created" in out.getvalue()
    users = User.objects.filter(is_synthetic=True)
    assert users.count() == 10
    assert {code for u in users for code in u.role_codes()} == {
        "system_admin", "national_analyst", "provincial_committee", "police_investigator",
        "prosecutor", "social_worker", "commune_focal_point", "village_volunteer",
        "prevention_officer", "auditor",
    }  # fmt: skip
    assert (tmp_path / "demo-credentials.txt").stat().st_mode & 0o777 == 0o600
    assert all(p.is_synthetic for p in Person.objects.all())
    assert sorted(CasePerson.objects.filter(role="suspect").values_list("stage", flat=True)) == [
        "appeal", "at_large", "prosecution", "verdict",
    ]  # fmt: skip
    assert Case.objects.filter(is_synthetic=True).count() == 3
    from tipnet.protection.models import ProtectionCase, ServiceOffering

    assert ProtectionCase.objects.filter(is_synthetic=True).count() == 1
    assert ServiceOffering.objects.filter(service="shelter", area_id="02").exists()
    again = StringIO()
    call_command("demo", stdout=again)
    assert "already present" in again.getvalue() and User.objects.count() == 10
    assert verify_chain() == []
