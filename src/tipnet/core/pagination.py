"""Lists over national tables: pages of 50 and a count that stops at a cap.

Counting every matching row of a million-case table takes longer than showing the page
itself, and nobody reads past page 200: beyond ``CAP`` rows the list says "more than 10,000"
and asks for narrower filters (the exact national figures are in the pipeline and statistics).
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.utils.functional import cached_property

CAP = 10_000
PAGE_SIZE = 50


class CappedPaginator(Paginator):
    def __init__(self, object_list: Any, per_page: int = PAGE_SIZE, cap: int = CAP) -> None:
        super().__init__(object_list, per_page)
        self.cap = cap

    @cached_property
    def _capped_count(self) -> int:
        # Counting does not depend on the order: drop it so the database can stop early.
        rows = self.object_list
        if hasattr(rows, "order_by"):
            rows = rows.order_by()
        return rows[: self.cap + 1].count() if hasattr(rows, "count") else len(rows[: self.cap + 1])

    @cached_property
    def count(self) -> int:  # type: ignore[override]
        return min(self._capped_count, self.cap)

    @property
    def capped(self) -> bool:
        """True when more rows match than were counted."""
        return self._capped_count > self.cap


def page_of(object_list: Any, number: Any, per_page: int = PAGE_SIZE) -> Page:
    """The page ``number`` (clamped to the pages there are) of a capped list."""
    return CappedPaginator(object_list, per_page, CAP).get_page(number)
