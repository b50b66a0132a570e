"""The IAM Identity Center cast, on the organization of ``tests/fixtures_aws.py``: IAM Identity
Center enabled for ExampleCorp with ``build`` (444455556666) as its delegated administrator and
``network`` (777788889999) a plain member account; Globex, another organization with its own IAM
Identity Center; and ``loner``, an account of no organization.

(``tests/sync`` has a directory cast of its own, under the same names ``store`` and ``people``:
its conftest's fixtures override these ones for the sync, SSO, federation and ops tests.)
"""

import json

import pytest
from django_celery_beat.models import PeriodicTask

from accounts.aws.identity_center import services as directory
from catalyst_admin.actors import SYSTEM
from identity.federation import services as federation
from identity.sync.schedules import SYNC_TASK
from tests.factories import AwsAccountFactory, ConsoleUserFactory, OrganizationFactory
from tests.identity_center.helpers import assign

SEED_003_POLICY = (
    '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": [ '
    '"sso-directory:SearchUsers", "sso-directory:SearchGroups", "sso:ListApplicationInstances" ], '
    '"Resource": [ "*" ] }, { "Effect": "Allow", "Action": [ "codewhisperer:UpdateProfile", '
    '"codewhisperer:ListProfiles", "codewhisperer:CreateProfile" ], "Resource": [ "*" ] } ] }'
)


def _organization(name, management_id, management_name):
    management = AwsAccountFactory(account_id=management_id, name=management_name)
    org = OrganizationFactory(name=name, management_account=management)
    management.organization = org
    management.save()
    return org


@pytest.fixture
def loner(db):
    return AwsAccountFactory(account_id="123412341234", name="solo-account")


@pytest.fixture
def instance(organization, management, build, network):
    """IAM Identity Center enabled in us-west-2, with build as the delegated administrator."""
    instance = directory.identity_center_enable(organization=organization, region="us-west-2", account=management)
    directory.delegated_administrator_register(instance=instance, member_account=build, account=management)
    instance.refresh_from_db()
    return instance


@pytest.fixture
def store(instance):
    return instance.identity_store


@pytest.fixture
def people(store):
    """Two users and a group: mary.major (in Developers) and li.juan."""
    mary = directory.directory_user_create(
        store=store,
        user_name="mary.major",
        display_name="Mary Major",
        email="mary@example.com",
        password="portal-pass-1",
        account=SYSTEM,
    )
    li = directory.directory_user_create(
        store=store,
        user_name="li.juan",
        display_name="Li Juan",
        email="li@example.com",
        account=SYSTEM,
    )
    developers = directory.directory_group_create(
        store=store, display_name="Developers", description="Builders", account=SYSTEM
    )
    directory.group_membership_add(group=developers, user=mary, account=SYSTEM)
    return {"mary": mary, "li": li, "developers": developers}


@pytest.fixture
def permission_set(instance, management):
    return directory.permission_set_create(
        instance=instance,
        name="CodeWhisperer_administrator",
        description="Administers CodeWhisperer",
        inline_policy=SEED_003_POLICY,
        account=management,
    )


@pytest.fixture
def assignment(permission_set, people, network, build):
    return assign(permission_set, network, group=people["developers"], account=build)


@pytest.fixture
def globex(db):
    """Another organization with its own IAM Identity Center, a user, a group and a permission set."""
    org = _organization("Globex", "555566667777", "globex-management")
    gm = org.management_account
    instance = directory.identity_center_enable(organization=org, region="eu-west-1", account=gm)
    store = instance.identity_store
    user = directory.directory_user_create(
        store=store, user_name="hank.scorpio", display_name="Hank Scorpio", account=SYSTEM
    )
    group = directory.directory_group_create(store=store, display_name="Globex-Admins", account=SYSTEM)
    ps = directory.permission_set_create(instance=instance, name="GlobexAdmin", account=gm)
    return {
        "org": org,
        "management": gm,
        "instance": instance,
        "user": user,
        "group": group,
        "permission_set": ps,
    }


@pytest.fixture
def federated_space(store, people, management, settings):
    """The space ``examplecorp``, billed to the management account and federated through its
    application ``examplecorp-codecatalyst``: Developers connected, mary.major its Space administrator."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    return federation.federated_space_create(
        account=management,
        console_user=ConsoleUserFactory(accounts=[management]),  # an administrator of the management account
        store=store,
        display_name="ExampleCorp",
        application_name="examplecorp-codecatalyst",
        region="us-west-2",
        group_ids=[people["developers"].group_id],
        admin_user_ids=[people["mary"].user_id],
        new_space_name="examplecorp",
    )


@pytest.fixture
def schedule(federated_space):
    """The sync schedule of ``federated_space``'s application (every 30 minutes)."""
    return PeriodicTask.objects.get(
        task=SYNC_TASK, kwargs=json.dumps({"application_id": federated_space.identity_application_id})
    )
