"""Prevention work: activities (awareness sessions, village meetings, workshops, parades ...),
who took part in them as counts (cells of sex x age band x role) and as known participants on
an attendance list. No victim data lives here: a known participant is a light contact record
of this app, never linked to a person of the case file (``people.Person``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tipnet.accounts.models import Organisation
from tipnet.geo.models import Area, localised
from tipnet.prevention.codes import AgeBand, ParticipantRole, Sex

USER = settings.AUTH_USER_MODEL


class CodeEntry(models.Model):
    """An entry of a code list kept by administrators, in both languages."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_en = models.CharField(_("name in English"), max_length=200)
    name_km = models.CharField(_("name in Khmer"), max_length=200)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        abstract = True
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return localised(self.name_km, self.name_en)


class ActivityType(CodeEntry):
    class Meta(CodeEntry.Meta):
        verbose_name = _("activity type")
        verbose_name_plural = _("activity types")


class Topic(CodeEntry):
    class Meta(CodeEntry.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")


class Activity(models.Model):
    """One prevention activity, owned by its organiser (a ScopedRecord for access.py: the
    organiser is the owner organisation, the gazetteer area the place)."""

    kind = models.ForeignKey(
        ActivityType, models.PROTECT, related_name="activities", verbose_name=_("activity type")
    )
    owner_organisation = models.ForeignKey(
        Organisation, models.PROTECT, related_name="+", verbose_name=_("organiser")
    )
    partners = models.ManyToManyField(
        Organisation, blank=True, related_name="+", verbose_name=_("partner organisations")
    )
    project = models.ForeignKey(
        "prevention.Project", models.PROTECT, null=True, blank=True, related_name="activities",
        verbose_name=_("project or donor programme"),
        help_text=_("NGOs report to their donors per project."),
    )  # fmt: skip
    campaign = models.ForeignKey(
        "prevention.Campaign", models.PROTECT, null=True, blank=True, related_name="activities",
        verbose_name=_("campaign"),
    )  # fmt: skip
    group = models.ForeignKey(
        "prevention.Group", models.PROTECT, null=True, blank=True, related_name="activities",
        verbose_name=_("group"),
        help_text=_("The Child Peer Group, Child Protection Network or volunteer network."),
    )  # fmt: skip
    # A meeting of a committee, task force or multidisciplinary team, with the members present.
    committee = models.ForeignKey(
        Organisation, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("committee"),
    )  # fmt: skip
    members_present = models.ManyToManyField(
        "prevention.CommitteeMember", blank=True, related_name="meetings",
        verbose_name=_("members present"),
    )  # fmt: skip
    budget_spent = models.DecimalField(
        _("budget spent"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    budget_currency = models.CharField(_("currency"), max_length=3, default="USD",
                                       choices=[("USD", "USD"), ("KHR", "KHR")])  # fmt: skip
    held_on = models.DateField(_("date"), db_index=True)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"))
    place = models.ForeignKey(Area, models.PROTECT, related_name="+", verbose_name=_("place"))
    venue = models.CharField(
        _("venue"), max_length=200, blank=True,
        help_text=_("A school, pagoda or commune hall at that place."),
    )  # fmt: skip
    topics = models.ManyToManyField(Topic, blank=True, related_name="+", verbose_name=_("topics"))
    target_group = models.CharField(_("target group"), max_length=200, blank=True)
    facilitators = models.CharField(_("facilitators"), max_length=300, blank=True)
    materials = models.TextField(_("materials distributed"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    # The sum of the participant count cells, kept by every write path (services.set_counts);
    # checks.total_problems() finds activities where it differs.
    counted_total = models.PositiveIntegerField(default=0, editable=False)
    # The access module's sensitivity: activities carry no victim data, all are standard.
    sensitivity = models.CharField(max_length=16, default="standard", editable=False)
    version = models.PositiveIntegerField(default=1)
    recorded_by = models.ForeignKey(USER, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    is_synthetic = models.BooleanField(_("synthetic (generated) data"), default=False)

    FIELDS = ("kind", "project", "campaign", "group", "committee", "held_on", "duration_minutes",
              "place", "venue", "target_group", "facilitators", "materials", "decisions",
              "budget_spent", "budget_currency")  # fmt: skip

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [models.Index(fields=["owner_organisation", "held_on"], name="prev_act_org")]

    def __str__(self) -> str:
        return f"{self.kind} · {self.held_on:%Y-%m-%d}"


class ParticipantCount(models.Model):
    """How many people of one sex, age band and role took part without being named."""

    activity = models.ForeignKey(Activity, models.CASCADE, related_name="counts")
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices)
    age_band = models.CharField(_("age band"), max_length=8, choices=AgeBand.choices)
    role = models.CharField(_("role"), max_length=20, choices=ParticipantRole.choices)
    count = models.PositiveIntegerField(_("number"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "sex", "age_band", "role"], name="prev_count_cell"
            ),
            models.CheckConstraint(condition=models.Q(count__gt=0), name="prev_count_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.sex} {self.age_band} {self.role}: {self.count}"


class KnownParticipant(models.Model):
    """A person known by name who takes part in activities: a volunteer, peer leader, local
    leader or official. Kept by the organisation that recorded them; names of children are
    shown to nobody else (prevention/rules.py)."""

    name = models.CharField(_("name"), max_length=150)
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    age_band = models.CharField(
        _("age band"), max_length=8, choices=AgeBand.choices, default=AgeBand.UNKNOWN,
        help_text=_("When the year of birth is not known."),
    )  # fmt: skip
    role = models.CharField(_("role"), max_length=20, choices=ParticipantRole.choices)
    affiliation = models.CharField(
        _("organisation or village"), max_length=200, blank=True,
        help_text=_("Where they work or live, in words."),
    )  # fmt: skip
    owner_organisation = models.ForeignKey(
        Organisation, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_by = models.ForeignKey(USER, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    is_synthetic = models.BooleanField(_("synthetic (generated) data"), default=False)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("known participant")
        verbose_name_plural = _("known participants")

    def __str__(self) -> str:
        return f"#{self.pk}"  # names go through prevention.rules.shown_name


class Attendance(models.Model):
    activity = models.ForeignKey(Activity, models.CASCADE, related_name="attendances")
    participant = models.ForeignKey(KnownParticipant, models.PROTECT, related_name="attendances")
    # Scores of a training's tests, 0 to 100, where the training had them (rules.check_scores).
    pre_test_score = models.PositiveSmallIntegerField(_("pre-test score"), null=True, blank=True)
    post_test_score = models.PositiveSmallIntegerField(_("post-test score"), null=True, blank=True)
    recorded_by = models.ForeignKey(USER, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["activity", "participant"], name="prev_attendance")
        ]

    def __str__(self) -> str:
        return f"#{self.participant_id} @ #{self.activity_id}"


# The action plans live in their own module; imported here so that Django finds them.
from tipnet.prevention.models_campaigns import Campaign as Campaign  # noqa: E402
from tipnet.prevention.models_campaigns import Project as Project  # noqa: E402
from tipnet.prevention.models_campaigns import Target as Target  # noqa: E402
from tipnet.prevention.models_network import CommitteeMember as CommitteeMember  # noqa: E402
from tipnet.prevention.models_network import Group as Group  # noqa: E402
from tipnet.prevention.models_network import GroupMember as GroupMember  # noqa: E402
from tipnet.prevention.models_photos import ActivityPhoto as ActivityPhoto  # noqa: E402
from tipnet.prevention.models_plans import ActionPlan as ActionPlan  # noqa: E402
from tipnet.prevention.models_plans import PlanAction as PlanAction  # noqa: E402
from tipnet.prevention.models_plans import ProgressNote as ProgressNote  # noqa: E402
