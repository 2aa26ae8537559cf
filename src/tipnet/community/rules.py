"""The rules of the migration register, as pure functions that refuse with a translated
reason (what the risk flags are: community/risk.py)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils.translation import gettext as _

from tipnet.community.codes import ArrangedBy

EARLIEST = date(1990, 1, 1)
# A departure planned for the coming weeks may be recorded before it happens.
AHEAD = timedelta(days=90)


class Refused(Exception):
    """Something the rules do not allow; ``message`` says why, in the user's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def check_record(
    departed_on: date | None,
    planned_return_on: date | None,
    amounts: tuple[Decimal | None, ...],
    arranged_by: str,
    platform: str,
    today: date,
) -> None:
    if departed_on is not None and departed_on > today + AHEAD:
        raise Refused(_("The departure date is more than three months ahead: check the year."))
    if departed_on is not None and departed_on < EARLIEST:
        raise Refused(_("The departure date lies before 1990: check the year."))
    if departed_on and planned_return_on and planned_return_on < departed_on:
        raise Refused(_("The planned return is before the departure."))
    if any(a is not None and a < 0 for a in amounts):
        raise Refused(_("An amount cannot be negative."))
    if platform and arranged_by != ArrangedBy.ONLINE_OFFER:
        raise Refused(_("A platform is recorded only for an offer seen online."))


def check_person(name_km: str, name_latin: str, born: date | None, today: date) -> None:
    if not (name_km or "").strip() and not (name_latin or "").strip():
        raise Refused(_("Enter the migrant's name in Khmer script or in Latin letters."))
    if born is not None and born > today:
        raise Refused(_("The date of birth is in the future."))


def check_contact(
    contacted_on: date, reached: bool, situation: str, departed_on: date | None, today: date
) -> None:
    if contacted_on > today:
        raise Refused(_("A contact is recorded once it has taken place: the date is ahead."))
    if departed_on is not None and contacted_on < departed_on:
        raise Refused(_("The contact is dated before the departure."))
    if reached and not situation:
        raise Refused(_("Say how the migrant is: they were reached."))
    if not reached and situation:
        raise Refused(_("The migrant was not reached: leave the situation empty."))


def check_return(returned_on: date, departed_on: date | None, today: date) -> None:
    if returned_on > today:
        raise Refused(_("A return is recorded once it has happened: the date is ahead."))
    if departed_on is not None and returned_on < departed_on:
        raise Refused(_("The return is dated before the departure."))
