"""The rules of prevention records, as pure functions that refuse with a translated reason,
and who sees a known participant's name.

Names: the organisation that recorded a participant sees their name on every activity it may
see; anyone else who may see the activity (a partner, the provincial committee, the national
analysts) sees only the names of officials, and never a child's: the rest are counted, not
named."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
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


TRAINING = "training"
REFRESHER = "refresher_training"
SCORE_MAX = 100


def check_scores(kind_code: str, pre: int | None, post: int | None) -> None:
    """Pre- and post-test scores: on the attendance of a training or refresher only, each
    left empty or a whole number from 0 to 100."""
    if pre is None and post is None:
        return
    if kind_code not in (TRAINING, REFRESHER):
        raise Refused(_("Test scores are recorded for trainings and refresher trainings only."))
    for score in (pre, post):
        if score is not None and (not isinstance(score, int) or not 0 <= score <= SCORE_MAX):
            raise Refused(_("A test score is a whole number from 0 to 100."))


def refresher_due_on(trainings: list[date], refreshers: list[date], days: int) -> date | None:
    """When a participant is due for a refresher: ``days`` after their latest training, unless
    they attended a refresher training on or after it (then None; None too without training)."""
    if not trainings:
        return None
    latest = max(trainings)
    if any(day >= latest for day in refreshers):
        return None
    return latest + timedelta(days=days)


def check_links(
    owner_id: int | None,
    project_owner_id: int | None,
    group_owner_id: int | None,
    committee: tuple[int, int | None, str] | None,
    committee_kinds: tuple[str, ...],
) -> None:
    """What an activity may be linked to: a project and a group of its own organiser, and a
    committee that is the organiser or one of its task forces or teams (``committee`` is the
    committee's id, parent id and kind). A campaign is open to every organiser."""
    if project_owner_id is not None and project_owner_id != owner_id:
        raise Refused(_("The project belongs to another organisation."))
    if group_owner_id is not None and group_owner_id != owner_id:
        raise Refused(_("The group is supported by another organisation."))
    if committee is not None:
        pk, parent_id, kind = committee
        if kind not in committee_kinds:
            raise Refused(_("Only a committee, task force or team holds meetings here."))
        if owner_id not in (pk, parent_id):
            raise Refused(_("Only the committee itself, or the committee it belongs to, "
                            "records its meetings."))  # fmt: skip


def check_photo(children_recognisable: bool, consent: str) -> None:
    """A photo in which children can be recognised needs the consent recorded with it."""
    if children_recognisable and not (consent or "").strip():
        raise Refused(_("Children can be recognised on this photo: record who gave consent, "
                        "and how, before you upload it."))  # fmt: skip


def may_see_photo(user_org_ids: set[int], photo: Any) -> bool:
    """Whether a user of these organisations, who may see the activity, sees the photo: a
    photo in which children can be recognised only the organisation that uploaded it."""
    return not photo.children_recognisable or photo.owner_organisation_id in user_org_ids
