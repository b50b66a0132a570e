"""Reads on the group sync for the operations pages."""

from django.conf import settings
from django.db.models import QuerySet

from catalyst_admin import rows
from identity.people.models import User
from identity.sync.models import SyncRun, SyncRunChange, application_model
from spaces.models import Space


def held_run_list() -> list[SyncRun]:
    """Runs the mass-removal guard held, waiting for an operator's approval, newest first, each with
    its application: ``SyncRun.objects.filter(status=HELD).select_related("application")`` in plain
    SQL (the operations page reads it on every request)."""
    r, a = SyncRun._meta, application_model()._meta
    sql = (
        f"SELECT {rows.columns(SyncRun, 'r')}, {rows.columns(application_model(), 'a')} FROM {r.db_table} r "
        f"INNER JOIN {a.db_table} a ON a.{a.pk.column} = r.{r.get_field('application').column} "
        f"WHERE r.{r.get_field('status').column} = %s "
        f"ORDER BY r.{r.get_field('created_at').column} DESC, r.{r.pk.column} DESC"
    )
    held = []
    for row in rows.fetch(sql, [SyncRun.Status.HELD.value]):
        run, at = rows.from_row(SyncRun, row, 0)
        run.application = rows.from_row(application_model(), row, at)[0]
        held.append(run)
    return held


def run_history(application) -> QuerySet[SyncRun]:
    """An application's runs, newest first."""
    return application.sync_runs.select_related("requested_by")


def run_history_listing(application) -> rows.Listing:
    """:func:`run_history` as the operations page pages it, in plain SQL (a count and a page of runs,
    each with who requested it): the page reads it on every request, every three seconds while a run
    is on its way."""
    r, u = SyncRun._meta, User._meta
    where = f"FROM {r.db_table} r WHERE r.{r.get_field('application').column} = %s"
    requested_by = r.get_field("requested_by").column

    def make(row):
        run, at = rows.from_row(SyncRun, row, 0)
        run.requested_by, run.application = rows.from_row(User, row, at)[0], application
        return run

    return rows.Listing(
        count=f"SELECT COUNT(*) {where}",
        page=f"SELECT {rows.columns(SyncRun, 'r')}, {rows.columns(User, 'u')} FROM {r.db_table} r "
        f"LEFT OUTER JOIN {u.db_table} u ON u.{u.pk.column} = r.{requested_by} "
        f"WHERE r.{r.get_field('application').column} = %s "
        f"ORDER BY r.{r.get_field('created_at').column} DESC, r.{r.pk.column} DESC LIMIT %s OFFSET %s",
        params=[application.pk],
        make=make,
    )


def run_for_page(run_id: int) -> SyncRun | None:
    """``SyncRun.objects.select_related("application", "requested_by")`` of ``run_id``, in plain SQL:
    a run's page (refreshing itself while the run is on its way) reads it on every request."""
    r, a, u = SyncRun._meta, application_model()._meta, User._meta
    sql = (
        f"SELECT {rows.columns(SyncRun, 'r')}, {rows.columns(application_model(), 'a')}, {rows.columns(User, 'u')} "
        f"FROM {r.db_table} r INNER JOIN {a.db_table} a ON a.{a.pk.column} = r.{r.get_field('application').column} "
        f"LEFT OUTER JOIN {u.db_table} u ON u.{u.pk.column} = r.{r.get_field('requested_by').column} "
        f"WHERE r.{r.pk.column} = %s"
    )
    found = rows.fetch(sql, [run_id])
    if not found:
        return None
    run, at = rows.from_row(SyncRun, found[0], 0)
    run.application, at = rows.from_row(application_model(), found[0], at)
    run.requested_by = rows.from_row(User, found[0], at)[0]
    return run


def run_changes(run: SyncRun, *, space=None) -> list[dict]:
    """Who ``run`` added, updated and removed (or would have, if held), kind by kind: the rows it
    named (only ``space``'s if given) and how many more it counted without naming them. The run's
    counts are exact; it names at most ``SYNC_CHANGES_NAMED_PER_KIND`` of each kind."""
    held = run.status == SyncRun.Status.HELD
    Kind = SyncRunChange.Kind
    totals = {Kind.ADDED: run.members_added, Kind.UPDATED: run.members_updated, Kind.REMOVED: run.members_removed}
    headings = {
        Kind.ADDED: "Would add" if held else "Added",
        Kind.UPDATED: "Would update" if held else "Updated",
        Kind.REMOVED: "Would remove" if held else "Removed",
    }
    # run.changes counted by kind, and run.changes.select_related("space").order_by("kind",
    # "space__name", "username") (only ``space``'s if given), in plain SQL: the run's pages read them.
    c, sp = SyncRunChange._meta, Space._meta
    kind_column, run_column, space_column = (c.get_field(name).column for name in ("kind", "run", "space"))
    named = dict(
        rows.fetch(
            f"SELECT {kind_column}, COUNT(*) FROM {c.db_table} WHERE {run_column} = %s GROUP BY {kind_column}",
            [run.pk],
        )
    )
    sql = (
        f"SELECT {rows.columns(SyncRunChange, 'c')}, {rows.columns(Space, 's')} FROM {c.db_table} c "
        f"INNER JOIN {sp.db_table} s ON s.{sp.pk.column} = c.{space_column} WHERE c.{run_column} = %s "
        + (f"AND c.{space_column} = %s " if space is not None else "")
        + f"ORDER BY c.{kind_column}, s.{sp.get_field('name').column}, c.{c.get_field('username').column}"
    )
    by_kind = {kind: [] for kind in Kind.values}
    for row in rows.fetch(sql, [run.pk, *([space.pk] if space is not None else [])]):
        change, at = rows.from_row(SyncRunChange, row, 0)
        change.space, change.run = rows.from_row(Space, row, at)[0], run
        by_kind[change.kind].append(change)
    return [
        {
            "kind": kind,
            "heading": headings[kind],
            "rows": by_kind[kind],
            "total": totals[kind],
            "more": max(totals[kind] - named.get(kind, 0), 0),
            "named_limit": f"{settings.SYNC_CHANGES_NAMED_PER_KIND:,}",
        }
        for kind in Kind.values
    ]
