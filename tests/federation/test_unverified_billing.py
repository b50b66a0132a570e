"""Issue 9 §1: a space whose billing account connection is only pending verification is never
converted or associated through that account. Anyone may type an AWS account ID when they create
a Builder ID space; until the account verifies the connection token, the space is not the
account's to take (its members would be removed)."""

import pytest

from accounts.connections import services as connections
from accounts.connections.models import AccountConnection
from catalyst_admin.errors import DomainError
from identity.federation import services as federation
from spaces.models import Space, SpaceMembership
from spaces.services import space_create
from tests.factories import SpaceBillingFactory, SpaceFactory, UserFactory
from tests.federation.wizard import WizardDriver, errors_of, step_of

pytestmark = pytest.mark.django_db

APP = {"display_name": "Acme", "application_name": "acme-sso", "region": "us-west-2"}
NOT_LISTED = "Spaces billed to this account whose billing account is still pending verification are not listed"


@pytest.fixture
def stranger_space(management):
    """A Builder ID space whose creator typed the management account's ID: its billing connection
    waits for verification (the token is on ``stranger_space.token``)."""
    stranger = UserFactory(name="Sid Stranger", alias="sid", username="sid@example.com")
    space = space_create(
        name="strangers-space", region="us-west-2", billing_account_id=management.account_id, created_by=stranger
    )
    space.stranger = stranger
    space.token = connections.connection_token_regenerate(connection=space.account_connections.get(), by=stranger)
    return space


def _members(space):
    return list(SpaceMembership.objects.filter(space=space).values_list("user_id", flat=True))


def test_the_wizard_does_not_offer_a_space_whose_billing_connection_is_pending(aws, store, people, stranger_space):
    driver = WizardDriver(aws)
    driver.start()
    response = driver.post("application", **APP)
    assert step_of(response) == "space"
    offered = response.context["wizard"]["form"].fields["existing_space"].queryset
    assert stranger_space.pk not in [space.pk for space in offered]
    page = response.content.decode()
    assert NOT_LISTED in page
    assert "strangers-space" in page  # named to the account it names, as on Amazon CodeCatalyst › Spaces
    assert "verify the connection token first" in page


def test_a_crafted_choice_of_the_pending_space_takes_nothing(aws, store, people, stranger_space):
    members = _members(stranger_space)
    driver = WizardDriver(aws)
    driver.start()
    driver.post("application", **APP)
    response = driver.post("space", choice="existing", existing_space=str(stranger_space.pk))
    assert step_of(response) == "space"
    assert "That space cannot be set up here" in errors_of(response)["existing_space"][0]
    assert Space.objects.get(pk=stranger_space.pk).kind == Space.Kind.BUILDER_ID
    assert _members(stranger_space) == members


def test_the_service_refuses_to_convert_a_space_whose_billing_connection_is_pending(
    management, mateo, store, people, stranger_space
):
    members = _members(stranger_space)
    with pytest.raises(DomainError, match="pending verification") as caught:
        federation.federated_space_create(
            account=management,
            console_user=mateo,
            store=store,
            display_name="Acme",
            application_name="acme-sso",
            region="us-west-2",
            group_ids=[people["developers"].group_id],
            admin_user_ids=[people["users"]["li.juan"].user_id],
            existing_space=stranger_space,
        )
    assert caught.value.field == "existing_space"
    assert Space.objects.get(pk=stranger_space.pk).kind == Space.Kind.BUILDER_ID
    assert _members(stranger_space) == members


def test_connect_space_refuses_a_space_whose_billing_connection_is_pending(
    management, mateo, people, federated_space, stranger_space
):
    members = _members(stranger_space)
    with pytest.raises(DomainError, match="pending verification"):
        federation.space_associate(
            application=federated_space.identity_application,
            account=management,
            console_user=mateo,
            group_ids=[people["developers"].group_id],
            admin_user_ids=[people["users"]["li.juan"].user_id],
            existing_space=stranger_space,
        )
    assert _members(stranger_space) == members
    assert Space.objects.get(pk=stranger_space.pk).identity_application is None


def test_connect_space_does_not_offer_a_federated_space_without_application_billed_unverified(
    aws, management, mateo, people, federated_space
):
    lone = SpaceFactory(name="lone-federated", kind=Space.Kind.FEDERATED)
    SpaceBillingFactory(space=lone, aws_account_id=management.account_id)
    AccountConnection.objects.create(space=lone, aws_account_id=management.account_id, display_name="billing")
    application = federated_space.identity_application
    driver = WizardDriver(
        aws, url=f"/aws/codecatalyst/identity-center/applications/{application.application_id}/connect/"
    )
    response = driver.start()
    assert step_of(response) == "space"
    assert lone.pk not in [s.pk for s in response.context["wizard"]["form"].fields["existing_space"].queryset]
    assert "lone-federated" in response.content.decode()
    with pytest.raises(DomainError, match="pending verification"):
        federation.space_associate(
            application=application,
            account=management,
            console_user=mateo,
            group_ids=[people["developers"].group_id],
            admin_user_ids=[people["users"]["li.juan"].user_id],
            existing_space=lone,
        )
    assert Space.objects.get(pk=lone.pk).identity_application is None


def test_once_the_account_verifies_the_token_the_space_is_offered(
    aws, management, mateo, store, people, stranger_space
):
    connections.connection_verify(token=stranger_space.token, account=management, console_user=mateo)
    driver = WizardDriver(aws)
    driver.start()
    response = driver.post("application", **APP)
    offered = response.context["wizard"]["form"].fields["existing_space"].queryset
    assert stranger_space.pk in [space.pk for space in offered]
    assert NOT_LISTED not in response.content.decode()


def test_a_new_federated_space_counts_against_the_billing_accounts_five_spaces(management, mateo, store, people):
    """The wizard's verified billing connection is checked against the account's quota like a verification."""
    for n in range(5):
        space = SpaceFactory(name=f"full-{n}")
        AccountConnection.objects.create(
            space=space,
            aws_account_id=management.account_id,
            display_name="billing",
            status=AccountConnection.Status.VERIFIED,
        )
    with pytest.raises(DomainError, match="already connected to 5 spaces") as caught:
        federation.federated_space_create(
            account=management,
            console_user=mateo,
            store=store,
            display_name="Acme",
            application_name="acme-sso",
            region="us-west-2",
            group_ids=[people["developers"].group_id],
            admin_user_ids=[people["users"]["li.juan"].user_id],
            new_space_name="sixth",
        )
    assert caught.value.field == "new_space_name"
    assert not Space.all_objects.filter(name="sixth").exists()
