"""What is stored about an activity's participants besides the cells themselves:
``Activity.counted_total``, the sum of its count cells. Every write path stores it
(services._set_counts); :func:`total_problems` finds activities where it differs."""

from __future__ import annotations

from typing import Any

from django.db.models import IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from tipnet.prevention.models import Activity, ParticipantCount


def cells_sum() -> Any:
    cells = (
        ParticipantCount.objects.filter(activity=OuterRef("pk"))
        .values("activity")
        .annotate(total=Sum("count"))
        .values("total")
    )
    return Coalesce(Subquery(cells, output_field=IntegerField()), Value(0))


def total_problems(activities: Any = None) -> list[str]:
    """Activities whose stored total is not the sum of their cells."""
    qs = Activity.objects.all() if activities is None else activities
    rows = qs.annotate(expected=cells_sum()).values_list("pk", "counted_total", "expected")
    return [
        f"activity {pk}: stored total {stored} != sum of cells {expected}"
        for pk, stored, expected in rows.iterator(chunk_size=2000)
        if stored != expected
    ]
