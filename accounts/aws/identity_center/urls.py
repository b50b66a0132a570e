from django.urls import path, register_converter

from accounts.aws.identity_center.views import accounts, dashboard, groups, permission_sets, settings, users


class DirectoryIdConverter:
    """Identity store user and group IDs: hex digits and dashes (anything else is a 404)."""

    regex = "[0-9a-fA-F-]{1,64}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return str(value)


class PermissionSetIdConverter(DirectoryIdConverter):
    regex = "ps-[0-9a-fA-F]{1,32}"


class AccountIdConverter(DirectoryIdConverter):
    regex = "[0-9]{12}"


class AssignmentIdConverter(DirectoryIdConverter):
    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)


register_converter(DirectoryIdConverter, "directory_id")
register_converter(AssignmentIdConverter, "assignment_pk")
register_converter(PermissionSetIdConverter, "permission_set_id")
register_converter(AccountIdConverter, "aws_account_id")

app_name = "sso_admin"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("enable/", dashboard.enable, name="enable"),
    path("users/", users.users, name="users"),
    path("users/create/", users.user_create, name="user_create"),
    path("users/<directory_id:user_id>/", users.user_detail, name="user"),
    path("users/<directory_id:user_id>/edit/", users.user_edit, name="user_edit"),
    path("users/<directory_id:user_id>/status/", users.user_status, name="user_status"),
    path("users/<directory_id:user_id>/delete/", users.user_delete, name="user_delete"),
    path("groups/", groups.groups, name="groups"),
    path("groups/create/", groups.group_create, name="group_create"),
    path("groups/<directory_id:group_id>/", groups.group_detail, name="group"),
    path("groups/<directory_id:group_id>/edit/", groups.group_edit, name="group_edit"),
    path("groups/<directory_id:group_id>/delete/", groups.group_delete, name="group_delete"),
    path("groups/<directory_id:group_id>/add-users/", groups.group_add_users, name="group_add_users"),
    path(
        "groups/<directory_id:group_id>/members/<directory_id:user_id>/remove/",
        groups.group_remove_member,
        name="group_remove_member",
    ),
    path("settings/", settings.settings, name="settings"),
    path("settings/identity-source/", settings.identity_source, name="identity_source"),
    path("settings/delegated-administrator/register/", settings.delegated_register, name="delegated_register"),
    path(
        "settings/delegated-administrator/deregister/",
        settings.delegated_deregister,
        name="delegated_deregister",
    ),
    path("settings/delete-identity-store/", settings.store_delete, name="store_delete"),
    path("permission-sets/", permission_sets.permission_sets, name="permission_sets"),
    path("permission-sets/create/", permission_sets.permission_set_create, name="permission_set_create"),
    path("permission-sets/<permission_set_id:ps_id>/", permission_sets.permission_set_detail, name="permission_set"),
    path(
        "permission-sets/<permission_set_id:ps_id>/delete/",
        permission_sets.permission_set_delete,
        name="permission_set_delete",
    ),
    path("accounts/", accounts.accounts, name="accounts"),
    path("accounts/<aws_account_id:account_id>/", accounts.account_detail, name="account"),
    path("accounts/<aws_account_id:account_id>/assign/", accounts.account_assign, name="account_assign"),
    path(
        "accounts/<aws_account_id:account_id>/assignments/<assignment_pk:pk>/remove/",
        accounts.account_assignment_remove,
        name="account_assignment_remove",
    ),
]
