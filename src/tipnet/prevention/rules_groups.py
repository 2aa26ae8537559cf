"""The rules of groups and their members (Child Peer Groups, Child Protection Network groups,
village volunteer networks), as pure functions that refuse with a translated reason."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from tipnet.prevention.rules import EARLIEST, Refused


def check_group(name: str, formed_on: date | None, today: date) -> None:
    if not (name or "").strip():
        raise Refused(_("Give the group a name."))
    if formed_on is not None and formed_on > today:
        raise Refused(_("A group is recorded once it was formed: the date is ahead."))
    if formed_on is not None and formed_on < EARLIEST:
        raise Refused(_("The date lies before 2000: check the year."))


def check_member(
    participant_organisation_id: int | None,
    group_organisation_id: int,
    group_is_active: bool,
    joined_on: date,
    formed_on: date | None,
    today: date,
) -> None:
    """Whether a known participant may join a group on ``joined_on``: only a participant the
    group's organisation recorded, in an active group, on a day between its forming and today."""
    if participant_organisation_id != group_organisation_id:
        raise Refused(
            _("Only participants the group's organisation recorded can be members of it.")
        )
    if not group_is_active:
        raise Refused(_("The group is no longer active: members are not added to it."))
    if joined_on > today:
        raise Refused(_("A member is recorded once they joined: the date is ahead."))
    if joined_on < EARLIEST:
        raise Refused(_("The date lies before 2000: check the year."))
    if formed_on is not None and joined_on < formed_on:
        raise Refused(_("A member cannot join before the group was formed."))


def check_left(joined_on: date, left_on: date, already_left: date | None, today: date) -> None:
    if already_left is not None:
        raise Refused(_("This member's leaving is already recorded."))
    if left_on < joined_on:
        raise Refused(_("A member cannot leave before the day they joined."))
    if left_on > today:
        raise Refused(_("A member is recorded as having left once they left: the date is ahead."))


def check_role_change(left_on: date | None) -> None:
    """A member who left the group is history: their role is no longer changed."""
    if left_on is not None:
        raise Refused(_("This member has left the group: their role is no longer changed."))
