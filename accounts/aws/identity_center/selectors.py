"""Reads on the emulated IAM Identity Center, scoped to the organization of the AWS account the
person is signed in to the console with. Another organization's users, groups, permission sets and
accounts are never found: a lookup outside the organization is a 404."""

from functools import cache

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from accounts.aws.console.models import AwsAccount, Organization
from accounts.aws.identity_center.models import (
    AccountAssignment,
    DirectoryGroup,
    DirectoryUser,
    GroupMembership,
    IdentityCenterInstance,
    IdentityStore,
    PermissionSet,
)
from catalyst_admin import rows


@cache
def _identity_center_sql() -> str:
    # IdentityCenterInstance.objects.select_related("organization__management_account",
    #     "delegated_administrator", "identity_store").filter(organization_id=…).first()
    field = IdentityCenterInstance._meta.get_field
    return (
        f"SELECT {rows.columns(IdentityCenterInstance, 'i')}, {rows.columns(Organization, 'o')}, "
        f"{rows.columns(AwsAccount, 'm')}, {rows.columns(AwsAccount, 'd')}, {rows.columns(IdentityStore, 's')} "
        f"FROM {IdentityCenterInstance._meta.db_table} i "
        f"INNER JOIN {Organization._meta.db_table} o ON o.id = i.{field('organization').column} "
        f"LEFT OUTER JOIN {AwsAccount._meta.db_table} m "
        f"ON m.id = o.{Organization._meta.get_field('management_account').column} "
        f"LEFT OUTER JOIN {AwsAccount._meta.db_table} d ON d.id = i.{field('delegated_administrator').column} "
        f"LEFT OUTER JOIN {IdentityStore._meta.db_table} s "
        f"ON s.{IdentityStore._meta.get_field('instance').column} = i.id "
        f"WHERE i.{field('organization').column} = %s ORDER BY i.id LIMIT 1"
    )


def identity_center_for(account: AwsAccount) -> IdentityCenterInstance | None:
    """The IAM Identity Center instance of ``account``'s organization, or None (no organization,
    or not enabled); with its organization and management account, its delegated administrator and
    its identity store. One query, in plain SQL (``catalyst_admin.rows``): every Identity Center page
    reads it."""
    if account is None or account.organization_id is None:
        return None
    found = rows.fetch(_identity_center_sql(), [account.organization_id])
    if not found:
        return None
    instance, start = rows.from_row(IdentityCenterInstance, found[0], 0)
    organization, start = rows.from_row(Organization, found[0], start)
    management, start = rows.from_row(AwsAccount, found[0], start)
    delegated, start = rows.from_row(AwsAccount, found[0], start)
    store, _ = rows.from_row(IdentityStore, found[0], start)
    # The caches select_related would fill, both ways for the one-to-one relations.
    field = IdentityCenterInstance._meta.get_field
    field("organization").set_cached_value(instance, organization)
    field("organization").remote_field.set_cached_value(organization, instance)
    Organization._meta.get_field("management_account").set_cached_value(organization, management)
    field("delegated_administrator").set_cached_value(instance, delegated)
    field("identity_store").set_cached_value(instance, store)
    if store is not None:
        IdentityStore._meta.get_field("instance").set_cached_value(store, instance)
    return instance


def directory_users(store, *, query: str = "") -> QuerySet[DirectoryUser]:
    """The store's users, found by user name, display name or email address."""
    users = store.users.all()
    query = (query or "").strip()
    if query:
        users = users.filter(
            Q(user_name__icontains=query) | Q(display_name__icontains=query) | Q(email__icontains=query)
        )
    return users.order_by("user_name", "pk")


def directory_user_listing(store, *, query: str = ""):
    """:func:`directory_users` as the Users page pages it: without a search, in plain SQL (a
    ``rows.Listing``: a count and a page of users; the page is read on every visit and building the
    paged queryset cost more than running it); a search is the queryset's own ``icontains``."""
    if (query or "").strip():
        return directory_users(store, query=query)
    u = DirectoryUser._meta
    return _user_listing(f"FROM {u.db_table} u WHERE u.{u.get_field('store').column} = %s", [store.pk])


def _user_listing(where: str, params) -> rows.Listing:
    # Directory users (``u``) of a FROM … WHERE, by user name then key, as directory_users and
    # group_members order them.
    u = DirectoryUser._meta
    return rows.Listing(
        count=f"SELECT COUNT(*) {where}",
        page=f"SELECT {rows.columns(DirectoryUser, 'u')} {where} "
        f"ORDER BY u.{u.get_field('user_name').column}, u.{u.pk.column} LIMIT %s OFFSET %s",
        params=params,
        make=lambda row: rows.from_row(DirectoryUser, row, 0)[0],
    )


def _one_in_store(model, store, id_field: str, value: str):
    # store.<users|groups>.filter(<id_field>=value).first(), in plain SQL: the model's own order
    # (Meta.ordering) then its key, as first() orders it.
    m = model._meta
    order = ", ".join(
        [
            *(f"r.{m.get_field(name.lstrip('-')).column}{' DESC' if name[0] == '-' else ''}" for name in m.ordering),
            f"r.{m.pk.column}",
        ]
    )
    sql = (
        f"SELECT {rows.columns(model, 'r')} FROM {m.db_table} r WHERE r.{m.get_field('store').column} = %s "
        f"AND r.{m.get_field(id_field).column} = %s ORDER BY {order} LIMIT 1"
    )
    found = rows.fetch(sql, [store.pk, value])
    return rows.from_row(model, found[0], 0)[0] if found else None


def directory_user_for(store, user_id: str) -> DirectoryUser:
    """The store's user with that ID (a 404 otherwise), in plain SQL: every page of a user reads it."""
    user = _one_in_store(DirectoryUser, store, "user_id", user_id)
    if user is None:
        raise Http404("No user with that ID in this identity store.")
    return user


def groups_of_user(user: DirectoryUser) -> QuerySet[DirectoryGroup]:
    return DirectoryGroup.objects.filter(memberships__user=user).order_by("display_name", "pk")


def directory_groups(store, *, query: str = "") -> QuerySet[DirectoryGroup]:
    """The store's groups with their member counts, found by name or description."""
    groups = store.groups.annotate(member_count=Count("memberships"))
    query = (query or "").strip()
    if query:
        groups = groups.filter(Q(display_name__icontains=query) | Q(description__icontains=query))
    return groups.order_by("display_name", "pk")


def directory_group_for(store, group_id: str) -> DirectoryGroup:
    """The store's group with that ID (a 404 otherwise), in plain SQL: every page of a group reads it."""
    group = _one_in_store(DirectoryGroup, store, "group_id", group_id)
    if group is None:
        raise Http404("No group with that ID in this identity store.")
    return group


def group_members(group: DirectoryGroup) -> QuerySet[DirectoryUser]:
    return DirectoryUser.objects.filter(memberships__group=group).order_by("user_name", "pk")


def group_member_listing(group: DirectoryGroup):
    """:func:`group_members` as the group's page pages it, in plain SQL (a ``rows.Listing``: a count
    and a page of users)."""
    u, g = DirectoryUser._meta, GroupMembership._meta
    where = (
        f"FROM {u.db_table} u INNER JOIN {g.db_table} g ON g.{g.get_field('user').column} = u.{u.pk.column} "
        f"WHERE g.{g.get_field('group').column} = %s"
    )
    return _user_listing(where, [group.pk])


def users_not_in_group(group: DirectoryGroup, *, query: str = "") -> QuerySet[DirectoryUser]:
    """Users of the group's store who are not members yet: the choices of "Add users to group"."""
    return directory_users(group.store, query=query).exclude(memberships__group=group)


def permission_sets(instance: IdentityCenterInstance) -> QuerySet[PermissionSet]:
    return instance.permission_sets.annotate(assignment_count=Count("assignments")).order_by("name", "pk")


def permission_set_for(instance: IdentityCenterInstance, permission_set_id: str) -> PermissionSet:
    permission_set = (
        instance.permission_sets.select_related("instance").filter(permission_set_id=permission_set_id).first()
    )
    if permission_set is None:
        raise Http404("No permission set with that ID in this instance.")
    return permission_set


def organization_accounts(instance: IdentityCenterInstance) -> QuerySet[AwsAccount]:
    """The organization's AWS accounts, each with its number of assignments in this instance."""
    counts = (
        AccountAssignment.objects.filter(account=OuterRef("pk"), permission_set__instance=instance)
        .order_by()
        .values("account")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        AwsAccount.objects.filter(organization_id=instance.organization_id)
        .annotate(assignment_count=Coalesce(Subquery(counts, output_field=IntegerField()), Value(0)))
        .order_by("account_id")
    )


def organization_account_for(instance: IdentityCenterInstance, account_id: str) -> AwsAccount:
    account = AwsAccount.objects.filter(organization_id=instance.organization_id, account_id=account_id).first()
    if account is None:
        raise Http404("No AWS account with that ID in this organization.")
    return account


def member_accounts(instance: IdentityCenterInstance) -> QuerySet[AwsAccount]:
    """Accounts that may become delegated administrator: every account but the management account."""
    return AwsAccount.objects.filter(organization_id=instance.organization_id).exclude(
        pk=instance.organization.management_account_id
    )


def account_assignments(instance: IdentityCenterInstance, target_account: AwsAccount) -> QuerySet[AccountAssignment]:
    return (
        AccountAssignment.objects.filter(account=target_account, permission_set__instance=instance)
        .select_related("permission_set", "user", "group")
        .order_by("permission_set__name", "group__display_name", "user__user_name", "pk")
    )


def account_assignment_for(instance, target_account, pk) -> AccountAssignment:
    assignment = (
        account_assignments(instance, target_account)
        .select_related("permission_set__instance__organization")
        .filter(pk=pk)
        .first()
    )
    if assignment is None:
        raise Http404("No such assignment in this account.")
    return assignment


def principal_assignment_list(instance, *, user=None, group=None) -> list[AccountAssignment]:
    """Where a user or group has access: their assignments in ``instance``'s permission sets, by
    account ID then permission set name, each with its account and permission set. In plain SQL (a
    user's and a group's pages read it on every request) for ``AccountAssignment.objects.filter(
    permission_set__instance=instance, user=user | group=group).select_related("account",
    "permission_set").order_by("account__account_id", "permission_set__name")``."""
    a, s, p = AccountAssignment._meta, AwsAccount._meta, PermissionSet._meta
    column = a.get_field("user" if user is not None else "group").column
    sql = (
        f"SELECT {rows.columns(AccountAssignment, 'a')}, {rows.columns(AwsAccount, 's')}, "
        f"{rows.columns(PermissionSet, 'p')} FROM {a.db_table} a "
        f"INNER JOIN {p.db_table} p ON p.{p.pk.column} = a.{a.get_field('permission_set').column} "
        f"INNER JOIN {s.db_table} s ON s.{s.pk.column} = a.{a.get_field('account').column} "
        f"WHERE p.{p.get_field('instance').column} = %s AND a.{column} = %s "
        f"ORDER BY s.{s.get_field('account_id').column}, p.{p.get_field('name').column}"
    )
    assignments = []
    for row in rows.fetch(sql, [instance.pk, (user if user is not None else group).pk]):
        assignment, at = rows.from_row(AccountAssignment, row, 0)
        assignment.account, at = rows.from_row(AwsAccount, row, at)
        assignment.permission_set = rows.from_row(PermissionSet, row, at)[0]
        assignments.append(assignment)
    return assignments


def _in(values) -> str:
    return ", ".join(["%s"] * len(values))


def groups_with_user_counts(store, group_ids=None) -> list[DirectoryGroup]:
    """The store's groups (or those of ``group_ids``) with their number of users as ``user_count``.
    In plain SQL (``catalyst_admin.rows``): "Edit space" and the wizard read it on every request. It
    stands for ``DirectoryGroup.objects.filter(store=store).annotate(user_count=Count("memberships"))
    [.filter(group_id__in=group_ids)].order_by("display_name")``."""
    group_ids = None if group_ids is None else list(group_ids)
    if group_ids == []:
        return []
    chosen = f"AND g.group_id IN ({_in(group_ids)}) " if group_ids else ""
    found = rows.fetch(
        f"SELECT {rows.columns(DirectoryGroup, 'g')}, COUNT(m.id) FROM {DirectoryGroup._meta.db_table} g "
        f"LEFT OUTER JOIN {GroupMembership._meta.db_table} m ON m.group_id = g.id "
        f"WHERE g.store_id = %s {chosen}GROUP BY g.id ORDER BY g.display_name",
        [store.pk, *(group_ids or ())],
    )
    groups = []
    for row in found:
        group, end = rows.from_row(DirectoryGroup, row, 0)
        group.user_count = row[end]
        groups.append(group)
    return groups


def users_of_groups(store, group_ids, also_user_ids=()) -> list[DirectoryUser]:
    """The users of the chosen groups (and ``also_user_ids``), each with the chosen groups they are in
    (``chosen_groups``, by display name), by user name. In plain SQL (``catalyst_admin.rows``), two
    queries as the queryset it stands for: ``(DirectoryUser.objects.filter(store=store,
    memberships__group__in=chosen) | DirectoryUser.objects.filter(store=store, user_id__in=also))
    .distinct().order_by("user_name")``, prefetching ``directory_groups`` of ``chosen``."""
    group_ids, also_user_ids = list(group_ids), list(also_user_ids)
    if not group_ids and not also_user_ids:
        return []
    users_table, groups_table = DirectoryUser._meta.db_table, DirectoryGroup._meta.db_table
    members = (
        f"SELECT m.user_id FROM {GroupMembership._meta.db_table} m INNER JOIN {groups_table} g ON g.id = m.group_id "
        f"WHERE g.store_id = %s AND g.group_id IN ({_in(group_ids)})"
    )
    either = [f"u.id IN ({members})"] if group_ids else []
    either += [f"u.user_id IN ({_in(also_user_ids)})"] if also_user_ids else []
    found = rows.fetch(
        f"SELECT {rows.columns(DirectoryUser, 'u')} FROM {users_table} u "
        f"WHERE u.store_id = %s AND ({' OR '.join(either)}) ORDER BY u.user_name",
        [store.pk, *([store.pk, *group_ids] if group_ids else []), *also_user_ids],
    )
    users = [rows.from_row(DirectoryUser, row, 0)[0] for row in found]
    by_pk = {user.pk: user for user in users}
    for user in users:
        user.chosen_groups = []
    if group_ids and users:
        memberships = rows.fetch(
            f"SELECT m.user_id, {rows.columns(DirectoryGroup, 'g')} FROM {GroupMembership._meta.db_table} m "
            f"INNER JOIN {groups_table} g ON g.id = m.group_id "
            f"WHERE g.store_id = %s AND g.group_id IN ({_in(group_ids)}) ORDER BY g.display_name",
            [store.pk, *group_ids],
        )
        for row in memberships:
            if row[0] in by_pk:
                by_pk[row[0]].chosen_groups.append(rows.from_row(DirectoryGroup, row, 1)[0])
    return users
