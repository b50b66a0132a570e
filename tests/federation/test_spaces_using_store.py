# ruff: noqa: F811  (fixtures take the fixtures imported from tests/sync as arguments)
"""How many live spaces use an identity store (``spaces_using_store``, plain SQL) is the queryset's
count: spaces of every application of the store, not deleted ones, not another store's."""

import pytest
from django.utils import timezone

from accounts.aws.identity_center.models import IdentityStore
from identity.federation import selectors
from identity.federation.models import IdentityCenterApplication
from spaces.models import Space
from tests.factories import SpaceFactory
from tests.sync.conftest import federated_space, management, org, people, store  # noqa: F401

pytestmark = pytest.mark.django_db


def _orm(store):
    return Space.objects.filter(identity_application__store=store).count()


def test_the_count_is_the_querysets(store, federated_space, management):
    second = IdentityCenterApplication.objects.create(
        name="second", display_name="Second", owner_account=management, region="us-west-2", store=store
    )
    elsewhere = IdentityCenterApplication.objects.create(
        name="elsewhere", display_name="Elsewhere", owner_account=management, region="us-west-2",
        store=IdentityStore.objects.create(),
    )  # fmt: skip
    storeless = IdentityCenterApplication.objects.create(
        name="storeless", display_name="Storeless", owner_account=management, region="us-west-2"
    )
    for name, application, deleted in [
        ("second-a", second, None), ("second-gone", second, timezone.now()),
        ("theirs", elsewhere, None), ("loose", storeless, None), ("builder", None, None),
    ]:  # fmt: skip
        SpaceFactory(name=name, kind=Space.Kind.FEDERATED, identity_application=application, deleted_at=deleted)
    for each in IdentityStore.objects.all():
        assert selectors.spaces_using_store(each) == _orm(each)
    assert selectors.spaces_using_store(store) == 2
    assert selectors.spaces_using_store(elsewhere.store) == 1
