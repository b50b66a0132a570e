"""The directory services added or tightened for the IAM Identity Center pages."""

import pytest

from accounts.aws.identity_center import services as directory
from accounts.aws.identity_center.models import AccountAssignment, GroupMembership
from catalyst_admin.actors import SYSTEM
from catalyst_admin.errors import DomainError
from tests.identity_center.helpers import assign, snapshot

pytestmark = pytest.mark.django_db


def test_is_identity_admin_names_management_and_delegated_only(instance, management, build, network, globex):
    assert directory.is_identity_admin(instance, management)
    assert directory.is_identity_admin(instance, build)
    assert not directory.is_identity_admin(instance, network)
    assert not directory.is_identity_admin(instance, globex["management"])
    assert not directory.is_identity_admin(None, management)


@pytest.mark.parametrize(
    "call",
    [
        lambda s, p, a: directory.directory_user_create(store=s, user_name="x", display_name="X", account=a),
        lambda s, p, a: directory.directory_user_update(
            user=p["mary"], display_name="Y", email="", enabled=True, account=a
        ),
        lambda s, p, a: directory.directory_user_enabled_set(user=p["mary"], enabled=False, account=a),
        lambda s, p, a: directory.directory_user_delete(user=p["mary"], account=a),
        lambda s, p, a: directory.directory_group_create(store=s, display_name="G", account=a),
        lambda s, p, a: directory.directory_group_update(group=p["developers"], display_name="G", account=a),
        lambda s, p, a: directory.directory_group_delete(group=p["developers"], account=a),
        lambda s, p, a: directory.group_membership_add(group=p["developers"], user=p["li"], account=a),
        lambda s, p, a: directory.group_memberships_add(group=p["developers"], users=[p["li"]], account=a),
        lambda s, p, a: directory.group_membership_remove(group=p["developers"], user=p["mary"], account=a),
    ],
)
def test_directory_writes_refuse_a_plain_member_account(store, people, network, globex, call):
    before = snapshot()
    for account in (network, globex["management"]):
        with pytest.raises(DomainError, match="management account or its delegated administrator"):
            call(store, people, account)
    assert snapshot() == before


def test_directory_writes_accept_the_delegated_administrator(store, people, build):
    directory.directory_user_enabled_set(user=people["mary"], enabled=False, account=build)
    people["mary"].refresh_from_db()
    assert not people["mary"].enabled


def test_group_memberships_add_skips_members_and_counts_new_ones(store, people):
    jorge = directory.directory_user_create(store=store, user_name="jorge.souza", display_name="Jorge", account=SYSTEM)
    added = directory.group_memberships_add(
        group=people["developers"], users=[people["mary"], people["li"], jorge], account=SYSTEM
    )
    assert added == 2
    assert GroupMembership.objects.filter(group=people["developers"]).count() == 3
    with pytest.raises(DomainError, match="Choose at least one user"):
        directory.group_memberships_add(group=people["developers"], users=[], account=SYSTEM)


def test_group_memberships_add_refuses_another_stores_user(people, globex):
    with pytest.raises(DomainError, match="different identity stores"):
        directory.group_memberships_add(group=people["developers"], users=[globex["user"]], account=SYSTEM)


def test_registering_needs_the_current_one_deregistered(instance, management, build, network):
    with pytest.raises(DomainError, match="already the delegated administrator"):
        directory.delegated_administrator_register(instance=instance, member_account=build, account=management)
    with pytest.raises(DomainError, match="Deregister it before"):
        directory.delegated_administrator_register(instance=instance, member_account=network, account=management)
    directory.delegated_administrator_deregister(instance=instance, account=management)
    with pytest.raises(DomainError, match="No delegated administrator is registered"):
        directory.delegated_administrator_deregister(instance=instance, account=management)


@pytest.mark.parametrize("hours", [0, 13, -1, "eight", None, "8.5"])
def test_permission_set_session_duration_is_1_to_12_hours(instance, build, hours):
    with pytest.raises(DomainError, match="1 to 12 hours") as caught:
        directory.permission_set_create(instance=instance, name="PS", session_duration_hours=hours, account=build)
    assert caught.value.field == "session_duration_hours"


@pytest.mark.parametrize(
    "text, message",
    [
        ('{"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": Infinity}]}', "not valid JSON"),
        ("[" * 50000 + "]" * 50000, "nested too deeply|needs a"),
        ('{"Statement": {"Effect": "Allow", "Action": "x\\u0000"}}', "NUL character"),
        ('{"Statement": [{"Effect": "Allow", "Action": "' + "a" * 33000 + '"}]}', "at most 32768"),
        ('{"Statement": [{"Effect": "Permit", "Action": "s3:*"}]}', "Every statement of the policy needs"),
    ],
)
def test_parse_policy_refuses_what_cannot_be_a_policy_or_be_stored(text, message):
    with pytest.raises(DomainError, match=message):
        directory.parse_policy(text)


def test_permission_set_names_are_unique_ignoring_case(instance, build, permission_set):
    with pytest.raises(DomainError, match="already exists"):
        directory.permission_set_create(instance=instance, name="codewhisperer_administrator", account=build)


def test_assignments_create_every_combination_once(instance, build, network, people, permission_set):
    other = directory.permission_set_create(instance=instance, name="ReadOnly", account=build)
    created = directory.account_assignments_create(
        target_account=network,
        permission_sets=[permission_set, other],
        users=[people["mary"]],
        groups=[people["developers"]],
        account=build,
    )
    assert created == 4
    again = directory.account_assignments_create(
        target_account=network, permission_sets=[permission_set], users=[people["mary"]], account=build
    )
    assert again == 0
    assert AccountAssignment.objects.count() == 4


def test_assignments_refuse_another_organizations_account_and_principals(
    instance, build, people, permission_set, globex
):
    with pytest.raises(DomainError, match="Choose an AWS account of this organization"):
        directory.account_assignments_create(
            target_account=globex["management"],
            permission_sets=[permission_set],
            users=[people["mary"]],
            account=build,
        )
    with pytest.raises(DomainError, match="this instance's identity store"):
        directory.account_assignments_create(
            target_account=build, permission_sets=[permission_set], users=[globex["user"]], account=build
        )
    assert not AccountAssignment.objects.exists()


def test_a_delegated_administrator_cannot_touch_the_management_accounts_access(
    instance, management, build, people, permission_set
):
    assert directory.may_manage_access_to(instance, management, management)
    assert not directory.may_manage_access_to(instance, management, build)
    with pytest.raises(DomainError, match="cannot manage access to the management account"):
        assign(permission_set, management, user=people["mary"], account=build)
    assignment = assign(permission_set, management, user=people["mary"], account=management)
    with pytest.raises(DomainError, match="cannot manage access to the management account"):
        directory.account_assignment_delete(assignment=assignment, account=build)
    with pytest.raises(DomainError, match="provisioned in the management account"):
        directory.permission_set_delete(permission_set=permission_set, account=build)
    assert directory.permission_set_delete(permission_set=permission_set, account=management) == 1


def test_store_delete_needs_the_management_account_and_the_store_id(instance, management, build):
    store_id = instance.identity_store.store_id
    with pytest.raises(DomainError, match="Only the management account"):
        directory.identity_center_store_delete(instance=instance, confirmation=store_id, account=build)
    with pytest.raises(DomainError, match=f"type the identity store ID {store_id}"):
        directory.identity_center_store_delete(instance=instance, confirmation=store_id.upper(), account=management)
    assert (
        directory.identity_center_store_delete(instance=instance, confirmation=f" {store_id} ", account=management) == 0
    )


def test_permission_set_create_reports_every_invalid_field_at_once(instance, build):
    with pytest.raises(DomainError) as caught:
        directory.permission_set_create(
            instance=instance,
            name="has spaces!",
            description="x" * 701,
            session_duration_hours=13,
            inline_policy="{ not json",
            account=build,
        )
    errors = caught.value.errors
    assert set(errors) == {"name", "description", "session_duration_hours", "inline_policy"}
    assert errors["description"] == ["A description is at most 700 characters."]
    assert errors["session_duration_hours"] == ["The session duration is 1 to 12 hours."]
    assert "not valid JSON" in errors["inline_policy"][0]
    assert not instance.permission_sets.filter(description__startswith="xxx").exists()


def test_permission_set_create_reports_a_taken_name_with_the_other_problems(instance, build, permission_set):
    with pytest.raises(DomainError) as caught:
        directory.permission_set_create(
            instance=instance, name="codewhisperer_administrator", session_duration_hours=0, account=build
        )
    assert set(caught.value.errors) == {"name", "session_duration_hours"}
    assert "already exists" in caught.value.errors["name"][0]


def test_assignments_create_reports_no_principals_and_no_permission_sets_at_once(instance, build, network):
    with pytest.raises(DomainError) as caught:
        directory.account_assignments_create(target_account=network, permission_sets=[], account=build)
    assert caught.value.errors == {
        "principals": ["Choose at least one user or group."],
        "permission_sets": ["Choose at least one permission set."],
    }


def test_assignments_create_reports_a_foreign_account_and_foreign_principals_at_once(
    instance, build, people, permission_set, globex
):
    with pytest.raises(DomainError) as caught:
        directory.account_assignments_create(
            target_account=globex["management"], permission_sets=[permission_set], users=[globex["user"]], account=build
        )
    assert caught.value.errors == {
        "account": ["Choose an AWS account of this organization."],
        "principals": ["Choose users and groups of this instance's identity store."],
    }
    assert not AccountAssignment.objects.exists()
