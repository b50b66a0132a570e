import pytest

from accounts.aws.console.models import AwsAccount, Organization
from accounts.aws.identity_center import services as directory
from accounts.aws.identity_center.models import IdentityStore
from catalyst_admin.actors import SYSTEM
from identity.federation import services as federation
from spaces.models import Space
from tests.factories import ConsoleUserFactory


@pytest.fixture
def org(db):
    management = AwsAccount.objects.create(account_id="111122223333", name="examplecorp-management")
    organization = Organization.objects.create(name="ExampleCorp", management_account=management)
    management.organization = organization
    management.save()
    return organization


@pytest.fixture
def management(org):
    return org.management_account


@pytest.fixture
def store(org, management) -> IdentityStore:
    instance = directory.identity_center_enable(organization=org, region="us-west-2", account=management)
    return instance.identity_store


@pytest.fixture
def people(store):
    """Four directory users; Developers has mary, li and saanvi; Space-Admins has mary."""
    users = {
        name: directory.directory_user_create(
            store=store,
            user_name=name,
            display_name=name.replace(".", " ").title(),
            email=f"{name}@example.com",
            password="directory-pass",
            account=SYSTEM,
        )
        for name in ("mary.major", "li.juan", "saanvi.sarkar", "jorge.souza")
    }
    developers = directory.directory_group_create(store=store, display_name="Developers", account=SYSTEM)
    admins = directory.directory_group_create(store=store, display_name="Space-Admins", account=SYSTEM)
    for name in ("mary.major", "li.juan", "saanvi.sarkar"):
        directory.group_membership_add(group=developers, user=users[name], account=SYSTEM)
    directory.group_membership_add(group=admins, user=users["mary.major"], account=SYSTEM)
    return {"users": users, "developers": developers, "admins": admins}


@pytest.fixture
def federated_space(store, people, management) -> Space:
    return federation.federated_space_create(
        account=management,
        console_user=ConsoleUserFactory(accounts=[management]),  # an administrator of the management account
        store=store,
        display_name="ExampleCorp",
        application_name="examplecorp-codecatalyst",
        region="us-west-2",
        group_ids=[people["developers"].group_id, people["admins"].group_id],
        admin_user_ids=[people["users"]["mary.major"].user_id],
        new_space_name="examplecorp",
    )
