from django.urls import path, register_converter

from accounts.aws.identity_center import views


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
    path("", views.dashboard, name="dashboard"),
    path("enable/", views.enable, name="enable"),
    path("users/", views.users, name="users"),
    path("users/create/", views.user_create, name="user_create"),
    path("users/<directory_id:user_id>/", views.user_detail, name="user"),
    path("users/<directory_id:user_id>/edit/", views.user_edit, name="user_edit"),
    path("users/<directory_id:user_id>/status/", views.user_status, name="user_status"),
    path("users/<directory_id:user_id>/delete/", views.user_delete, name="user_delete"),
    path("groups/", views.groups, name="groups"),
    path("groups/create/", views.group_create, name="group_create"),
    path("groups/<directory_id:group_id>/", views.group_detail, name="group"),
    path("groups/<directory_id:group_id>/edit/", views.group_edit, name="group_edit"),
    path("groups/<directory_id:group_id>/delete/", views.group_delete, name="group_delete"),
    path("groups/<directory_id:group_id>/add-users/", views.group_add_users, name="group_add_users"),
    path(
        "groups/<directory_id:group_id>/members/<directory_id:user_id>/remove/",
        views.group_remove_member,
        name="group_remove_member",
    ),
    path("settings/", views.settings, name="settings"),
    path("settings/identity-source/", views.identity_source, name="identity_source"),
    path("settings/delegated-administrator/register/", views.delegated_register, name="delegated_register"),
    path(
        "settings/delegated-administrator/deregister/",
        views.delegated_deregister,
        name="delegated_deregister",
    ),
    path("settings/delete-identity-store/", views.store_delete, name="store_delete"),
    path("permission-sets/", views.permission_sets, name="permission_sets"),
    path("permission-sets/create/", views.permission_set_create, name="permission_set_create"),
    path("permission-sets/<permission_set_id:ps_id>/", views.permission_set_detail, name="permission_set"),
    path(
        "permission-sets/<permission_set_id:ps_id>/delete/",
        views.permission_set_delete,
        name="permission_set_delete",
    ),
    path("accounts/", views.accounts, name="accounts"),
    path("accounts/<aws_account_id:account_id>/", views.account_detail, name="account"),
    path("accounts/<aws_account_id:account_id>/assign/", views.account_assign, name="account_assign"),
    path(
        "accounts/<aws_account_id:account_id>/assignments/<assignment_pk:pk>/remove/",
        views.account_assignment_remove,
        name="account_assignment_remove",
    ),
]
