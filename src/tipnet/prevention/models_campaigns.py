"""Projects and campaigns, with their targets.

A project (or donor programme) belongs to one organisation and runs for a period: NGOs report
to their donors per project, in the project's own period and against its targets. A campaign
(for example a national information campaign) groups the activities of any organiser across
provinces, with targets per province or for the whole. A target is a number of sessions or of
people reached, for everyone or one sex and age band. The spending of an activity is recorded
on the activity (``Activity.budget_spent``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tipnet.accounts.models import Organisation
from tipnet.geo.models import Area
from tipnet.prevention.codes import AgeBand, Sex

USER = settings.AUTH_USER_MODEL


class Currency(models.TextChoices):
    USD = "USD", _("US dollar")
    KHR = "KHR", _("Riel")


class Project(models.Model):
    owner_organisation = models.ForeignKey(
        Organisation, models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    name = models.CharField(_("project or donor programme"), max_length=200)
    donor = models.CharField(_("donor"), max_length=200, blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    budget = models.DecimalField(_("budget"), max_digits=14, decimal_places=2, null=True,
                                 blank=True)  # fmt: skip
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices,
                                default=Currency.USD)  # fmt: skip
    # Where the project works (empty: anywhere); the access module's place.
    place = models.ForeignKey(Area, models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name=_("where it works"))  # fmt: skip
    sensitivity = models.CharField(max_length=16, default="standard", editable=False)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(USER, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    is_synthetic = models.BooleanField(_("synthetic (generated) data"), default=False)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["owner_organisation", "name"], name="prev_project")
        ]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self) -> str:
        return str(self.name)


class Campaign(models.Model):
    owner_organisation = models.ForeignKey(
        Organisation, models.PROTECT, related_name="+", verbose_name=_("led by")
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    # Where it runs (empty: the whole country); the access module's place.
    place = models.ForeignKey(Area, models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name=_("where it runs"))  # fmt: skip
    sensitivity = models.CharField(max_length=16, default="standard", editable=False)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(USER, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    is_synthetic = models.BooleanField(_("synthetic (generated) data"), default=False)

    class Meta:
        ordering = ["-starts_on", "id"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self) -> str:
        return str(self.name)


class TargetMeasure(models.TextChoices):
    SESSIONS = "sessions", _("Sessions held")
    PEOPLE = "people", _("People reached")


class Target(models.Model):
    """One target of a project or a campaign: for a province (or the whole when empty), a
    number of sessions, or of people reached of a sex and age band (empty: everyone)."""

    project = models.ForeignKey(Project, models.CASCADE, null=True, blank=True,
                                related_name="targets")  # fmt: skip
    campaign = models.ForeignKey(Campaign, models.CASCADE, null=True, blank=True,
                                 related_name="targets")  # fmt: skip
    province = models.ForeignKey(Area, models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name=_("province"))  # fmt: skip
    measure = models.CharField(_("measure"), max_length=10, choices=TargetMeasure.choices)
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, blank=True)
    age_band = models.CharField(_("age band"), max_length=8, choices=AgeBand.choices, blank=True)
    number = models.PositiveIntegerField(_("target"))

    class Meta:
        ordering = ["province_id", "measure", "sex", "age_band", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(project__isnull=False, campaign__isnull=True)
                    | models.Q(project__isnull=True, campaign__isnull=False)
                ),
                name="prev_target_of_one",
            ),
            models.UniqueConstraint(
                fields=["project", "campaign", "province", "measure", "sex", "age_band"],
                name="prev_target_unique",
            ),
        ]
        verbose_name = _("target")
        verbose_name_plural = _("targets")

    def __str__(self) -> str:
        return f"{self.measure} {self.number}"
