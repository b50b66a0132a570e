"""The cast reused by every test (after healthchecks' alice/bob/charlie):

- ``admin``: Space administrator of ``space`` (a Builder ID space billed to 111122223333)
- ``power``: Power user of ``space``
- ``contributor``: Limited access in ``space``, Contributor of ``project``
- ``outsider``: signed up, member of ``other_space`` only
- ``staff``: the operator who signs in to the ops pages (is_staff, kind staff)

The rest of the cast lives in plugins, visible to every test: ``tests/fixtures_codecatalyst.py``
(teams, invitations), ``tests/fixtures_aws.py`` (AWS accounts, console users, account
connections), ``tests/fixtures_vpc.py`` (VPC roles, VPCs and VPC connections) and
``tests/fixtures_identity_center.py`` (IAM Identity Center).
"""

import pytest

from spaces.roles import ProjectRole, SpaceRole
from tests.factories import (
    PASSWORD,
    ProjectFactory,
    ProjectMembershipFactory,
    SpaceBillingFactory,
    SpaceFactory,
    SpaceMembershipFactory,
    UserFactory,
)

pytest_plugins = [
    "tests.fixtures_codecatalyst",
    "tests.fixtures_aws",
    "tests.fixtures_ec2",
    "tests.fixtures_vpc",
    "tests.fixtures_identity_center",
]


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def admin(db):
    return UserFactory(name="Alice Admin", alias="alice", username="alice@example.com")


@pytest.fixture
def power(db):
    return UserFactory(name="Bob Power", alias="bob", username="bob@example.com")


@pytest.fixture
def contributor(db):
    return UserFactory(name="Charlie Contributor", alias="charlie", username="charlie@example.com")


@pytest.fixture
def outsider(db):
    return UserFactory(name="Olga Outsider", alias="olga", username="olga@example.com")


@pytest.fixture
def staff(db):
    return UserFactory(username="ops", email="ops@example.com", is_staff=True, kind="staff", alias=None)


@pytest.fixture
def space(admin, power, contributor):
    space = SpaceFactory(name="acme", created_by=admin, description="The Acme space")
    SpaceBillingFactory(space=space, aws_account_id="111122223333")
    SpaceMembershipFactory(space=space, user=admin, role=SpaceRole.SPACE_ADMINISTRATOR)
    SpaceMembershipFactory(space=space, user=power, role=SpaceRole.POWER_USER)
    SpaceMembershipFactory(space=space, user=contributor, role=SpaceRole.LIMITED_ACCESS)
    return space


@pytest.fixture
def project(space, admin, contributor):
    project = ProjectFactory(space=space, name="web-app", created_by=admin)
    ProjectMembershipFactory(project=project, user=admin, role=ProjectRole.PROJECT_ADMINISTRATOR)
    ProjectMembershipFactory(project=project, user=contributor, role=ProjectRole.CONTRIBUTOR)
    return project


@pytest.fixture
def other_space(outsider):
    other = SpaceFactory(name="globex", created_by=outsider)
    SpaceMembershipFactory(space=other, user=outsider, role=SpaceRole.SPACE_ADMINISTRATOR)
    return other


@pytest.fixture
def cast(admin, power, contributor, outsider):
    return {"admin": admin, "power": power, "contributor": contributor, "outsider": outsider}


@pytest.fixture
def client_for(client):
    """A test client signed in as the given user (or anonymous with ``None``)."""

    def sign_in(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return sign_in
