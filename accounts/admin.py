from django.contrib import admin

from accounts.aws.console.models import AwsAccount, ConsoleUser, Organization
from accounts.aws.iam.models import IamRole
from accounts.connections.models import (
    AccountConnection,
    ConnectionProjectAccess,
    ConnectionRole,
    ConnectionTag,
    ConnectionToken,
)

admin.site.register(Organization)
admin.site.register(AwsAccount)
admin.site.register(ConsoleUser)
admin.site.register(IamRole)


class ConnectionRoleInline(admin.TabularInline):
    model = ConnectionRole
    extra = 0
    raw_id_fields = ["role", "added_by"]


class ConnectionTagInline(admin.TabularInline):
    model = ConnectionTag
    extra = 0


class ConnectionProjectAccessInline(admin.TabularInline):
    model = ConnectionProjectAccess
    extra = 0
    raw_id_fields = ["project", "granted_by"]


@admin.register(AccountConnection)
class AccountConnectionAdmin(admin.ModelAdmin):
    list_display = [
        "display_name",
        "aws_account_id",
        "space",
        "status",
        "paid_tiers_authorized",
        "project_restricted",
    ]
    list_filter = ["status", "paid_tiers_authorized", "project_restricted"]
    search_fields = ["display_name", "aws_account_id", "space__name"]
    list_select_related = ["space"]
    raw_id_fields = ["space", "requested_by", "verified_by"]
    readonly_fields = ["connection_id"]
    inlines = [ConnectionRoleInline, ConnectionTagInline, ConnectionProjectAccessInline]


@admin.register(ConnectionToken)
class ConnectionTokenAdmin(admin.ModelAdmin):
    """Tokens are issued by the services only; the admin shows them, hash and all, read-only."""

    list_display = ["selector", "connection", "created_at", "expires_at", "used_at", "revoked_at"]
    list_select_related = ["connection"]
    readonly_fields = [
        "connection",
        "selector",
        "secret_hash",
        "created_at",
        "expires_at",
        "used_at",
        "revoked_at",
    ]

    def has_add_permission(self, request):
        return False
