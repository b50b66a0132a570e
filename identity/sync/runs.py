"""Running the group sync safely: one run per identity store at a time, all or nothing, held
when it would remove too many people, and taken over when a worker dies mid-run.

``sync_run_request`` records a queued run and hands it to the worker after commit;
``sync_run_execute`` is what the Celery task calls; ``sync_run_directory_changed`` is how a change
in the emulated identity store reaches the spaces in seconds (a debounced run after commit).
"""

from datetime import timedelta
from functools import cache

from celery import signature
from django.conf import settings
from django.db import connections, transaction
from django.db.models import Q
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from accounts.aws.identity_center.client import DirectoryReadError
from accounts.aws.identity_center.models import IdentityStore
from catalyst_admin import rows
from catalyst_admin.actors import SYSTEM
from catalyst_admin.errors import DomainError, Forbidden
from identity.sync.changes import run_changes_record
from identity.sync.engine import (
    apply_plan,
    collector_paused,
    connected_group_ids,
    connected_group_ids_of,
    federated_spaces_of,
    plan_sync,
)
from identity.sync.models import SyncLease, SyncRun, application_model
from identity.sync.schedules import SYNC_TASK, schedule_kwargs
from identity.sync.sources import source_for
from spaces import permissions
from spaces.models import Space


class SyncReadFailed(Exception):
    """The directory could not be read; the run is recorded and the task retries it."""

    def __init__(self, run_id: int, message: str):
        super().__init__(message)
        self.run_id = run_id


class LeaseBusy(Exception):
    """A directory-change run found the store's lease held; the task tries it again shortly."""

    def __init__(self, run_id: int):
        super().__init__(f"run {run_id} waits for the identity store's lease")
        self.run_id = run_id


def lease_length() -> timedelta:
    return timedelta(seconds=settings.SYNC_LEASE_SECONDS)


def _queue(run: SyncRun, *, countdown: float = 0) -> None:
    # By name: the task module imports this one. Every process registers the task (identity's app config).
    task = signature(SYNC_TASK, kwargs={"application_id": run.application_id, "run_id": run.pk})
    transaction.on_commit(lambda: task.apply_async(countdown=countdown or None))


def sync_run_request(*, application, trigger: str, requested_by, allow_mass_removal: bool = False) -> SyncRun:
    """Queue a sync of ``application``; the worker picks it up once the caller's transaction commits.
    The callers decide who may (``space_sync_request``, ``sync_run_operator_request``,
    ``sync_run_approve``); ``requested_by`` is recorded (``SYSTEM`` for the emulator itself)."""
    if application.store is None:
        raise DomainError("This application's identity store was deleted, so there is nothing to sync.")
    run = SyncRun.objects.create(
        application=application,
        trigger=trigger,
        requested_by=None if requested_by is SYSTEM else requested_by,
        allow_mass_removal=allow_mass_removal,
    )
    _queue(run)
    return run


def _pending_directory_run(application) -> SyncRun | None:
    """The directory-change run of ``application`` still waiting for its debounce (the "pending
    trigger"): a change committed now is coalesced into it, since it has not read the directory
    yet. One older than a lease is taken for lost (its message never arrived) and ends skipped."""
    pending = application.sync_runs.filter(status=SyncRun.Status.QUEUED, trigger=SyncRun.Trigger.DIRECTORY)
    stale = timezone.now() - lease_length() - timedelta(seconds=settings.SYNC_DIRECTORY_DEBOUNCE_SECONDS)
    pending.filter(created_at__lt=stale).update(
        status=SyncRun.Status.SKIPPED,
        finished_at=timezone.now(),
        detail="Its message never reached a worker; a later directory change queued another run.",
    )
    return pending.filter(created_at__gte=stale).order_by("created_at").first()


def sync_run_directory_changed(*, store_id: int) -> list[SyncRun]:
    """After a change to the emulated identity store ``store_id`` committed (a user added to or
    removed from a group, disabled, renamed, deleted): sync every application of the store that has
    a federated space, SYNC_DIRECTORY_DEBOUNCE_SECONDS later, so that a burst of changes makes one
    run. Each application's row is locked while its pending run is looked for, so two changes
    committed at once queue one run. The run is an ordinary one: the same lease, the same
    mass-removal guard. Stores synced from a real IAM Identity Center (boto3) keep their schedule
    only. Returns the runs queued or joined."""
    if not settings.SYNC_ON_DIRECTORY_CHANGE:
        return []
    model = application_model()
    ids = list(
        model.objects.filter(
            store_id=store_id,
            store__sync_source=IdentityStore.SyncSource.BUILT_IN,
            spaces__kind=Space.Kind.FEDERATED,
        )
        .values_list("pk", flat=True)
        .distinct()
    )
    runs = []
    for application_id in ids:
        with transaction.atomic():
            application = model.objects.select_for_update().get(pk=application_id)
            pending = _pending_directory_run(application)
            if pending is None:
                pending = SyncRun.objects.create(application=application, trigger=SyncRun.Trigger.DIRECTORY)
                _queue(pending, countdown=settings.SYNC_DIRECTORY_DEBOUNCE_SECONDS)
            runs.append(pending)
    return runs


@collector_paused()
@transaction.atomic
def sync_run_inline(application, *, spaces, trigger=SyncRun.Trigger.SETUP) -> SyncRun:
    """Sync some of an application's spaces now, in the caller's transaction: used when a space is
    set up or its groups are edited, so that it has its members the moment the change is saved.
    The application's other spaces wait for their scheduled run, with its mass-removal guard.

    Like every run it holds the identity store's lease while it reads and writes: while another
    run holds it, this one refuses (the caller's change is not saved) rather than write beside it.
    A directory that cannot be read refuses the same way."""
    store = application.store
    run = SyncRun.objects.create(
        application=application, trigger=trigger, status=SyncRun.Status.RUNNING, started_at=timezone.now(), attempts=1
    )
    if not _acquire(store, run):
        holder = SyncLease.objects.filter(store=store).values_list("run_id", flat=True).first()
        raise DomainError(
            f"A sync of identity store {store.store_id} (run {holder}) is running now, so the space's members "
            "cannot be set yet. Nothing was changed: try again in a minute."
        )
    try:
        wanted = {space.pk for space in spaces}
        planned = [space for space in federated_spaces_of(application) if space.pk in wanted]
        snapshot = source_for(store).read(group_ids=connected_group_ids(planned))
        plan = plan_sync(store_id=store.store_id, spaces=planned, snapshot=snapshot)
        run_changes_record(run=run, plan=plan, snapshot=snapshot)
        written = apply_plan(plan)
    except DirectoryReadError as exc:
        raise DomainError(
            f"The identity store {store.store_id} could not be read, so nothing was changed: {exc}. Try again."
        ) from exc
    finally:
        _release(store, run)
    return _finish(run, SyncRun.Status.SUCCEEDED, **snapshot.counts(), **plan.counts(), rows_written=written)


def _acquire(store, run: SyncRun) -> bool:
    now = timezone.now()
    SyncLease.objects.get_or_create(store=store)
    taken = (
        SyncLease.objects.filter(store=store)
        .filter(Q(run__isnull=True) | Q(expires_at__lt=now) | Q(run=run))
        .update(run=run, expires_at=now + lease_length())
    )
    return taken == 1


def _still_holds(store, run: SyncRun) -> bool:
    """Renew the lease if this run still holds it."""
    return SyncLease.objects.filter(store=store, run=run).update(expires_at=timezone.now() + lease_length()) == 1


def _release(store, run: SyncRun) -> None:
    SyncLease.objects.filter(store=store, run=run).update(run=None, expires_at=None)


def _finish(run: SyncRun, status: str, **fields) -> SyncRun:
    run.status = status
    run.finished_at = timezone.now()
    for name, value in fields.items():
        setattr(run, name, value)
    run.save()
    return run


def _reap_abandoned(application, current: SyncRun) -> None:
    """Runs left "running" by a worker that died: record that they were taken over."""
    (
        SyncRun.objects.filter(application=application, status=SyncRun.Status.RUNNING)
        .exclude(pk=current.pk)
        .update(
            status=SyncRun.Status.FAILED,
            finished_at=timezone.now(),
            error=f"The worker running this sync stopped before it finished; run {current.pk} took over.",
        )
    )


@collector_paused()
def sync_run_execute(*, application_id: int, run_id: int | None = None, final_attempt: bool = True) -> SyncRun:
    """Run one sync of an application. Raises :class:`SyncReadFailed` when the directory could not
    be read and another attempt may follow (the run is then recorded as retrying)."""
    application = application_model().objects.select_related("store").get(pk=application_id)
    if run_id is None:
        run = SyncRun.objects.create(application=application, trigger=SyncRun.Trigger.SCHEDULE)
    else:
        run = SyncRun.objects.get(pk=run_id)
        if run.status in SyncRun.FINISHED:
            return run  # A redelivered message for a run that already ended.
    store = application.store
    if store is None:
        return _finish(run, SyncRun.Status.FAILED, error="The application's identity store was deleted.")
    if not _acquire(store, run):
        holder = SyncLease.objects.filter(store=store).values_list("run_id", flat=True).first()
        if run.trigger == SyncRun.Trigger.DIRECTORY and run.created_at > timezone.now() - lease_length():
            # The run holding the lease may have read the directory before this change: try again
            # once it is done rather than leave the change to the schedule.
            raise LeaseBusy(run.pk)
        return _finish(
            run,
            SyncRun.Status.SKIPPED,
            detail=f"Another sync of identity store {store.store_id} (run {holder}) was running.",
        )
    _reap_abandoned(application, run)
    run.status = SyncRun.Status.RUNNING
    run.started_at = run.started_at or timezone.now()
    run.attempts += 1
    run.error = ""
    run.save()
    try:
        # Everything is read before anything is written: a failed read changes nothing. Only the
        # members of the connected groups are read: the plan needs no other group's.
        group_ids = connected_group_ids_of(application)
        snapshot = source_for(store).read(group_ids=group_ids)
        for name, value in snapshot.counts().items():
            setattr(run, name, value)
        if not _still_holds(store, run):
            return _finish(
                run, SyncRun.Status.FAILED, error="The run lost its lease to another run; nothing was changed."
            )
        with transaction.atomic():
            # Lock the lease row so that nobody takes it over while this run writes.
            if not SyncLease.objects.select_for_update().filter(store=store, run=run).exists():
                return _finish(run, SyncRun.Status.FAILED, error="The run lost its lease; nothing was changed.")
            _still_holds(store, run)  # Renewed between the phases: the writes get a whole lease.
            spaces = federated_spaces_of(application)
            if not connected_group_ids(spaces) <= group_ids:
                # A group was connected while the directory was read: read its members too.
                snapshot = source_for(store).read(group_ids=connected_group_ids(spaces))
                for name, value in snapshot.counts().items():
                    setattr(run, name, value)
            plan = plan_sync(store_id=store.store_id, spaces=spaces, snapshot=snapshot)
            held = [] if run.allow_mass_removal else plan.held_spaces()
            # Who is added, updated and removed (or would be, if held): read before the plan is applied.
            run_changes_record(run=run, plan=plan, snapshot=snapshot)
            if held:
                detail = "; ".join(
                    f"{s.space_name}: would remove {len(s.remove)} of {s.current} SSO members" for s in held
                )
                return _finish(
                    run,
                    SyncRun.Status.HELD,
                    **plan.counts(),
                    detail=f"Nothing was changed. {detail}. An operator must approve this sync.",
                )
            written = apply_plan(plan)
            return _finish(
                run,
                SyncRun.Status.SUCCEEDED,
                **plan.counts(),
                rows_written=written,
                detail="No change." if plan.is_empty else "",
            )
    except DirectoryReadError as exc:
        status = SyncRun.Status.FAILED if final_attempt else SyncRun.Status.RETRYING
        _finish(run, status, error=f"Reading the directory failed, so nothing was changed: {exc}")
        if not final_attempt:
            raise SyncReadFailed(run.pk, str(exc)) from exc
        return run
    finally:
        _release(store, run)


def _require_staff(by, what: str) -> None:
    if not getattr(by, "is_staff", False):
        raise Forbidden(f"Only operations staff can {what}.")


def sync_run_operator_request(*, application, by) -> SyncRun:
    """ "Run now" on the operations page: staff sync an application outside its schedule."""
    _require_staff(by, "run a sync from the operations page")
    return sync_run_request(application=application, trigger=SyncRun.Trigger.OPERATOR, requested_by=by)


@transaction.atomic
def sync_run_approve(*, run: SyncRun, by) -> SyncRun:
    """An operator approves a held run: a new run applies the removals the guard stopped."""
    _require_staff(by, "approve a held sync")
    run = SyncRun.objects.select_for_update().get(pk=run.pk)
    if run.status != SyncRun.Status.HELD:
        raise DomainError("Only a held sync can be approved.")
    run.status = SyncRun.Status.APPROVED
    run.detail = (run.detail + f" Approved by {by.display_name}.").strip()
    run.save(update_fields=["status", "detail"])
    return sync_run_request(
        application=run.application, trigger=SyncRun.Trigger.APPROVAL, requested_by=by, allow_mass_removal=True
    )


STUCK = (SyncRun.Status.QUEUED, SyncRun.Status.RUNNING, SyncRun.Status.RETRYING)


@transaction.atomic
def sync_run_mark_failed(*, run: SyncRun, by) -> SyncRun:
    """An operator marks a run that is stuck (its worker died, its message was lost) failed: the
    identity store's lease is released if the run holds it, so the next run starts at once."""
    _require_staff(by, "mark a sync run failed")
    run = SyncRun.objects.select_for_update().select_related("application").get(pk=run.pk)
    if run.status not in STUCK:
        raise DomainError(
            f"Run {run.pk} has already ended ({run.get_status_display()}); only an unfinished run can be marked failed."
        )
    store_id = run.application.store_id
    if store_id is not None:
        SyncLease.objects.filter(store_id=store_id, run=run).update(run=None, expires_at=None)
    return _finish(
        run, SyncRun.Status.FAILED, error=f"Marked failed by {by.display_name}; nothing more was changed by it."
    )


@transaction.atomic
def space_sync_request(*, space, by) -> SyncRun:
    """ "Sync now" on a space's SSO page: a Space administrator syncs the space's application.
    Pressed many times at once, it queues one run: the application's row is locked before looking
    for the active run, so the second request sees the run the first one queued."""
    permissions.require(by, "sso.manage", space=space)
    application = space.identity_application
    if application is None:
        raise DomainError("This space is not connected to an Identity Center application, so there is nothing to sync.")
    application = (
        application_model().objects.select_for_update(of=("self",)).select_related("store").get(pk=application.pk)
    )
    active = active_run(application)
    if active is not None:
        return active  # One at a time: show the run that is already on its way.
    return sync_run_request(application=application, trigger=SyncRun.Trigger.MANUAL, requested_by=by)


def runs_page_state(application_id: int):
    """The application of the operations page of its runs, with ``schedule_id`` (its sync schedule's,
    as :func:`~identity.sync.schedules.schedule_of` finds it, or None) and ``active`` (whether
    :func:`active_run` has a run on its way), in one plain-SQL SELECT: the page reads them on every
    request, and refreshes itself every three seconds while a run is active. None when there is no
    such application. "Sync now" still asks :func:`active_run` itself, under the application's lock."""
    Application = application_model()  # noqa: N806
    connection = connections["default"]
    moment = timezone.now()
    now = connection.ops.adapt_datetimefield_value(moment)
    since = connection.ops.adapt_datetimefield_value(moment - lease_length())
    params = [SYNC_TASK, schedule_kwargs(application_id), now, now, SyncRun.Status.QUEUED.value]
    params += [SyncRun.Status.RETRYING.value, since, application_id]
    row = next(iter(rows.fetch(_runs_page_sql(), params)), None)
    if row is None:
        return None
    application, at = rows.from_row(Application, row, 0)
    application.schedule_id, application.active = row[at], bool(row[at + 1])
    return application


@cache
def _runs_page_sql() -> str:
    a, t, lease, r = (m._meta for m in (application_model(), PeriodicTask, SyncLease, SyncRun))
    store, run_app = a.get_field("store").column, r.get_field("application").column
    holder = (
        f"(SELECT l.{lease.get_field('run').column} FROM {lease.db_table} l "
        f"WHERE l.{lease.pk.column} = a.{store} AND l.{lease.get_field('expires_at').column} > %s)"
    )
    return (
        f"SELECT {rows.columns(application_model(), 'a')}, "
        f"(SELECT t.{t.pk.column} FROM {t.db_table} t WHERE t.{t.get_field('task').column} = %s "
        f"AND t.{t.get_field('kwargs').column} = %s ORDER BY t.{t.pk.column} LIMIT 1), "
        f"CASE WHEN a.{store} IS NULL THEN FALSE "
        f"WHEN {holder} IS NOT NULL THEN EXISTS (SELECT 1 FROM {r.db_table} h "
        f"WHERE h.{r.pk.column} = {holder} AND h.{run_app} = a.{a.pk.column}) "
        f"ELSE EXISTS (SELECT 1 FROM {r.db_table} q WHERE q.{run_app} = a.{a.pk.column} "
        f"AND q.{r.get_field('status').column} IN (%s, %s) AND q.{r.get_field('created_at').column} >= %s) END "
        f"FROM {a.db_table} a WHERE a.{a.pk.column} = %s"
    )


def active_run(application) -> SyncRun | None:
    """The run of ``application`` that is really on its way: the one holding the store's lease, or
    one queued or waiting to retry recently. A run abandoned by a killed worker, or a message lost
    by the broker, does not block "Sync now" once its lease has expired. An application whose
    identity store was deleted has none."""
    if application.store_id is None:
        return None
    now = timezone.now()
    holder = (
        SyncLease.objects.filter(store_id=application.store_id, expires_at__gt=now)
        .values_list("run_id", flat=True)
        .first()
    )
    if holder:
        return SyncRun.objects.filter(pk=holder, application=application).first()
    return (
        application.sync_runs.filter(
            status__in=(SyncRun.Status.QUEUED, SyncRun.Status.RETRYING), created_at__gte=now - lease_length()
        )
        .order_by("-created_at")
        .first()
    )
