from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from identity.people.models import PersonalAccessToken, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["username"]
    list_display = ["username", "alias", "name", "kind", "is_staff", "is_active"]
    list_filter = ["kind", "is_staff", "is_active"]
    search_fields = ["username", "alias", "name", "email"]
    fieldsets = [
        (None, {"fields": ["username", "password", "kind"]}),
        ("Profile", {"fields": ["name", "nickname", "email", "alias"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["username", "password1", "password2"]})]


@admin.register(PersonalAccessToken)
class PersonalAccessTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "expires_on", "created_at"]
    readonly_fields = ["token_hash", "hint"]
