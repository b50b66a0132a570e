"""Who a sync run added, updated and removed — or would have, for a held run: the rows of its run
detail page. Read from the plan before it is applied (a removal deletes the membership it names),
at most ``SYNC_CHANGES_NAMED_PER_KIND`` of each kind per run, in one bulk insert."""

from django.conf import settings

from accounts.aws.identity_center.client import DirectorySnapshot
from identity.sync.engine import SyncPlan, sso_username
from identity.sync.models import SyncRun, SyncRunChange
from spaces.models import SpaceMembership


def run_changes_record(*, run: SyncRun, plan: SyncPlan, snapshot: DirectorySnapshot) -> int:
    """Name the first changes of each kind of ``plan`` on ``run``; returns how many rows were written."""
    Kind = SyncRunChange.Kind
    limit = settings.SYNC_CHANGES_NAMED_PER_KIND
    prefix = sso_username(plan.store_id, "")
    rows: list[SyncRunChange] = []

    def room(kind) -> int:
        return limit - sum(1 for row in rows if row.kind == kind)

    for space_plan in plan.spaces:
        for uid, role in list(space_plan.add.items())[: room(Kind.ADDED)]:
            user_name, display_name, *_ = snapshot.users.get(uid, (uid, ""))
            rows.append(
                SyncRunChange(
                    run=run,
                    kind=Kind.ADDED,
                    space_id=space_plan.space_id,
                    username=user_name,
                    display_name=display_name[:200],
                    role=role,
                )
            )
    # Updated and removed memberships are named by their rows, read before the plan is applied.
    wanted = {Kind.UPDATED: {}, Kind.REMOVED: {}}
    for space_plan in plan.spaces:
        for pk, role in list(space_plan.update.items())[: limit - len(wanted[Kind.UPDATED])]:
            wanted[Kind.UPDATED][pk] = role
        for pk in space_plan.remove[: limit - len(wanted[Kind.REMOVED])]:
            wanted[Kind.REMOVED][pk] = None
    pks = [*wanted[Kind.UPDATED], *wanted[Kind.REMOVED]]
    memberships = {
        pk: (space_id, username, name, role)
        for pk, space_id, username, name, role in SpaceMembership.objects.filter(pk__in=pks).values_list(
            "pk", "space_id", "user__username", "user__name", "role"
        )
    }
    for kind, roles in wanted.items():
        for pk, new_role in roles.items():
            if pk not in memberships:
                continue
            space_id, username, name, role = memberships[pk]
            uid = username[len(prefix) :] if username.startswith(prefix) else username
            user_name = snapshot.users[uid][0] if uid in snapshot.users else uid
            rows.append(
                SyncRunChange(
                    run=run, kind=kind, space_id=space_id, username=user_name, display_name=name, role=new_role or role
                )
            )
    SyncRunChange.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
