"""The projects page's and the overview's list in plain SQL
(``spaces.selectors.project_listing_visible_to``) gives what the queryset it stands for
(``projects_visible_to``) gives, for each space role: the same projects in the same order, each
with the same ``member_count`` and ``can_open``, the same count."""

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from spaces import selectors
from tests.factories import ProjectFactory, ProjectMembershipFactory, SpaceFactory, UserFactory

pytestmark = pytest.mark.django_db


def _rows(projects):
    return [
        ({f.attname: getattr(p, f.attname) for f in p._meta.concrete_fields}, p.member_count, p.can_open)
        for p in projects
    ]


@pytest.fixture
def projects(space, admin, power, contributor):
    # 13 projects: some with the contributor or the power user, some with nobody; another space's.
    made = []
    for i in range(13):
        project = ProjectFactory(space=space, name=f"p-{(i * 5) % 13:02}", description=["", "Web"][i % 2])
        for _ in range(i % 4):
            ProjectMembershipFactory(project=project, user=UserFactory())
        if i % 3 == 0:
            ProjectMembershipFactory(project=project, user=contributor)
        if i % 5 == 1:
            ProjectMembershipFactory(project=project, user=power)
        made.append(project)
    ProjectMembershipFactory(project=ProjectFactory(space=SpaceFactory(), name="p-00"), user=contributor)
    return made


@pytest.mark.parametrize("who", ["admin", "power", "contributor", "outsider"])
def test_every_role_sees_what_the_queryset_shows(space, projects, cast, who):
    user = cast[who]
    listing, queryset = selectors.project_listing_visible_to(user, space), selectors.projects_visible_to(user, space)
    assert listing.count() == queryset.count()
    for start, stop in [(0, 5), (5, 10), (10, 15), (0, 13), (0, 10)]:
        assert _rows(listing[start:stop]) == _rows(queryset[start:stop]), (who, start, stop)


def test_what_each_role_gets(space, projects, cast):
    counts = {who: selectors.project_listing_visible_to(user, space).count() for who, user in cast.items()}
    assert counts == {"admin": 13, "power": 13, "contributor": 5, "outsider": 0}
    power_rows = selectors.project_listing_visible_to(cast["power"], space)[0:13]
    assert sum(p.can_open for p in power_rows) == 3  # listed, but opened only where a member


def test_paged_and_one_query_a_page(space, projects, contributor):
    page = Paginator(selectors.project_listing_visible_to(contributor, space), 2).get_page(2)
    orm = Paginator(selectors.projects_visible_to(contributor, space), 2).get_page(2)
    assert _rows(page) == _rows(orm) and page.paginator.num_pages == orm.paginator.num_pages == 3
    with CaptureQueriesContext(connection) as queries:
        selectors.project_listing_visible_to(contributor, space)[0:25]
    assert len(queries) == 1
