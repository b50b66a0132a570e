# ruff: noqa: F811  (fixtures take the fixtures imported from tests/sync as arguments)
"""The federation pages' cast, on top of tests/sync's ExampleCorp (organization, management account
111122223333, identity store with mary.major, li.juan, saanvi.sarkar, jorge.souza; groups Developers
and Space-Admins; the federated space ``examplecorp``):

- ``delegated``: ``build`` registered as IAM Identity Center's delegated administrator;
- ``mateo`` administers the management account, ``build`` (another account of the organization)
  and ``outside`` (an account in no organization, from ``tests/fixtures_aws.py``);
- ``sandbox``: a Builder ID space billed to the management account (its connection verified by
  mateo), with a project, two Builder ID members and a pending invitation.
"""

import pytest
from django.test import Client

from accounts.aws.console.middleware import SESSION_ACCOUNT, SESSION_USER
from accounts.aws.identity_center import services as directory
from accounts.connections.models import AccountConnection
from spaces.models import Invitation
from spaces.roles import ProjectRole, SpaceRole
from tests.factories import (
    AwsAccountFactory,
    ConsoleUserFactory,
    InvitationFactory,
    ProjectFactory,
    ProjectMembershipFactory,
    SpaceBillingFactory,
    SpaceFactory,
    SpaceMembershipFactory,
    UserFactory,
)
from tests.sync.conftest import federated_space, management, org, people, store  # noqa: F401

WIZARD = "/aws/codecatalyst/identity-center/connect/"
HOME = "/aws/codecatalyst/identity-center/"


@pytest.fixture
def build(org):
    return AwsAccountFactory(account_id="444455556666", name="examplecorp-build", organization=org)


@pytest.fixture
def delegated(store, build, management):
    """``build`` registered as IAM Identity Center's delegated administrator."""
    directory.delegated_administrator_register(instance=store.instance, member_account=build, account=management)
    return build


@pytest.fixture
def mateo(management, build, outside):
    return ConsoleUserFactory(user_name="mateo", display_name="Mateo Jackson", accounts=[management, build, outside])


def sign_in(client: Client, user, account) -> Client:
    session = client.session
    session[SESSION_USER] = user.pk
    session[SESSION_ACCOUNT] = account.pk
    session.save()
    return client


@pytest.fixture
def aws(client, mateo, management):
    """A test client signed in to the AWS console as mateo with the management account."""
    return sign_in(client, mateo, management)


@pytest.fixture
def as_account(client, mateo):
    """``as_account(account)``: the test client signed in as mateo with ``account`` (None: signed out)."""

    def use(account):
        client.logout()
        if account is None:
            return client
        return sign_in(client, mateo, account)

    return use


@pytest.fixture
def sandbox(management, mateo):
    owner = UserFactory(name="Sam Sandbox", alias="sam", username="sam@example.com")
    helper = UserFactory(name="Hal Helper", alias="hal", username="hal@example.com")
    space = SpaceFactory(name="sandbox", created_by=owner)
    SpaceBillingFactory(space=space, aws_account_id=management.account_id)
    AccountConnection.objects.create(
        space=space,
        aws_account_id=management.account_id,
        display_name="billing",
        status=AccountConnection.Status.VERIFIED,
        verified_by=mateo,
    )
    SpaceMembershipFactory(space=space, user=owner, role=SpaceRole.SPACE_ADMINISTRATOR)
    SpaceMembershipFactory(space=space, user=helper, role=SpaceRole.POWER_USER)
    project = ProjectFactory(space=space, name="hello-world", created_by=owner)
    ProjectMembershipFactory(project=project, user=owner, role=ProjectRole.PROJECT_ADMINISTRATOR)
    ProjectMembershipFactory(project=project, user=helper, role=ProjectRole.CONTRIBUTOR)
    InvitationFactory(space=space, email="new@example.com", status=Invitation.Status.PENDING)
    return space
