"""Shared helpers for the IAM Identity Center page tests."""

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
