"""Protection work across cases: the follow-up visits due, the service directory and the
indicators. Thin: access first, then a query."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tipnet.accounts.access import Action, Resource, require
from tipnet.accounts.seen import nested, seen_all
from tipnet.protection import forms as f
from tipnet.protection import rules
from tipnet.protection.queries import directory, indicators, open_follow_ups


@login_required
def follow_up_list(request: HttpRequest) -> HttpResponse:
    require(request, Action.LIST, Resource.PROTECTION)
    everyone = request.GET.get("all") == "1"
    today = timezone.localdate()
    records = list(open_follow_ups(request.user, everyone))
    cases = seen_all(request.user, Resource.PROTECTION, [v.case for v in records])
    visits = [
        (nested(request.user, v, case.identified), case, rules.is_overdue(v, today))
        for v, case in zip(records, cases, strict=True)
    ]
    return render(
        request,
        "protection/follow_ups.html",
        {
            "visits": visits,
            "everyone": everyone,
            "overdue": sum(1 for _v, _c, late in visits if late),
        },
    )


@login_required
def directory_view(request: HttpRequest) -> HttpResponse:
    require(request, Action.LIST, Resource.PROTECTION)
    form = f.DirectoryFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    offerings = directory(data.get("service", ""), data.get("province", ""))
    return render(request, "protection/directory.html", {"form": form, "offerings": offerings})


@login_required
def indicators_view(request: HttpRequest) -> HttpResponse:
    require(request, Action.LIST, Resource.PROTECTION)
    form = f.IndicatorFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    total, by_org, by_province = indicators(
        request.user, data.get("year"), data.get("province", "")
    )
    return render(
        request,
        "protection/indicators.html",
        {
            "form": form,
            "total": total,
            "by_org": by_org,
            "by_province": by_province,
            "window": rules.assessment_window(),
        },
    )
