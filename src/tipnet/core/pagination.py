"""Lists over national tables: pages of 50 and a count that stops at a cap.

Counting every matching row of a million-case table takes longer than showing the page
itself, and nobody reads past page 200: beyond ``CAP`` rows the list says "more than 10,000"
and asks for narrower filters (the exact national figures are in the pipeline and statistics).

The search runs once: one query reads the keys of the matching rows in the list's order (up
to the cap), which gives both the count and the page's keys; a second query loads the page's
rows by key. A name search through the access rules is then done once, not twice (count, then
page) as Django's paginator does it.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

CAP = 10_000
PAGE_SIZE = 50


class CappedPaginator(Paginator):
    def __init__(self, object_list: QuerySet, per_page: int = PAGE_SIZE, cap: int = CAP) -> None:
        super().__init__(object_list, per_page)
        self.cap = cap

    @cached_property
    def _keys(self) -> list[Any]:
        return list(self.object_list.values_list("pk", flat=True)[: self.cap + 1])

    @cached_property
    def count(self) -> int:  # type: ignore[override]
        return min(len(self._keys), self.cap)

    @property
    def capped(self) -> bool:
        """True when more rows match than were counted."""
        return len(self._keys) > self.cap

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        keys = self._keys[bottom : min(bottom + self.per_page, self.count)]
        rows = {row.pk: row for row in self._by_keys(keys)}
        return self._get_page([rows[k] for k in keys if k in rows], number, self)

    def _by_keys(self, keys: list[Any]) -> QuerySet:
        """The rows of these keys, loaded as the list loads them (related rows included),
        without applying its conditions again: the first query already did."""
        source = self.object_list
        if source.query.annotations:
            return source.filter(pk__in=keys)
        rows = source.model._default_manager.filter(pk__in=keys).order_by()
        rows.query.select_related = source.query.select_related
        rows.query.deferred_loading = source.query.deferred_loading
        return rows.prefetch_related(*source._prefetch_related_lookups)


def page_of(object_list: QuerySet, number: Any, per_page: int = PAGE_SIZE) -> Page:
    """The page ``number`` (clamped to the pages there are) of a capped list."""
    return CappedPaginator(object_list, per_page, CAP).get_page(number)
