"""The village migration register: who left the village, how, with which documents, and the
contacts kept with them afterwards. A migrant is a ``people.Person``; the record is a
ScopedRecord for the access module (owner organisation: the recorder's; place: the village)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tipnet.accounts.access import Sensitivity
from tipnet.accounts.models import Organisation
from tipnet.cases.codes import Industry, Platform
from tipnet.cases.stages import Currency
from tipnet.community import codes
from tipnet.community.risk import FLAGS
from tipnet.core.encryption import EncryptedTextField
from tipnet.core.fields import CodeListField
from tipnet.geo.models import Area, Country, localised

USER = settings.AUTH_USER_MODEL


def _money(label: Any) -> models.DecimalField:
    return models.DecimalField(label, max_digits=12, decimal_places=2, null=True, blank=True)


def _held(label: Any) -> models.CharField:
    return models.CharField(label, max_length=16, choices=codes.Held.choices,
                            default=codes.Held.UNKNOWN)  # fmt: skip


class MigrationRecord(models.Model):
    person = models.ForeignKey(
        "people.Person", models.PROTECT, related_name="migrations", verbose_name=_("migrant")
    )
    departed_on = models.DateField(_("departure date"), null=True, blank=True)
    planned_return_on = models.DateField(_("planned return"), null=True, blank=True)
    destination_country = models.ForeignKey(
        Country, models.PROTECT, related_name="+", verbose_name=_("destination country")
    )
    destination_city = models.CharField(_("province or city"), max_length=100, blank=True)
    employer = EncryptedTextField(_("employer or workplace"), blank=True)
    sector = models.CharField(_("sector"), max_length=64, choices=Industry.choices, blank=True)
    purpose = models.CharField(
        _("purpose"), max_length=32, choices=codes.Purpose.choices, default=codes.Purpose.LABOUR
    )
    arranged_by = models.CharField(
        _("how it was arranged"), max_length=32, choices=codes.ArrangedBy.choices
    )
    licence_number = models.CharField(_("agency licence number"), max_length=40, blank=True)
    platform = models.CharField(
        _("online platform"), max_length=32, choices=Platform.choices, blank=True
    )
    paid_by = models.CharField(
        _("who paid for the journey"), max_length=16, choices=codes.PaidBy.choices,
        default=codes.PaidBy.UNKNOWN,
    )  # fmt: skip
    amount_paid = _money(_("amount paid"))
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.USD
    )
    debt_amount = _money(_("debt taken for the journey"))
    debt_currency = models.CharField(
        _("currency of the debt"), max_length=3, choices=Currency.choices, default=Currency.USD
    )
    debt_to = models.CharField(
        _("debt owed to"), max_length=16, choices=codes.DebtTo.choices, blank=True
    )
    passport = _held(_("passport"))
    visa = _held(_("visa"))
    work_permit = _held(_("work permit"))
    contract = models.CharField(
        _("contract"), max_length=24, choices=codes.Contract.choices, default=codes.Contract.UNKNOWN
    )
    contract_held_by = _held(_("who keeps the contract"))
    companions_note = EncryptedTextField(_("travel companions"), blank=True)
    family_contact_name = EncryptedTextField(_("family contact"), blank=True)
    family_contact_phone = EncryptedTextField(_("family contact's phone"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=codes.Status.choices, default=codes.Status.AWAY
    )
    # Kept by services.add_contact, for lost contact and the register.
    last_contact_on = models.DateField(null=True, blank=True, editable=False)
    last_reached_on = models.DateField(null=True, blank=True, editable=False)
    last_situation = models.CharField(
        max_length=16, choices=codes.Situation.choices, blank=True, editable=False
    )
    # Stored by every write (community/risk.py), so that the register sorts in SQL.
    risk_score = models.PositiveIntegerField(default=0, editable=False)
    risk_flags = CodeListField(editable=False)
    owner_organisation = models.ForeignKey(
        Organisation, models.PROTECT, related_name="+", verbose_name=_("recorded by organisation")
    )
    place = models.ForeignKey(Area, models.PROTECT, related_name="+", verbose_name=_("village"))
    # The access module's sensitivity: the register is seen by its village and commune.
    sensitivity = models.CharField(max_length=16, default=Sensitivity.STANDARD, editable=False)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(USER, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    is_synthetic = models.BooleanField(_("synthetic (generated) data"), default=False)

    FIELDS = (
        "departed_on", "planned_return_on", "destination_country", "destination_city",
        "employer", "sector", "purpose", "arranged_by", "licence_number", "platform", "paid_by",
        "amount_paid", "currency", "debt_amount", "debt_currency", "debt_to", "passport", "visa",
        "work_permit", "contract", "contract_held_by", "companions_note", "family_contact_name",
        "family_contact_phone", "place",
    )  # fmt: skip
    ENCRYPTED_FIELDS = frozenset(
        {"employer", "companions_note", "family_contact_name", "family_contact_phone"}
    )
    # Stored only sealed in the audit trail: what could identify the migrant or their family.
    AUDIT_SEALED_FIELDS = ENCRYPTED_FIELDS | {
        "departed_on", "planned_return_on", "place", "licence_number",
    }  # fmt: skip

    class Meta:
        ordering = ["-risk_score", "id"]
        verbose_name = _("migration record")
        verbose_name_plural = _("migration records")
        indexes = [
            models.Index(fields=["place", "status", "-risk_score", "id"], name="cm_register"),
            models.Index(fields=["status", "last_reached_on"], name="cm_lost_contact"),
        ]

    def __str__(self) -> str:
        return str(_("Migration record #%(number)s") % {"number": self.pk})


class MigrantContact(models.Model):
    record = models.ForeignKey(MigrationRecord, models.CASCADE, related_name="contacts")
    contacted_on = models.DateField(_("date of the contact"))
    reached = models.BooleanField(_("reached the migrant"))
    situation = models.CharField(
        _("situation"), max_length=16, choices=codes.Situation.choices, blank=True
    )
    note = EncryptedTextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(USER, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    ENCRYPTED_FIELDS = frozenset({"note"})
    AUDIT_SEALED_FIELDS = ENCRYPTED_FIELDS

    class Meta:
        ordering = ["-contacted_on", "-id"]
        verbose_name = _("contact with a migrant")
        verbose_name_plural = _("contacts with migrants")
        indexes = [models.Index(fields=["record", "-contacted_on"], name="cm_contact_record")]

    def __str__(self) -> str:
        return str(_("Contact #%(number)s") % {"number": self.pk})


class MigrantReturn(models.Model):
    record = models.OneToOneField(MigrationRecord, models.CASCADE, related_name="homecoming")
    returned_on = models.DateField(_("date of return"))
    how = models.CharField(_("how they came back"), max_length=16, choices=codes.ReturnHow.choices)
    situation = models.CharField(
        _("situation on return"), max_length=16, choices=codes.ReturnSituation.choices
    )
    note = EncryptedTextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(USER, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    ENCRYPTED_FIELDS = frozenset({"note"})
    AUDIT_SEALED_FIELDS = ENCRYPTED_FIELDS | {"returned_on"}

    class Meta:
        verbose_name = _("return of a migrant")
        verbose_name_plural = _("returns of migrants")

    def __str__(self) -> str:
        return str(_("Return #%(number)s") % {"number": self.pk})


class RiskWeight(models.Model):
    """The weight of one risk flag (community/risk.py), kept by administrators."""

    code = models.CharField(
        _("flag"), max_length=40, primary_key=True, choices=[(f.code, f.label_en) for f in FLAGS]
    )
    label_en = models.CharField(_("label in English"), max_length=200)
    label_km = models.CharField(_("label in Khmer"), max_length=200)
    weight = models.PositiveSmallIntegerField(_("weight"), validators=[MaxValueValidator(100)])
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("risk flag weight")
        verbose_name_plural = _("risk flag weights")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return localised(self.label_km, self.label_en)


class KnownExploitation(models.Model):
    """A destination country or sector (or both) where exploitation of migrants is known:
    records going there raise the ``known_exploitation`` flag. Kept by administrators."""

    country = models.ForeignKey(
        Country, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("country"),
    )  # fmt: skip
    sector = models.CharField(_("sector"), max_length=64, choices=Industry.choices, blank=True)
    note = models.CharField(_("what is known, and from where"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["country", "sector"]
        verbose_name = _("destination or sector with known exploitation")
        verbose_name_plural = _("destinations and sectors with known exploitation")

    def __str__(self) -> str:
        return " · ".join(str(x) for x in (self.country, self.get_sector_display()) if x) or "—"
