"""The federation services' fixes found while building the AWS console pages."""

import pytest

from accounts.aws.identity_center import services as directory
from billing.models import SpaceBilling
from catalyst_admin.actors import SYSTEM
from catalyst_admin.errors import DomainError
from identity.federation import services as federation
from identity.federation.models import IdentityCenterApplication
from spaces.models import Space

pytestmark = pytest.mark.django_db


def test_an_account_that_neither_owns_nor_bills_cannot_edit_a_space_without_billing_row(federated_space, people, build):
    SpaceBilling.objects.filter(space=federated_space).delete()
    federated_space = Space.objects.get(pk=federated_space.pk)
    with pytest.raises(DomainError, match="owns the application or bills the space"):
        federation.space_sso_update(
            space=federated_space,
            group_ids=[people["developers"].group_id],
            admin_user_ids=[people["users"]["li.juan"].user_id],
            account=build,
        )


def test_connect_space_refuses_an_application_of_another_account(federated_space, people, delegated, management, mateo):
    federation.space_disassociate(space=federated_space, confirmation="disassociate", account=management)
    with pytest.raises(DomainError, match="owns the Identity Center application"):
        federation.space_associate(
            application=federated_space.identity_application or IdentityCenterApplication.objects.get(),
            account=delegated,
            console_user=mateo,
            group_ids=[people["developers"].group_id],
            admin_user_ids=[people["users"]["li.juan"].user_id],
            new_space_name="hijack",
        )
    assert not Space.all_objects.filter(name="hijack").exists()


def test_a_taken_space_name_is_reported_on_the_new_space_name_field(federated_space, store, people, management, mateo):
    with pytest.raises(DomainError) as caught:
        federation.federated_space_create(
            account=management,
            console_user=mateo,
            store=store,
            display_name="X",
            application_name="x-app",
            region="us-west-2",
            group_ids=[people["developers"].group_id],
            admin_user_ids=[people["users"]["li.juan"].user_id],
            new_space_name="examplecorp",
        )
    assert caught.value.field == "new_space_name"


def test_edit_space_applies_the_change_to_the_members_at_once(federated_space, people, management):
    assert federated_space.memberships.count() == 3
    federation.space_sso_update(
        space=federated_space,
        group_ids=[people["admins"].group_id],
        admin_user_ids=[people["users"]["mary.major"].user_id],
        account=management,
    )
    assert federated_space.memberships.count() == 1


def test_connecting_a_second_space_does_not_sync_the_first_one_past_its_guard(
    federated_space, people, management, mateo
):
    application = federated_space.identity_application
    for name in ("li.juan", "saanvi.sarkar"):
        directory.group_membership_remove(group=people["developers"], user=people["users"][name], account=SYSTEM)
    federation.space_associate(
        application=application,
        account=management,
        console_user=mateo,
        group_ids=[people["admins"].group_id],
        admin_user_ids=[people["users"]["mary.major"].user_id],
        new_space_name="second",
    )
    # examplecorp waits for its scheduled run (which may hold a mass removal for approval).
    assert federated_space.memberships.count() == 3


def test_deleting_the_application_another_space_uses_is_refused_before_the_space_goes(
    federated_space, people, management, store, mateo
):
    second = federation.space_associate(
        application=federated_space.identity_application,
        account=management,
        console_user=mateo,
        group_ids=[people["admins"].group_id],
        admin_user_ids=[people["users"]["mary.major"].user_id],
        new_space_name="second",
    )
    with pytest.raises(DomainError, match="also used by examplecorp") as refused:
        federation.federated_space_delete(
            space=second, confirm_name="second", keep_application=False, account=management
        )
    assert refused.value.field == "application"
    second.refresh_from_db()
    assert second.deleted_at is None
    # Retained, it goes; then the last space may take the application with it.
    assert (
        federation.federated_space_delete(
            space=second, confirm_name="second", keep_application=True, account=management
        )
        is False
    )
    assert (
        federation.federated_space_delete(
            space=federated_space, confirm_name="examplecorp", keep_application=False, account=management
        )
        is True
    )


def test_a_builder_id_space_is_not_deleted_as_a_federated_one(sandbox, management):
    with pytest.raises(DomainError, match="AWS Builder ID space"):
        federation.federated_space_delete(
            space=sandbox, confirm_name="sandbox", keep_application=False, account=management
        )
