from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from tipnet.geo.models import Area, AreaLevel
from tipnet.geo.names import place_key, place_words


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
    """Areas whose names (official or well-known other ones, either script, romanisations
    folded: "Poipet" finds Paoy Paet) or ancestors' names contain every word of ``q``."""
    words = place_words(request.GET.get("q", ""))[:5]
    if not words or all(len(w) < 2 for w in words):
        return JsonResponse({"areas": []})
    condition = Q()
    for word in words:
        condition &= Q(search_text__contains=word)
    candidates = Area.objects.filter(condition).order_by("level", "code")[:200]

    def own_name_matches(area: Area) -> bool:
        own = place_key(area.name_km, area.name_en, *area.other_names.split("|"))
        return all(word in own for word in words)

    # Areas named like the query first, then those found through an ancestor's name.
    found = sorted(candidates, key=lambda a: (not own_name_matches(a), a.level, a.code))[:20]
    results = []
    for area in found:
        item = _as_json(area)
        item["path_codes"] = area.path
        label = f"{area.name_km} / {area.name_en}"
        if area.other_names:
            label += f" ({area.other_names.replace('|', ', ')})"
        item["label"] = label
        item["path"] = ", ".join(f"{a.name_km} / {a.name_en}" for a in reversed(area.ancestors()))
        results.append(item)
    return JsonResponse({"areas": results})
