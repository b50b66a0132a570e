"""Every route of the REST API × every kind of person: one table, as tests/test_url_roles.py is for
the pages. A row names a route (``api:<name>``), a method, its arguments and body, and the status
each person gets, in the order of ``PEOPLE``: anonymous (no credentials), the outsider (a member
of another space only), Limited access (Contributor of ``project``), Power user, Space
administrator, and the operator (staff). Each person calls with their personal access token.

A refusal (anything but 2xx) must leave every table as it was and answer the one error shape;
a 403 names the role needed. The first test fails on a route without a row.
"""

from dataclasses import dataclass, field

import pytest
from django.urls import reverse

from spaces.models import SpaceMembership
from spaces.roles import ProjectRole, SpaceRole
from tests.factories import InvitationFactory
from tests.url_roles import database_state, url_names

from .conftest import token_of

pytestmark = pytest.mark.django_db

PEOPLE = ("anonymous", "outsider", "contributor", "power", "admin", "staff")
ALL_IN = (401, 200, 200, 200, 200, 200)
SPACE_READ = (401, 404, 200, 200, 200, 404)
ADMIN_ONLY = (401, 404, 403, 403, 200, 404)
MANAGERS = (401, 404, 403, 200, 200, 404)
CONNECTIONS = MANAGERS
OPS = (401, 403, 403, 403, 403, 200)


@dataclass(frozen=True)
class Row:
    name: str
    method: str
    answers: tuple[int, ...]
    args: object = lambda w: []
    body: dict | None = None  # or a function of the world that returns one
    query: str = ""
    uses: tuple[str, ...] = field(default=())

    @property
    def id(self):
        return f"{self.name}-{self.method}"


def ok(answers, code):
    """The same answers with every 200 as ``code`` (201 for a create, 204 for a delete)."""
    return tuple(code if a == 200 else a for a in answers)


def _dave_membership(w):
    return [w.space.name, SpaceMembership.objects.get(space=w.space, user=w.dave).pk]


def _contributor_in_project(w):
    return [w.space.name, w.project.name, w.project.memberships.get(user=w.contributor).pk]


def _invitation_to_outsider(w):
    invitation = InvitationFactory(
        space=w.space, email=w.outsider.username, space_role=SpaceRole.POWER_USER, invited_by=w.admin
    )
    return [invitation.pk]


def _admin_token(w):
    from identity.people import services

    token, _ = services.access_token_create(user=w.admin, name="to delete")
    return [token.pk]


S = lambda w: [w.space.name]  # noqa: E731
P = lambda w: [w.space.name, w.project.name]  # noqa: E731
T = lambda w: [w.space.name, w.team.pk]  # noqa: E731
V = lambda w: [w.space.name, w.vpc_connection.pk]  # noqa: E731

TABLE = [
    Row("api:schema", "get", (200,) * 6),
    Row("api:docs", "get", (200,) * 6),
    Row("api:me", "get", ALL_IN),
    Row("api:me", "patch", ALL_IN, body={"name": "A New Name"}),
    Row("api:access-tokens", "get", ALL_IN),
    Row("api:access-tokens", "post", ok(ALL_IN, 201), body={"name": "ci"}),
    Row("api:access-token", "delete", (401, 404, 404, 404, 204, 404), args=_admin_token),
    Row("api:notification-preferences", "get", ALL_IN),
    Row(
        "api:notification-preferences",
        "put",
        ALL_IN,
        body={"preferences": [{"event": "invitation", "email": False, "slack": True}]},
    ),
    Row("api:spaces", "get", ALL_IN),
    Row(
        "api:spaces",
        "post",
        ok(ALL_IN, 201),
        body={"name": "brand-new", "region": "us-west-2", "billing_account_id": "444455556666"},
    ),
    Row("api:space", "get", SPACE_READ, args=S),
    Row("api:space", "patch", ADMIN_ONLY, args=S, body={"description": "Changed"}),
    Row("api:space", "delete", ok(ADMIN_ONLY, 204), args=S, query="?confirm_name=acme"),
    Row("api:projects", "get", SPACE_READ, args=S),
    Row("api:projects", "post", ok(MANAGERS, 201), args=S, body={"name": "mobile"}),
    Row("api:project", "get", (401, 404, 200, 403, 200, 404), args=P),
    Row("api:project", "delete", ok(ADMIN_ONLY, 204), args=P, query="?confirm_name=web-app"),
    Row("api:project-members", "get", (401, 404, 200, 403, 200, 404), args=P),
    Row("api:project-member", "patch", ADMIN_ONLY, args=_contributor_in_project, body={"role": "reviewer"}),
    Row("api:project-member", "delete", ok(ADMIN_ONLY, 204), args=_contributor_in_project),
    Row(
        "api:project-invitations",
        "post",
        ok(ADMIN_ONLY, 201),
        args=P,
        body={"email": "new@example.com", "role": ProjectRole.CONTRIBUTOR},
    ),
    Row("api:members", "get", SPACE_READ, args=S),
    Row("api:member", "patch", MANAGERS, args=_dave_membership, body={"role": "power_user"}),
    Row("api:member", "delete", ok(MANAGERS, 204), args=_dave_membership),
    Row("api:invitations", "get", MANAGERS, args=S),
    Row("api:invitations", "post", ok(MANAGERS, 201), args=S, body={"email": "new@example.com", "role": "power_user"}),
    Row("api:invitation", "delete", ok(MANAGERS, 204), args=lambda w: [w.space.name, w.space_invitation.pk]),
    Row("api:my-invitations", "get", ALL_IN),
    Row("api:invitation-accept", "post", (401, 200, 404, 404, 404, 404), args=_invitation_to_outsider),
    Row("api:invitation-decline", "post", (401, 204, 404, 404, 404, 404), args=_invitation_to_outsider),
    Row("api:teams", "get", SPACE_READ, args=S),
    Row("api:teams", "post", ok(ADMIN_ONLY, 201), args=S, body={"name": "Frontend"}),
    Row("api:team", "get", SPACE_READ, args=T),
    Row("api:team", "patch", ADMIN_ONLY, args=T, body={"name": "Core"}),
    Row("api:team", "delete", ok(ADMIN_ONLY, 204), args=T),
    Row("api:team-members", "get", SPACE_READ, args=T),
    Row("api:team-members", "post", ok(ADMIN_ONLY, 201), args=T, body={"user_id": None}),
    Row("api:team-member", "delete", ok(ADMIN_ONLY, 204), args=lambda w: [w.space.name, w.team.pk, w.power.pk]),
    Row("api:activity", "get", MANAGERS, args=S),
    # Billing: Space administrators only (the page table's answers; Free is already the tier).
    Row("api:billing", "get", ADMIN_ONLY, args=S),
    Row("api:billing-usage", "get", ADMIN_ONLY, args=S),
    Row("api:billing-tier", "put", ok(ADMIN_ONLY, 400), args=S, body={"tier": "free"}),
    Row("api:billing-tier", "delete", ok(ADMIN_ONLY, 400), args=S),
    Row(
        "api:billing-account",
        "put",
        ADMIN_ONLY,
        args=S,
        body={"connection_id": "verified"},
    ),
    # Account connections: Space administrators and Power users.
    Row("api:connections", "get", CONNECTIONS, args=S),
    Row(
        "api:connections",
        "post",
        ok(CONNECTIONS, 201),
        args=S,
        body={"aws_account_id": "777788889999", "display_name": "examplecorp-network"},
    ),
    Row("api:connection", "get", CONNECTIONS, args=lambda w: [w.space.name, w.verified.connection_id]),
    Row("api:connection-token", "post", ok(CONNECTIONS, 201), args=lambda w: [w.space.name, w.pending.connection_id]),
    Row(
        "api:connection-roles",
        "post",
        ok(CONNECTIONS, 201),
        args=lambda w: [w.space.name, w.verified.connection_id],
        body={"role_arn": "build_role"},
    ),
    Row(
        "api:connection-role",
        "delete",
        ok(CONNECTIONS, 204),
        args=lambda w: [w.space.name, w.verified.connection_id, w.association.pk],
    ),
    # A Power user configures access only for projects where they are a member (seed 000).
    Row(
        "api:connection-restrictions",
        "post",
        ADMIN_ONLY,
        args=lambda w: [w.space.name, w.verified.connection_id],
        body={"project_ids": "project"},
    ),
    Row(
        "api:connection-restrictions",
        "delete",
        ok(CONNECTIONS, 204),
        args=lambda w: [w.space.name, w.restricted.connection_id],
    ),
    Row(
        "api:connection-restriction",
        "delete",
        ok(ADMIN_ONLY, 204),
        args=lambda w: [w.space.name, w.restricted.connection_id, w.project.pk],
    ),
    # VPC connections: Space administrators and Power users (seed 000), on the compliant VPC.
    Row("api:vpc-connections", "get", MANAGERS, args=S, uses=("vpc_connection",)),
    Row(
        "api:vpc-connections",
        "post",
        ok(MANAGERS, 201),
        args=S,
        body=lambda w: {
            "name": "second-vpc",
            "account_connection_id": str(w.network_connection.connection_id),
            "role_arn": w.reader_role.arn,
            "vpc_id": w.compliant.vpc_id,
            "subnet_ids": w.compliant.private,
            "security_group_ids": [w.compliant.sg],
        },
    ),
    Row("api:vpc-connection", "get", MANAGERS, args=V),
    Row("api:vpc-connection", "patch", MANAGERS, args=V, body=lambda w: {"role_arn": w.vpc_role.arn}),
    Row("api:vpc-connection", "delete", ok(MANAGERS, 204), args=V, query="?typed_name=corpnet-vpc"),
    Row("api:vpc-connection-default", "put", MANAGERS, args=V),
    Row(
        "api:vpc-connection-default",
        "delete",
        ok(MANAGERS, 204),
        args=lambda w: [w.space.name, w.default_vpc_connection.pk],
    ),
    Row("api:vpc-connection-checks", "post", ok(MANAGERS, 201), args=V),
    # SSO of a space: Space administrators. acme is a Builder ID space: no application, nothing to sync,
    # and examplecorp's run is not acme's.
    Row("api:sso", "get", ADMIN_ONLY, args=S),
    Row("api:sso-sync", "post", ok(ADMIN_ONLY, 400), args=S),
    Row("api:sso-runs", "get", ADMIN_ONLY, args=S),
    Row("api:sso-run", "get", ok(ADMIN_ONLY, 404), args=lambda w: [w.space.name, w.examplecorp_run.pk]),
    # Operations: staff only.
    Row("api:ops-schedules", "get", OPS, uses=("schedule",)),
    Row("api:ops-schedule", "get", OPS, args=lambda w: [w.schedule.pk]),
    Row("api:ops-schedule", "put", OPS, args=lambda w: [w.schedule.pk], body={"kind": "interval", "every_minutes": 15}),
    Row("api:ops-schedule-pause", "post", OPS, args=lambda w: [w.schedule.pk]),
    Row("api:ops-schedule-resume", "post", OPS, args=lambda w: [w.schedule.pk]),
    Row("api:ops-schedule-run", "post", ok(OPS, 202), args=lambda w: [w.schedule.pk]),
    Row("api:ops-runs", "get", OPS, args=lambda w: [w.federated_space.identity_application_id]),
    Row("api:ops-run-approve", "post", ok(OPS, 202), args=lambda w: [w.held_run.pk]),
    Row("api:ops-run-mark-failed", "post", OPS, args=lambda w: [w.stuck_run.pk]),
]


def _api_routes():
    """``api:<name>`` -> the view class, for every route of the API's router."""
    from catalyst_admin.api import urlpatterns, v1

    routes = {f"api:{p.name}": p.callback.view_class for p in v1}
    routes |= {f"api:{p.name}": p.callback.view_class for p in urlpatterns if getattr(p, "name", None)}
    return routes


def test_the_table_has_a_row_for_every_api_route_and_method():
    routes = _api_routes()
    assert {name for name in url_names() if name.startswith("api:")} == set(routes)
    assert sorted(routes.keys() - {row.name for row in TABLE}) == [], "API routes without a row"
    assert sorted({row.name for row in TABLE} - routes.keys()) == [], "rows for routes that no longer exist"
    for name, view in routes.items():
        methods = {m for m in view.http_method_names if hasattr(view, m)} - {"options", "head"}
        assert methods == {row.method for row in TABLE if row.name == name}, name


class _World:
    def __init__(self, request):
        self._request = request

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        value = self._request.getfixturevalue(name)
        setattr(self, name, value)
        return value


CASES = [pytest.param(row, i, id=f"{row.id}-{PEOPLE[i]}") for row in TABLE for i in range(len(PEOPLE))]


@pytest.mark.parametrize(("row", "index"), CASES)
def test_api_route_answers_each_person(request, bearer, row, index):
    world = _World(request)
    for name in ("space", "project", "other_space", "staff", "team", "dave", "space_invitation", *row.uses):
        getattr(world, name)
    person = PEOPLE[index]
    user = None if person == "anonymous" else getattr(world, person)
    client = bearer(None) if user is None else bearer(None, token_of(user))
    body = row.body(world) if callable(row.body) else dict(row.body) if row.body is not None else None
    # Bodies that name the world's objects.
    if body is not None and "user_id" in body:
        body["user_id"] = world.contributor.pk
    if body is not None and body.get("connection_id") == "verified":
        body["connection_id"] = str(world.verified.connection_id)
    if body is not None and body.get("role_arn") == "build_role":
        body["role_arn"] = world.build_role.arn
    if body is not None and body.get("project_ids") == "project":
        body["project_ids"] = [world.project.pk]
    url = reverse(row.name, args=row.args(world)) + row.query
    before = database_state()
    call = getattr(client, row.method)
    response = call(url, body, format="json") if body is not None else call(url)
    expected = row.answers[index]
    assert response.status_code == expected, (url, response.status_code, response.content[:300])
    if expected >= 400:
        assert set(response.json()) == {"code", "message", "field"}
        if expected == 403:
            assert "role" in response.json()["message"]
        assert database_state() == before, "a refused request wrote something"
