"""The demo of ``make run`` has a village register to look at, recorded through the services:
scored, sorted by risk, the phone encrypted."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.db import connection

from tipnet.community.models import MigrationRecord


def test_it_builds_the_demo_register_once(gazetteer, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    out = StringIO()
    call_command("demo", stdout=out)
    assert "3 demo migrants recorded in the village register" in out.getvalue()
    register = list(MigrationRecord.objects.order_by("-risk_score", "id"))
    assert [r.person.name_latin for r in register] == ["Chan Sokha", "Meas Sreyneang", "Sok Dara"]
    assert (
        "lost_contact" in register[0].risk_flags and "unlicensed_broker" in register[0].risk_flags
    )
    assert "minor" in register[1].risk_flags and register[2].risk_score == 0
    assert {r.person.gender for r in register} == {"Feminine", "Masculine"}
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM people_person WHERE id = %s", [register[0].person_id])
        assert "097 555 0101" not in cursor.fetchone()[0]
    call_command("demo", stdout=StringIO())
    assert MigrationRecord.objects.count() == 3
