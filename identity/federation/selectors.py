"""Reads on identity federation: the spaces and Identity Center applications an AWS account may
see and use from the AWS console, and what uses an identity store."""

from functools import cache

from django.db.models import Count, Exists, OuterRef, Q

from accounts.aws.console.models import AwsAccount
from accounts.aws.identity_center.models import DirectoryGroup, IdentityCenterInstance, IdentityStore
from accounts.connections.models import AccountConnection
from billing.models import SpaceBilling
from catalyst_admin import rows
from identity.federation.models import IdentityCenterApplication
from spaces.models import ConnectedGroup, Space, SpaceMembership, SsoAdministrator


def _with_counts(spaces):
    """Spaces with the numbers the wizard's space choice shows: projects and members."""
    return spaces.annotate(
        project_count=Count("projects", distinct=True), member_count=Count("memberships", distinct=True)
    )


def _billing_connection_verified():
    """Whether the space's billing account connection was verified in the AWS console: until then
    anyone may have typed the account ID, and nothing of the space is reachable through it (the
    rules of the house: "Nothing belonging to someone else is reachable through an AWS account that
    was never verified")."""
    return Exists(
        AccountConnection.objects.filter(
            space=OuterRef("pk"),
            aws_account_id=OuterRef("billing__aws_account_id"),
            status=AccountConnection.Status.VERIFIED,
        )
    )


def _billed_to(account: AwsAccount):
    return Space.objects.filter(billing__aws_account_id=account.account_id)


_CONVERTIBLE = Q(kind=Space.Kind.BUILDER_ID)
_ASSOCIABLE = Q(kind=Space.Kind.BUILDER_ID) | Q(kind=Space.Kind.FEDERATED, identity_application__isnull=True)


def convertible_spaces(account: AwsAccount):
    """Builder ID spaces that ``account`` bills, through a verified connection: the ones the wizard
    may convert."""
    return _with_counts(_billed_to(account).filter(_CONVERTIBLE).filter(_billing_connection_verified())).order_by(
        "name"
    )


def associable_spaces(account: AwsAccount):
    """Spaces "Connect space" may associate with an application: the Builder ID spaces ``account``
    bills, and its federated spaces that were disassociated from their application, each through a
    verified billing connection."""
    return _with_counts(_billed_to(account).filter(_ASSOCIABLE).filter(_billing_connection_verified())).order_by("name")


def unverified_billed_spaces(account: AwsAccount, *, associating: bool = False):
    """The spaces the wizard does not offer because their billing connection to ``account`` is
    still pending verification (their names are shown to ``account``, the account they name, as on
    Amazon CodeCatalyst › Spaces)."""
    kinds = _ASSOCIABLE if associating else _CONVERTIBLE
    return _billed_to(account).filter(kinds).exclude(_billing_connection_verified()).order_by("name")


def applications_visible_to(account: AwsAccount):
    """Identity Center applications ``account`` may see and use: the ones it owns, and the ones
    associated with a space it bills."""
    return IdentityCenterApplication.objects.filter(
        Q(owner_account=account)
        | Q(spaces__billing__aws_account_id=account.account_id, spaces__deleted_at__isnull=True)
    ).distinct()


def federated_spaces_managed_by(account: AwsAccount):
    """Federated spaces ``account`` administers from the AWS console: the ones it bills, and the
    ones associated with an application it owns. Any other space is a 404 to it."""
    return Space.objects.filter(kind=Space.Kind.FEDERATED).filter(
        Q(billing__aws_account_id=account.account_id) | Q(identity_application__owner_account=account)
    )


def managed_space(account: AwsAccount, space_name: str) -> Space | None:
    """The federated space called ``space_name`` that ``account`` manages
    (:func:`federated_spaces_managed_by`), with its application, the application's identity store
    and the store's instance; None for any other. In plain SQL, one query: Edit space, Disassociate
    and Delete read it on every request."""
    found = rows.fetch(_managed_space_sql(), [account.account_id, account.pk, space_name])
    if not found:
        return None
    row = found[0]
    space, at = rows.from_row(Space, row, 0)
    application, at = rows.from_row(IdentityCenterApplication, row, at)
    store, at = rows.from_row(IdentityStore, row, at)
    instance, at = rows.from_row(IdentityCenterInstance, row, at)
    space.identity_application = application
    if application is not None:
        application.store = store
    if store is not None:
        store.instance = instance
    return space


def _managed_by_sql(more_joins: str = "") -> str:
    """The FROM and WHERE of what :func:`federated_spaces_managed_by` asks, for the space aliased
    ``s`` joined to its billing ``b`` and application ``a`` (and ``more_joins`` after them); two
    ``%s``: the account's ID, then its key. Shared by :func:`managed_space` and :func:`home_lists`."""
    s, a, b = Space._meta, IdentityCenterApplication._meta, SpaceBilling._meta
    return (
        f"FROM {s.db_table} s LEFT OUTER JOIN {b.db_table} b ON b.{b.get_field('space').column} = s.{s.pk.column} "
        f"LEFT OUTER JOIN {a.db_table} a ON a.{a.pk.column} = s.{s.get_field('identity_application').column} "
        f"{more_joins}WHERE s.{s.get_field('deleted_at').column} IS NULL AND s.{s.get_field('kind').column} = "
        f"'{Space.Kind.FEDERATED}' AND (b.{b.get_field('aws_account_id').column} = %s "
        f"OR a.{a.get_field('owner_account').column} = %s)"
    )


@cache
def _managed_space_sql() -> str:
    s, a, st, i, b = (
        model._meta for model in (Space, IdentityCenterApplication, IdentityStore, IdentityCenterInstance, SpaceBilling)
    )
    return (
        f"SELECT {rows.columns(Space, 's')}, {rows.columns(IdentityCenterApplication, 'a')}, "
        f"{rows.columns(IdentityStore, 'st')}, {rows.columns(IdentityCenterInstance, 'i')} "
        + _managed_by_sql(
            f"LEFT OUTER JOIN {st.db_table} st ON st.{st.pk.column} = a.{a.get_field('store').column} "
            f"LEFT OUTER JOIN {i.db_table} i ON i.{i.pk.column} = st.{st.get_field('instance').column} "
        )
        + f" AND s.{s.get_field('name').column} = %s"
    )


def home_lists(account: AwsAccount) -> dict[str, list]:
    """The IAM Identity Center page's lists, in plain SQL (four queries; built with the ORM they
    cost three times what running them does — issue 17, profiled):

    - ``spaces`` ("Application Enabled Spaces"): the federated spaces ``account`` manages
      (:func:`federated_spaces_managed_by`) that have an application, each with ``admin_names`` and
      ``group_names``, its SSO administrators' user names and its connected groups' names;
    - ``unassociated``: the ones disassociated from their application;
    - ``applications``: the applications ``account`` may use (:func:`applications_visible_to`) whose
      identity store still exists;
    - ``idle_applications``: those no live space is associated with any more.

    Spaces come with ``billed_to`` and ``member_count``, in name order; applications with their
    store, in display-name order."""
    sql = _home_sql()
    managed = [_space_of_home(row) for row in rows.fetch(sql["spaces"], [account.account_id, account.pk])]
    enabled = [space for space in managed if space.identity_application_id is not None]
    by_pk = {space.pk: space for space in enabled}
    for space in enabled:
        space.admin_names, space.group_names = [], []
    if by_pk:
        marks = ", ".join(["%s"] * len(by_pk))
        for names, query in (("admin_names", sql["admins"]), ("group_names", sql["groups"])):
            for space_pk, name in rows.fetch(query.format(marks=marks), list(by_pk)):
                getattr(by_pk[space_pk], names).append(name)
    applications = []
    for row in rows.fetch(sql["applications"], [account.pk, account.account_id]):
        application, at = rows.from_row(IdentityCenterApplication, row, 0)
        application.store = rows.from_row(IdentityStore, row, at)[0]
        application.in_use = bool(row[-1])
        applications.append(application)
    return {
        "spaces": enabled,
        "unassociated": [space for space in managed if space.identity_application_id is None],
        "applications": [application for application in applications if application.store_id is not None],
        "idle_applications": [application for application in applications if not application.in_use],
    }


def _space_of_home(row) -> Space:
    space, at = rows.from_row(Space, row, 0)
    space.identity_application, at = rows.from_row(IdentityCenterApplication, row, at)
    space.billed_to, space.member_count = row[at], row[at + 1]
    return space


@cache
def _home_sql() -> dict[str, str]:
    s, a, b, m, g, d, st = (
        model._meta
        for model in (Space, IdentityCenterApplication, SpaceBilling, SpaceMembership, ConnectedGroup,
                      SsoAdministrator, IdentityStore)
    )  # fmt: skip
    live = f"{s.get_field('deleted_at').column} IS NULL"
    application_of = s.get_field("identity_application").column
    return {
        "spaces": (
            f"SELECT {rows.columns(Space, 's')}, {rows.columns(IdentityCenterApplication, 'a')}, "
            f"b.{b.get_field('aws_account_id').column}, "
            f"(SELECT COUNT(*) FROM {m.db_table} m WHERE m.{m.get_field('space').column} = s.{s.pk.column}) "
            f"{_managed_by_sql()} "
            f"ORDER BY s.{s.get_field('name').column} ASC"
        ),
        "admins": (
            f"SELECT {d.get_field('space').column}, {d.get_field('user_name').column} FROM {d.db_table} "
            f"WHERE {d.get_field('space').column} IN ({{marks}}) ORDER BY {d.get_field('user_name').column} ASC"
        ),
        "groups": (
            f"SELECT {g.get_field('space').column}, {g.get_field('display_name').column} FROM {g.db_table} "
            f"WHERE {g.get_field('space').column} IN ({{marks}}) ORDER BY {g.get_field('display_name').column} ASC"
        ),
        "applications": (
            f"SELECT {rows.columns(IdentityCenterApplication, 'a')}, {rows.columns(IdentityStore, 'st')}, "
            f"EXISTS (SELECT 1 FROM {s.db_table} u WHERE u.{application_of} = a.{a.pk.column} AND u.{live}) "
            f"FROM {a.db_table} a LEFT OUTER JOIN {st.db_table} st "
            f"ON st.{st.pk.column} = a.{a.get_field('store').column} "
            f"WHERE a.{a.get_field('owner_account').column} = %s OR EXISTS (SELECT 1 FROM {s.db_table} v "
            f"INNER JOIN {b.db_table} vb ON vb.{b.get_field('space').column} = v.{s.pk.column} "
            f"WHERE v.{application_of} = a.{a.pk.column} AND v.{live} "
            f"AND vb.{b.get_field('aws_account_id').column} = %s) "
            f"ORDER BY a.{a.get_field('display_name').column} ASC"
        ),
    }


def sso_applications():
    return IdentityCenterApplication.objects.filter(store__isnull=False).order_by("display_name")


def spaces_using_store(store) -> int:
    """How many live spaces are associated with an Identity Center application of ``store``, in
    plain SQL (IAM Identity Center's Settings page reads it on every request): it stands for
    ``Space.objects.filter(identity_application__store=store).count()``."""
    s, a = Space._meta, IdentityCenterApplication._meta
    sql = (
        f"SELECT COUNT(*) FROM {s.db_table} s INNER JOIN {a.db_table} a "
        f"ON a.{a.pk.column} = s.{s.get_field('identity_application').column} "
        f"WHERE a.{a.get_field('store').column} = %s AND s.{s.get_field('deleted_at').column} IS NULL"
    )
    return rows.fetch(sql, [store.pk])[0][0]


def spaces_connected_to_group(group: DirectoryGroup) -> int:
    """How many live spaces have ``group`` among their connected groups."""
    return (
        ConnectedGroup.objects.filter(
            group_id=group.group_id,
            space__deleted_at__isnull=True,
            space__identity_application__store=group.store,
        )
        .values("space")
        .distinct()
        .count()
    )


def applications_of(store):
    return store.applications.annotate(space_count=Count("spaces", filter=Q(spaces__deleted_at__isnull=True))).order_by(
        "display_name"
    )


def sso_member_count(space: Space) -> int:
    """How many of the space's members came from IAM Identity Center (what disassociating removes)."""
    return space.memberships.filter(source=SpaceMembership.Source.SSO).count()
