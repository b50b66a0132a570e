"""Reads, already scoped to what the person may see. Another space's objects are a 404."""

import uuid
from functools import cache

from django.db import connections
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Value, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.utils import timezone

from catalyst_admin import rows
from identity.people.models import User, sso_username
from spaces import permissions
from spaces.models import (
    ActivityEvent,
    ActivityFacet,
    ConnectedGroupMember,
    Invitation,
    Project,
    ProjectMembership,
    Space,
    SpaceMembership,
    Team,
)
from spaces.roles import SpaceRole


def spaces_visible_to(user) -> QuerySet[Space]:
    """The live spaces ``user`` is a member of, each annotated with the user's role."""
    if not user.is_authenticated:
        return Space.objects.none()
    my_role = SpaceMembership.objects.filter(user=user, space=OuterRef("pk")).values("role")[:1]
    return (
        Space.objects.filter(memberships__user=user)
        .annotate(my_role=Subquery(my_role))
        .select_related("billing")
        .order_by("name")
    )


# The page shell's two reads, on every CodeCatalyst page, written in SQL: compiling them from
# querysets cost about ten times running them (0.3-0.5 ms each, bench/pages.py --profile). Each is
# the queryset named beside it, as SQLite and PostgreSQL run it (a test compares them).
@cache
def _console_spaces_sql() -> str:
    # spaces_visible_to(user), each space with the member's role.
    return (
        f"SELECT {rows.columns(Space, 's')}, m.role FROM spaces_space s "
        "INNER JOIN spaces_spacemembership m ON m.space_id = s.id "
        "WHERE m.user_id = %s AND s.deleted_at IS NULL ORDER BY s.name"
    )


_INVITATION_COUNT_SQL = """
    SELECT COUNT(*)
    FROM spaces_invitation i INNER JOIN spaces_space s ON s.id = i.space_id
    WHERE UPPER(i.email) = UPPER(%s) AND i.status = %s AND i.expires_at > %s AND s.deleted_at IS NULL
"""  # invitations_for(user).count()


def console_spaces(user) -> list[Space]:
    """The live spaces ``user`` is a member of, by name, each with ``my_role``: the page shell's
    space switcher, and the space a page is about. Read once per request and kept on ``user`` with
    the roles it carries (:func:`spaces.permissions.remember_roles`);
    :func:`spaces.permissions.forget_roles` drops both."""
    if not user.is_authenticated:
        return []
    spaces = getattr(user, "_console_spaces", None)
    if spaces is None:
        spaces = []
        for row in rows.fetch(_console_spaces_sql(), [user.pk]):
            space, at = rows.from_row(Space, row, 0)
            space.my_role = row[at]
            spaces.append(space)
        user._console_spaces = spaces
        permissions.remember_roles(user, {space.pk: space.my_role for space in spaces})
    return spaces


def invitation_count_for(user) -> int:
    """How many invitations :func:`invitations_for` would list: the page shell's badge."""
    if not user.email or not user.is_verified_builder_id:
        return 0
    connection = connections[Invitation.objects.db]
    with connection.cursor() as cursor:
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        cursor.execute(_INVITATION_COUNT_SQL, [user.email, Invitation.Status.PENDING.value, now])
        return cursor.fetchone()[0]


def console_space_for(user, name: str) -> Space:
    """The live space called ``name`` from :func:`console_spaces`, as :func:`space_for` finds it:
    for a page, which shows the switcher of the same spaces anyway."""
    for space in console_spaces(user):
        if space.name == name:
            return space
    raise Http404("No space with that name is visible to you.")


def space_for(user, name: str) -> Space:
    """The live space called ``name`` if ``user`` is a member of it; otherwise a 404."""
    space = Space.objects.filter(name=name, memberships__user=user).first() if user.is_authenticated else None
    if space is None:
        raise Http404("No space with that name is visible to you.")
    return space


def _project_scope(user, space: Space) -> tuple[bool, bool]:
    """Whether ``user`` lists only their own projects of ``space``, and whether they open every
    project listed (Space administrators): the rule of both project lists below."""
    own_only = not permissions.can(user, "projects.list_all", space=space)
    return own_only, permissions.space_role(user, space) == SpaceRole.SPACE_ADMINISTRATOR


def projects_visible_to(user, space: Space) -> QuerySet[Project]:
    """All projects for Space administrators and Power users; one's own projects for others.
    ``can_open``: whether ``user`` may open the project (a Power user sees every project but opens
    only those they are a member of), so a list links only what opens."""
    own_only, opens_all = _project_scope(user, space)
    projects = space.projects.annotate(member_count=Count("memberships"))
    if own_only:
        projects = projects.filter(memberships__user=user)
    if opens_all:
        projects = projects.annotate(can_open=Value(True))
    else:
        projects = projects.annotate(
            can_open=Exists(ProjectMembership.objects.filter(project=OuterRef("pk"), user=user))
        )
    return projects.order_by("name")


@cache
def _project_listing_sql(*, own_only: bool, opens_all: bool) -> tuple[str, str]:
    p, pm = Project._meta, ProjectMembership._meta
    project, user = pm.get_field("project").column, pm.get_field("user").column
    member_of = f"SELECT 1 FROM {pm.db_table} pm WHERE pm.{project} = p.{p.pk.column} AND pm.{user} = %s"
    where = f"p.{p.get_field('space').column} = %s" + (f" AND EXISTS ({member_of})" if own_only else "")
    members = f"SELECT COUNT(*) FROM {pm.db_table} pc WHERE pc.{project} = p.{p.pk.column}"
    can_open = "1" if opens_all else f"EXISTS ({member_of})"
    count = f"SELECT COUNT(*) FROM {p.db_table} p WHERE {where}"
    page = (
        f"SELECT {rows.columns(Project, 'p')}, ({members}), {can_open} FROM {p.db_table} p WHERE {where} "
        "ORDER BY p.name ASC LIMIT %s OFFSET %s"
    )
    return count, page


def _project_with_counts(row) -> Project:
    project, start = rows.from_row(Project, row, 0)
    project.member_count, project.can_open = row[start], bool(row[start + 1])
    return project


def project_listing_visible_to(user, space: Space) -> rows.Listing:
    """:func:`projects_visible_to` for the projects page's ``Paginator`` and the overview, in plain
    SQL (read on every request of both): the same projects, in the same order, with the same
    ``member_count`` and ``can_open``, for each role."""
    own_only, opens_all = _project_scope(user, space)
    count, page = _project_listing_sql(own_only=own_only, opens_all=opens_all)
    where = [space.pk, *([user.pk] if own_only else [])]
    return rows.Listing(
        count=count,
        page=page,
        params=[*([] if opens_all else [user.pk]), *where],
        count_params=where,
        make=_project_with_counts,
    )


def projects_accessible_to(user, space: Space) -> QuerySet[Project]:
    """The projects of ``space`` that ``user`` may open: all for a Space administrator, one's own
    projects for everyone else (a Power user has no access to projects by role alone)."""
    if not permissions.can(user, "space.view", space=space):
        return space.projects.none()
    projects = space.projects.all()
    if permissions.space_role(user, space) != permissions.ADMIN:
        projects = projects.filter(memberships__user=user)
    return projects.order_by("name")


def project_for(user, space: Space, name: str) -> Project:
    """A project of ``space`` that ``user`` may open; a 404 if it is not visible, 403 if no role."""
    project = space.projects.filter(name=name).first()
    if project is None:
        raise Http404("No project with that name in this space.")
    permissions.require(user, "project.view", space=space, project=project)
    return project


def space_members(space: Space) -> QuerySet[SpaceMembership]:
    return space.memberships.select_related("user").order_by("user__name", "user__username")


@cache
def _with_users_sql(model, parent: str) -> tuple[str, str]:
    """The COUNT and the SELECT (ordered as space_members and project_members order) of ``model``'s
    memberships of one ``parent`` (its column compared to the first parameter) with their users."""
    m, u = model._meta, User._meta
    where = f"WHERE m.{m.get_field(parent).column} = %s"
    count = f"SELECT COUNT(*) FROM {m.db_table} m {where}"
    select = (
        f"SELECT {rows.columns(model, 'm')}, {rows.columns(User, 'u')} FROM {m.db_table} m "
        f"INNER JOIN {u.db_table} u ON u.{u.pk.column} = m.{m.get_field('user').column} {where} "
        "ORDER BY u.name ASC, u.username ASC"
    )
    return count, select


def _with_user(model):
    def make(row):
        membership, start = rows.from_row(model, row, 0)
        membership.user = rows.from_row(User, row, start)[0]
        return membership

    return make


def space_member_listing(space: Space) -> rows.Listing:
    """:func:`space_members` for the members page's ``Paginator``, in plain SQL (the page reads it on
    every request): the same memberships, in the same order, each with its user."""
    count, select = _with_users_sql(SpaceMembership, "space")
    return rows.Listing(
        count=count, page=f"{select} LIMIT %s OFFSET %s", params=[space.pk], make=_with_user(SpaceMembership)
    )


def project_members(project: Project) -> QuerySet[ProjectMembership]:
    return project.memberships.select_related("user").order_by("user__name", "user__username")


def project_member_list(project: Project) -> list[ProjectMembership]:
    """:func:`project_members`, read in plain SQL for the project's page (every request of it)."""
    make = _with_user(ProjectMembership)
    return [make(row) for row in rows.fetch(_with_users_sql(ProjectMembership, "project")[1], [project.pk])]


def pending_invitations(space: Space) -> QuerySet[Invitation]:
    return space.invitations.filter(status=Invitation.Status.PENDING, expires_at__gt=timezone.now()).select_related(
        "project", "invited_by"
    )


def pending_invitation_list(space: Space, *, project: Project | None = None) -> list[Invitation]:
    """:func:`pending_invitations` to the space itself, or with ``project`` to that project of it, each
    with who invited, in plain SQL: the members page and a project's page read them on every request."""
    i, u = Invitation._meta, User._meta
    now = i.get_field("expires_at").get_db_prep_value(timezone.now(), connections["default"])
    project_column = f"i.{i.get_field('project').column}"
    sql = (
        f"SELECT {rows.columns(Invitation, 'i')}, {rows.columns(User, 'u')} FROM {i.db_table} i "
        f"LEFT OUTER JOIN {u.db_table} u ON u.{u.pk.column} = i.{i.get_field('invited_by').column} "
        f"WHERE i.{i.get_field('space').column} = %s AND i.{i.get_field('status').column} = %s "
        f"AND i.{i.get_field('expires_at').column} > %s AND "
        + (f"{project_column} = %s " if project else f"{project_column} IS NULL ")
        + f"ORDER BY i.{i.get_field('created_at').column} DESC"
    )
    params = [space.pk, Invitation.Status.PENDING.value, now, *([project.pk] if project else [])]
    invitations = []
    for row in rows.fetch(sql, params):
        invitation, at = rows.from_row(Invitation, row, 0)
        invitation.invited_by = rows.from_row(User, row, at)[0]
        invitation.space = space
        if project:
            invitation.project = project
        invitations.append(invitation)
    return invitations


def invitations_for(user) -> QuerySet[Invitation]:
    """Invitations addressed to the person's email that can still be answered: none for anyone but a
    Builder ID with a verified email address (an SSO user's directory email is not theirs to answer with)."""
    if not user.email or not user.is_verified_builder_id:
        return Invitation.objects.none()
    return (
        Invitation.objects.filter(
            email__iexact=user.email,
            status=Invitation.Status.PENDING,
            expires_at__gt=timezone.now(),
            space__deleted_at__isnull=True,
        )
        .select_related("space", "project", "invited_by")
        .order_by("-created_at")
    )


def teams_of(space: Space) -> QuerySet[Team]:
    return space.teams.annotate(member_count=Count("members")).order_by("name")


def activity_of(
    space: Space, *, actor=None, event_name=None, project=None, since=None, until=None
) -> QuerySet[ActivityEvent]:
    events = space.activity.all()
    filters = Q()
    if actor:
        filters &= Q(actor_name=actor)
    if event_name:
        filters &= Q(event_name=event_name)
    if project:
        filters &= Q(project_name=project)
    if since:
        filters &= Q(created_at__gte=since)
    if until:
        filters &= Q(created_at__lt=until)
    return events.filter(filters).order_by("-created_at", "-id")


# activity_of's filters: its argument, the column's field, the comparison.
_ACTIVITY_FILTERS = (
    ("actor", "actor_name", "="),
    ("event_name", "event_name", "="),
    ("project", "project_name", "="),
    ("since", "created_at", ">="),
    ("until", "created_at", "<"),
)


def activity_listing(space: Space, **filters) -> rows.Listing:
    """:func:`activity_of` for the activity page's ``CappedPaginator``, in plain SQL (the page reads
    it on every request): the same entries, filtered and ordered the same, each value given to the
    database as the ORM gives it (``get_db_prep_value``: a time in UTC on SQLite, for one)."""
    unknown = filters.keys() - {name for name, _, _ in _ACTIVITY_FILTERS}
    if unknown:
        raise TypeError(f"activity_listing() has no filter {', '.join(sorted(unknown))}")
    meta, connection = ActivityEvent._meta, connections["default"]
    where, params = [f"e.{meta.get_field('space').column} = %s"], [space.pk]
    for name, field_name, comparison in _ACTIVITY_FILTERS:
        if value := filters.get(name):
            field = meta.get_field(field_name)
            where.append(f"e.{field.column} {comparison} %s")
            params.append(field.get_db_prep_value(value, connection, prepared=False))
    rows_of = f"FROM {meta.db_table} e WHERE {' AND '.join(where)}"
    created, pk = meta.get_field("created_at").column, meta.pk.column
    return rows.Listing(
        count=f"SELECT COUNT(*) {rows_of}",
        upto=f"SELECT COUNT(*) FROM (SELECT e.{meta.get_field('space').column} {rows_of} LIMIT %s) counted",
        page=f"SELECT {rows.columns(ActivityEvent, 'e')} {rows_of} ORDER BY e.{created} DESC, e.{pk} DESC "
        "LIMIT %s OFFSET %s",
        params=params,
        make=lambda row: rows.from_row(ActivityEvent, row, 0)[0],
    )


def activity_visible_to(user, space: Space, **filters) -> QuerySet[ActivityEvent]:
    """The space's activity log for someone whose role may view it (a 403 naming the role otherwise),
    filtered as :func:`activity_of` filters."""
    permissions.require(user, "activity.view", space=space)
    return activity_of(space, **filters)


def person_visible_to(user, *, user_id: str = "", user_name: str = "") -> User | None:
    """A CodeCatalyst person by identifier or user name (alias, or sign-in name) whom ``user`` may
    look up: themselves, or someone sharing a space with them. None for anyone else, so that nobody
    learns who exists elsewhere."""
    people = User.objects.filter(is_active=True)
    if user_id:
        try:
            people = people.filter(user_identifier=uuid.UUID(str(user_id)))
        except ValueError:
            return None
    if user_name:
        people = people.filter(Q(alias__iexact=user_name) | Q(username__iexact=user_name))
    person = people.first()
    if person is None:
        return None
    if person.pk == user.pk:
        return person
    shared = Space.objects.filter(memberships__user=user).filter(memberships__user=person).exists()
    return person if shared else None


def activity_facets(space: Space) -> dict:
    """What the activity page's filters offer: the events the log names, read from the facets
    written with each entry (a few rows, whatever the size of the log)."""
    # space.activity_facets.filter(kind=EVENT).order_by("value").values_list("value"), in plain SQL:
    # the page reads it on every request.
    f = ActivityFacet._meta
    sql = (
        f"SELECT f.{f.get_field('value').column} FROM {f.db_table} f WHERE f.{f.get_field('space').column} = %s "
        f"AND f.{f.get_field('kind').column} = %s ORDER BY f.{f.get_field('value').column}"
    )
    return {"events": [value for (value,) in rows.fetch(sql, [space.pk, ActivityFacet.Kind.EVENT.value])]}


def sso_users_of_groups(space: Space, groups, *, per_group: int | None = None) -> dict[str, list]:
    """The CodeCatalyst users of the space's connected SSO groups as of the last sync, in one query:
    group ID -> users (at most ``per_group`` each)."""
    application = space.identity_application
    if application is None or application.store is None:
        return {group.group_id: [] for group in groups}
    store_id = application.store.store_id
    members = ConnectedGroupMember.objects.filter(group__in=[group.pk for group in groups])
    if per_group is not None:
        # The first ``per_group`` of each group, by user ID, in the same one query.
        number = Window(RowNumber(), partition_by=F("group_id"), order_by=F("user_id").asc())
        members = members.annotate(number=number).filter(number__lte=per_group)
    uids_of: dict[int, list[str]] = {group.pk: [] for group in groups}
    for group_pk, uid in members.order_by("group_id", "user_id").values_list("group_id", "user_id"):
        uids_of[group_pk].append(uid)
    wanted = {group.group_id: uids_of[group.pk] for group in groups}
    usernames = {sso_username(store_id, uid) for uids in wanted.values() for uid in uids}
    users = {user.username: user for user in User.objects.filter(username__in=usernames)}
    return {
        group_id: [users[name] for name in (sso_username(store_id, uid) for uid in uids) if name in users]
        for group_id, uids in wanted.items()
    }
