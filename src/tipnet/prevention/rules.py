"""The rules of prevention records, as pure functions that refuse with a translated reason,
and who sees a known participant's name.

Names: the organisation that recorded a participant sees their name on every activity it may
see; anyone else who may see the activity (a partner, the provincial committee, the national
analysts) sees only the names of officials, and never a child's: the rest are counted, not
named."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from tipnet.prevention.codes import CHILD_BANDS, AgeBand, ParticipantRole, Sex, age_band_of

MAX_DURATION = 14 * 24 * 60  # two weeks, in minutes
MAX_CELL = 100_000
EARLIEST = date(2000, 1, 1)

Cell = tuple[str, str, str]  # sex, age band, role


class Refused(Exception):
    """Something the rules do not allow; ``message`` says why, in the user's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def check_activity(held_on: date, duration_minutes: int, today: date) -> None:
    if held_on > today:
        raise Refused(_("An activity is recorded once it has taken place: the date is ahead."))
    if held_on < EARLIEST:
        raise Refused(_("The date lies before 2000: check the year."))
    if not 1 <= duration_minutes <= MAX_DURATION:
        raise Refused(_("The duration must be between 1 minute and 14 days."))


def check_cells(cells: Mapping[Cell, int]) -> dict[Cell, int]:
    """The cells worth storing (the non-zero ones), once every key and number is valid."""
    sexes, bands, roles = set(Sex.values), set(AgeBand.values), set(ParticipantRole.values)
    kept: dict[Cell, int] = {}
    for (sex, band, role), count in cells.items():
        if sex not in sexes or band not in bands or role not in roles:
            raise Refused(_("A participant count names an unknown sex, age band or role."))
        if not isinstance(count, int) or count < 0:
            raise Refused(_("Participant counts are whole numbers, zero or more."))
        if count > MAX_CELL:
            raise Refused(
                _("%(count)s people in one cell is more than an activity can hold: check it.")
                % {"count": count}
            )
        if count:
            kept[(sex, band, role)] = count
    return kept


def check_participant(birth_year: int | None, today: date) -> None:
    if birth_year is not None and not today.year - 110 <= birth_year <= today.year:
        raise Refused(_("The year of birth must lie between %(first)s and %(last)s.")
                      % {"first": today.year - 110, "last": today.year})  # fmt: skip


def age_band_on(participant: Any, on: date) -> str:
    """A known participant's age band on a day: from the year of birth when known (the age
    they turn that year), else the band recorded."""
    if participant.birth_year:
        return age_band_of(on.year - participant.birth_year)
    return participant.age_band or AgeBand.UNKNOWN


def is_child(participant: Any, on: date) -> bool:
    band = age_band_on(participant, on)
    return band in CHILD_BANDS or participant.role == ParticipantRole.CHILD


def may_name(user_org_ids: set[int], participant: Any, on: date) -> bool:
    """Whether a user of these organisations, who may see the activity, sees the name."""
    if participant.owner_organisation_id in user_org_ids:
        return True
    return participant.role == ParticipantRole.OFFICIAL and not is_child(participant, on)


def shown_name(user: Any, participant: Any, on: date) -> str:
    """The participant's name for this user, or a neutral label."""
    from tipnet.accounts.access import organisation_ids

    if may_name(organisation_ids(user), participant, on):
        return str(participant.name)
    return _("Participant (name kept by the recording organisation)")
