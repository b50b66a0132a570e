# ruff: noqa: F811  (fixtures take the fixtures imported from tests/sync as arguments)
"""The IAM Identity Center page's lists in plain SQL (``identity.federation.selectors.home_lists``)
are what the querysets they stand for give (``federated_spaces_managed_by``,
``applications_visible_to``): the same spaces with their applications, billing accounts, member
counts, SSO administrators and connected groups; the same applications with their stores, idle or
not; in the same order, in four queries."""

import pytest
from django.db import connection as db
from django.db.models import Count, Exists, F, OuterRef
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from identity.federation import selectors
from identity.federation.models import IdentityCenterApplication
from spaces.models import ConnectedGroup, Space, SsoAdministrator
from tests.factories import AwsAccountFactory, SpaceBillingFactory, SpaceFactory
from tests.sync.conftest import federated_space, management, org, people, store  # noqa: F401

pytestmark = pytest.mark.django_db


def _fields(obj):
    return None if obj is None else {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def _application(name, owner, store=None):
    return IdentityCenterApplication.objects.create(
        name=name, display_name=name.title(), owner_account=owner, region="us-west-2", store=store
    )


@pytest.fixture
def world(management, store, federated_space):
    stranger = AwsAccountFactory(account_id="999988887777")
    # Disassociated; billed to management.
    loose = SpaceFactory(name="loose", kind=Space.Kind.FEDERATED)
    SpaceBillingFactory(space=loose, aws_account_id=management.account_id)
    # Owned by management, no space; its store gone; only a deleted space uses it.
    _application("zz-idle", management, store)
    _application("storeless", management)
    ghost_app = _application("ghost", management, store)
    SpaceFactory(
        name="ghost-space", kind=Space.Kind.FEDERATED, identity_application=ghost_app, deleted_at=timezone.now()
    )
    # Another account's application, on a space billed to management: visible, in use.
    theirs = _application("theirs", stranger, store)
    billed = SpaceFactory(name="billed-here", kind=Space.Kind.FEDERATED, identity_application=theirs)
    SpaceBillingFactory(space=billed, aws_account_id=management.account_id)
    SsoAdministrator.objects.create(space=billed, user_id="u-2", user_name="b-admin")
    SsoAdministrator.objects.create(space=billed, user_id="u-1", user_name="a-admin")
    ConnectedGroup.objects.create(space=billed, group_id="g-1", display_name="Zeta")
    # Not management's at all.
    _application("elsewhere", stranger, store)
    SpaceFactory(name="not-ours", kind=Space.Kind.FEDERATED, identity_application=_application("x", stranger, store))
    return management


def _orm(account):
    managed = list(
        selectors.federated_spaces_managed_by(account)
        .select_related("identity_application")
        .annotate(billed_to=F("billing__aws_account_id"), member_count=Count("memberships"))
        .order_by("name")
    )
    for space in managed:
        space.admin_names = list(space.sso_administrators.values_list("user_name", flat=True))
        space.group_names = list(space.connected_groups.values_list("display_name", flat=True))
    applications = list(
        selectors.applications_visible_to(account)
        .annotate(in_use=Exists(Space.objects.filter(identity_application=OuterRef("pk"))))
        .select_related("store")
        .order_by("display_name")
    )
    return {
        "spaces": [s for s in managed if s.identity_application_id],
        "unassociated": [s for s in managed if not s.identity_application_id],
        "applications": [a for a in applications if a.store_id],
        "idle_applications": [a for a in applications if not a.in_use],
    }


def _seen(lists):
    spaces = {
        key: [
            (_fields(s), _fields(s.identity_application), s.billed_to, s.member_count)
            + ((s.admin_names, s.group_names) if key == "spaces" else ())
            for s in lists[key]
        ]
        for key in ("spaces", "unassociated")
    }
    applications = {
        key: [(_fields(a), _fields(a.store), a.in_use) for a in lists[key]]
        for key in ("applications", "idle_applications")
    }
    return {**spaces, **applications}


def test_the_lists_are_the_querysets(world):
    with CaptureQueriesContext(db) as queries:
        ours = _seen(selectors.home_lists(world))
    assert len(queries) == 4
    assert ours == _seen(_orm(world))
    names = {key: [row[0].get("name") for row in rows] for key, rows in ours.items()}
    assert names == {
        "spaces": ["billed-here", "examplecorp"],
        "unassociated": ["loose"],
        "applications": ["examplecorp-codecatalyst", "ghost", "theirs", "zz-idle"],
        "idle_applications": ["ghost", "storeless", "zz-idle"],
    }
    billed = ours["spaces"][0]
    assert billed[-2:] == (["a-admin", "b-admin"], ["Zeta"])


def test_an_account_that_manages_nothing(world):
    stranger = AwsAccountFactory(account_id="444455556666")
    with CaptureQueriesContext(db) as queries:
        lists = selectors.home_lists(stranger)
    assert len(queries) == 2  # no spaces: their names are not asked for
    assert lists == {"spaces": [], "unassociated": [], "applications": [], "idle_applications": []}
