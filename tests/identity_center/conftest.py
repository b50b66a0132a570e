"""The IAM Identity Center cast: ExampleCorp with its management account (111122223333), the
delegated administrator ``build`` (444455556666) and a plain member ``network`` (777788889999);
Globex, another organization with its own IAM Identity Center; and ``loner``, an account of no
organization. Console user mateo can sign in to every one of them."""

import pytest
from django.test import Client

from accounts.aws.console.middleware import SESSION_ACCOUNT, SESSION_USER
from accounts.aws.identity_center import services as directory
from catalyst_admin.actors import SYSTEM
from tests.factories import AwsAccountFactory, ConsoleUserFactory, OrganizationFactory
from tests.identity_center.helpers import assign

SEED_003_POLICY = (
    '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": [ '
    '"sso-directory:SearchUsers", "sso-directory:SearchGroups", "sso:ListApplicationInstances" ], '
    '"Resource": [ "*" ] }, { "Effect": "Allow", "Action": [ "codewhisperer:UpdateProfile", '
    '"codewhisperer:ListProfiles", "codewhisperer:CreateProfile" ], "Resource": [ "*" ] } ] }'
)


def sign_in_session(client: Client, user, account) -> Client:
    session = client.session
    session[SESSION_USER] = user.pk
    session[SESSION_ACCOUNT] = account.pk
    session.save()
    return client


def _organization(name, management_id, management_name):
    management = AwsAccountFactory(account_id=management_id, name=management_name)
    org = OrganizationFactory(name=name, management_account=management)
    management.organization = org
    management.save()
    return org


@pytest.fixture
def organization(db):
    return _organization("ExampleCorp", "111122223333", "examplecorp-management")


@pytest.fixture
def management(organization):
    return organization.management_account


@pytest.fixture
def build(organization):
    return AwsAccountFactory(account_id="444455556666", name="examplecorp-build", organization=organization)


@pytest.fixture
def network(organization):
    return AwsAccountFactory(account_id="777788889999", name="examplecorp-network", organization=organization)


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
def mateo(db, organization, management, build, network, loner):
    return ConsoleUserFactory(
        user_name="mateo", display_name="Mateo Jackson", accounts=[management, build, network, loner]
    )


@pytest.fixture
def client_as(mateo):
    """A console client signed in with the given account (mateo may use any of them); None: anonymous."""

    def make(account, *, csrf=False):
        client = Client(enforce_csrf_checks=csrf)
        if account is None:
            return client
        if not mateo.accounts.filter(pk=account.pk).exists():
            from accounts.aws.console.models import ConsoleAccess

            ConsoleAccess.objects.create(user=mateo, account=account)
        return sign_in_session(client, mateo, account)

    return make
