"""Code lists of victim protection. HTCDS values are the canonical codes where HTCDS has them
(case status, support plan types, trafficking status, referral reasons); tipnet's own codes
are lower case, and Cambodian additions carry the ``KH_`` prefix as in the case database."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """Who the protection case is for (HTCDS ``vic_TraffickingStatus`` plus children at risk)."""

    VICTIM = "ActualVictimOfTrafficking", _("Victim of trafficking")
    POSSIBLE_VICTIM = "PossibleVictimOfTrafficking", _("Possible victim of trafficking")
    CHILD_AT_RISK = "KH_ChildAtRisk", _("Child at risk")


class Stage(models.TextChoices):
    """The stages of care under the National Minimum Standards, in order."""

    IDENTIFICATION = "identification", _("Identification")
    RECOVERY = "recovery", _("Recovery and pre-integration")
    REINTEGRATION = "reintegration", _("Integration and reintegration")
    FOLLOW_UP = "follow_up", _("Monitoring and follow-up")
    CLOSED = "closed", _("Closed")


class CaseStatus(models.TextChoices):
    """HTCDS ``cas_Status``."""

    ACTIVE = "Active", _("Active")
    FOLLOW_UP = "FollowUp", _("Follow up")
    CLOSED = "Closed", _("Closed")
    CLOSED_REFERRED = "ClosedReferred", _("Closed (referred)")


class Source(models.TextChoices):
    COMMUNITY = "community", _("Community referral (village, commune, CCWC)")
    HOTLINE = "hotline", _("Hotline")
    POLICE = "police", _("Police or court")
    REPATRIATION = "repatriation", _("Repatriation or return from abroad")
    NGO = "ngo", _("NGO or other service provider")
    SELF = "self", _("Came forward themself")
    OTHER = "other", _("Other")


class ClosureReason(models.TextChoices):
    REINTEGRATED = "reintegrated", _("Reintegrated: care plan goals met")
    REFERRED = "referred", _("Handed over to another organisation")
    NOT_A_VICTIM = "not_a_victim", _("Not a victim and not at risk")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("The person withdrew from the services")
    LOST_CONTACT = "lost_contact", _("Contact lost")
    MOVED_ABROAD = "moved_abroad", _("Moved abroad")
    DIED = "died", _("Died")


class Procedure(models.TextChoices):
    """How a victim was formally identified."""

    MOSVY_FORMAL = "mosvy_formal", _("MoSVY formal identification (guidelines and forms)")
    POLICE = "police", _("Identification by the anti-trafficking police")
    SCREENING = "screening", _("Screening interview (IOM screening form)")
    COURT = "court", _("Recognised by a court")
    REPATRIATION = "repatriation", _("Identified abroad and repatriated")
    OTHER = "other", _("Other procedure")


class IdentificationResult(models.TextChoices):
    """HTCDS ``vic_TraffickingStatus``, and children at risk who are not victims."""

    VICTIM = "ActualVictimOfTrafficking", _("Victim of trafficking")
    POSSIBLE_VICTIM = "PossibleVictimOfTrafficking", _("Possible victim of trafficking")
    NOT_A_VICTIM = "NotAVictimOfTrafficking", _("Not a victim of trafficking")
    CHILD_AT_RISK = "KH_ChildAtRisk", _("Not a victim, but a child at risk")


class GivenBy(models.TextChoices):
    PERSON = "person", _("The person themself")
    PARENT = "parent", _("A parent")
    GUARDIAN = "guardian", _("A guardian or the authority caring for the child")


class Purpose(models.TextChoices):
    """What the person agreed their data may be used for."""

    CASE_MANAGEMENT = "case_management", _("Case management by the owner organisation")
    REFERRAL = "referral", _("Referral to services of other organisations")
    TRANSFER = "transfer", _("Transfer of the case to another organisation")
    STATISTICS = "statistics", _("Statistics and research without names")


class DataCategory(models.TextChoices):
    """The parts of a record that may be shared with another organisation."""

    IDENTITY = "identity", _("Identity: name, sex, age, nationality")
    CONTACT = "contact", _("Contact: phone and home address")
    CASE_HISTORY = "case_history", _("Case history: identification, assessments, care plans")
    HEALTH = "health", _("Health and psychosocial notes")


class Level(models.TextChoices):
    """HTCDS assessment and planning: individual, household and community factors."""

    INDIVIDUAL = "individual", _("Individual")
    HOUSEHOLD = "household", _("Household")
    COMMUNITY = "community", _("Community")


class Risk(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class SupportType(models.TextChoices):
    """HTCDS ``spl_Type``."""

    EDUCATION = "Education", _("Education")
    FINANCIAL = "Financial", _("Financial")
    HEALTH = "Health", _("Health")
    LABOUR_REHABILITATION = (
        "LabourExploitationRehabilitation",
        _("Labour exploitation rehabilitation"),
    )
    LEGAL = "Legal", _("Legal")
    LIVELIHOOD = "Livelihood", _("Livelihood")
    RIGHTS_TRAINING = "RightsBasedTraining", _("Rights-based training")
    SEXUAL_REHABILITATION = (
        "SexualExploitationRehabilitation",
        _("Sexual exploitation rehabilitation"),
    )
    SOCIAL_CARE = "SocialCare", _("Social care")


class Service(models.TextChoices):
    SHELTER = "shelter", _("Shelter")
    MEDICAL = "medical", _("Medical care")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial support")
    LEGAL_AID = "legal_aid", _("Legal aid")
    EDUCATION = "education", _("Education and scholarships")
    VOCATIONAL = "vocational", _("Vocational training")
    FAMILY_TRACING = "family_tracing", _("Family tracing")
    REPATRIATION = "repatriation", _("Repatriation")
    REINTEGRATION = "reintegration", _("Reintegration support")


class ReferralKind(models.TextChoices):
    REFERRAL = "referral", _("Referral for a service")
    TRANSFER = "transfer", _("Transfer of the case")


class ReferralReason(models.TextChoices):
    """HTCDS ``cas_ReasonForOutgoingReferral``."""

    SERVICES = "AdditionalServicesRequired", _("Additional services required")
    MOVED = "MigrationOrChangeOfLocation", _("Migration or change of location")
    OTHER = "Other", _("Other")


class ReferralStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    COMPLETED = "completed", _("Completed")
    REVOKED = "revoked", _("Revoked")


class VisitOutcome(models.TextChoices):
    STABLE = "stable", _("Seen: safe and stable")
    NEEDS_SUPPORT = "needs_support", _("Seen: needs more support")
    AT_RISK = "at_risk", _("Seen: at risk again")
    NOT_FOUND = "not_found", _("Not found at home")
    MOVED = "moved", _("Moved away")


class ReturnKind(models.TextChoices):
    REPATRIATION = "repatriation", _("Official repatriation")
    DEPORTATION = "deportation", _("Deported or pushed back")
    SELF_RETURN = "self_return", _("Returned on their own")
