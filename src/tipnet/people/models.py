"""Persons: victims, suspects, witnesses and complainants, one record per human being."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tipnet.accounts.access import Sensitivity
from tipnet.accounts.models import Organisation
from tipnet.core.encryption import EncryptedBinaryField, EncryptedTextField
from tipnet.core.fields import CodeListField
from tipnet.geo.models import Area, Country


class Gender(models.TextChoices):
    """HTCDS ``prs_Gender`` values."""

    FEMININE = "Feminine", _("Female")
    MASCULINE = "Masculine", _("Male")
    TRANSGENDER_FEMININE = "TransgenderFeminine", _("Transgender female")
    TRANSGENDER_MASCULINE = "TransgenderMasculine", _("Transgender male")
    NON_CONFORMING = "NonConforming", _("Non-conforming")
    UNKNOWN = "NonSpecifiedUnknown", _("Not specified / unknown")


class DocumentKind(models.TextChoices):
    NATIONAL_ID = "national_id", _("Khmer national identity card")
    PASSPORT = "passport", _("Passport")
    BIRTH_CERTIFICATE = "birth_certificate", _("Birth certificate")
    FAMILY_BOOK = "family_book", _("Family book")
    WORK_PERMIT = "work_permit", _("Work permit")
    RESIDENCE_BOOK = "residence_book", _("Residence book")
    FOREIGN_ID = "foreign_id", _("Foreign identity document")
    OTHER = "other", _("Other document")


class DocumentHolder(models.TextChoices):
    """Who has the document now: keeping a worker's passport is a sign of forced labour."""

    PERSON = "person", _("The person themselves")
    BROKER = "broker", _("A broker or recruiter")
    EMPLOYER = "employer", _("An employer")
    OTHER = "other", _("Someone else")


class Language(models.TextChoices):
    """Languages a person speaks (ISO 639-1), the ones met in Cambodian cases first."""

    KHMER = "km", _("Khmer")
    ENGLISH = "en", _("English")
    THAI = "th", _("Thai")
    VIETNAMESE = "vi", _("Vietnamese")
    CHINESE = "zh", _("Chinese")
    LAO = "lo", _("Lao")
    MALAY = "ms", _("Malay")
    INDONESIAN = "id", _("Indonesian")
    KOREAN = "ko", _("Korean")
    JAPANESE = "ja", _("Japanese")
    BURMESE = "my", _("Burmese")
    CHAM = "cjm", _("Cham")
    OTHER = "other", _("Other language")


class SensitivityLevel(models.TextChoices):
    STANDARD = Sensitivity.STANDARD, _("Standard")
    RESTRICTED = Sensitivity.RESTRICTED, _("Restricted: owner organisation only")


# CTDC age bands, used wherever an age is shown to roles that may not identify.
AGE_BANDS = (
    (0, 8),
    (9, 17),
    (18, 20),
    (21, 23),
    (24, 26),
    (27, 29),
    (30, 38),
    (39, 47),
    (48, None),
)


def age_band(age: int | None) -> str:
    if age is None:
        return ""
    for low, high in AGE_BANDS:
        if high is None or age <= high:
            return f"{low}+" if high is None else f"{low}–{high}"
    return ""


class AccessKeysField(models.TextField):
    """Space-separated access keys (:mod:`tipnet.people.keys`), found with ``has_any``."""


@AccessKeysField.register_lookup
class HasAnyKey(models.Lookup):
    """``access_keys__has_any=[...]``: the row holds one of these keys. On PostgreSQL an
    array overlap, which the GIN index ``people_name_access`` answers together with the name
    (migration 0010); elsewhere a scan (SQLite's scale)."""

    lookup_name = "has_any"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        keys = list(self.rhs)
        if not keys:
            return "1 = 0", ()
        parts = " OR ".join(f"instr(' ' || {lhs} || ' ', %s) > 0" for _ in keys)
        params: list[Any] = []
        for key in keys:
            params += [*lhs_params, f" {key} "]
        return f"({parts})", tuple(params)

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        keys = list(self.rhs)
        if not keys:
            return "1 = 0", ()
        return f"string_to_array({lhs}, ' ') && %s::text[]", (*lhs_params, keys)


class Person(models.Model):
    name_km = models.CharField(_("name in Khmer script"), max_length=200, blank=True)
    name_latin = models.CharField(_("name in Latin letters"), max_length=200, blank=True)
    aliases = models.CharField(_("other names and spellings"), max_length=400, blank=True)
    # Folded words of every name, for searches tolerant of spelling (see people/names.py).
    name_key = models.CharField(max_length=600, blank=True, editable=False, db_index=True)
    gender = models.CharField(
        _("sex / gender"), max_length=32, choices=Gender.choices, default=Gender.UNKNOWN
    )
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    estimated_age = models.PositiveSmallIntegerField(
        _("estimated age (years)"), null=True, blank=True
    )
    nationality = models.ForeignKey(
        Country,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("nationality"),
    )
    other_nationalities = CodeListField(
        _("other nationalities"),
        max_length=200,
        help_text=_("ISO 3166 codes of any further nationality, e.g. TH; VN."),
    )
    languages = CodeListField(_("languages spoken"), max_length=200, choices=Language.choices)
    country = models.ForeignKey(
        Country,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("country of residence"),
    )
    place = models.ForeignKey(
        Area, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("home place")
    )
    phone = EncryptedTextField(_("phone number"), blank=True)
    notes = EncryptedTextField(_("notes"), blank=True)
    photo = EncryptedBinaryField(_("photo"), null=True, blank=True)
    photo_type = models.CharField(max_length=20, blank=True, editable=False)
    owner_organisation = models.ForeignKey(
        Organisation, models.PROTECT, related_name="+", verbose_name=_("recorded by organisation")
    )
    sensitivity = models.CharField(
        _("sensitivity"),
        max_length=16,
        choices=SensitivityLevel.choices,
        default=Sensitivity.STANDARD,
    )
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    is_synthetic = models.BooleanField(_("synthetic (generated) data"), default=False)
    # Who may see the person: the keys of their own record and of the records that open them
    # to others (cases, protection cases), kept by every write path (people/keys.py).
    access_keys = AccessKeysField(blank=True, default="", editable=False)

    # Set on the people :func:`tipnet.people.matching.likely_matches` offers: why each is.
    likely: Any = None

    ENCRYPTED_FIELDS = frozenset({"phone", "notes", "photo"})
    # What the audit trail stores only sealed (encrypted): everything that could identify.
    AUDIT_SEALED_FIELDS = ENCRYPTED_FIELDS | {
        "name_km", "name_latin", "aliases", "date_of_birth", "estimated_age", "place",
        "other_nationalities", "languages",
    }  # fmt: skip

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [
            models.Index(fields=["owner_organisation", "place"], name="people_owner_place"),
            models.Index(fields=["place"], name="people_place"),
            models.Index(fields=["name_latin"], name="people_name_latin"),
            # The people list: newest first, for a jurisdiction or for an organisation.
            models.Index(fields=["-updated_at", "-id"], name="people_newest_first"),
            models.Index(fields=["date_of_birth"], name="people_born"),
            models.Index(
                fields=["owner_organisation", "-updated_at", "-id"], name="people_owner_newest"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return " / ".join(n for n in (self.name_km, self.name_latin) if n) or f"#{self.pk}"

    @property
    def masked_name(self) -> str:
        return str(_("Person #%(number)s") % {"number": self.pk})

    def age(self, on: date | None = None) -> int | None:
        if self.date_of_birth is None:
            return self.estimated_age
        on = on or date.today()
        dob = self.date_of_birth
        return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))

    @property
    def languages_display(self) -> str:
        labels = dict(Language.choices)
        return ", ".join(str(labels.get(code, code)) for code in self.languages)

    @property
    def other_nationalities_display(self) -> str:
        """The further nationalities by name, in the user's language."""
        codes = list(self.other_nationalities)
        if not codes:
            return ""
        names = {c.code: str(c) for c in Country.objects.filter(code__in=codes)}
        return ", ".join(names.get(code, code) for code in codes)

    @property
    def age_band(self) -> str:
        return age_band(self.age())


class IdentityDocument(models.Model):
    """One of a person's identity documents. The number is encrypted and found by its keyed
    hash (the same purpose for every kind, so one search box finds any document); who holds
    the document is recorded because a broker or employer keeping it is a control method."""

    person = models.ForeignKey(Person, models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=32, choices=DocumentKind.choices)
    number = EncryptedTextField(_("document number"), blank=True)
    number_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    issuing_country = models.ForeignKey(
        Country,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issuing country"),
    )
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    holder = models.CharField(
        _("who holds it"),
        max_length=16,
        choices=DocumentHolder.choices,
        default=DocumentHolder.PERSON,
    )
    holder_name = EncryptedTextField(_("name of who holds it"), blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    ENCRYPTED_FIELDS = frozenset({"number", "holder_name"})
    # Everything but the kind is sealed in the trail: dates and countries narrow a person down.
    AUDIT_SEALED_FIELDS = ENCRYPTED_FIELDS | {
        "issuing_country", "issued_on", "expires_on", "holder",
    }  # fmt: skip

    class Meta:
        ordering = ["person", "id"]
        verbose_name = _("identity document")
        verbose_name_plural = _("identity documents")

    def __str__(self) -> str:
        return str(self.get_kind_display())
