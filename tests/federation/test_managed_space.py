# ruff: noqa: F811  (fixtures take the fixtures imported from tests/sync as arguments)
"""The federated space Edit space, Disassociate and Delete read, in plain SQL
(``identity.federation.selectors.managed_space``), is the queryset's (``federated_spaces_managed_by``
with the application, its store and the store's instance): the same rows in one query, and None
wherever the queryset finds nothing — another account's space, a Builder ID or deleted space, a
space whose application's store is gone."""

import pytest
from django.db import connection as db
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from identity.federation import selectors
from identity.federation.models import IdentityCenterApplication
from spaces.models import Space
from tests.factories import AwsAccountFactory, SpaceBillingFactory, SpaceFactory
from tests.sync.conftest import federated_space, management, org, people, store  # noqa: F401

pytestmark = pytest.mark.django_db


def _fields(obj):
    return None if obj is None else {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def _seen(space):
    application = space.identity_application
    store = application.store if application else None
    return [_fields(space), _fields(application), _fields(store), _fields(store.instance if store else None)]


def _orm(account, name):
    found = (
        selectors.federated_spaces_managed_by(account)
        .select_related("identity_application__store__instance")
        .filter(name=name)
        .first()
    )
    return None if found is None else _seen(found)


@pytest.fixture
def world(management, federated_space):
    stranger = AwsAccountFactory(account_id="999988887777")
    # Billed to management, disassociated; an application of management whose store is gone; a
    # Builder ID space and a deleted one billed to management; another account's federated space.
    loose = SpaceFactory(name="loose", kind=Space.Kind.FEDERATED)
    SpaceBillingFactory(space=loose, aws_account_id=management.account_id)
    storeless = IdentityCenterApplication.objects.create(
        name="storeless", display_name="Storeless", owner_account=management, region="us-west-2"
    )
    SpaceFactory(name="storeless-space", kind=Space.Kind.FEDERATED, identity_application=storeless)
    SpaceBillingFactory(space=SpaceFactory(name="builder"), aws_account_id=management.account_id)
    gone = SpaceFactory(name="gone", kind=Space.Kind.FEDERATED, deleted_at=timezone.now())
    SpaceBillingFactory(space=gone, aws_account_id=management.account_id)
    SpaceBillingFactory(space=SpaceFactory(name="theirs", kind=Space.Kind.FEDERATED), aws_account_id="999988887777")
    return {"management": management, "stranger": stranger}


NAMES = ["examplecorp", "loose", "storeless-space", "builder", "gone", "theirs", "no-such-space"]


@pytest.mark.parametrize("who", ["management", "stranger"])
def test_managed_space_is_the_querysets(world, who):
    account = world[who]
    for name in NAMES:
        with CaptureQueriesContext(db) as queries:
            ours = selectors.managed_space(account, name)
        assert len(queries) == 1
        seen = None if ours is None else _seen(ours)
        assert seen == _orm(account, name), name
    found = [name for name in NAMES if selectors.managed_space(account, name)]
    assert found == (["examplecorp", "loose", "storeless-space"] if who == "management" else ["theirs"])


def test_what_the_pages_read_comes_with_it(world):
    space = selectors.managed_space(world["management"], "examplecorp")
    with CaptureQueriesContext(db) as queries:
        assert space.identity_application.store.instance.identity_store == space.identity_application.store
    assert len(queries) == 0
