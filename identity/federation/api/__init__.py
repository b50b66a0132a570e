"""The REST API of a space's Settings → SSO (``/api/v1/spaces/<space>/sso/…``): the Identity Center
application, connected groups, Space administrators, Sync now and the space's run history."""
