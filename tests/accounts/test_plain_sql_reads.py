"""The AWS console's plain-SQL reads (``catalyst_admin.rows``) give what the querysets they stand for
give: the console session on every page, and the organization's IAM Identity Center on every
Identity Center page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.aws.console.middleware import SESSION_ACCOUNT, SESSION_USER, load_console_session
from accounts.aws.console.models import ConsoleAccess, Organization
from accounts.aws.identity_center import selectors
from accounts.aws.identity_center import services as directory
from accounts.aws.identity_center.models import IdentityCenterInstance
from tests.factories import ConsoleUserFactory


class _Request:
    def __init__(self, user, account):
        self.session = {SESSION_USER: user.pk, SESSION_ACCOUNT: account.pk}


def _fields(obj):
    return None if obj is None else {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def test_the_console_session_is_the_users_accesses_by_account_id(mateo, build, network, management):
    other = ConsoleUserFactory(user_name="other", accounts=[management])
    user, account, accounts = load_console_session(_Request(mateo, network))
    expected = list(
        ConsoleAccess.objects.filter(user_id=mateo.pk).select_related("user", "account").order_by("account__account_id")
    )
    assert _fields(user) == _fields(expected[0].user)
    assert _fields(account) == _fields(network)
    assert [_fields(a) for a in accounts] == [_fields(access.account) for access in expected]
    assert [a.account_id for a in accounts] == [build.account_id, network.account_id]
    assert load_console_session(_Request(other, management))[0].user_name == "other"


def test_a_removed_access_signs_out_on_the_next_request(mateo, build, network):
    ConsoleAccess.objects.filter(user=mateo, account=network).delete()
    assert load_console_session(_Request(mateo, network)) == (None, None, [])
    assert load_console_session(_Request(mateo, build))[1] == build


def test_the_console_session_is_one_query(mateo, build):
    with CaptureQueriesContext(connection) as queries:
        user, account, accounts = load_console_session(_Request(mateo, build))
        assert (user.user_name, account.organization_id, len(accounts)) == ("mateo", build.organization_id, 2)
    assert len(queries) == 1


def _as_orm(account):
    return (
        IdentityCenterInstance.objects.select_related(
            "organization__management_account", "delegated_administrator", "identity_store"
        )
        .filter(organization_id=account.organization_id)
        .first()
    )


@pytest.mark.parametrize("delegated", [True, False])
def test_the_identity_center_read_is_the_querysets(organization, management, build, delegated):
    instance = directory.identity_center_enable(organization=organization, region="us-west-2", account=management)
    if delegated:
        directory.delegated_administrator_register(instance=instance, member_account=build, account=management)
    expected, found = _as_orm(build), selectors.identity_center_for(build)
    with CaptureQueriesContext(connection) as queries:
        assert _fields(found) == _fields(expected)
        assert _fields(found.organization) == _fields(expected.organization)
        assert _fields(found.organization.management_account) == _fields(expected.organization.management_account)
        assert _fields(found.delegated_administrator) == _fields(expected.delegated_administrator)
        assert _fields(found.identity_store) == _fields(expected.identity_store)
        assert found.identity_store.instance is found
        assert found.created_at == expected.created_at and found.created_at.tzinfo is not None
    assert len(queries) == 0  # everything came with the one read
    assert directory.is_identity_admin(found, build) is delegated


def test_an_organization_without_its_management_account_or_store_is_read_too(organization, management, build):
    instance = directory.identity_center_enable(organization=organization, region="us-west-2", account=management)
    instance.identity_store.delete()
    Organization.objects.filter(pk=organization.pk).update(management_account=None)
    found = selectors.identity_center_for(build)
    with CaptureQueriesContext(connection) as queries:
        assert found.organization.management_account is None
        assert getattr(found, "identity_store", None) is None
    assert len(queries) == 0
    assert _fields(found) == _fields(_as_orm(build))


def test_no_identity_center_without_an_organization_or_an_instance(build, outside):
    assert selectors.identity_center_for(outside) is None
    assert selectors.identity_center_for(build) is None
    assert selectors.identity_center_for(None) is None
