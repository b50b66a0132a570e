"""The members page's list in plain SQL (``spaces.selectors.space_member_listing``) pages what the
queryset it stands for (``space_members``) gives: the same memberships with their users, in the same
order, the same count, one query a page."""

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from spaces import selectors
from spaces.roles import SpaceRole
from tests.factories import ProjectMembershipFactory, SpaceFactory, SpaceMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _fields(obj):
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def _rows(memberships):
    return [(_fields(m), _fields(m.user)) for m in memberships]


@pytest.fixture
def crowded(space):
    # Names that tie (ordered then by username), an empty name, and another space's members.
    for i in range(23):
        SpaceMembershipFactory(
            space=space,
            user=UserFactory(name=["Ana", "", "Zoë", "bob"][i % 4], username=f"user-{(i * 7) % 23:02}@example.com"),
            role=[SpaceRole.LIMITED_ACCESS, SpaceRole.POWER_USER][i % 2],
        )
    SpaceMembershipFactory(space=SpaceFactory(), user=UserFactory(name="Ana"))
    return space


def test_every_slice_is_the_querysets(crowded):
    listing, queryset = selectors.space_member_listing(crowded), selectors.space_members(crowded)
    assert listing.count() == queryset.count() == 26
    for start, stop in [(0, 10), (10, 20), (20, 30), (25, 26), (0, 26), (5, 5)]:
        assert _rows(listing[start:stop]) == _rows(queryset[start:stop]), (start, stop)


def test_paged_as_the_members_page_pages_it(crowded):
    pages = Paginator(selectors.space_member_listing(crowded), 10), Paginator(selectors.space_members(crowded), 10)
    assert [p.num_pages for p in pages] == [3, 3]
    for number in (1, 2, 3):
        ours, orms = (p.get_page(number) for p in pages)
        assert _rows(ours) == _rows(orms)
        assert (ours.has_next(), ours.start_index(), ours.end_index()) == (
            orms.has_next(),
            orms.start_index(),
            orms.end_index(),
        )


def test_a_page_is_one_query_with_its_users(crowded):
    listing = selectors.space_member_listing(crowded)
    with CaptureQueriesContext(connection) as queries:
        names = [m.user.display_name for m in listing[0:25]]
    assert len(queries) == 1 and len(names) == 25


def test_an_empty_space_has_no_rows(db):
    listing = selectors.space_member_listing(SpaceFactory())
    assert listing.count() == 0
    assert list(Paginator(listing, 25).get_page(1)) == []


def test_only_slices(space):
    with pytest.raises(TypeError):
        selectors.space_member_listing(space)[0]


def test_a_projects_members_are_the_querysets(space, project, admin, contributor):
    for i in range(9):
        ProjectMembershipFactory(project=project, user=UserFactory(name=["Ana", "", "bob"][i % 3]))
    ProjectMembershipFactory(user=UserFactory(name="Ana"))  # another project's
    with CaptureQueriesContext(connection) as queries:
        listed = selectors.project_member_list(project)
    assert len(queries) == 1 and len(listed) == 11
    assert _rows(listed) == _rows(selectors.project_members(project))
