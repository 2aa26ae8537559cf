"""Code lists of the village migration register (HTCDS codes where HTCDS has them)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Purpose(models.TextChoices):
    """HTCDS migrant types (7. Migration and International Protection), and marriage."""

    LABOUR = "LabourMigrant", _("Work")
    FAMILY = "FamilyMigrant", _("Joining family")
    MARRIAGE = "KH_Marriage", _("Marriage")
    STUDENT = "StudentMigrant", _("Study")
    VISITOR = "VisitorMigrant", _("Visit")
    OTHER = "other", _("Other purpose")


class ArrangedBy(models.TextChoices):
    # The first two are cases.codes.RecruitmentMethod's Cambodian codes.
    LICENSED_AGENCY = "KH_LicensedAgency", _("A licensed recruitment agency")
    UNLICENSED_BROKER = "KH_UnlicensedBroker", _("A broker without a licence")
    FAMILY_OR_FRIEND = "family_or_friend", _("Family or a friend")
    ONLINE_OFFER = "online_offer", _("An offer seen online")
    SELF = "self", _("On their own")


class PaidBy(models.TextChoices):
    SELF = "self", _("The migrant")
    FAMILY = "family", _("The family")
    BROKER_ADVANCE = "broker_advance", _("The broker or agency, paid back from wages")
    EMPLOYER = "employer", _("The employer")
    NOBODY = "nobody", _("Nobody: it cost nothing")
    UNKNOWN = "unknown", _("Not known")


class DebtTo(models.TextChoices):
    BROKER = "broker", _("The broker or agency")
    EMPLOYER = "employer", _("The employer")
    MONEYLENDER = "moneylender", _("A moneylender")
    MICROFINANCE = "microfinance", _("A microfinance institution or bank")
    FAMILY = "family", _("Family or friends")


class Held(models.TextChoices):
    """A document of the journey: whether the migrant has it and who keeps it."""

    NONE = "none", _("Does not have it")
    MIGRANT = "migrant", _("Has it and keeps it")
    BROKER = "broker", _("Kept by the broker or agency")
    EMPLOYER = "employer", _("Kept by the employer")
    OTHER = "other", _("Kept by someone else")
    UNKNOWN = "unknown", _("Not known")


# A document in the hands of these is a control method (ILO forced-labour indicator).
HELD_BY_OTHERS = frozenset({Held.BROKER, Held.EMPLOYER})


class Contract(models.TextChoices):
    NONE = "none", _("No contract")
    VERBAL = "verbal", _("A spoken promise only")
    READABLE = "written_readable", _("Written, in a language the migrant reads")
    NOT_READABLE = "written_not_readable", _("Written, in a language the migrant cannot read")
    UNKNOWN = "unknown", _("Not known")


class Status(models.TextChoices):
    AWAY = "away", _("Away")
    RETURNED = "returned", _("Returned")


class Situation(models.TextChoices):
    FINE = "fine", _("Fine")
    PROBLEM = "problem", _("Has a problem")
    WANTS_TO_RETURN = "wants_to_return", _("Wants to come home")
    IN_DANGER = "in_danger", _("In danger")


ALARMING = frozenset({Situation.WANTS_TO_RETURN, Situation.IN_DANGER})


class ReturnHow(models.TextChoices):
    DEPORTED = "deported", _("Deported")
    ASSISTED_IOM = "assisted_iom", _("Assisted by IOM")
    ASSISTED_MOSVY = "assisted_mosvy", _("Assisted by MoSVY")
    ASSISTED_NGO = "assisted_ngo", _("Assisted by an NGO")
    OWN = "own", _("On their own")


class ReturnSituation(models.TextChoices):
    WELL = "well", _("Came back well")
    PROBLEM = "problem", _("Came back with a problem")
