"""Login lockout: django-axes with a separate limit for each way of counting failures.

django-axes counts failures along each entry of ``AXES_LOCKOUT_PARAMETERS`` and locks when any
count reaches one limit. tipnet counts along three, each with its own limit
(``TIPNET_LOCKOUT_LIMITS``, in the same order):

- a username from one address: a few wrong passwords (a user who forgot theirs, or a guess);
- one address, whatever the usernames: more (an office behind one address has many users),
  which stops one address spraying a password over many accounts;
- a username from any address: more, which stops a guess spread over many addresses, yet needs
  several addresses to lock a user out, because one address stops counting (is locked) at the
  first limit.

A successful login forgives only that username's failures from that address; django-axes by
default forgives every failure from the address, which would let a sprayer with one account of
their own reset the address count by logging in.
"""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db import connections
from django.db.models import QuerySet


class PerParameterLimitHandler(AxesDatabaseHandler):
    def get_failures(self, request: Any, credentials: dict | None = None) -> int:
        """The failures as django-axes compares them with ``AXES_FAILURE_LIMIT``: each count
        scaled so that reaching its own limit means reaching the common one."""
        common = get_failure_limit(request, credentials)
        limits = settings.TIPNET_LOCKOUT_LIMITS
        scaled = [0]
        totals = _failures(self.get_user_attempts(request, credentials))
        for failures, limit in zip(totals, limits, strict=True):
            scaled.append(failures * common // limit)
        return max(scaled)

    def reset_user_attempts(self, request: Any, credentials: dict | None = None) -> int:
        count, _ = AccessAttempt.objects.filter(
            username=get_client_username(request, credentials),
            ip_address=request.axes_ip_address,
        ).delete()
        return count


def _failures(attempts: list[QuerySet]) -> list[int]:
    """Each count's failures (the sum of ``failures_since_start`` over its attempts), all in
    one statement: the password page asks them on every visit (accounts/views.py)."""
    if not attempts:
        return []
    parts: list[str] = []
    params: list[Any] = []
    for qs in attempts:
        sql, found = qs.order_by().values_list("failures_since_start").query.sql_with_params()
        # Django's SQL of each count, its values as parameters.
        parts.append(f"(SELECT COALESCE(SUM(a.failures_since_start), 0) FROM ({sql}) a)")  # noqa: S608
        params.extend(found)
    with connections[attempts[0].db].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        return [int(total) for total in cursor.fetchone()]
