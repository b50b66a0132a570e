"""Shared helpers for the IAM Identity Center page tests."""

from accounts.aws.identity_center import services as directory
from accounts.aws.identity_center.models import (
    AccountAssignment,
    DirectoryGroup,
    DirectoryUser,
    GroupMembership,
    IdentityCenterInstance,
    IdentityStore,
    PermissionSet,
)

BASE = "/aws/identity-center/"


def snapshot():
    """Everything a page of IAM Identity Center could write, to prove a refused request wrote nothing."""
    return {
        "instances": list(
            IdentityCenterInstance.objects.order_by("pk").values_list(
                "pk", "region", "identity_source", "delegated_administrator_id"
            )
        ),
        "stores": list(IdentityStore.objects.order_by("pk").values_list("pk", "store_id")),
        "users": list(
            DirectoryUser.objects.order_by("pk").values_list(
                "pk", "user_name", "display_name", "email", "enabled", "password"
            )
        ),
        "groups": list(DirectoryGroup.objects.order_by("pk").values_list("pk", "display_name", "description")),
        "memberships": list(GroupMembership.objects.order_by("pk").values_list("group_id", "user_id")),
        "permission_sets": list(PermissionSet.objects.order_by("pk").values_list("pk", "name")),
        "assignments": list(AccountAssignment.objects.order_by("pk").values_list("pk", "permission_set_id")),
    }


def html(response) -> str:
    return response.content.decode()


def assign(permission_set, target_account, *, account, user=None, group=None) -> AccountAssignment:
    """Give one user or group ``permission_set`` in ``target_account`` through the service the
    "Assign users or groups" page uses; the assignment made."""
    directory.account_assignments_create(
        target_account=target_account,
        permission_sets=[permission_set],
        users=[user] if user else [],
        groups=[group] if group else [],
        account=account,
    )
    return AccountAssignment.objects.get(permission_set=permission_set, account=target_account, user=user, group=group)
