"""Victim protection: cases of care, identification, consent, assessments, care plans, the
service directory, referrals between organisations, follow-up visits and returns."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tipnet.accounts.access import Sensitivity
from tipnet.accounts.models import Organisation
from tipnet.cases.models import Case
from tipnet.core.encryption import EncryptedTextField
from tipnet.core.fields import CodeListField
from tipnet.geo.models import Area, Country
from tipnet.people.models import Person, SensitivityLevel
from tipnet.protection import codes

USER = settings.AUTH_USER_MODEL


class ProtectionCase(models.Model):
    """One person's care, owned by one organisation at a time (a ScopedRecord for access.py)."""

    person = models.ForeignKey(Person, models.PROTECT, related_name="protection_cases")
    category = models.CharField(_("category"), max_length=40, choices=codes.Category.choices)
    source = models.CharField(_("how the case came"), max_length=20, choices=codes.Source.choices)
    source_details = EncryptedTextField(
        _("who referred and why"), blank=True,
        help_text=_("For a community referral: who raised the concern, and what they saw."),
    )  # fmt: skip
    opened_on = models.DateField(_("opened on"))
    owner_organisation = models.ForeignKey(
        Organisation, models.PROTECT, related_name="+", verbose_name=_("owner organisation")
    )
    case_worker = models.ForeignKey(
        USER, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("case worker"),
    )  # fmt: skip
    place = models.ForeignKey(
        Area, models.PROTECT, related_name="+", verbose_name=_("home place"),
        help_text=_("Where the person lives: it decides which authorities see the case."),
    )  # fmt: skip
    sensitivity = models.CharField(
        _("sensitivity"), max_length=16, choices=SensitivityLevel.choices,
        default=Sensitivity.STANDARD,
    )  # fmt: skip
    stage = models.CharField(
        _("stage"), max_length=20, choices=codes.Stage.choices,
        default=codes.Stage.IDENTIFICATION, db_index=True, editable=False,
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=20, choices=codes.CaseStatus.choices,
        default=codes.CaseStatus.ACTIVE, db_index=True, editable=False,
    )  # fmt: skip
    recovery_on = models.DateField(_("recovery started"), null=True, blank=True, editable=False)
    reintegrated_on = models.DateField(_("reintegrated on"), null=True, blank=True, editable=False)
    follow_up_on = models.DateField(_("follow-up started"), null=True, blank=True, editable=False)
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)
    closure_reason = models.CharField(
        _("reason for closure"), max_length=20, choices=codes.ClosureReason.choices, blank=True,
        editable=False,
    )  # fmt: skip
    closure_note = EncryptedTextField(_("closure note"), blank=True, editable=False)
    # The last reopening of a closed case by a protection supervisor (protection/corrections.py).
    reopened_on = models.DateField(_("reopened on"), null=True, blank=True, editable=False)
    reopened_by = models.ForeignKey(
        USER, models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    reopen_reason = EncryptedTextField(
        _("reason for reopening"), blank=True, editable=False, default="", db_default=""
    )
    criminal_cases = models.ManyToManyField(
        Case, blank=True, related_name="protection_cases", verbose_name=_("criminal cases")
    )
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(USER, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    is_synthetic = models.BooleanField(_("synthetic (generated) data"), default=False)

    ENCRYPTED_FIELDS = frozenset({"source_details", "closure_note", "reopen_reason"})
    # The trail keeps the home place sealed too: a village and a case reference identify.
    AUDIT_SEALED_FIELDS = ENCRYPTED_FIELDS | {"place"}

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = _("protection case")
        verbose_name_plural = _("protection cases")
        indexes = [
            models.Index(fields=["owner_organisation", "stage"], name="prot_owner_stage"),
            models.Index(fields=["place", "opened_on"], name="prot_place_opened"),
            # The list, newest first: everyone's, and an organisation's.
            models.Index(fields=["-opened_on", "-id"], name="prot_newest_first"),
            models.Index(
                fields=["owner_organisation", "-opened_on", "-id"], name="prot_owner_newest"
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"P-{self.pk:05d}" if self.pk else "P-new"


class InForce(models.Manager):
    """The entries in force: withdrawn ones and the copies kept by corrections are left out
    of every rule, count and list that reads through ``objects``."""

    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().filter(withdrawn_at__isnull=True)


class CorrectableEntry(models.Model):
    """An entry of a protection case that its recording organisation may correct or withdraw
    (:mod:`tipnet.protection.corrections`), as entries of a criminal case are: a correction
    changes the entry in place and keeps a withdrawn copy of the values before it
    (``superseded_by``); a withdrawal marks the entry. Both stay on the case page, marked,
    with who, when and why, and no longer count (``objects`` leaves them out)."""

    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True, editable=False)
    withdrawn_by = models.ForeignKey(
        USER, models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    # Free text, identifying: encrypted, withheld from counting roles, sealed in the trail.
    withdrawal_reason = EncryptedTextField(
        _("reason for the correction or withdrawal"), blank=True, default="", db_default="",
        editable=False,
    )  # fmt: skip
    superseded_by = models.ForeignKey(
        "self", models.CASCADE, null=True, blank=True, related_name="earlier_versions",
        editable=False,
    )  # fmt: skip

    objects = InForce()
    all_objects = models.Manager()  # noqa: DJ012 (ruff reads InForce as a field)

    class Meta:
        abstract = True

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def corrected(self) -> bool:
        """A copy of the values this entry had before a correction."""
        return self.superseded_by_id is not None  # type: ignore[attr-defined]


class Identification(CorrectableEntry):
    """A formal victim identification: who identified, when, by which procedure, the result."""

    case = models.ForeignKey(ProtectionCase, models.CASCADE, related_name="identifications")
    identified_on = models.DateField(_("identified on"))
    organisation = models.ForeignKey(
        Organisation, models.PROTECT, related_name="+", verbose_name=_("identified by")
    )
    officer = models.CharField(_("officer who identified"), max_length=200)
    procedure = models.CharField(_("procedure"), max_length=20, choices=codes.Procedure.choices)
    result = models.CharField(
        _("result"), max_length=40, choices=codes.IdentificationResult.choices
    )
    notes = EncryptedTextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(USER, models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    FIELDS = ["identified_on", "organisation", "officer", "procedure", "result", "notes"]
    AUDIT_SEALED_FIELDS = frozenset({"officer", "notes", "withdrawal_reason"})

    class Meta:
        ordering = ["identified_on", "id"]
        verbose_name = _("identification")
        verbose_name_plural = _("identifications")

    def __str__(self) -> str:
        return f"{self.identified_on} {self.get_result_display()}"


class Consent(models.Model):
    """Informed consent (HTCDS consent checklist), by the person or a child's guardian."""

    case = models.ForeignKey(ProtectionCase, models.CASCADE, related_name="consents")
    given_on = models.DateField(_("given on"))
    given_by = models.CharField(_("given by"), max_length=12, choices=codes.GivenBy.choices)
    guardian_name = EncryptedTextField(_("name of the parent or guardian"), blank=True)
    purposes = CodeListField(_("agreed purposes"), choices=codes.Purpose.choices)
    categories = CodeListField(_("data that may be shared"), choices=codes.DataCategory.choices)
    informed_purpose = models.BooleanField(_("informed of the purpose"), default=False)
    informed_use = models.BooleanField(_("informed of how the data is used"), default=False)
    informed_sharing = models.BooleanField(_("informed of who it is shared with"), default=False)
    informed_retention = models.BooleanField(_("informed how long it is kept"), default=False)
    informed_withdrawal = models.BooleanField(
        _("informed of the right to withdraw and to see their data"), default=False
    )
    retain_until = models.DateField(_("keep the data until"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True, editable=False)
    withdrawal_reason = EncryptedTextField(_("reason for withdrawal"), blank=True, editable=False)
    recorded_by = models.ForeignKey(USER, models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-given_on", "-id"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.given_on} {self.get_given_by_display()}"

    @property
    def purpose_labels(self) -> list[str]:
        return [str(codes.Purpose(c).label) for c in self.purposes]

    @property
    def category_labels(self) -> list[str]:
        return [str(codes.DataCategory(c).label) for c in self.categories]


class Assessment(CorrectableEntry):
    """Risks and needs at one level (individual, household, community), repeatable over time."""

    case = models.ForeignKey(ProtectionCase, models.CASCADE, related_name="assessments")
    level = models.CharField(_("level"), max_length=12, choices=codes.Level.choices)
    assessed_on = models.DateField(_("assessed on"))
    risk = models.CharField(_("risk"), max_length=8, choices=codes.Risk.choices)
    needs = CodeListField(_("needs"), choices=codes.SupportType.choices)
    findings = EncryptedTextField(_("findings (health and psychosocial notes included)"))
    assessed_by = models.ForeignKey(USER, models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    FIELDS = ["level", "assessed_on", "risk", "needs", "findings"]
    AUDIT_SEALED_FIELDS = frozenset({"findings", "withdrawal_reason"})

    class Meta:
        ordering = ["assessed_on", "id"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return f"{self.assessed_on} {self.get_level_display()}"


class CarePlan(CorrectableEntry):
    """An HTCDS support plan: objectives, actions, who is responsible, planned and actual dates."""

    case = models.ForeignKey(ProtectionCase, models.CASCADE, related_name="care_plans")
    plan_type = models.CharField(_("type"), max_length=40, choices=codes.SupportType.choices)
    objectives = EncryptedTextField(_("objectives"))
    actions = EncryptedTextField(_("actions"))
    responsible = models.CharField(_("who is responsible"), max_length=200)
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    recorded_by = models.ForeignKey(USER, models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    FIELDS = ["plan_type", "objectives", "actions", "responsible", "planned_start",
              "planned_end", "actual_start", "actual_end"]  # fmt: skip
    AUDIT_SEALED_FIELDS = frozenset({"objectives", "actions", "responsible", "withdrawal_reason"})

    class Meta:
        ordering = ["planned_start", "id"]
        verbose_name = _("care plan")
        verbose_name_plural = _("care plans")

    def __str__(self) -> str:
        return self.get_plan_type_display()


class ServiceOffering(models.Model):
    """The directory: a service an organisation offers, and where (no area = nationwide)."""

    organisation = models.ForeignKey(
        Organisation, models.PROTECT, related_name="services", verbose_name=_("organisation")
    )
    service = models.CharField(_("service"), max_length=20, choices=codes.Service.choices)
    area = models.ForeignKey(
        Area, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("where")
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["service", "organisation__name_en", "id"]
        verbose_name = _("service offered")
        verbose_name_plural = _("services offered")

    def __str__(self) -> str:
        where = self.area.name if self.area else _("nationwide")
        return f"{self.organisation} · {self.get_service_display()} · {where}"


class Referral(models.Model):
    """A referral for a service, or a transfer of the case, between two organisations."""

    case = models.ForeignKey(ProtectionCase, models.CASCADE, related_name="referrals")
    kind = models.CharField(_("kind"), max_length=10, choices=codes.ReferralKind.choices)
    from_organisation = models.ForeignKey(Organisation, models.PROTECT, related_name="+")
    to_organisation = models.ForeignKey(
        Organisation, models.PROTECT, related_name="+", verbose_name=_("to organisation")
    )
    offering = models.ForeignKey(
        ServiceOffering, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("service"),
    )  # fmt: skip
    reason = models.CharField(_("reason"), max_length=40, choices=codes.ReferralReason.choices)
    details = EncryptedTextField(_("details and arrangements"), blank=True)
    shared = CodeListField(_("data shared"), choices=codes.DataCategory.choices)
    consent = models.ForeignKey(Consent, models.PROTECT, null=True, blank=True, related_name="+")
    override_reason = EncryptedTextField(_("reason for sending without consent"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=codes.ReferralStatus.choices,
        default=codes.ReferralStatus.REQUESTED, db_index=True,
    )  # fmt: skip
    requested_on = models.DateField(_("requested on"))
    requested_by = models.ForeignKey(USER, models.SET_NULL, null=True, related_name="+")
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answered_by = models.ForeignKey(USER, models.SET_NULL, null=True, related_name="+")
    answer_note = EncryptedTextField(_("answer"), blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    outcome = EncryptedTextField(_("outcome"), blank=True)
    # When it was entered (``requested_on`` is when it was made: paper comes first); none
    # for referrals entered before this was kept.
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True, null=True)

    class Meta:
        ordering = ["-requested_on", "-id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self) -> str:
        return f"R-{self.pk:05d}" if self.pk else "R-new"


class FollowUp(models.Model):
    """A visit after reintegration; overdue while its date has passed without an outcome."""

    case = models.ForeignKey(ProtectionCase, models.CASCADE, related_name="follow_ups")
    due_on = models.DateField(_("due on"), db_index=True)
    visited_on = models.DateField(_("visited on"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=codes.VisitOutcome.choices, blank=True
    )
    notes = EncryptedTextField(_("notes"), blank=True)
    visited_by = models.ForeignKey(USER, models.SET_NULL, null=True, related_name="+")
    # When the visit was entered (``visited_on`` is when it was made).
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("follow-up visit")
        verbose_name_plural = _("follow-up visits")

    def __str__(self) -> str:
        return f"{self.due_on}"


class Return(models.Model):
    """A repatriation or return from abroad."""

    case = models.ForeignKey(ProtectionCase, models.CASCADE, related_name="returns")
    kind = models.CharField(_("kind"), max_length=16, choices=codes.ReturnKind.choices)
    returned_on = models.DateField(_("returned on"))
    from_country = models.ForeignKey(
        Country, models.PROTECT, related_name="+", verbose_name=_("returned from")
    )
    border_point = models.CharField(_("border point or airport"), max_length=200, blank=True)
    assisted_by = models.CharField(_("assisted by"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(USER, models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["returned_on", "id"]
        verbose_name = _("return")
        verbose_name_plural = _("returns")

    def __str__(self) -> str:
        return f"{self.returned_on} {self.from_country}"


# The receiving organisation's own records of a referred case (its stays, services, notes).
from tipnet.protection.models_work import ReferralNote as ReferralNote  # noqa: E402
from tipnet.protection.models_work import ServiceGiven as ServiceGiven  # noqa: E402
from tipnet.protection.models_work import Stay as Stay  # noqa: E402
