"""The fixed axes of participant counts: sex, age band and role. Activity types and topics are
code lists kept by administrators (models.ActivityType, models.Topic), these are not: reports
across years compare the same cells."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    UNKNOWN = "unknown", _("Sex not known")


class AgeBand(models.TextChoices):
    CHILD = "0-11", _("0–11")
    ADOLESCENT = "12-17", _("12–17")
    YOUNG = "18-24", _("18–24")
    ADULT = "25-59", _("25–59")
    OLDER = "60+", _("60 and over")
    UNKNOWN = "unknown", _("Age not known")


# The bands of children (under 18): their names stay with the recording organisation.
CHILD_BANDS = frozenset({AgeBand.CHILD, AgeBand.ADOLESCENT})


class ParticipantRole(models.TextChoices):
    POLICE = "police", _("Police")
    TEACHER = "teacher", _("Teacher")
    SCHOOL_DIRECTOR = "school_director", _("School director")
    COMMUNE_COUNCIL = "commune_council", _("Commune council member")
    VILLAGE_CHIEF = "village_chief", _("Village chief")
    RELIGIOUS_LEADER = "religious_leader", _("Religious leader")
    HEALTH_WORKER = "health_worker", _("Health worker")
    PARENT = "parent", _("Parent")
    CHILD = "child", _("Child")
    MIGRANT = "migrant", _("Migrant or returnee")
    VOLUNTEER = "volunteer", _("Volunteer")
    OFFICIAL = "official", _("Official")
    OTHER = "other", _("Other")


def age_band_of(age: int | None) -> str:
    """The band of an age in whole years (``None``: not known)."""
    if age is None or age < 0:
        return AgeBand.UNKNOWN
    for limit, band in ((11, AgeBand.CHILD), (17, AgeBand.ADOLESCENT), (24, AgeBand.YOUNG),
                        (59, AgeBand.ADULT)):  # fmt: skip
        if age <= limit:
            return band
    return AgeBand.OLDER
