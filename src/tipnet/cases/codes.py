"""Code lists of the case database: HTCDS values as canonical codes, with Cambodian additions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseSource(models.TextChoices):
    POLICE_OPERATION = "police_operation", _("Police operation")
    HOTLINE = "hotline_117", _("Hotline 117")
    COMMUNITY_ALERT = "community_alert", _("Community alert")
    NGO_REFERRAL = "ngo_referral", _("NGO referral")
    BORDER = "border_repatriation", _("Border or repatriation")
    COURT = "court", _("Court")
    OTHER = "other", _("Other")


class ExploitationType(models.TextChoices):
    """HTCDS ``typeofexploitation`` plus Cambodian additions."""

    FORCED_LABOUR = "ForcedLabour", _("Forced labour")
    SEXUAL_EXPLOITATION = "SexualExploitation", _("Sexual exploitation")
    CHILD_LABOUR = "ChildLabour", _("Child labour")
    FORCED_MARRIAGE = "ForcedMarriage", _("Forced marriage")
    SERVITUDE = "Servitude", _("Servitude")
    FORCED_MILITARY = (
        "ForcedMilitaryByNonStateActors",
        _("Forced military service by non-state actors"),
    )
    ORGAN_REMOVAL = "OrganRemoval", _("Organ removal")
    FORCED_BEGGING = "ForcedBegging", _("Forced begging")
    FORCED_ADOPTION = "ForcedAdoption", _("Forced adoption")
    SURROGACY = "Surrogacy", _("Surrogacy")
    FORCED_CRIMINALITY = "KH_ForcedCriminalityScam", _("Forced criminality in scam compounds")
    OTHER = "Other", _("Other")


class Industry(models.TextChoices):
    """ISIC sections (HTCDS ``forcedlabourindustry``) with Cambodian sub-industries."""

    AGRICULTURE = "A_AgricultureForestryAndFishing", _("Agriculture, forestry and fishing")
    FISHING_AT_SEA = "A_KH_FishingAtSea", _("Fishing at sea")
    MINING = "B_MiningAndQuarrying", _("Mining and quarrying")
    MANUFACTURING = "C_Manufacturing", _("Manufacturing")
    BRICK_KILN = "C_KH_BrickKiln", _("Brick kiln")
    ELECTRICITY = "D_ElectricityGasSteamAndAirConditioningSupply", _("Electricity and gas supply")
    WATER = "E_WaterSupplySewerageWasteManagement", _("Water supply and waste management")
    CONSTRUCTION = "F_Construction", _("Construction")
    TRADE = "G_WholesaleAndRetailTradeRepairOfMotorVehicles", _("Wholesale and retail trade")
    TRANSPORT = "H_TransportationAndStorage", _("Transportation and storage")
    ACCOMMODATION = "I_AccommodationAndFoodServiceActivities", _("Accommodation and food services")
    ICT = "J_InformationAndCommunication", _("Information and communication")
    ONLINE_SCAM = "J_KH_OnlineScamCompound", _("Online scam compound")
    FINANCE = "K_FinancialAndInsuranceActivities", _("Financial and insurance activities")
    REAL_ESTATE = "L_RealEstateActivities", _("Real estate activities")
    PROFESSIONAL = (
        "M_ProfessionalScientificAndTechnicalActivities",
        _("Professional and technical activities"),
    )
    ADMINISTRATIVE = (
        "N_AdministrativeAndSupportServiceActivities",
        _("Administrative and support services"),
    )
    PUBLIC_ADMINISTRATION = (
        "O_PublicAdministrationAndDefence",
        _("Public administration and defence"),
    )
    EDUCATION = "P_Education", _("Education")
    HEALTH = "Q_HumanHealthAndSocialWorkActivities", _("Health and social work")
    ENTERTAINMENT = "R_ArtsEntertainmentAndRecreation", _("Arts, entertainment and recreation")
    ENTERTAINMENT_VENUE = (
        "R_KH_EntertainmentVenue",
        _("Entertainment venue (karaoke, bar, massage)"),
    )
    OTHER_SERVICES = "S_OtherServiceActivities", _("Other service activities")
    DOMESTIC_WORK = "T_ActivitiesOfHouseholdsAsEmployers", _("Domestic work")
    EXTRATERRITORIAL = (
        "U_ActivitiesOfExtraterritorialOrganizations",
        _("Extraterritorial organisations"),
    )
    OTHER = "Other", _("Other industry")


class MethodOfControl(models.TextChoices):
    PHYSICAL_THREATS = "PhysicalThreats", _("Physical threats")
    THREATS_LAW_ENFORCEMENT = "ThreatsLawEnforcement", _("Threats of law enforcement")
    THREATENS_FAMILY = "ThreatensChildrenFamily", _("Threats to children or family")
    DEBT_BONDAGE = "DebtBondage", _("Debt bondage")
    FALSE_PROMISES = "FalsePromises", _("False promises")
    PHYSICAL_ABUSE = "PhysicalAbuse", _("Physical abuse")
    SEXUAL_ABUSE = "SexualAbuse", _("Sexual abuse")
    TAKES_EARNINGS = "TakesEarnings", _("Takes earnings")
    RESTRICTS_FINANCES = "RestrictsFinancialAccess", _("Restricts access to money")
    RESTRICTS_MEDICAL = "RestrictsMedicalCare", _("Restricts medical care")
    WITHHOLDS_NECESSITIES = "WithholdsNecessities", _("Withholds necessities")
    PSYCHOLOGICAL_ABUSE = "PsychologicalAbuse", _("Psychological abuse")
    SUBSTANCES = "PsychoactiveSubstance", _("Psychoactive substances")
    EXCESSIVE_HOURS = "ExcessiveWorkingHours", _("Excessive working hours")
    WITHHOLDS_DOCUMENTS = "WithholdsDocuments", _("Withholds documents")
    RESTRICTS_MOVEMENT = "RestrictsMovement", _("Restricts movement")
    OTHER = "Other", _("Other")


class RecruitmentMethod(models.TextChoices):
    PLACE_OF_BUSINESS = "AtAPlaceOfBusiness", _("At a place of business")
    EDUCATIONAL = "AtAnEducationalInstitution", _("At an educational institution")
    AT_WORK = "AtWork", _("At work")
    ONLINE_SOCIAL = "ThroughOnlineSocialNetworks", _("Through online social networks")
    ONLINE_AD = "ThroughAnOnlineAdvertisement", _("Through an online advertisement")
    TV_AD = "ThroughATelevisionAdvert", _("Through a television advert")
    NEWSPAPER_AD = "ThroughANewspaperAdvert", _("Through a newspaper advert")
    FAMILY = "ThroughFamilyOrFamilyEvents", _("Through family")
    FRIENDS = "ThroughFriendsOrSocialEvents", _("Through friends or acquaintances")
    BROKER = "KH_UnlicensedBroker", _("Unlicensed broker")
    AGENCY = "KH_LicensedAgency", _("Licensed recruitment agency")
    OTHER = "Other", _("Other")


class Platform(models.TextChoices):
    FACEBOOK = "Facebook", "Facebook"
    FACEBOOK_MESSENGER = "FacebookMessenger", "Facebook Messenger"
    TELEGRAM = "Telegram", "Telegram"
    WECHAT = "WeChat", "WeChat"
    TIKTOK = "TikTok", "TikTok"
    WHATSAPP = "WhatsApp", "WhatsApp"
    LINE = "Line", "Line"
    INSTAGRAM = "Instagram", "Instagram"
    VIBER = "Viber", "Viber"
    OTHER = "Other", _("Other")


class CaseRole(models.TextChoices):
    VICTIM = "victim", _("Victim")
    SUSPECT = "suspect", _("Suspect / accused")
    WITNESS = "witness", _("Witness")
    COMPLAINANT = "complainant", _("Complainant")


class TraffickingStatus(models.TextChoices):
    POSSIBLE = "PossibleVictimOfTrafficking", _("Possible victim of trafficking")
    ACTUAL = "ActualVictimOfTrafficking", _("Victim of trafficking")
    NOT_VICTIM = "NotAVictimOfTrafficking", _("Not a victim of trafficking")


class StatusDecidedBy(models.TextChoices):
    POLICE = "Police", _("Police")
    NGO = "NGO", _("NGO")
    COURT = "CourtOrProsecution", _("Court or prosecution")
    GOVERNMENT = "NonPoliceGovernmentalOrganization", _("Other government body")
    OTHER = "Other", _("Other")


class Relationship(models.TextChoices):
    FAMILIAL = "Familial", _("Family member")
    ACQUAINTED = "Acquainted", _("Acquaintance")
    UNACQUAINTED = "Unaquainted", _("Stranger")  # HTCDS spells the code this way


class RoleInProcess(models.TextChoices):
    RECRUITER = "RecruiterOrIntermediary", _("Recruiter or intermediary")
    BROKER = "Broker", _("Broker")
    TRANSPORTER = "Transporter", _("Transporter")
    TRAVEL_AGENT = "TravelAgent", _("Travel agent")
    SOLD = "SoldIndividual", _("Sold the person")
    BOUGHT = "BoughtIndividual", _("Bought the person")
    HARBOURED = "HarbouredIndividual", _("Harboured the person")
    RECEIVED = "ReceivedIndividual", _("Received the person")
    CONTROLLED = "ControlledIndividual", _("Controlled the person")
    EXPLOITER = "Exploiter", _("Exploiter")
    KIDNAPPER = "Kidnapper", _("Kidnapper")
    SMUGGLER = "Smuggler", _("Smuggler")
    OTHER = "Other", _("Other")


class EventKind(models.TextChoices):
    """HTCDS trafficking events."""

    RECRUITMENT = "recruitment", _("Recruitment")
    TRANSIT = "transit", _("Transit")
    EXPLOITATION = "exploitation", _("Exploitation")


class DocumentKind(models.TextChoices):
    POLICE_REPORT = "police_report", _("Police report")
    ARREST_WARRANT = "arrest_warrant", _("Arrest warrant")
    INDICTMENT = "closing_order", _("Closing order")
    JUDGMENT = "judgment", _("Judgment")
    APPEAL = "appeal", _("Appeal")
    OTHER = "other", _("Other document")


class HearingPurpose(models.TextChoices):
    TRIAL = "trial", _("Trial")
    VERDICT_READING = "verdict_reading", _("Reading of the verdict")
    APPEAL_HEARING = "appeal_hearing", _("Appeal hearing")
    OTHER = "other", _("Other")


class HearingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", _("Cancelled")
