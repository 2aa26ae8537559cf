"""Long lists count up to a cap, then say "more than" instead of counting every row."""

from __future__ import annotations

import pytest

from tipnet.audit.models import AuditEvent
from tipnet.audit.services import record_event
from tipnet.core import pagination
from tipnet.core.pagination import CappedPaginator
from tipnet.testing import login


@pytest.fixture
def events(db):
    for i in range(7):
        record_event(None, "create", object_type="test", detail=f"event {i}")
    return AuditEvent.objects.order_by("-sequence")


@pytest.mark.parametrize("keys_first", [False, True])
def test_it_counts_exactly_below_the_cap(events, keys_first):
    paginator = CappedPaginator(events, 2, cap=100, keys_first=keys_first)
    assert (paginator.count, paginator.capped, paginator.num_pages) == (events.count(), False, 4)
    last = paginator.page(4)
    assert [e.detail for e in last] == [e.detail for e in events][6:]


@pytest.mark.parametrize("keys_first", [False, True])
def test_it_stops_counting_at_the_cap(events, keys_first, django_assert_max_num_queries):
    paginator = CappedPaginator(events.select_related("actor"), 2, cap=5, keys_first=keys_first)
    assert (paginator.count, paginator.capped, paginator.num_pages) == (5, True, 3)
    with django_assert_max_num_queries(2):  # one per page: related rows come with it
        assert [e.detail for e in paginator.page(1)] == ["event 6", "event 5"]
        assert [e.actor for e in paginator.page(3)] == [None]  # the 5th, not the 7th


def test_a_capped_list_says_more_than_in_the_users_language(cast, client, monkeypatch):
    for i in range(7):
        record_event(None, "create", object_type="test", detail=f"event {i}")
    monkeypatch.setattr(pagination, "CAP", 5)
    auditor = cast.users["auditor"]
    auditor.language = "en"
    auditor.save(update_fields=["language"])
    login(client, auditor)
    page = client.get("/audit/").text
    assert "More than 5 events" in page and "Page 1 of more than 1" not in page
    auditor.language = "km"
    auditor.save(update_fields=["language"])
    page = client.get("/audit/").text
    assert "More than" not in page and "ច្រើនជាង ៥" in page  # Khmer digits on Khmer pages
    monkeypatch.setattr(pagination, "CAP", 10_000)
    page = client.get("/audit/").text
    assert "ច្រើនជាង" not in page
