"""The activity page's log in plain SQL (``spaces.selectors.activity_listing``) gives what the
queryset it stands for (``activity_of``) gives: the same entries for every filter and time range, in
the same order, the same count and capped count, in any reader's time zone."""

import datetime

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalyst_admin.pagination import CappedPaginator
from spaces import selectors
from spaces.models import ActivityEvent
from tests.factories import SpaceFactory

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 11, 30, 22, 0, tzinfo=datetime.UTC)


def _rows(events):
    return [{f.attname: getattr(e, f.attname) for f in e._meta.concrete_fields} for e in events]


@pytest.fixture
def log(space):
    # 40 entries an hour apart (some at the same moment, ordered then by id), and another space's.
    ActivityEvent.objects.bulk_create(
        ActivityEvent(
            space=space,
            event_name=["GetSpace", "CreateProject", "ListProjects"][i % 3],
            actor_name=["Alice", "Bob"][i % 2],
            project_name=["", "web-app", "api"][i % 3],
            description=f"Entry {i}",
            source_ip="203.0.113.7" if i % 4 else "",
            read_only=i % 3 == 0,
            created_at=START + datetime.timedelta(hours=i // 2),
        )
        for i in range(40)
    )
    ActivityEvent.objects.create(space=SpaceFactory(), event_name="GetSpace", actor_name="Alice", created_at=START)
    return space


FILTERS = [
    {},
    {"actor": "Alice"},
    {"event_name": "CreateProject"},
    {"project": "web-app", "actor": "Bob"},
    {"since": START + datetime.timedelta(hours=3)},
    {"until": START + datetime.timedelta(hours=5, minutes=30)},
    {"since": START + datetime.timedelta(hours=2), "until": START + datetime.timedelta(hours=9), "actor": "Alice"},
    {"event_name": "NoSuchEvent"},
]


@pytest.mark.parametrize("zone", ["UTC", "America/Los_Angeles", "Asia/Kolkata"])
@pytest.mark.parametrize("filters", FILTERS)
def test_every_filter_gives_the_querysets_entries(log, filters, zone):
    with timezone.override(zone):
        # The form gives times in the reader's time zone: the same instants, written otherwise.
        filters = {k: timezone.localtime(v) if isinstance(v, datetime.datetime) else v for k, v in filters.items()}
        listing, queryset = selectors.activity_listing(log, **filters), selectors.activity_of(log, **filters)
        assert listing.count() == queryset.count()
        for start, stop in [(0, 7), (7, 14), (30, 45), (0, 40)]:
            assert _rows(listing[start:stop]) == _rows(queryset[start:stop]), (filters, start, stop)


@pytest.mark.parametrize(("cap", "count", "capped"), [(10, 10, True), (40, 40, False), (50, 40, False)])
def test_capped_as_the_querysets_count_is(log, cap, count, capped):
    ours = CappedPaginator(selectors.activity_listing(log), 25, cap=cap)
    orms = CappedPaginator(selectors.activity_of(log), 25, cap=cap, count_field="space")
    assert (ours.count, ours.capped) == (orms.count, orms.capped) == (count, capped)
    assert _rows(ours.get_page(2)) == _rows(orms.get_page(2))


def test_a_page_is_one_query_and_the_capped_count_another(log):
    paginator = CappedPaginator(selectors.activity_listing(log, actor="Bob"), 25, cap=1000)
    with CaptureQueriesContext(connection) as queries:
        assert len(paginator.get_page(1)) == 20
    assert len(queries) == 2 and "LIMIT" in queries.captured_queries[0]["sql"]
    assert Paginator(selectors.activity_listing(log, actor="Bob"), 25).count == 20


def test_an_unknown_filter_is_refused(log):
    with pytest.raises(TypeError):
        selectors.activity_listing(log, who="Alice")
