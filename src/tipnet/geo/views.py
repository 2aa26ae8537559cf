from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from tipnet.geo.models import Area, AreaLevel


def _as_json(area: Area) -> dict[str, object]:
    return {
        "code": area.code,
        "level": area.level,
        "name_km": area.name_km,
        "name_en": area.name_en,
    }


@require_GET
@login_required
def children(request: HttpRequest) -> JsonResponse:
    parent = request.GET.get("parent", "")
    qs = (
        Area.objects.filter(parent_id=parent)
        if parent
        else Area.objects.filter(level=AreaLevel.PROVINCE)
    )
    return JsonResponse({"areas": [_as_json(a) for a in qs]})


@require_GET
@login_required
def search(request: HttpRequest) -> JsonResponse:
    """Areas whose name or ancestors' names contain every word of ``q`` (either script)."""
    words = request.GET.get("q", "").casefold().split()[:5]
    if not words or all(len(w) < 2 for w in words):
        return JsonResponse({"areas": []})
    condition = Q()
    for word in words:
        condition &= Q(search_text__contains=word)
    found = list(Area.objects.filter(condition).order_by("level", "code")[:20])
    results = []
    for area in found:
        item = _as_json(area)
        item["path_codes"] = area.path
        item["label"] = f"{area.name_km} / {area.name_en}"
        item["path"] = ", ".join(f"{a.name_km} / {a.name_en}" for a in reversed(area.ancestors()))
        results.append(item)
    return JsonResponse({"areas": results})
