"""Settings → SSO as endpoints (Space administrators)."""

from django.urls import path
from rest_framework import serializers, status
from rest_framework.response import Response

from catalyst_admin.rest import documented, page_of
from identity.sync import selectors as sync_selectors
from identity.sync.api.serializers import SyncRunOutput
from identity.sync.heartbeat import worker_health
from identity.sync.models import SyncRun
from identity.sync.runs import active_run, space_sync_request
from spaces import permissions
from spaces.rest import SpaceApi, one_of
from spaces.roles import SpaceRole


class GroupOutput(serializers.Serializer):
    group_id = serializers.CharField()
    display_name = serializers.CharField()
    role = serializers.ChoiceField(choices=SpaceRole.choices)
    member_count = serializers.IntegerField()


class AdministratorOutput(serializers.Serializer):
    user_id = serializers.CharField()
    user_name = serializers.CharField()


class ApplicationOutput(serializers.Serializer):
    application_id = serializers.CharField()
    name = serializers.CharField()


class SsoOutput(serializers.Serializer):
    application = ApplicationOutput(allow_null=True)
    connected_groups = GroupOutput(many=True)
    administrators = AdministratorOutput(many=True)
    last_run = SyncRunOutput(allow_null=True)
    active_run = SyncRunOutput(allow_null=True)
    worker_reported_recently = serializers.BooleanField(
        help_text="Whether a sync worker reported recently: without one, Sync now waits until a worker picks it up."
    )
    worker_last_seen_at = serializers.DateTimeField(allow_null=True)


class SsoApi(SpaceApi):
    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        permissions.require(request.user, "sso.manage", space=self.space)


class SsoSettingsApi(SsoApi):
    @documented(
        "The space's SSO: Identity Center application, connected groups, Space administrators, last and active run",
        responses={200: SsoOutput},
        errors=(403, 404),
    )
    def get(self, request, space_name):
        application = self.space.identity_application
        health = worker_health()
        data = {
            "application": None,
            "connected_groups": [],
            "administrators": [],
            "last_run": None,
            "active_run": None,
            "worker_reported_recently": health["ok"],
            "worker_last_seen_at": health["latest"].seen_at if health.get("latest") else None,
        }
        if application is not None:
            data.update(
                application={"application_id": str(application.application_id), "name": application.name},
                connected_groups=[
                    {
                        "group_id": g.group_id,
                        "display_name": g.display_name,
                        "role": g.role,
                        "member_count": g.member_count,
                    }
                    for g in self.space.connected_groups.all()
                ],
                administrators=list(self.space.sso_administrators.values("user_id", "user_name")),
                last_run=application.sync_runs.filter(status__in=SyncRun.FINISHED).first(),
                active_run=active_run(application) if application.store else None,
            )
        return Response(SsoOutput(data).data)


class SsoSyncApi(SsoApi):
    @documented(
        "Sync now: sync the space's groups from IAM Identity Center (one run at a time)",
        request=None,
        responses={202: SyncRunOutput},
        errors=(400, 403, 404),
    )
    def post(self, request, space_name):
        run = space_sync_request(space=self.space, by=request.user)
        return Response(SyncRunOutput(run).data, status=status.HTTP_202_ACCEPTED)


def _runs_of(space):
    application = space.identity_application
    return sync_selectors.run_history(application) if application is not None else SyncRun.objects.none()


class SsoRunListApi(SsoApi):
    cursor_ordering = ("-created_at", "-id")

    @documented("The space's sync runs, newest first", responses={200: page_of(SyncRunOutput)}, errors=(403, 404))
    def get(self, request, space_name):
        return self.paginated(_runs_of(self.space), SyncRunOutput)


class SsoRunApi(SsoApi):
    @documented("One sync run of the space", responses={200: SyncRunOutput}, errors=(403, 404))
    def get(self, request, space_name, run_id):
        return Response(SyncRunOutput(one_of(_runs_of(self.space), "No sync run with that id.", pk=run_id)).data)


S = "spaces/<str:space_name>/sso/"

urlpatterns = [
    path(S, SsoSettingsApi.as_view(), name="sso"),
    path(S + "sync/", SsoSyncApi.as_view(), name="sso-sync"),
    path(S + "runs/", SsoRunListApi.as_view(), name="sso-runs"),
    path(S + "runs/<int:run_id>/", SsoRunApi.as_view(), name="sso-run"),
]
