"""Reads on account connections, already scoped: to what a CodeCatalyst member may see in a
space, or to the AWS account someone is signed in to the AWS console with."""

from functools import cache

from django.db import connection as db
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from accounts.aws.console.models import AwsAccount, ConsoleUser
from accounts.aws.iam.models import IamRole
from accounts.aws.ids import format_account_id
from accounts.connections.models import (
    EXPIRED_REQUEST_GRACE,
    AccountConnection,
    ConnectionProjectAccess,
    ConnectionRole,
    ConnectionToken,
)
from billing.models import PendingTierChange, SpaceBilling
from catalyst_admin import rows
from catalyst_admin.errors import NotFound
from spaces import permissions
from spaces.models import Space


def _with_billing_flag(connections: QuerySet) -> QuerySet:
    """Annotate ``is_billing_account`` and ``request_expired`` (a pending request whose newest
    token expired over 24 hours ago: shown as Expired, counted nowhere)."""
    billing = SpaceBilling.objects.filter(space=OuterRef("space"), aws_account_id=OuterRef("aws_account_id"))
    return connections.with_expiry().annotate(is_billing_account=Exists(billing))


# CodeCatalyst console ------------------------------------------------------------------------------


def connections_of(user, space) -> QuerySet[AccountConnection]:
    """The space's connections for its AWS accounts page (Space administrators and Power users)."""
    permissions.require(user, "connections.view", space=space)
    # The roles counted in a subquery rather than a join and GROUP BY: a page's count() can then
    # drop the annotations and count the space's connections alone.
    roles = ConnectionRole.objects.filter(connection=OuterRef("pk")).order_by().values("connection")
    role_count = Coalesce(Subquery(roles.annotate(n=Count("*")).values("n")), 0)
    return _with_billing_flag(space.account_connections.annotate(role_count=role_count)).order_by(
        "display_name", "aws_account_id"
    )


def connection_listing(user, space) -> rows.Listing:
    """:func:`connections_of` for the AWS accounts page's ``Paginator``, in plain SQL (the page reads
    it on every request; the ORM's annotations cost more to build than to run): the same
    connections, in the same order, each with ``role_count``, ``is_billing_account`` and
    ``request_expired``."""
    permissions.require(user, "connections.view", space=space)
    c, r = AccountConnection._meta, ConnectionRole._meta
    where = f"WHERE c.{c.get_field('space').column} = %s"
    alive_since = _alive_since()
    select = (
        f"SELECT {rows.columns(AccountConnection, 'c')}, "
        f"(SELECT COUNT(*) FROM {r.db_table} r WHERE r.{r.get_field('connection').column} = c.{c.pk.column}), "
        f"{_flags_sql()} FROM {c.db_table} c {where} ORDER BY c.{c.get_field('display_name').column} ASC, "
        f"c.{c.get_field('aws_account_id').column} ASC LIMIT %s OFFSET %s"
    )

    def make(row):
        connection, start = rows.from_row(AccountConnection, row, 0)
        connection.role_count = row[start]
        return _with_flags(connection, row[start + 1], row[start + 2])

    return rows.Listing(
        count=f"SELECT COUNT(*) FROM {c.db_table} c {where}",
        page=select,
        params=[alive_since, space.pk],
        count_params=[space.pk],
        make=make,
    )


def connection_for(user, space, connection_id) -> AccountConnection:
    """One connection of ``space``; a 404 if it is another space's, a 403 without the role."""
    permissions.require(user, "connections.view", space=space)
    connection = (
        _with_billing_flag(space.account_connections.select_related("space", "requested_by", "verified_by"))
        .filter(connection_id=connection_id)
        .first()
    )
    if connection is None:
        raise Http404("No AWS account connection with that ID in this space.")
    return connection


def connection_roles(connection: AccountConnection):
    return connection.roles.select_related("role__account", "added_by").order_by("role__name")


def roles_offered(connection: AccountConnection) -> QuerySet[IamRole]:
    """IAM roles of the connected account not yet associated with the connection. None before the
    connection is verified: until then anyone may have typed the account ID, and the account's
    role names and ARNs are not theirs to see."""
    if not connection.is_verified:
        return IamRole.objects.none()
    return (
        IamRole.objects.filter(account__account_id=connection.aws_account_id)
        .exclude(connections__connection=connection)
        .select_related("account")
        .order_by("name")
    )


def project_access_of(connection: AccountConnection):
    return connection.project_access.select_related("project", "granted_by").order_by("project__name")


def projects_configurable_by(user, space):
    """Projects whose access to a restricted connection ``user`` may configure: all of them for a
    Space administrator, the ones they are a member of for a Power user."""
    projects = space.projects.order_by("name")
    if permissions.can(user, "connections.restrict_any_project", space=space):
        return projects
    if not permissions.can(user, "connections.manage", space=space):
        return projects.none()
    return projects.filter(memberships__user=user)


def connections_available_to_project(project) -> QuerySet[AccountConnection]:
    """Verified connections a project's workflows and environments may use: every unrestricted
    connection of its space, and the restricted ones that allow this project."""
    allowed = ConnectionProjectAccess.objects.filter(connection=OuterRef("pk"), project=project)
    return (
        project.space.account_connections.filter(status=AccountConnection.Status.VERIFIED)
        .filter(Q(project_restricted=False) | Q(Exists(allowed)))
        .order_by("display_name")
    )


def connections_for_default_vpc(space) -> QuerySet[AccountConnection]:
    """Verified connections a default VPC connection may use: never a project-restricted one
    (seed 000: a restricted account connection "will not be available for ... default VPCs")."""
    return space.account_connections.filter(
        status=AccountConnection.Status.VERIFIED, project_restricted=False
    ).order_by("display_name")


# AWS console --------------------------------------------------------------------------------------


def spaces_connected_to(account: AwsAccount) -> QuerySet[AccountConnection]:
    """Every connection of ``account`` to a live space, verified or requested: the AWS console's
    Amazon CodeCatalyst Spaces lists the first kind and, apart, the requests it may decline."""
    return _with_billing_flag(
        AccountConnection.objects.filter(
            aws_account_id=account.account_id, space__deleted_at__isnull=True
        ).select_related("space", "space__billing")
    ).order_by("space__name")


def connection_in_account(account: AwsAccount, space_name: str) -> AccountConnection:
    """The connection of ``account`` to the space called ``space_name``, with its space, the space's
    billing, pending tier change and Identity Center application, and who verified it, annotated as
    :func:`spaces_connected_to` annotates; for any other account a 404 that says which account the
    person is signed in with. In plain SQL, one query (every AWS console page of a space reads it;
    the ORM's joins and annotations cost more to build than to run)."""
    found = rows.fetch(_connections_of_account_sql(one=True), [_alive_since(), account.account_id, space_name])
    if not found:
        raise NotFound(
            f"No space called {space_name} is connected to the AWS account you are signed in with, "
            f"{account.name} ({format_account_id(account.account_id)}). Sign in with, or switch to, the account "
            "connected to the space."
        )
    return _connection_from_row(found[0])


def _alive_since():
    field = ConnectionToken._meta.get_field("expires_at")
    return field.get_db_prep_value(timezone.now() - EXPIRED_REQUEST_GRACE, db)


def _application_model():
    # The space's Identity Center application, named through the space (identity.federation imports
    # this room: its models are not imported here).
    return Space._meta.get_field("identity_application").related_model


def connections_of_account(account: AwsAccount) -> list[AccountConnection]:
    """:func:`spaces_connected_to` read at once in plain SQL for the AWS console's Amazon CodeCatalyst
    Spaces page (every request of it), each connection as :func:`connection_in_account` gives it."""
    found = rows.fetch(_connections_of_account_sql(one=False), [_alive_since(), account.account_id])
    return [_connection_from_row(row) for row in found]


@cache
def _connections_of_account_sql(*, one: bool) -> str:
    """The SELECT of an account's connections to live spaces with what the pages show of them; with
    ``one``, of the space named by a second parameter."""
    IdentityCenterApplication = _application_model()  # noqa: N806
    c, s, b, p, a, v = (
        model._meta
        for model in (AccountConnection, Space, SpaceBilling, PendingTierChange, IdentityCenterApplication, ConsoleUser)
    )
    space_pk = f"s.{s.pk.column}"
    return (
        f"SELECT {rows.columns(AccountConnection, 'c')}, {rows.columns(Space, 's')}, "
        f"{rows.columns(SpaceBilling, 'b')}, {rows.columns(PendingTierChange, 'p')}, "
        f"{rows.columns(IdentityCenterApplication, 'a')}, {rows.columns(ConsoleUser, 'v')}, {_flags_sql()} "
        f"FROM {c.db_table} c INNER JOIN {s.db_table} s ON {space_pk} = c.{c.get_field('space').column} "
        f"LEFT OUTER JOIN {b.db_table} b ON b.{b.get_field('space').column} = {space_pk} "
        f"LEFT OUTER JOIN {p.db_table} p ON p.{p.get_field('space').column} = {space_pk} "
        f"LEFT OUTER JOIN {a.db_table} a ON a.{a.pk.column} = s.{s.get_field('identity_application').column} "
        f"LEFT OUTER JOIN {v.db_table} v ON v.{v.pk.column} = c.{c.get_field('verified_by').column} "
        f"WHERE c.{c.get_field('aws_account_id').column} = %s AND s.{s.get_field('deleted_at').column} IS NULL "
        + (f"AND s.{s.get_field('name').column} = %s " if one else "")
        + f"ORDER BY s.{s.get_field('name').column} ASC"
        + (" LIMIT 1" if one else "")
    )


def _connection_from_row(row) -> AccountConnection:
    IdentityCenterApplication = _application_model()  # noqa: N806
    connection, at = rows.from_row(AccountConnection, row, 0)
    space, at = rows.from_row(Space, row, at)
    billing, at = rows.from_row(SpaceBilling, row, at)
    pending, at = rows.from_row(PendingTierChange, row, at)
    application, at = rows.from_row(IdentityCenterApplication, row, at)
    verified_by, at = rows.from_row(ConsoleUser, row, at)
    connection.space, connection.verified_by = space, verified_by
    space.identity_application = application
    for name, one in (("billing", billing), ("pending_tier_change", pending)):
        Space._meta.get_field(name).set_cached_value(space, one)  # None too: known to be missing
        if one is not None:
            one._meta.get_field("space").set_cached_value(one, space)
    return _with_flags(connection, row[at], row[at + 1])


def _flags_sql() -> str:
    """The two columns ``_with_flags`` reads for the connection aliased ``c``: whether its account
    bills its space, and whether a token of it is still alive (one ``%s``: ``_alive_since()``), as
    ``_with_billing_flag`` annotates them."""
    c, b, t = AccountConnection._meta, SpaceBilling._meta, ConnectionToken._meta
    return (
        f"EXISTS (SELECT 1 FROM {b.db_table} bb WHERE bb.{b.get_field('space').column} = "
        f"c.{c.get_field('space').column} "
        f"AND bb.{b.get_field('aws_account_id').column} = c.{c.get_field('aws_account_id').column}), "
        f"EXISTS (SELECT 1 FROM {t.db_table} t WHERE t.{t.get_field('connection').column} = c.{c.pk.column} "
        f"AND t.{t.get_field('expires_at').column} > %s)"
    )


def _with_flags(connection: AccountConnection, billing, alive) -> AccountConnection:
    connection.is_billing_account, connection.request_alive = bool(billing), bool(alive)
    connection.request_expired = connection.status == AccountConnection.Status.PENDING and not alive
    return connection
