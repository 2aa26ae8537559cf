"""The register's services: one transaction with its audit events, the risk stored on every
write, encryption at rest, stale edits refused, bad input refused with nothing written."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone, translation

from tipnet.accounts.access import NotAllowed
from tipnet.audit.models import AuditEvent
from tipnet.community import rules, services
from tipnet.community.models import MigrantContact, MigrantReturn, MigrationRecord, RiskWeight
from tipnet.community.tests.conftest import actor, migrant_data
from tipnet.core.versioning import StaleEdit
from tipnet.people.models import Person

pytestmark = pytest.mark.django_db


def _raw(table: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [pk])
        return " ".join(str(v) for v in cursor.fetchone())


def test_it_registers_a_migrant_with_her_person_risk_and_audit(register: Any) -> None:
    volunteer = register.users["volunteer"]
    record = services.register_migrant(actor(volunteer), migrant_data(register.village))
    person = record.person
    assert person.name_latin == "Srey Pov" and person.place_id == register.village.code
    assert person.owner_organisation_id == register.orgs["ccwc"].pk
    assert record.place_id == register.village.code and record.status == "away"
    # 16, a broker without a licence, paid back from wages, a contract she cannot read.
    assert record.risk_flags == ["minor", "unlicensed_broker", "contract_not_understood",
                                 "debt_for_journey"]  # fmt: skip
    assert MigrationRecord.objects.get().risk_score == 50 + 40 + 30 + 30
    events = AuditEvent.objects.filter(action="create").order_by("id")
    assert [e.object_type for e in events] == ["people.person", "community.migrationrecord"]
    record_event = events.last()
    assert record_event.changes["arranged_by"] == {"old": "", "new": "KH_UnlicensedBroker"}
    assert (
        record_event.changes["employer"]["changed"] and "sealed" in record_event.changes["employer"]
    )
    assert "Sea Star" not in str(record_event.changes)
    assert "Srey Pov" not in str(events.first().changes)


def test_the_phone_the_family_and_the_notes_are_encrypted_at_rest(register: Any) -> None:
    volunteer = register.users["volunteer"]
    record = services.register_migrant(actor(volunteer), migrant_data(register.village))
    contact = services.add_contact(actor(volunteer), record, {
        "contacted_on": timezone.localdate(), "reached": True, "situation": "problem",
        "note": "Boss keeps her wages",
    })  # fmt: skip
    row = _raw("community_migrationrecord", record.pk)
    for typed in ("Sea Star", "Mother Neang", "097 777 0202", "cousin Dara"):
        assert typed not in row
    assert "016 555 0101" not in _raw("people_person", record.person_id)
    assert "Boss keeps" not in _raw("community_migrantcontact", contact.pk)
    assert MigrantContact.objects.get().note == "Boss keeps her wages"  # read back decrypted


def test_contacts_keep_the_last_reach_and_an_alarm_raises_the_risk(register: Any) -> None:
    volunteer = register.users["volunteer"]
    data = migrant_data(register.village, date_of_birth=None, estimated_age=30,
                        arranged_by="family_or_friend", paid_by="self",
                        contract="written_readable")  # fmt: skip
    record = services.register_migrant(actor(volunteer), data)
    assert record.risk_flags == [] and record.risk_score == 0
    today = timezone.localdate()
    services.add_contact(actor(volunteer), record, {
        "contacted_on": today - timedelta(days=3), "reached": True, "situation": "in_danger",
        "note": "",
    })  # fmt: skip
    services.add_contact(actor(volunteer), record, {
        "contacted_on": today, "reached": False, "situation": "", "note": "No answer",
    })  # fmt: skip
    record.refresh_from_db()
    assert record.last_contact_on == today and record.last_reached_on == today - timedelta(3)
    assert record.last_situation == "in_danger"
    assert record.risk_flags == ["last_contact_alarm"] and record.risk_score == 60
    assert AuditEvent.objects.filter(object_type="community.migrantcontact").count() == 2


def test_lost_contact_is_stored_by_the_daily_refresh(register: Any, settings: Any) -> None:
    settings.TIPNET_COMMUNITY_LOST_CONTACT_DAYS = 30
    volunteer = register.users["volunteer"]
    data = migrant_data(register.village, departed_on=timezone.localdate() - timedelta(days=45),
                        date_of_birth=None, estimated_age=30, arranged_by="self",
                        paid_by="self", contract="written_readable")  # fmt: skip
    record = services.register_migrant(actor(volunteer), data)
    assert record.risk_flags == ["lost_contact"]  # gone 45 days, never reached
    MigrationRecord.objects.filter(pk=record.pk).update(risk_flags=[], risk_score=0)
    assert services.refresh_stale_risk() == 1
    record.refresh_from_db()
    assert record.risk_flags == ["lost_contact"] and record.risk_score == 50
    assert services.refresh_stale_risk() == 0  # already flagged


def test_a_weight_changed_by_the_administrator_reorders_the_register(register: Any) -> None:
    volunteer = register.users["volunteer"]
    broker = services.register_migrant(actor(volunteer), migrant_data(
        register.village, date_of_birth=None, estimated_age=30, paid_by="self",
        contract="written_readable"))  # fmt: skip
    online = services.register_migrant(actor(volunteer), migrant_data(
        register.village, name_latin="Sok Lin", date_of_birth=None, estimated_age=30,
        paid_by="self", contract="written_readable", arranged_by="online_offer",
        platform="Facebook"))  # fmt: skip
    ranked = lambda: list(MigrationRecord.objects.order_by("-risk_score", "id"))  # noqa: E731
    assert ranked() == [broker, online]  # 40 against 15
    RiskWeight.objects.filter(code="online_offer").update(weight=90)
    assert services.recompute(MigrationRecord.objects.all()) == 1
    assert ranked() == [online, broker]


def test_an_edit_is_saved_audited_and_rescored(register: Any) -> None:
    volunteer = register.users["volunteer"]
    record = services.register_migrant(actor(volunteer), migrant_data(register.village))
    data = migrant_data(register.village, arranged_by="KH_LicensedAgency",
                        licence_number="MOLVT-77", phone="016 999 0000")  # fmt: skip
    saved = services.update_migrant(actor(volunteer), record, data, record.version)
    assert saved.version == 2 and "unlicensed_broker" not in saved.risk_flags
    assert Person.objects.get(pk=record.person_id).phone == "016 999 0000"
    change = AuditEvent.objects.filter(action="change").order_by("id")
    assert [e.object_type for e in change] == ["people.person", "community.migrationrecord"]
    changed = change.last().changes
    assert changed["arranged_by"] == {"old": "KH_UnlicensedBroker", "new": "KH_LicensedAgency"}
    assert "sealed" in changed["licence_number"] and "MOLVT" not in str(changed)


def test_a_stale_edit_is_refused_and_nothing_is_overwritten(register: Any) -> None:
    volunteer, focal = register.users["volunteer"], register.users["focalpoint"]
    record = services.register_migrant(actor(volunteer), migrant_data(register.village))
    services.update_migrant(actor(focal), record, migrant_data(
        register.village, destination_city="Bangkok"), 1)  # fmt: skip
    with pytest.raises(StaleEdit) as stale:
        services.update_migrant(actor(volunteer), record, migrant_data(
            register.village, destination_city="Chonburi"), 1)  # fmt: skip
    assert stale.value.current.destination_city == "Bangkok"
    assert MigrationRecord.objects.get().destination_city == "Bangkok"


def test_bad_input_is_refused_with_a_reason_and_writes_nothing(register: Any) -> None:
    volunteer = register.users["volunteer"]
    today = timezone.localdate()
    bad = [
        migrant_data(register.village, name_km="", name_latin=" "),
        migrant_data(register.village, departed_on=today + timedelta(days=200)),
        migrant_data(register.village, planned_return_on=today - timedelta(days=30)),
        migrant_data(register.village, debt_amount=-5),
        migrant_data(register.village, platform="Facebook"),  # not an online offer
    ]
    for data in bad:
        with pytest.raises(rules.Refused) as refused:
            services.register_migrant(actor(volunteer), data)
        assert refused.value.message
    record = services.register_migrant(actor(volunteer), migrant_data(register.village))
    with pytest.raises(rules.Refused):
        services.add_contact(
            actor(volunteer),
            record,
            {"contacted_on": today + timedelta(days=1), "reached": False, "situation": ""},
        )
    with pytest.raises(rules.Refused):
        services.add_contact(
            actor(volunteer), record, {"contacted_on": today, "reached": True, "situation": ""}
        )
    migrants = Person.objects.filter(created_by=volunteer)
    assert migrants.count() == 1 and MigrationRecord.objects.count() == 1
    assert not MigrantContact.objects.exists()


def test_another_village_is_refused_and_nothing_is_written(register: Any) -> None:
    volunteer = register.users["volunteer"]
    with translation.override("km"), pytest.raises(NotAllowed) as refused:
        services.register_migrant(actor(volunteer), migrant_data(register.other_village))
    assert "ស្ថិតនៅក្រៅយុត្តាធិការរបស់អ្នក" in refused.value.message  # translated
    record = services.register_migrant(
        actor(register.users["volunteer_other"]), migrant_data(register.other_village)
    )
    with pytest.raises(NotAllowed):
        services.add_contact(
            actor(volunteer),
            record,
            {"contacted_on": timezone.localdate(), "reached": False, "situation": ""},
        )
    with pytest.raises(NotAllowed):
        services.register_migrant(actor(register.users["analyst"]),
                                  migrant_data(register.village))  # fmt: skip
    assert Person.objects.filter(migrations__isnull=False).count() == 1


def test_a_return_ends_the_absence_once(register: Any) -> None:
    volunteer = register.users["volunteer"]
    record = services.register_migrant(actor(volunteer), migrant_data(register.village))
    services.add_contact(
        actor(volunteer),
        record,
        {"contacted_on": timezone.localdate(), "reached": True, "situation": "in_danger"},
    )
    record.refresh_from_db()
    assert "last_contact_alarm" in record.risk_flags
    services.record_return(actor(volunteer), record, {
        "returned_on": timezone.localdate(), "how": "assisted_iom", "situation": "problem",
        "note": "Wages unpaid"})  # fmt: skip
    record.refresh_from_db()
    assert record.status == "returned" and "last_contact_alarm" not in record.risk_flags
    with pytest.raises(rules.Refused):
        services.record_return(
            actor(volunteer),
            record,
            {"returned_on": timezone.localdate(), "how": "own", "situation": "well"},
        )
    assert "Wages unpaid" not in _raw("community_migrantreturn", MigrantReturn.objects.get().pk)
