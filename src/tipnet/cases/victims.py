"""Victims of a case counted, not named: court returns give how many victims a case had, by
sex and age band, without their names. One row per case, sex and age band; the victims a case
names (``CasePerson`` with the victim role) are counted on their own and not added here."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class VictimSex(models.TextChoices):
    """The HTCDS ``prs_Gender`` codes court returns use (the people's ``Gender``)."""

    FEMALE = "Feminine", _("Female")
    MALE = "Masculine", _("Male")
    UNKNOWN = "NonSpecifiedUnknown", _("Not specified / unknown")


class AgeBand(models.TextChoices):
    """Age when exploited, as court returns give it: the 2008 law's line is 18."""

    CHILD = "under_18", _("Child (under 18)")
    ADULT = "18_and_over", _("Adult (18 and over)")
    UNKNOWN = "unknown", _("Age not known")


class VictimCount(models.Model):
    case = models.ForeignKey("cases.Case", models.CASCADE, related_name="victim_counts")
    sex = models.CharField(_("sex"), max_length=24, choices=VictimSex.choices)
    age_band = models.CharField(_("age band"), max_length=16, choices=AgeBand.choices)
    count = models.PositiveIntegerField(_("victims"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        editable=False,
    )  # fmt: skip
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "cases"
        ordering = ["case", "age_band", "sex"]
        verbose_name = _("victims counted")
        verbose_name_plural = _("victims counted")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "sex", "age_band"], name="victim_count_case_sex_age"
            )
        ]

    def __str__(self) -> str:
        return f"{self.count} {self.get_sex_display()} {self.get_age_band_display()}"
