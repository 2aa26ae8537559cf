"""The national case database: cases, the people in them, charges, proceedings, documents."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tipnet.accounts.access import Sensitivity
from tipnet.accounts.models import Organisation
from tipnet.cases import codes
from tipnet.cases.correctable import Correctable
from tipnet.cases.stages import CourtLevel, Currency, ProceedingKind, Verdict
from tipnet.core.encryption import EncryptedBinaryField, EncryptedTextField
from tipnet.core.fields import CodeListField
from tipnet.geo.models import Area, Country, localised
from tipnet.people.models import Person, SensitivityLevel


class Offence(models.Model):
    """An offence a charge can cite; administrators maintain the list (both languages)."""

    law = models.CharField(_("law"), max_length=120)
    article = models.CharField(_("article"), max_length=20)
    title_km = models.CharField(_("title in Khmer"), max_length=300)
    title_en = models.CharField(_("title in English"), max_length=300)
    penalty = models.CharField(_("penalty range"), max_length=200, blank=True)
    category = models.CharField(_("category"), max_length=60, blank=True)
    verified = models.BooleanField(
        _("verified against the law text"),
        default=False,
        help_text=_(
            "Tick once the article number and title are checked against the law text. Users "
            "see the offence the same way either way."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["law", "id"]
        verbose_name = _("offence")
        verbose_name_plural = _("offences")
        constraints = [
            models.UniqueConstraint(fields=["law", "article"], name="offence_law_article")
        ]

    def __str__(self) -> str:
        # Whether the article number was checked is for administrators (the admin's
        # "verified" column), not a note for the officers choosing a charge.
        return f"{self.short_law} {self.article}: {localised(self.title_km, self.title_en)}"

    @property
    def short_law(self) -> str:
        return str(_("TIP law 2008")) if self.law == "TIP2008" else str(_("Criminal Code"))


class CaseNumberCounter(models.Model):
    """The last number given per province and year: numbers are never reused."""

    province = models.ForeignKey(Area, models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["province", "year"], name="case_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.province_id}-{self.year}: {self.last}"


class Case(models.Model):
    number = models.CharField(_("case number"), max_length=20, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    source = models.CharField(_("source"), max_length=32, choices=codes.CaseSource.choices)
    source_reference = models.CharField(
        _("source reference"), max_length=100, blank=True, db_index=True,
        help_text=_("Hotline ticket, court file or NGO reference number, if any."),
    )  # fmt: skip
    reporting_organisation = models.ForeignKey(
        Organisation, models.PROTECT, related_name="+", verbose_name=_("reporting organisation")
    )
    owner_organisation = models.ForeignKey(
        Organisation, models.PROTECT, related_name="+", verbose_name=_("lead organisation")
    )
    lead_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("lead officer"),
    )  # fmt: skip
    prosecution_organisation = models.ForeignKey(
        Organisation, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("prosecutor's office"),
    )  # fmt: skip
    court_organisation = models.ForeignKey(
        Organisation,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("court"),
    )
    place = models.ForeignKey(
        Area, models.PROTECT, related_name="+", verbose_name=_("registered in"),
        help_text=_("Where the case is registered: it decides the case number and who sees it."),
    )  # fmt: skip
    reported_on = models.DateField(_("reported on"))
    incident_from = models.DateField(_("incident from"), null=True, blank=True)
    incident_to = models.DateField(_("incident to"), null=True, blank=True)
    exploitation_types = CodeListField(
        _("types of exploitation"), choices=codes.ExploitationType.choices
    )
    industry = models.CharField(
        _("industry"), max_length=60, choices=codes.Industry.choices, blank=True
    )
    methods_of_control = CodeListField(
        _("methods of control"), choices=codes.MethodOfControl.choices
    )
    recruitment_method = models.CharField(
        _("recruitment method"), max_length=40, choices=codes.RecruitmentMethod.choices, blank=True
    )
    recruitment_platforms = CodeListField(
        _("recruitment platforms"), choices=codes.Platform.choices
    )
    narrative = EncryptedTextField(_("narrative"), blank=True)
    # The most advanced stage of any suspect's proceedings ("" while none has started).
    stage = models.CharField(_("stage"), max_length=32, blank=True, db_index=True, editable=False)
    sensitivity = models.CharField(
        _("sensitivity"),
        max_length=16,
        choices=SensitivityLevel.choices,
        default=Sensitivity.STANDARD,
    )
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    is_synthetic = models.BooleanField(_("synthetic (generated) data"), default=False)

    # Organisations that see the case besides its owner: the prosecutor and the court it is before.
    PARTNER_ORGANISATION_FIELDS = ("prosecution_organisation_id", "court_organisation_id")
    ENCRYPTED_FIELDS = frozenset({"narrative"})
    # Free text the audit trail stores only sealed (encrypted).
    AUDIT_SEALED_FIELDS = ENCRYPTED_FIELDS | {"title", "source_reference"}

    class Meta:
        ordering = ["-reported_on", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["place", "reported_on"], name="case_place_reported"),
            models.Index(fields=["owner_organisation", "reported_on"], name="case_owner_reported"),
            models.Index(fields=["source_reference"], name="case_source_reference"),
            models.Index(fields=["-reported_on", "-id"], name="case_newest_first"),
            # What the access rules read of a case (PostgreSQL reads it from the index alone).
            models.Index(
                fields=["id"],
                include=[
                    "owner_organisation",
                    "prosecution_organisation",
                    "court_organisation",
                    "place",
                    "sensitivity",
                ],
                name="case_access",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class TraffickingEvent(models.Model):
    """A place of recruitment, transit or exploitation (HTCDS trafficking events)."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=16, choices=codes.EventKind.choices)
    country = models.ForeignKey(
        Country, models.PROTECT, related_name="+", verbose_name=_("country")
    )
    area = models.ForeignKey(
        Area, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("place")
    )
    date_from = models.DateField(_("from"), null=True, blank=True)
    date_to = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        ordering = ["kind", "date_from", "id"]
        verbose_name = _("trafficking event")
        verbose_name_plural = _("trafficking events")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.area.full_name() if self.area else self.country}"


class CasePerson(Correctable):
    """A person in a case, with their role; suspects carry their own proceedings."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="persons")
    # Indexed below, with the case, for the access check "is this person in a visible case".
    person = models.ForeignKey(Person, models.PROTECT, related_name="case_links", db_index=False)
    role = models.CharField(_("role in the case"), max_length=16, choices=codes.CaseRole.choices)
    trafficking_status = models.CharField(
        _("trafficking status"), max_length=40, choices=codes.TraffickingStatus.choices, blank=True
    )
    status_decided_by = models.CharField(
        _("status decided by"), max_length=40, choices=codes.StatusDecidedBy.choices, blank=True
    )
    age_when_exploited = models.PositiveSmallIntegerField(
        _("age when exploited"), null=True, blank=True
    )
    relationship_to_trafficker = models.CharField(
        _("relationship to trafficker"),
        max_length=16,
        choices=codes.Relationship.choices,
        blank=True,
    )
    roles_in_process = CodeListField(_("role in the trafficking process"),
                                     choices=codes.RoleInProcess.choices)  # fmt: skip
    stage = models.CharField(_("stage"), max_length=32, blank=True, db_index=True, editable=False)
    # A suspect's proceedings in brief, kept by ``cases.summary`` from the steps and charges,
    # so that the pipeline counts and times suspects without reading every step.
    arrested_on = models.DateField(_("first arrested on"), null=True, blank=True, editable=False)
    first_verdict_on = models.DateField(
        _("first verdict on"), null=True, blank=True, editable=False
    )
    decided = models.BooleanField(_("a charge has a verdict"), default=False, editable=False)
    convicted = models.BooleanField(_("convicted on a charge"), default=False, editable=False)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["role", "id"]
        verbose_name = _("person in a case")
        verbose_name_plural = _("people in cases")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "person", "role"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="case_person_role_unique",
            )
        ]
        indexes = [
            # "Is this person in a case the user may see?" is answered per person from the
            # indexes alone: this one, then the case's access columns (``case_access``).
            # Partial like the next one: the rules read only the links in force.
            models.Index(
                fields=["person"],
                include=["case"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="caseperson_person_case",
            ),
            # The pipeline reads suspects of the cases it counts from this index alone
            # (INCLUDE is PostgreSQL's; elsewhere it is a plain partial index).
            models.Index(
                fields=["case"],
                include=["stage", "decided", "convicted", "arrested_on", "first_verdict_on"],
                condition=models.Q(role="suspect", withdrawn_at__isnull=True),
                name="caseperson_suspect_summary",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.number}: {self.person} ({self.get_role_display()})"


class Charge(Correctable):
    """One offence charged against one suspect, and its verdict and sentence."""

    suspect = models.ForeignKey(CasePerson, models.CASCADE, related_name="charges")
    offence = models.ForeignKey(
        Offence, models.PROTECT, related_name="+", verbose_name=_("offence")
    )
    charged_on = models.DateField(_("charged on"))
    verdict = models.CharField(_("verdict"), max_length=24, choices=Verdict.choices, blank=True)
    verdict_on = models.DateField(_("verdict date"), null=True, blank=True)
    verdict_court = models.CharField(
        _("court"), max_length=16, choices=CourtLevel.choices, blank=True
    )
    prison_years = models.PositiveSmallIntegerField(_("prison: years"), default=0)
    prison_months = models.PositiveSmallIntegerField(_("prison: months"), default=0)
    prison_days = models.PositiveSmallIntegerField(_("prison: days"), default=0)
    suspended_years = models.PositiveSmallIntegerField(_("suspended: years"), default=0)
    suspended_months = models.PositiveSmallIntegerField(_("suspended: months"), default=0)
    suspended_days = models.PositiveSmallIntegerField(_("suspended: days"), default=0)
    fine_amount = models.DecimalField(
        _("fine"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    fine_currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, blank=True
    )
    compensation_amount = models.DecimalField(
        _("compensation to victims"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    compensation_currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, blank=True
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("charge")
        verbose_name_plural = _("charges")
        constraints = [
            models.UniqueConstraint(
                fields=["suspect", "offence"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="charge_suspect_offence",
            )
        ]

    def __str__(self) -> str:
        return str(self.offence)

    @property
    def prison_total_days(self) -> int:
        return self.prison_years * 365 + self.prison_months * 30 + self.prison_days


class ProceedingStep(Correctable):
    """One dated, attributed step of a suspect's proceedings; together they are the timeline."""

    suspect = models.ForeignKey(CasePerson, models.CASCADE, related_name="steps")
    kind = models.CharField(_("step"), max_length=32, choices=ProceedingKind.choices)
    date = models.DateField(_("date"))
    organisation = models.ForeignKey(
        Organisation, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("organisation"),
    )  # fmt: skip
    officer = models.CharField(_("officer, prosecutor or judge"), max_length=200, blank=True)
    place = models.ForeignKey(
        Area, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("place")
    )
    court_level = models.CharField(
        _("court"), max_length=16, choices=CourtLevel.choices, blank=True
    )
    charge = models.ForeignKey(Charge, models.CASCADE, null=True, blank=True, related_name="steps")
    outcome = models.CharField(_("outcome"), max_length=32, blank=True)
    document_reference = models.CharField(_("document reference"), max_length=120, blank=True)
    notes = EncryptedTextField(_("notes"), blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("proceeding step")
        verbose_name_plural = _("proceeding steps")

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"


class CaseDocument(models.Model):
    """A court or police document attached to a case, stored encrypted."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="documents")
    kind = models.CharField(_("document type"), max_length=32, choices=codes.DocumentKind.choices)
    title = models.CharField(_("title"), max_length=200)
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    content = EncryptedBinaryField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("case document")
        verbose_name_plural = _("case documents")

    def __str__(self) -> str:
        return self.title


# Hearings planned ahead, and victims counted, not named (court returns): their own modules,
# models of this app.
from tipnet.cases.handoffs import CaseReferral, LinkRequest  # noqa: E402, F401
from tipnet.cases.hearings import Hearing  # noqa: E402, F401
from tipnet.cases.victims import VictimCount  # noqa: E402, F401
