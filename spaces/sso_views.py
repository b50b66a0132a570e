"""Settings → SSO: the space's Identity Center application, connected groups, administrators and
the group sync ("Sync now", with its progress shown as it runs)."""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from catalyst_admin.errors import DomainError
from identity.models import SyncRun
from identity.sync_runs import active_run, space_sync_request

from . import permissions, selectors
from .views import in_space, render_space

GROUP_USERS_SHOWN = 100


def _run_json(run: SyncRun) -> dict:
    return {
        "id": run.pk,
        "status": run.status,
        "status_label": run.get_status_display(),
        "finished": run.status in SyncRun.FINISHED,
        "members_added": run.members_added,
        "members_updated": run.members_updated,
        "members_removed": run.members_removed,
        "users_read": run.users_read,
        "detail": run.detail,
        "error": run.error,
        "finished_at": run.finished_at.isoformat() if run.finished_at else None,
    }


@in_space
def sso_settings(request, space):
    permissions.require(request.user, "sso.manage", space=space)
    application = space.identity_application
    context = {"application": application}
    if application is not None:
        groups = list(space.connected_groups.all())
        users = selectors.sso_users_of_groups(space, groups, per_group=GROUP_USERS_SHOWN)
        context.update(
            {
                "groups": [
                    {"group": group, "users": users[group.group_id], "count": len(group.synced_members)}
                    for group in groups
                ],
                "administrators": space.sso_administrators.all(),
                "last_run": application.sync_runs.filter(status__in=SyncRun.FINISHED).first(),
                "active_run": active_run(application) if application.store else None,
                "instance": application.store.instance if application.store else None,
            }
        )
    return render_space(request, "spaces/sso.html", space, "sso", context)


@require_POST
@in_space
def sso_sync_now(request, space):
    try:
        run = space_sync_request(space=space, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.info(
            request,
            f"Sync started at {timezone.localtime(run.created_at):%H:%M:%S}. Results appear below when it finishes.",
        )
    return redirect("spaces:sso", space.name)


@in_space
def sso_sync_status(request, space, run_id):
    permissions.require(request.user, "sso.manage", space=space)
    run = get_object_or_404(SyncRun, pk=run_id, application_id=space.identity_application_id or -1)
    return JsonResponse(_run_json(run))
