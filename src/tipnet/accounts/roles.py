"""The roles a user can hold, and the kinds of organisation."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RoleCode(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    NATIONAL_ANALYST = "national_analyst", _("National analyst (NCCT)")
    PROVINCIAL_COMMITTEE = "provincial_committee", _("Provincial committee member")
    POLICE_INVESTIGATOR = "police_investigator", _("Police investigator")
    PROSECUTOR = "prosecutor", _("Prosecutor or court clerk")
    SOCIAL_WORKER = "social_worker", _("Social worker or case worker")
    PROTECTION_SUPERVISOR = "protection_supervisor", _("Protection supervisor (MoSVY)")
    # Supervises the caseload of its own organisation (a police unit's chief, a chief
    # prosecutor, an office director): sees it and hands a worker's cases on.
    HEAD_OF_OFFICE = "head_of_office", _("Head of office (supervises its caseload)")
    COMMUNE_FOCAL_POINT = "commune_focal_point", _("Commune focal point")
    VILLAGE_VOLUNTEER = "village_volunteer", _("Village volunteer")
    PREVENTION_OFFICER = "prevention_officer", _("Prevention officer")
    AUDITOR = "auditor", _("Read-only auditor")


class OrganisationKind(models.TextChoices):
    """tipnet's organisation kinds; ``HTCDS_TYPE`` maps each to the HTCDS organisation type."""

    MINISTRY = "ministry", _("Ministry or government department")
    POLICE_UNIT = "police_unit", _("Police unit")
    PROSECUTION = "prosecution", _("Prosecutor's office")
    COURT = "court", _("Court")
    NATIONAL_COMMITTEE = "national_committee", _("National committee (NCCT)")
    PROVINCIAL_COMMITTEE = "provincial_committee", _("Provincial committee (PCCT)")
    COMMUNE_COUNCIL = "commune_council", _("Commune council / CCWC")
    TASK_FORCE = "task_force", _("Provincial task force")
    MULTIDISCIPLINARY_TEAM = "multidisciplinary_team", _("Multidisciplinary team")
    NGO = "ngo", _("Non-governmental organisation")
    INTERNATIONAL = "international", _("International organisation")
    OTHER = "other", _("Other")


HTCDS_TYPE = {
    OrganisationKind.MINISTRY: "NonPoliceGovernmentalOrganization",
    OrganisationKind.POLICE_UNIT: "Police",
    OrganisationKind.PROSECUTION: "CourtOrProsecution",
    OrganisationKind.COURT: "CourtOrProsecution",
    OrganisationKind.NATIONAL_COMMITTEE: "NonPoliceGovernmentalOrganization",
    OrganisationKind.PROVINCIAL_COMMITTEE: "NonPoliceGovernmentalOrganization",
    OrganisationKind.COMMUNE_COUNCIL: "NonPoliceGovernmentalOrganization",
    # Multidisciplinary: police, social services and others together (seed 004).
    OrganisationKind.TASK_FORCE: "NonPoliceGovernmentalOrganization",
    OrganisationKind.MULTIDISCIPLINARY_TEAM: "NonPoliceGovernmentalOrganization",
    OrganisationKind.NGO: "NGO",
    OrganisationKind.INTERNATIONAL: "Other",
    OrganisationKind.OTHER: "Other",
}
