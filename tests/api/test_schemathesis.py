"""Schemathesis against the live test server and the schema it serves: every operation, a bounded
number of generated requests each, as a Space administrator (who may do everything in ``acme``),
as the operator (staff: the operations endpoints), and as Limited access and Power user (who may
not do much of it).

For every response: no 5xx, a status the schema documents, the documented content type, a body
that conforms to the schema; and, for the refused people, no 2xx on an operation the route ×
person table (tests/api/test_api_roles.py) says their role may not perform. Path parameters are
pointed at the real objects of the world (``acme``, its project, team, members, invitations), so
the generated bodies and queries reach the services rather than a 404.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.connections import services as connections
from identity.people import services as people
from spaces.roles import SpaceRole
from tests.factories import InvitationFactory

from .test_api_roles import PEOPLE, TABLE

pytestmark = pytest.mark.django_db(transaction=True)

EXAMPLES = 6


def _route_names() -> dict[str, str]:
    """The schema's path of every route of /api/v1/ -> its ``api:<name>``."""
    from catalyst_admin.api import v1

    paths = {}
    for pattern in v1:
        path = "/api/v1/" + str(pattern.pattern)
        for converter in ("str", "int", "uuid"):
            path = path.replace(f"<{converter}:", "{")
        paths[path.replace(">", "}")] = f"api:{pattern.name}"
    return paths


ROUTES = _route_names()
ANSWERS = {(row.name, row.method): row.answers for row in TABLE}


@pytest.fixture
def world(
    space,
    project,
    team,
    dave,
    space_invitation,
    admin,
    power,
    contributor,
    association,
    schedule,
    held_run,
    stuck_run,
    vpc_connection,
):
    invitation = InvitationFactory(space=space, email=admin.username, space_role=SpaceRole.POWER_USER, invited_by=power)
    spare, _ = people.access_token_create(user=admin, name="spare")
    waiting = connections.connection_request_create(
        space=space, aws_account_id="999900001111", display_name="globex-prod", requested_by=admin
    )
    return {
        "space_name": space.name,
        "project_name": project.name,
        "team_id": team.pk,
        "user_id": power.pk,
        "member": space.memberships.get(user=dave).pk,
        "project_member": project.memberships.get(user=contributor).pk,
        "space_invitation": space_invitation.pk,
        "my_invitation": invitation.pk,
        "token_id": spare.pk,
        "connection_id": association.connection.connection_id,
        "pending_connection_id": waiting.connection_id,
        "association_id": association.pk,
        "project_id": project.pk,
        "task_id": schedule.pk,
        "application_id": held_run.application_id,
        "held_run": held_run.pk,
        "stuck_run": stuck_run.pk,
        "vpc_connection_id": vpc_connection.pk,
    }


@pytest.fixture
def api_schema(live_server):
    return schemathesis.openapi.from_url(f"{live_server.url}/api/schema/?format=json")


def _aim(case, world):
    """Point the case's path parameters at the world's real objects."""
    params = case.path_parameters or {}
    for name in (
        "space_name",
        "project_name",
        "team_id",
        "user_id",
        "token_id",
        "association_id",
        "project_id",
        "task_id",
        "application_id",
        "vpc_connection_id",
    ):
        if name in params:
            params[name] = world[name]
    if "membership_id" in params:
        params["membership_id"] = world["project_member" if "/projects/" in case.path else "member"]
    if "connection_id" in params:
        params["connection_id"] = world["pending_connection_id" if "/token/" in case.path else "connection_id"]
    if "run_id" in params:
        params["run_id"] = world["held_run" if case.path.endswith("/approve/") else "stuck_run"]
    if "invitation_id" in params:
        params["invitation_id"] = world["my_invitation" if case.path.startswith("/api/v1/me/") else "space_invitation"]


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def _refused_person_check(person: str):
    index = PEOPLE.index(person)

    def no_2xx_without_the_role(ctx, response, case):
        answers = ANSWERS[(ROUTES[case.path], case.method.lower())]
        if answers[index] >= 400 and 200 <= response.status_code < 300:
            raise AssertionError(
                f"{case.method} {case.formatted_path} answered {response.status_code} to {person}, whose role "
                f"may not do it (the table says {answers[index]})"
            )

    return no_2xx_without_the_role


def _token(user):
    _, secret = people.access_token_create(user=user, name="schemathesis")
    return {"Authorization": f"Bearer {secret}"}


def test_every_operation_is_in_the_route_table(api_schema):
    operations = {(result.ok().path, result.ok().method.lower()) for result in api_schema.get_all_operations()}
    assert {(ROUTES[path], method) for path, method in operations} <= set(ANSWERS)
    assert len(operations) == len([r for r in TABLE if r.name not in ("api:schema", "api:docs")])


def _run(api_schema, world, base_url, calls):
    """Each operation's generated cases (``EXAMPLES`` of them), each sent by ``calls(case)``; the
    failures of every operation together. (Schemathesis' own pytest loader, from_fixture, needs a
    pytest older than ours: the strategies are driven by Hypothesis here instead.)"""
    failures, answered = [], {}
    for result in api_schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
            derandomize=True,  # the same requests on every run: a failure in CI reproduces locally
        )
        def run(case):
            _aim(case, world)
            response = calls(case)
            answered.setdefault(f"{case.method} {case.path}", []).append(response.status_code)

        try:
            run()
        except Exception as error:  # every operation's failure, not only the first
            failures.append(f"{operation.method.upper()} {operation.path}: {error}")
    assert not failures, "\n\n".join(failures)
    assert len(answered) == len(list(api_schema.get_all_operations())), "every operation was called"
    return answered


@pytest.mark.parametrize("person", ["admin", "staff"])
def test_the_api_as_a_space_administrator_and_as_staff(request, api_schema, world, live_server, person):
    headers = _token(request.getfixturevalue(person))
    answered = _run(
        api_schema,
        world,
        live_server.url,
        lambda case: case.call_and_validate(base_url=live_server.url, headers=headers, checks=CHECKS),
    )
    # The generated requests reach the services: of the operations the table lets this person do, at
    # least a third answered a 2xx to some generated request (most bodies are rightly refused: 400).
    index = PEOPLE.index(person)
    allowed = {op for op in answered if ANSWERS[(ROUTES[op.split(" ")[1]], op.split(" ")[0].lower())][index] < 300}
    succeeded = {op for op in allowed if any(200 <= code < 300 for code in answered[op])}
    assert len(succeeded) * 3 >= len(allowed), {op: sorted(set(answered[op])) for op in allowed}


@pytest.mark.parametrize("person", ["contributor", "power"])
def test_the_api_refuses_what_a_role_may_not_do(request, api_schema, world, live_server, person):
    headers = _token(request.getfixturevalue(person))
    checks = [*CHECKS, _refused_person_check(person)]
    _run(
        api_schema,
        world,
        live_server.url,
        lambda case: case.call_and_validate(base_url=live_server.url, headers=headers, checks=checks),
    )
