"""The IAM Identity Center group sync: make each federated space's SSO members equal to the users
of its connected groups plus its assigned Space administrators.

New users and memberships are written with COPY on PostgreSQL (:mod:`identity.sync.copy`).
The sync reads everything first (:mod:`identity.sync.sources`), plans the change in memory, and only
then writes, in one transaction, exactly the rows that differ. A run with no change in the
directory writes nothing. A plan that would remove more than ``SYNC_MAX_REMOVAL_SHARE`` of a
space's SSO members is held for an operator instead of applied.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

from accounts.aws.identity_center.client import DirectorySnapshot
from identity.people.models import User
from identity.sync.copy import copy_insert
from spaces.models import ConnectedGroup, Space, SpaceMembership
from spaces.roles import SpaceRole
from spaces.services import memberships_end

ROLE_RANK = {SpaceRole.LIMITED_ACCESS: 0, SpaceRole.POWER_USER: 1, SpaceRole.SPACE_ADMINISTRATOR: 2}
BATCH = 2000


def sso_username(store_id: str, user_id: str) -> str:
    """The CodeCatalyst user of a directory user: keyed by the store's stable user ID."""
    return f"sso/{store_id}/{user_id}"


@dataclass
class SpacePlan:
    space_id: int
    space_name: str
    current: int = 0
    add: dict[str, str] = field(default_factory=dict)  # directory user ID -> role
    update: dict[int, str] = field(default_factory=dict)  # membership pk -> new role
    remove: list[int] = field(default_factory=list)  # membership pks
    groups: dict[int, list[str]] = field(default_factory=dict)  # connected group pk -> synced members

    def exceeds_removal_guard(self, share: float, minimum: int) -> bool:
        """Too many removals to apply without an operator: more than ``share`` of the space's SSO
        members (and at least ``minimum``), or every one of them, however few they are."""
        removing = len(self.remove)
        if self.current > 0 and removing >= self.current:
            return True
        return removing >= minimum and self.current > 0 and removing > share * self.current


@dataclass
class SyncPlan:
    store_id: str
    users_create: dict[str, tuple[str, str, bool]] = field(default_factory=dict)  # uid -> (name, email, active)
    users_update: dict[int, tuple[str, str, bool]] = field(default_factory=dict)  # pk -> (name, email, active)
    spaces: list[SpacePlan] = field(default_factory=list)

    @property
    def members_added(self) -> int:
        return sum(len(s.add) for s in self.spaces)

    @property
    def members_updated(self) -> int:
        return sum(len(s.update) for s in self.spaces)

    @property
    def members_removed(self) -> int:
        return sum(len(s.remove) for s in self.spaces)

    def counts(self) -> dict[str, int]:
        """What a sync run records about the change it planned."""
        return {
            "members_added": self.members_added,
            "members_updated": self.members_updated,
            "members_removed": self.members_removed,
        }

    def held_spaces(self) -> list[SpacePlan]:
        share = settings.SYNC_MAX_REMOVAL_SHARE
        minimum = settings.SYNC_REMOVAL_GUARD_MIN
        return [s for s in self.spaces if s.exceeds_removal_guard(share, minimum)]

    @property
    def is_empty(self) -> bool:
        return not (
            self.users_create
            or self.users_update
            or any(s.add or s.update or s.remove or s.groups for s in self.spaces)
        )


def _desired_members(space: Space, snapshot: DirectorySnapshot) -> dict[str, str]:
    desired: dict[str, str] = {}

    def grant(user_id, role):
        user = snapshot.users.get(user_id)
        if user is None or not user[3]:  # deleted or disabled in the directory
            return
        if user_id not in desired or ROLE_RANK[role] > ROLE_RANK[desired[user_id]]:
            desired[user_id] = role

    for group in space.connected_groups.all():
        for user_id in snapshot.members.get(group.group_id, ()):
            grant(user_id, group.role)
    for admin in space.sso_administrators.all():
        grant(admin.user_id, SpaceRole.SPACE_ADMINISTRATOR)
    return desired


def plan_sync(*, store_id: str, spaces, snapshot: DirectorySnapshot) -> SyncPlan:
    """Work out, without writing, what must change for ``spaces`` to match ``snapshot``."""
    plan = SyncPlan(store_id=store_id)
    prefix = sso_username(store_id, "")
    existing: dict[str, tuple[int, str, str, bool]] = {}
    for pk, username, name, email, active in (
        User.objects.filter(username__startswith=prefix)
        .values_list("pk", "username", "name", "email", "is_active")
        .iterator(chunk_size=10000)
    ):
        existing[username[len(prefix) :]] = (pk, name, email, active)
    uid_of_pk = {value[0]: uid for uid, value in existing.items()}

    desired_by_space = {space.pk: _desired_members(space, snapshot) for space in spaces}
    needed = set().union(*desired_by_space.values()) if desired_by_space else set()

    for uid in needed - existing.keys():
        _, display_name, email, enabled = snapshot.users[uid]
        plan.users_create[uid] = (display_name[:200], email, enabled)
    for uid, (pk, name, email, active) in existing.items():
        user = snapshot.users.get(uid)
        wanted = (user[1][:200], user[2], user[3]) if user else (name, email, False)
        if wanted != (name, email, active):
            plan.users_update[pk] = wanted

    current_by_space: dict[int, dict[str, tuple[int, str]]] = {space.pk: {} for space in spaces}
    for pk, space_id, user_pk, role in (
        SpaceMembership.objects.filter(space__in=[s.pk for s in spaces], source=SpaceMembership.Source.SSO)
        .values_list("pk", "space_id", "user_id", "role")
        .iterator(chunk_size=10000)
    ):
        uid = uid_of_pk.get(user_pk)
        if uid is not None:
            current_by_space[space_id][uid] = (pk, role)

    for space in spaces:
        desired = desired_by_space[space.pk]
        current = current_by_space[space.pk]
        space_plan = SpacePlan(space_id=space.pk, space_name=space.name, current=len(current))
        for uid, role in desired.items():
            if uid not in current:
                space_plan.add[uid] = role
            elif current[uid][1] != role:
                space_plan.update[current[uid][0]] = role
        for uid, (pk, _) in current.items():
            if uid not in desired:
                space_plan.remove.append(pk)
        for group in space.connected_groups.all():
            members = sorted(
                uid
                for uid in snapshot.members.get(group.group_id, ())
                if uid in snapshot.users and snapshot.users[uid][3]
            )
            if members != group.synced_members:
                space_plan.groups[group.pk] = members
        plan.spaces.append(space_plan)
    return plan


@transaction.atomic
def apply_plan(plan: SyncPlan) -> int:
    """Write exactly what ``plan`` says, in one transaction; returns the number of rows written."""
    written = 0
    prefix = sso_username(plan.store_id, "")
    if plan.users_create:
        new_users = [
            {"username": prefix + uid, "name": name, "email": email, "is_active": active, "kind": User.Kind.SSO}
            for uid, (name, email, active) in plan.users_create.items()
        ]
        # COPY on PostgreSQL, bulk_create elsewhere; in this transaction either way. An unusable
        # password ("!", as set_unusable_password would make it, without hashing for each user).
        written += copy_insert(User, [{**user, "password": "!"} for user in new_users], batch_size=BATCH)
    if plan.users_update:
        changed = []
        for pk, (name, email, active) in plan.users_update.items():
            changed.append(User(pk=pk, name=name, email=email, is_active=active))
        User.objects.bulk_update(changed, ["name", "email", "is_active"], batch_size=BATCH)
        written += len(changed)

    adding = {uid for space_plan in plan.spaces for uid in space_plan.add}
    pk_of_uid = {}
    if adding:
        usernames = [prefix + uid for uid in adding]
        for start in range(0, len(usernames), BATCH * 5):
            chunk = usernames[start : start + BATCH * 5]
            for pk, username in User.objects.filter(username__in=chunk).values_list("pk", "username"):
                pk_of_uid[username[len(prefix) :]] = pk

    for space_plan in plan.spaces:
        if space_plan.groups:
            ConnectedGroup.objects.bulk_update(
                [ConnectedGroup(pk=pk, synced_members=members) for pk, members in space_plan.groups.items()],
                ["synced_members"],
                batch_size=200,
            )
            written += len(space_plan.groups)
        if space_plan.add:
            copy_insert(
                SpaceMembership,
                [
                    {
                        "space_id": space_plan.space_id,
                        "user_id": pk_of_uid[uid],
                        "role": role,
                        "source": SpaceMembership.Source.SSO,
                    }
                    for uid, role in space_plan.add.items()
                ],
                batch_size=BATCH,
            )
            written += len(space_plan.add)
        if space_plan.update:
            SpaceMembership.objects.bulk_update(
                [SpaceMembership(pk=pk, role=role) for pk, role in space_plan.update.items()],
                ["role"],
                batch_size=BATCH,
            )
            written += len(space_plan.update)
        if space_plan.remove:
            # memberships_end takes their project and team memberships in the space with them.
            for start in range(0, len(space_plan.remove), BATCH):
                written += memberships_end(
                    space_id=space_plan.space_id,
                    memberships=SpaceMembership.objects.filter(pk__in=space_plan.remove[start : start + BATCH]),
                )
    return written


def federated_spaces_of(application):
    return list(
        Space.objects.filter(identity_application=application, kind=Space.Kind.FEDERATED).prefetch_related(
            "connected_groups", "sso_administrators"
        )
    )
