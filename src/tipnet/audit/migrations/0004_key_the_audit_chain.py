"""Key the audit chain: every event names the HMAC key that seals it (``key_id``).

The events written before this migration were sealed with plain SHA-256, which anyone with
database access can recompute. They are re-sealed here, once, under the newest key of
TIPNET_AUDIT_KEYS, after their old chain has been checked: a broken chain is never re-sealed
(that would launder the tampering) unless TIPNET_AUDIT_RESEAL_BROKEN=1 says the operator has
looked at the problems and accepts them; the migration then records that in the trail.
"""

import os

from django.db import migrations, models
from django.utils import timezone

from tipnet.audit import guard

BATCH = 2000


def _legacy_problems(AuditEvent, legacy_hash):
    expected, previous, problems = 1, "0" * 64, []
    for event in AuditEvent.objects.order_by("sequence").iterator(chunk_size=BATCH):
        if event.sequence != expected or event.previous_hash != previous:
            problems.append(f"event {event.sequence}: gap or broken link")
        if legacy_hash(event) != event.hash:
            problems.append(f"event {event.sequence}: changed after it was written")
        previous, expected = event.hash, event.sequence + 1
    return problems


def reinstall_guard(apps, schema_editor):
    guard.install(schema_editor.connection)


def reseal(apps, schema_editor):
    from tipnet.audit.chain import event_hash, legacy_hash
    from tipnet.audit.keys import audit_keyring

    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditHead = apps.get_model("audit", "AuditHead")
    # SQLite adds the column by rebuilding the table, which drops its append-only triggers.
    guard.install(schema_editor.connection)
    if not AuditEvent.objects.exists():
        return
    problems = _legacy_problems(AuditEvent, legacy_hash)
    accepted = os.environ.get("TIPNET_AUDIT_RESEAL_BROKEN") == "1"
    if problems and not accepted:
        raise RuntimeError(
            "the unkeyed audit chain is broken, so it is not re-sealed under a key: "
            + "; ".join(problems[:20])
            + ". Investigate, then set TIPNET_AUDIT_RESEAL_BROKEN=1 to re-seal it anyway."
        )
    ring = audit_keyring()
    connection = schema_editor.connection
    guard.remove(connection)
    previous, count, batch = "0" * 64, 0, []
    for event in AuditEvent.objects.order_by("sequence").iterator(chunk_size=BATCH):
        event.key_id, event.previous_hash = ring.current_id, previous
        event.hash = previous = event_hash(event, ring)
        batch.append(event)
        count += 1
        if len(batch) >= BATCH:
            AuditEvent.objects.bulk_update(batch, ["key_id", "previous_hash", "hash"])
            batch = []
    AuditEvent.objects.bulk_update(batch, ["key_id", "previous_hash", "hash"])
    guard.install(connection)
    note = AuditEvent(
        sequence=count + 1,
        timestamp=timezone.now(),
        action="key_rotation",
        object_type="audit.auditevent",
        detail=(
            f"audit chain keyed: {count} events re-sealed under audit key {ring.current_id}"
            + (f" despite {len(problems)} problems in the unkeyed chain" if problems else "")
        )[:500],
        previous_hash=previous,
        key_id=ring.current_id,
    )
    note.hash = event_hash(note, ring)
    note.save(force_insert=True)
    AuditHead.objects.update_or_create(id=1, defaults={"sequence": note.sequence, "hash": note.hash})


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_consent_override_action")]

    operations = [
        # Unapplied, the table is rebuilt again on SQLite: the triggers go back last.
        migrations.RunPython(migrations.RunPython.noop, reinstall_guard),
        migrations.AddField(
            model_name="auditevent",
            name="key_id",
            field=models.CharField(default="", max_length=16),
        ),
        migrations.RunPython(reseal, migrations.RunPython.noop),
    ]
