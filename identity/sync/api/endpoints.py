"""``/api/v1/ops/…``: the operations pages as endpoints, for staff."""

from django.urls import path
from django_celery_beat.models import PeriodicTask
from rest_framework import serializers, status
from rest_framework.response import Response

from catalyst_admin.errors import NotFound
from catalyst_admin.rest import StaffApi, StrictSerializer, documented, page_of
from identity.sync import schedules, selectors
from identity.sync.api.serializers import SyncRunOutput
from identity.sync.models import SyncRun, application_model
from identity.sync.runs import sync_run_approve, sync_run_mark_failed, sync_run_operator_request


class OpsApi(StaffApi):
    def schedule(self, task_id) -> PeriodicTask:
        task = PeriodicTask.objects.filter(pk=task_id, task=schedules.SYNC_TASK).first()
        if task is None:
            raise NotFound("No sync schedule with that id.")
        return task

    def application(self, application_id):
        application = application_model().objects.filter(pk=application_id).first()
        if application is None:
            raise NotFound("No Identity Center application with that id.")
        return application


class ScheduleOutput(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    application_id = serializers.IntegerField(allow_null=True)
    enabled = serializers.BooleanField()
    kind = serializers.ChoiceField(choices=["interval", "cron"])
    every_minutes = serializers.IntegerField(required=False)
    cron = serializers.CharField(required=False)
    timezone = serializers.CharField()
    next_run_at = serializers.DateTimeField(allow_null=True)
    last_run_at = serializers.DateTimeField(allow_null=True)


def _schedule(task: PeriodicTask) -> dict:
    return {
        "pk": task.pk,
        "name": task.name,
        "application_id": schedules.application_id_of(task),
        "enabled": task.enabled,
        "next_run_at": schedules.next_run_at(task),
        "last_run_at": task.last_run_at,
        **schedules.schedule_form_values(task),
    }


class ScheduleInput(StrictSerializer):
    kind = serializers.ChoiceField(choices=["interval", "cron"])
    every_minutes = serializers.IntegerField(required=False, allow_null=True, help_text="1–1440, for an interval.")
    cron = serializers.CharField(required=False, allow_blank=True, max_length=200, help_text="Five fields, for cron.")
    timezone = serializers.CharField(required=False, allow_blank=True, max_length=64, default="UTC")


class ScheduleListApi(OpsApi):
    cursor_ordering = ("name", "pk")

    @documented("List the sync schedules (staff)", responses={200: page_of(ScheduleOutput)}, errors=(403,))
    def get(self, request):
        queryset = PeriodicTask.objects.filter(task=schedules.SYNC_TASK).select_related("interval", "crontab")
        page = self.paginator.paginate_queryset(queryset, request, view=self)
        return self.paginator.get_paginated_response(ScheduleOutput([_schedule(t) for t in page], many=True).data)


class ScheduleApi(OpsApi):
    @documented("Get a sync schedule (staff)", responses={200: ScheduleOutput}, errors=(403, 404))
    def get(self, request, task_id):
        return Response(ScheduleOutput(_schedule(self.schedule(task_id))).data)

    @documented(
        "Change a sync schedule: every N minutes, or a cron expression in a time zone (staff)",
        request=ScheduleInput,
        responses={200: ScheduleOutput},
        errors=(403, 404),
    )
    def put(self, request, task_id):
        task = self.schedule(task_id)
        data = ScheduleInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        task = schedules.sync_schedule_update(
            task=task,
            kind=values["kind"],
            every_minutes=values.get("every_minutes"),
            cron=values.get("cron") or "",
            tz=values.get("timezone") or "UTC",
            by=request.user,
        )
        return Response(ScheduleOutput(_schedule(task)).data)


class SchedulePauseApi(OpsApi):
    @documented("Pause a sync schedule (staff)", request=None, responses={200: ScheduleOutput}, errors=(403, 404))
    def post(self, request, task_id):
        task = schedules.sync_schedule_pause(task=self.schedule(task_id), by=request.user)
        return Response(ScheduleOutput(_schedule(task)).data)


class ScheduleResumeApi(OpsApi):
    @documented(
        "Resume a paused sync schedule (staff)", request=None, responses={200: ScheduleOutput}, errors=(403, 404)
    )
    def post(self, request, task_id):
        task = schedules.sync_schedule_resume(task=self.schedule(task_id), by=request.user)
        return Response(ScheduleOutput(_schedule(task)).data)


class ScheduleRunNowApi(OpsApi):
    @documented(
        "Run now: sync the schedule's application outside its schedule (staff)",
        request=None,
        responses={202: SyncRunOutput},
        errors=(400, 403, 404),
    )
    def post(self, request, task_id):
        application_id = schedules.application_id_of(self.schedule(task_id))
        run = sync_run_operator_request(application=self.application(application_id), by=request.user)
        return Response(SyncRunOutput(run).data, status=status.HTTP_202_ACCEPTED)


class RunListApi(OpsApi):
    cursor_ordering = ("-created_at", "-id")

    @documented(
        "An Identity Center application's sync runs, newest first (staff)",
        responses={200: page_of(SyncRunOutput)},
        errors=(403, 404),
    )
    def get(self, request, application_id):
        return self.paginated(selectors.run_history(self.application(application_id)), SyncRunOutput)


class RunScoped(OpsApi):
    def run(self, run_id) -> SyncRun:
        run = SyncRun.objects.filter(pk=run_id).first()
        if run is None:
            raise NotFound("No sync run with that id.")
        return run


class RunApproveApi(RunScoped):
    @documented(
        "Approve a held run: a new run applies the removals the guard stopped (staff)",
        request=None,
        responses={202: SyncRunOutput},
        errors=(400, 403, 404),
    )
    def post(self, request, run_id):
        new_run = sync_run_approve(run=self.run(run_id), by=request.user)
        return Response(SyncRunOutput(new_run).data, status=status.HTTP_202_ACCEPTED)


class RunMarkFailedApi(RunScoped):
    @documented(
        "Mark a stuck run failed, releasing its identity store (staff)",
        request=None,
        responses={200: SyncRunOutput},
        errors=(400, 403, 404),
    )
    def post(self, request, run_id):
        return Response(SyncRunOutput(sync_run_mark_failed(run=self.run(run_id), by=request.user)).data)


urlpatterns = [
    path("ops/schedules/", ScheduleListApi.as_view(), name="ops-schedules"),
    path("ops/schedules/<int:task_id>/", ScheduleApi.as_view(), name="ops-schedule"),
    path("ops/schedules/<int:task_id>/pause/", SchedulePauseApi.as_view(), name="ops-schedule-pause"),
    path("ops/schedules/<int:task_id>/resume/", ScheduleResumeApi.as_view(), name="ops-schedule-resume"),
    path("ops/schedules/<int:task_id>/run/", ScheduleRunNowApi.as_view(), name="ops-schedule-run"),
    path("ops/applications/<int:application_id>/runs/", RunListApi.as_view(), name="ops-runs"),
    path("ops/runs/<int:run_id>/approve/", RunApproveApi.as_view(), name="ops-run-approve"),
    path("ops/runs/<int:run_id>/mark-failed/", RunMarkFailedApi.as_view(), name="ops-run-mark-failed"),
]
