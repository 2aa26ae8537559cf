"""Lists over national tables: pages of 50 and a count that stops at a cap.

Counting every matching row of a million-case table takes longer than showing the page
itself, and nobody reads past page 200: beyond ``CAP`` rows the list says "more than 10,000"
and asks for narrower filters (the exact national figures are in the pipeline and statistics).

Two ways to get the count and the page, chosen by the list:
- by default, the count reads matching rows in no order and stops at the cap, and the page is
  read in the list's order and stops after its rows (both are quick when an index gives the
  order and the filters match many rows: the usual list);
- ``keys_first``: one query reads the keys of all the matches in order (up to the cap), which
  gives both the count and the page's keys, and a second loads the page's rows by key. A search
  whose every match must be checked (a name search through the access rules) then runs once,
  not twice.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

CAP = 10_000
PAGE_SIZE = 50


class CappedPaginator(Paginator):
    object_list: QuerySet  # a list of a table: only a queryset is paginated here

    def __init__(
        self,
        object_list: QuerySet,
        per_page: int = PAGE_SIZE,
        cap: int = CAP,
        keys_first: bool = False,
    ) -> None:
        super().__init__(object_list, per_page)
        self.cap = cap
        self.keys_first = keys_first

    @cached_property
    def _capped_count(self) -> int:
        """Matching rows, counted up to one past the cap."""
        if self.keys_first:
            return len(self._keys)
        return self.object_list.order_by()[: self.cap + 1].count()

    @cached_property
    def _keys(self) -> list[Any]:
        return list(self.object_list.values_list("pk", flat=True)[: self.cap + 1])

    @cached_property
    def count(self) -> int:
        return min(self._capped_count, self.cap)

    @property
    def capped(self) -> bool:
        """True when more rows match than were counted."""
        return self._capped_count > self.cap

    def page(self, number: Any) -> Page:
        if not self.keys_first:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        keys = self._keys[bottom : min(bottom + self.per_page, self.count)]
        rows = {row.pk: row for row in self._by_keys(keys)}
        return Page([rows[k] for k in keys if k in rows], number, self)

    def _by_keys(self, keys: list[Any]) -> QuerySet:
        """The rows of these keys, loaded as the list loads them (related rows included),
        without applying its conditions again: the first query already did."""
        source = self.object_list
        if source.query.annotations:
            return source.filter(pk__in=keys)
        rows = source.model._default_manager.filter(pk__in=keys).order_by()
        rows.query.select_related = source.query.select_related
        rows.query.deferred_loading = source.query.deferred_loading
        # A private attribute of QuerySet (the lookups given to prefetch_related), unknown to
        # django-stubs.
        lookups = source._prefetch_related_lookups  # type: ignore[attr-defined]
        return rows.prefetch_related(*lookups)


def page_of(
    object_list: QuerySet, number: Any, per_page: int = PAGE_SIZE, keys_first: bool = False
) -> Page:
    """The page ``number`` (clamped to the pages there are) of a capped list."""
    return CappedPaginator(object_list, per_page, CAP, keys_first).get_page(number)
