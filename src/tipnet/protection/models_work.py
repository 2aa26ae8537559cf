"""What a receiving organisation records while it works a referred protection case: the
person's stays, the services it gave, and notes back to the organisation that referred them.
Each hangs on the referral (the receiver's grant, :mod:`tipnet.protection.receiving`), never
on the owner's records: the receiver adds its own work, it does not change the case."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tipnet.core.encryption import EncryptedTextField
from tipnet.protection import codes

USER = settings.AUTH_USER_MODEL


class ReceiverWork(models.Model):
    """Who recorded it (the receiving organisation and its worker) and when."""

    referral = models.ForeignKey("protection.Referral", models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "accounts.Organisation", models.PROTECT, related_name="+",
        verbose_name=_("recorded by organisation"),
    )  # fmt: skip
    recorded_by = models.ForeignKey(USER, models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


class Stay(ReceiverWork):
    """A stay in a shelter or another place of care, from admission to discharge."""

    referral = models.ForeignKey("protection.Referral", models.CASCADE, related_name="stays")
    # Where a victim sleeps is what a trafficker looks for: encrypted, sealed in the trail.
    place = EncryptedTextField(_("shelter or place of stay"))
    admitted_on = models.DateField(_("admitted on"))
    discharged_on = models.DateField(_("discharged on"), null=True, blank=True)

    FIELDS = ["place", "admitted_on", "discharged_on"]
    AUDIT_SEALED_FIELDS = frozenset({"place"})

    class Meta:
        ordering = ["admitted_on", "id"]
        verbose_name = _("stay")
        verbose_name_plural = _("stays")

    def __str__(self) -> str:
        return f"{self.admitted_on} – {self.discharged_on or ''}"


class ServiceGiven(ReceiverWork):
    """A service given to the person: when, which kind, and a note."""

    referral = models.ForeignKey(
        "protection.Referral", models.CASCADE, related_name="services_given"
    )
    given_on = models.DateField(_("given on"))
    service = models.CharField(_("service"), max_length=20, choices=codes.Service.choices)
    note = EncryptedTextField(_("note"), blank=True)

    class Meta:
        ordering = ["given_on", "id"]
        verbose_name = _("service given")
        verbose_name_plural = _("services given")

    def __str__(self) -> str:
        return f"{self.given_on} {self.get_service_display()}"


class ReferralNote(ReceiverWork):
    """A note from the receiving organisation to the one that referred the person."""

    referral = models.ForeignKey("protection.Referral", models.CASCADE, related_name="notes")
    text = EncryptedTextField(_("note"))

    class Meta:
        ordering = ["recorded_at", "id"]
        verbose_name = _("note to the referring organisation")
        verbose_name_plural = _("notes to the referring organisation")

    def __str__(self) -> str:
        return f"#{self.pk}"
