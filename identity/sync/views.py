"""Operations pages for staff (``/ops/``): the IAM Identity Center sync schedules, their runs,
approval of held runs and worker health."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_celery_beat.models import PeriodicTask

from catalyst_admin.errors import DomainError, Forbidden
from catalyst_admin.forms import add_domain_error
from identity.sync import schedules, selectors
from identity.sync.forms import ScheduleForm
from identity.sync.heartbeat import worker_health
from identity.sync.models import SyncRun, application_model
from identity.sync.runs import (
    STUCK,
    runs_page_state,
    sync_run_approve,
    sync_run_mark_failed,
    sync_run_operator_request,
)

RUNS_PAGE_SIZE = 25


STAFF_ONLY = "The operations pages are for operations staff. Sign in with a staff user, such as ops in the demo."


def staff_only(view):
    """Staff only: a visitor signs in first; a signed-in person who is not staff gets the 403 page
    (sending them to sign-in would send them straight back, a redirect loop)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), login_url=reverse("identity:signin"))
        if not request.user.is_staff:
            raise Forbidden(STAFF_ONLY)
        return view(request, *args, **kwargs)

    return wrapper


def _schedule(task_id) -> PeriodicTask:
    return get_object_or_404(PeriodicTask, pk=task_id, task=schedules.SYNC_TASK)


def _application_of(task: PeriodicTask):
    return get_object_or_404(application_model(), pk=schedules.application_id_of(task))


@staff_only
def home(request):
    tasks = schedules.sync_schedules()
    return render(
        request, "ops/home.html", {"tasks": tasks, "health": worker_health(), "held": selectors.held_run_list()}
    )


@staff_only
def schedule_edit(request, task_id):
    task = _schedule(task_id)
    initial = schedules.schedule_form_values(task)
    form = ScheduleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            schedules.sync_schedule_update(
                task=task,
                kind=data["kind"],
                every_minutes=data["every_minutes"],
                cron=data["cron"],
                tz=data["timezone"] or "UTC",
                by=request.user,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"The schedule of {task.name} was saved.")
            return redirect("ops:home")
    return render(request, "ops/schedule_edit.html", {"task": task, "form": form})


@require_POST
@staff_only
def schedule_pause(request, task_id):
    task = schedules.sync_schedule_pause(task=_schedule(task_id), by=request.user)
    messages.success(request, f"{task.name} is paused. No sync runs on its schedule until you resume it.")
    return redirect("ops:home")


@require_POST
@staff_only
def schedule_resume(request, task_id):
    task = schedules.sync_schedule_resume(task=_schedule(task_id), by=request.user)
    messages.success(request, f"{task.name} is resumed. The next run follows its schedule from now.")
    return redirect("ops:home")


@require_POST
@staff_only
def run_now(request, task_id):
    application = _application_of(_schedule(task_id))
    try:
        run = sync_run_operator_request(application=application, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("ops:home")
    messages.success(request, f"Sync of {application.name} queued as run {run.pk}.")
    return redirect("ops:runs", application.pk)


@staff_only
def runs(request, application_id):
    application = runs_page_state(application_id)
    if application is None:
        raise Http404("No such application.")
    page = Paginator(selectors.run_history_listing(application), RUNS_PAGE_SIZE).get_page(request.GET.get("page"))
    # Only a run really on its way refreshes the page: not one a killed worker left "running".
    context = {
        "application": application,
        "page_obj": page,
        "schedule_id": application.schedule_id,
        "active": application.active,
        "stuck": STUCK,
    }
    return render(request, "ops/runs.html", context)


@staff_only
def run_detail(request, run_id):
    """One run: when and how it ended, and who it added, updated and removed in each space (or
    would have, if held)."""
    run = selectors.run_for_page(run_id)
    if run is None:
        raise Http404("No such run.")
    context = {"run": run, "changes": selectors.run_changes(run), "stuck": STUCK, "show_space": True}
    return render(request, "ops/run_detail.html", context)


@require_POST
@staff_only
def approve(request, run_id):
    run = get_object_or_404(SyncRun, pk=run_id)
    try:
        new_run = sync_run_approve(run=run, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Run {run.pk} approved; run {new_run.pk} applies it.")
    return redirect("ops:runs", run.application_id)


@require_POST
@staff_only
def mark_failed(request, run_id):
    run = get_object_or_404(SyncRun, pk=run_id)
    try:
        run = sync_run_mark_failed(run=run, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Run {run.pk} is marked failed. The next sync can start now.")
    return redirect("ops:runs", run.application_id)
