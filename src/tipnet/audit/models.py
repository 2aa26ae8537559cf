"""The append-only, hash-chained audit trail.

Each event carries a sequence number and the hash of the event before it; its own hash, an
HMAC under the audit key named by ``key_id`` (kept outside the database), covers its content
and that link (``tipnet.audit.chain``). Editing an event breaks its hash, deleting one leaves a
gap in the sequence, inserting one breaks the link. ``AuditHead`` holds the newest sequence and
hash, so cutting events off the end is detected too; the heads exported outside the database
(``tipnet.audit.anchors``) catch a rewrite of the whole chain. Database triggers refuse UPDATE
and DELETE.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    VIEW = "view", _("View")
    CREATE = "create", _("Create")
    CHANGE = "change", _("Change")
    DELETE = "delete", _("Delete")
    EXPORT = "export", _("Export")
    LOGIN = "login", _("Login")
    LOGOUT = "logout", _("Logout")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOCKED_OUT = "locked_out", _("Account locked out")
    PERMISSION_DENIED = "permission_denied", _("Permission denied")
    PASSWORD_CHANGE = "password_change", _("Password change")
    TWO_FACTOR = "two_factor", _("Two-factor authentication")
    PASSWORD_RESET = "password_reset", _("Password reset requested")
    KEY_ROTATION = "key_rotation", _("Encryption key rotation")
    CONSENT_OVERRIDE = "consent_override", _("Referral without consent (override)")


class AuditEvent(models.Model):
    # Audited writes are spread over a few chains (TIPNET_AUDIT_CHAINS) so that they do not
    # all queue on one head; each chain is numbered, linked, keyed and anchored on its own.
    chain = models.PositiveSmallIntegerField(default=1)
    sequence = models.BigIntegerField(_("sequence"))
    timestamp = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.DO_NOTHING,
        null=True,
        blank=True,
        db_constraint=False,
        related_name="+",
        verbose_name=_("user"),
    )
    actor_username = models.CharField(_("username"), max_length=150, blank=True, db_index=True)
    organisation_id = models.BigIntegerField(null=True, blank=True)
    action = models.CharField(
        _("action"), max_length=32, choices=AuditAction.choices, db_index=True
    )
    object_type = models.CharField(_("record type"), max_length=64, blank=True)
    object_id = models.CharField(_("record"), max_length=64, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    path = models.CharField(_("path"), max_length=500, blank=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    key_id = models.CharField(max_length=16, default="")

    class Meta:
        ordering = ["-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]
        constraints = [
            models.UniqueConstraint(fields=["chain", "sequence"], name="audit_chain_sequence")
        ]

    def __str__(self) -> str:
        return f"#{self.reference} {self.action} {self.object_type} {self.object_id}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise ValueError("audit events are append-only")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValueError("audit events are append-only")

    @property
    def reference(self) -> str:
        """The event's place in its chain: ``17``, or ``3.17`` in chain 3."""
        return str(self.sequence) if self.chain == 1 else f"{self.chain}.{self.sequence}"


class AuditHead(models.Model):
    """One row per chain (``id`` is the chain's number): its newest sequence number and hash.
    Locked while appending to that chain."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    sequence = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"#{self.sequence} {self.hash[:12]}"
