"""How a sync run is shown by the API (the operations endpoints and a space's Settings → SSO)."""

from rest_framework import serializers

from identity.sync.models import SyncRun


class SyncRunOutput(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    application_id = serializers.IntegerField()
    trigger = serializers.ChoiceField(choices=SyncRun.Trigger.choices)
    status = serializers.ChoiceField(choices=SyncRun.Status.choices)
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    users_read = serializers.IntegerField()
    members_added = serializers.IntegerField()
    members_updated = serializers.IntegerField()
    members_removed = serializers.IntegerField()
    detail = serializers.CharField()
    error = serializers.CharField()
