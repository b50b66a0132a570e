"""CappedPaginator counts at most ``cap`` rows, by the primary key or by the field it is told."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalyst_admin.pagination import CappedPaginator
from spaces.models import ActivityEvent

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count_field", [None, "space"])
@pytest.mark.parametrize(("entries", "count", "capped"), [(2, 2, False), (3, 3, False), (5, 3, True)])
def test_the_count_stops_at_the_cap_whatever_the_field_counted(space, count_field, entries, count, capped):
    ActivityEvent.objects.bulk_create(
        ActivityEvent(space=space, event_name="GetSpace", actor_name="Alice", created_at=timezone.now())
        for _ in range(entries)
    )
    options = {"count_field": count_field} if count_field else {}
    paginator = CappedPaginator(space.activity.all(), 2, cap=3, **options)

    with CaptureQueriesContext(connection) as queries:
        assert (paginator.count, paginator.capped) == (count, capped)
    column = '"spaces_activityevent"."space_id"' if count_field else '"spaces_activityevent"."id"'
    inner = queries.captured_queries[0]["sql"].split("FROM", 2)[1]
    assert column in inner and len(queries) == 1
