"""Groups and committees of prevention work.

Groups (this app owns them; the community app refers to them): Child Peer Groups in a school
or a village with their peer leaders and members, Child Protection Network groups and village
volunteer networks, with their activities and reach over time. Members are known participants.

Committees and task forces are organisations (``accounts.Organisation``, kinds national and
provincial committee, CCWC, provincial task force, multidisciplinary team); their members are
users or known participants from agencies, with their role; a meeting is an activity of the
committee (``Activity.committee``) with the members present, its decisions and action items
(the activity's action plan).

Both are ScopedRecords for the access module under ``Resource.PREVENTION``: a group is owned by
the organisation that supports it, at its place; a committee membership by the committee, at
the committee's coverage."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tipnet.accounts.models import Organisation
from tipnet.geo.models import Area

USER = settings.AUTH_USER_MODEL


class GroupKind(models.TextChoices):
    CHILD_PEER_GROUP = "child_peer_group", _("Child Peer Group")
    CHILD_PROTECTION_NETWORK = "child_protection_network", _("Child Protection Network group")
    VOLUNTEER_NETWORK = "volunteer_network", _("Village volunteer network")


class GroupRole(models.TextChoices):
    PEER_LEADER = "peer_leader", _("Peer leader")
    COORDINATOR = "coordinator", _("Coordinator")
    MEMBER = "member", pgettext_lazy("group", "Member")


class Group(models.Model):
    kind = models.CharField(_("type of group"), max_length=32, choices=GroupKind.choices)
    name = models.CharField(_("name"), max_length=200)
    owner_organisation = models.ForeignKey(
        Organisation, models.PROTECT, related_name="+", verbose_name=_("supported by")
    )
    place = models.ForeignKey(Area, models.PROTECT, related_name="+", verbose_name=_("place"))
    venue = models.CharField(
        _("school or venue"), max_length=200, blank=True,
        help_text=_("The school of a Child Peer Group, or where the group meets."),
    )  # fmt: skip
    formed_on = models.DateField(_("formed on"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    sensitivity = models.CharField(max_length=16, default="standard", editable=False)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(USER, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    is_synthetic = models.BooleanField(_("synthetic (generated) data"), default=False)

    FIELDS = ("kind", "name", "place", "venue", "formed_on", "is_active")

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("group")
        verbose_name_plural = _("groups")

    def __str__(self) -> str:
        return str(self.name)


class GroupMember(models.Model):
    group = models.ForeignKey(Group, models.CASCADE, related_name="members")
    participant = models.ForeignKey(
        "prevention.KnownParticipant", models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role in the group"), max_length=16, choices=GroupRole.choices,
                            default=GroupRole.MEMBER)  # fmt: skip
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    recorded_by = models.ForeignKey(USER, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["joined_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["group", "participant"], name="prev_group_member")
        ]
        verbose_name = _("group member")
        verbose_name_plural = _("group members")

    def __str__(self) -> str:
        return f"#{self.participant_id} in #{self.group_id}"


class CommitteeRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    DEPUTY_CHAIR = "deputy_chair", _("Deputy chair")
    SECRETARY = "secretary", _("Secretary")
    MEMBER = "member", pgettext_lazy("committee", "Member")


# The organisation kinds that hold members and meetings.
COMMITTEE_KINDS = ("national_committee", "provincial_committee", "commune_council",
                   "task_force", "multidisciplinary_team")  # fmt: skip


class CommitteeMember(models.Model):
    """A member of a committee, task force or multidisciplinary team: a user of tipnet or a
    known participant, from an agency, with their role."""

    committee = models.ForeignKey(
        Organisation, models.CASCADE, related_name="committee_members",
        verbose_name=_("committee"),
    )  # fmt: skip
    user = models.ForeignKey(USER, models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("user"))  # fmt: skip
    participant = models.ForeignKey(
        "prevention.KnownParticipant", models.PROTECT, null=True, blank=True,
        related_name="committee_seats", verbose_name=_("known participant"),
    )  # fmt: skip
    agency = models.ForeignKey(
        Organisation, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("agency"),
        help_text=_("The police, ministry, court or NGO the member comes from."),
    )  # fmt: skip
    role = models.CharField(
        _("role in the committee"), max_length=16, choices=CommitteeRole.choices,
        default=CommitteeRole.MEMBER,
    )  # fmt: skip
    since = models.DateField(_("member since"))
    until = models.DateField(_("member until"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    recorded_by = models.ForeignKey(USER, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["role", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(user__isnull=False, participant__isnull=True)
                    | models.Q(user__isnull=True, participant__isnull=False)
                ),
                name="prev_member_user_xor_participant",
            ),
        ]
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")

    def __str__(self) -> str:
        return f"member #{self.pk}"

    # The access module's ScopedRecord: owned by the committee, at its coverage.
    @property
    def owner_organisation_id(self) -> int:
        return self.committee_id

    @property
    def place_id(self) -> str | None:
        return self.committee.coverage_id

    sensitivity = "standard"
