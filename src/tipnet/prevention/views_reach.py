"""The reach page: for a period (and optionally a type or province), how many people the
activities the user may see reached: unique known participants, attendances and participants
known only as counts, each labelled, never added together into "people reached"; by province,
activity type, sex, age band and role, each group's unique reach computed on its own."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from tipnet.accounts.access import Action, Resource, require
from tipnet.accounts.http import AuthenticatedRequest
from tipnet.geo.models import Area, AreaLevel
from tipnet.prevention import queries, reach
from tipnet.prevention.codes import AgeBand, ParticipantRole, Sex
from tipnet.prevention.models import ActivityType
from tipnet.prevention.views import _filters

BREAKDOWNS = [
    ("province", _("By province")),
    ("kind", _("By activity type")),
    ("sex", _("By sex")),
    ("age_band", _("By age band")),
    ("role", _("By role")),
]


def _labels() -> dict[str, dict[str, str]]:
    return {
        "province": {a.code: a.name for a in Area.objects.filter(level=AreaLevel.PROVINCE)},
        "kind": {t.code: str(t) for t in ActivityType.objects.all()},
        "sex": {k: str(v) for k, v in Sex.choices},
        "age_band": {k: str(v) for k, v in AgeBand.choices},
        "role": {k: str(v) for k, v in ParticipantRole.choices},
    }


@login_required
def reach_view(request: AuthenticatedRequest) -> HttpResponse:
    require(request, Action.LIST, Resource.PREVENTION)
    form, filters = _filters(request)
    attended, counted = queries.facts(queries.activities(request.user, filters))
    labels = _labels()
    tables: list[dict[str, Any]] = []
    for key, title in BREAKDOWNS:
        groups = reach.reach_by(key, attended, counted)
        rows = [(labels[key].get(value, value), figures) for value, figures in groups.items()]
        tables.append({"key": key, "title": title, "rows": rows})
    return render(request, "prevention/reach.html", {
        "form": form, "total": reach.reach(attended, counted), "tables": tables,
    })  # fmt: skip
