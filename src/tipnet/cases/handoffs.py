"""Hand-offs between a criminal case and victim protection (issue 11), models of this app:

- :class:`CaseReferral`: a child victim of a police case referred to a social services
  organisation from the directory. It opens a protection case *owned by the receiver*; until
  the receiver records the guardian's consent to case management, that protection case is seen
  by its reference and the referral reason only (the access module's hold, registered in
  ``apps.py``), and the protection rules refuse anything but the consent and a closure.
- :class:`LinkRequest`: a protection case's owner asks the organisation of a criminal case
  outside their area to link it, by its exact number. The asker learns nothing about the case
  (not even whether the number exists) until the case's organisation accepts.

The rules are in :mod:`tipnet.cases.handoff_rules`, the writes in
:mod:`tipnet.cases.handoff_services`."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tipnet.core.encryption import EncryptedTextField

USER = settings.AUTH_USER_MODEL


class LinkStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Linked")
    DECLINED = "declined", _("Declined")


class CaseReferral(models.Model):
    """A child victim of a criminal case referred to a social services organisation. Its
    status follows from the protection case it opened (:func:`handoff_services.status_of`):
    waiting for the guardian's consent, consent recorded, or closed before consent."""

    case = models.ForeignKey("cases.Case", models.PROTECT, related_name="child_referrals")
    victim = models.ForeignKey(
        "cases.CasePerson", models.PROTECT, related_name="+", verbose_name=_("child")
    )
    person = models.ForeignKey("people.Person", models.PROTECT, related_name="+")
    from_organisation = models.ForeignKey(
        "accounts.Organisation", models.PROTECT, related_name="+", verbose_name=_("referred by")
    )
    to_organisation = models.ForeignKey(
        "accounts.Organisation", models.PROTECT, related_name="+", verbose_name=_("referred to")
    )
    offering = models.ForeignKey(
        "protection.ServiceOffering", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("service"),
    )  # fmt: skip
    # The only thing the sender shares before the guardian's consent (encrypted, sealed).
    reason = EncryptedTextField(_("reason for the referral"))
    protection_case = models.OneToOneField(
        "protection.ProtectionCase", models.PROTECT, related_name="case_referral",
        verbose_name=_("protection case"),
    )  # fmt: skip
    referred_on = models.DateField(_("referred on"))
    referred_by = models.ForeignKey(USER, models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    AUDIT_SEALED_FIELDS = frozenset({"reason"})

    class Meta:
        app_label = "cases"
        ordering = ["-referred_on", "-id"]
        verbose_name = _("referral of a child from a case")
        verbose_name_plural = _("referrals of children from cases")
        indexes = [models.Index(fields=["to_organisation", "-referred_on"], name="caseref_to")]

    def __str__(self) -> str:
        return f"CR-{self.pk:05d}" if self.pk else "CR-new"


class LinkRequest(models.Model):
    """A request to link a criminal case, named by its number, to a protection case. ``case``
    and ``to_organisation`` are set when the number exists; the asker's pages never read them
    before the request is accepted."""

    protection_case = models.ForeignKey(
        "protection.ProtectionCase", models.CASCADE, related_name="link_requests",
        verbose_name=_("protection case"),
    )  # fmt: skip
    number = models.CharField(_("case number"), max_length=40)
    case = models.ForeignKey(
        "cases.Case", models.CASCADE, null=True, blank=True, related_name="link_requests"
    )
    from_organisation = models.ForeignKey(
        "accounts.Organisation", models.PROTECT, related_name="+", verbose_name=_("asked by")
    )
    to_organisation = models.ForeignKey(
        "accounts.Organisation", models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = EncryptedTextField(_("why the cases belong together"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=LinkStatus.choices, default=LinkStatus.PENDING,
        db_index=True,
    )  # fmt: skip
    requested_by = models.ForeignKey(USER, models.SET_NULL, null=True, related_name="+")
    requested_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    answered_by = models.ForeignKey(USER, models.SET_NULL, null=True, blank=True, related_name="+")
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    AUDIT_SEALED_FIELDS = frozenset({"note"})

    class Meta:
        app_label = "cases"
        ordering = ["-requested_at", "-id"]
        verbose_name = _("request to link a case")
        verbose_name_plural = _("requests to link a case")
        indexes = [
            models.Index(fields=["to_organisation", "status"], name="linkreq_to_status"),
            models.Index(fields=["requested_by", "requested_at"], name="linkreq_by_at"),
        ]

    def __str__(self) -> str:
        return f"L-{self.pk:05d}" if self.pk else "L-new"
