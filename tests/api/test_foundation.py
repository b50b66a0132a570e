"""The REST API's foundation: the schema covers every route with its errors, Swagger UI works
offline, both ways in (bearer token and session with CSRF), bad input answered with the one error
shape and nothing written, cursor pagination, throttling, and writes logged as the pages log them."""

from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from rest_framework.settings import api_settings
from rest_framework.test import APIClient

from identity.people.models import PersonalAccessToken
from spaces.models import ActivityEvent, Project, Team
from tests.url_roles import database_state

from .conftest import token_of
from .test_api_roles import _api_routes

pytestmark = pytest.mark.django_db

ERROR_KEYS = {"code", "message", "field"}


def _schema():
    response = Client().get(reverse("api:schema") + "?format=json")
    assert response.status_code == 200
    return response.json()


# The schema ------------------------------------------------------------------------------------------


def test_every_api_route_and_method_is_in_the_schema_with_a_summary_and_error_responses():
    schema = _schema()
    assert schema["openapi"].startswith("3.")
    for name, view in _api_routes().items():
        if name in ("api:schema", "api:docs"):
            continue
        pattern = next(p for p in __import__("catalyst_admin.api", fromlist=["v1"]).v1 if f"api:{p.name}" == name)
        path = "/api/v1/" + str(pattern.pattern).replace("<str:", "{").replace("<int:", "{").replace("<uuid:", "{")
        path = path.replace(">", "}")
        assert path in schema["paths"], f"{path} is missing from the schema"
        methods = {m for m in view.http_method_names if hasattr(view, m)} - {"options", "head"}
        for method in methods:
            operation = schema["paths"][path].get(method)
            assert operation, f"{method.upper()} {path} is missing from the schema"
            assert operation.get("summary"), f"{method.upper()} {path} has no summary"
            errors = {code for code in operation["responses"] if code.startswith("4")}
            assert {"401", "429"} <= errors, f"{method.upper()} {path} lacks its error responses"
            for code in errors:
                ref = operation["responses"][code]["content"]["application/json"]["schema"]["$ref"]
                assert ref.endswith("/Error")


def test_the_schema_names_bearer_and_session_authentication():
    schemes = _schema()["components"]["securitySchemes"]
    assert schemes["personalAccessToken"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "A personal access token from My settings → Personal access tokens.",
    }
    assert "cookieAuth" in schemes


def test_swagger_ui_is_served_from_our_own_static_files():
    page = Client().get(reverse("api:docs"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "http" not in html.split("<body>")[1].replace("http-equiv", ""), "no asset from another host"
    script = Client().get(reverse("api:docs") + "?script=")
    assert script.status_code == 200 and "/api/schema/" in script.content.decode()
    assert Client().get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js").status_code == 200


# Ways in --------------------------------------------------------------------------------------------


def test_a_bearer_token_is_its_owner(bearer, admin):
    response = bearer(admin).get(reverse("api:me"))
    assert response.status_code == 200
    assert response.json()["username"] == admin.username


@pytest.mark.parametrize("header", ["Bearer nonsense", "Bearer ", "Bearer " + "x" * 5000, "Token abc"])
def test_a_wrong_token_is_a_401_with_the_error_shape(header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get(reverse("api:spaces"))
    assert response.status_code == 401
    assert set(response.json()) == ERROR_KEYS
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_no_credentials_is_a_401():
    response = APIClient().get(reverse("api:spaces"))
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_an_expired_token_is_refused(bearer, admin):
    secret = token_of(admin)
    PersonalAccessToken.objects.filter(user=admin).update(expires_on=timezone.localdate() - timedelta(days=1))
    response = bearer(None, secret).get(reverse("api:me"))
    assert response.status_code == 401
    assert "expired" in response.json()["message"]


def test_a_token_of_a_deleted_or_deactivated_user_is_refused(bearer, admin, power):
    secret_admin, secret_power = token_of(admin), token_of(power)
    admin.is_active = False
    admin.save()
    power.delete()
    assert bearer(None, secret_admin).get(reverse("api:me")).status_code == 401
    assert bearer(None, secret_power).get(reverse("api:me")).status_code == 401


def test_a_session_post_without_csrf_is_a_403_json_and_writes_nothing(admin, space):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(admin)
    before = database_state()
    response = client.post(reverse("api:projects", args=[space.name]), {"name": "mobile"}, format="json")
    assert response.status_code == 403
    assert set(response.json()) == ERROR_KEYS
    assert "CSRF" in response.json()["message"]
    assert database_state() == before


def test_a_session_post_with_csrf_works(admin, space):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)
    client.get(reverse("spaces:list"))  # the console's pages set the CSRF cookie
    token = client.cookies["csrftoken"].value
    response = client.post(
        reverse("api:projects", args=[space.name]),
        '{"name": "mobile"}',
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 201, response.content
    assert Project.objects.filter(space=space, name="mobile").exists()


# Bad input --------------------------------------------------------------------------------------------

BAD_BODIES = [
    ("{not json", "application/json", 400, None),
    ('"a string"', "application/json", 400, None),
    ("[1, 2]", "application/json", 400, None),
    ('{"name": 42}', "application/json", 400, "name"),
    ('{"name": ["mobile"]}', "application/json", 400, "name"),
    ('{"name": "mobile", "owner": "me"}', "application/json", 400, "owner"),
    ('{"name": "no/slashes"}', "application/json", 400, "name"),
    ("name=mobile", "application/x-www-form-urlencoded", 415, None),
]


@pytest.mark.parametrize(("body", "content_type", "status", "field"), BAD_BODIES)
def test_bad_input_is_a_4xx_with_the_error_shape_and_nothing_written(
    bearer, admin, space, body, content_type, status, field
):
    client = bearer(admin)
    before = database_state()
    response = client.generic("POST", reverse("api:projects", args=[space.name]), body, content_type=content_type)
    assert response.status_code == status, response.content
    assert set(response.json()) == ERROR_KEYS
    assert response.json()["field"] == field
    assert database_state() == before


@override_settings(API_MAX_BODY_BYTES=1000)
def test_a_huge_body_is_a_413(bearer, admin, space):
    client = bearer(admin)
    before = database_state()
    response = client.post(
        reverse("api:projects", args=[space.name]), {"name": "mobile", "description": "x" * 5000}, format="json"
    )
    assert response.status_code == 413
    assert response.json()["code"] == "body_too_large"
    assert database_state() == before


def test_another_spaces_ids_are_404(bearer, admin, space, other_space, other_team, outsider):
    client = bearer(admin)
    other_membership = other_space.memberships.get(user=outsider)
    assert client.get(reverse("api:team", args=[space.name, other_team.pk])).status_code == 404
    assert (
        client.patch(
            reverse("api:member", args=[space.name, other_membership.pk]), {"role": "power_user"}, format="json"
        ).status_code
        == 404
    )
    assert client.get(reverse("api:space", args=[other_space.name])).status_code == 404
    response = client.post(
        reverse("api:team-members", args=[space.name, _team(space).pk]), {"user_id": outsider.pk}, format="json"
    )
    assert response.status_code == 404
    assert client.delete(reverse("api:member", args=[space.name, 99999999999999999999])).status_code == 404


def _team(space):
    return Team.objects.create(space=space, name="Any")


def test_a_quota_is_a_402_and_a_taken_name_a_409(bearer, admin, space, project):
    client = bearer(admin)
    taken = client.post(reverse("api:projects", args=[space.name]), {"name": "WEB-APP"}, format="json")
    assert taken.status_code == 409 and taken.json()["field"] == "name"
    # acme, which admin created this month, is the first of their five.
    for n in range(4):
        created = client.post(
            reverse("api:spaces"),
            {"name": f"space-{n}", "region": "us-west-2", "billing_account_id": "444455556666"},
            format="json",
        )
        assert created.status_code == 201, created.content
    over = client.post(
        reverse("api:spaces"), {"name": "space-six", "region": "us-west-2", "billing_account_id": "555566667777"}
    )
    assert over.status_code == 402, over.content
    assert over.json()["code"] == "quota_exceeded"


# Lists -------------------------------------------------------------------------------------------------


def test_lists_are_paginated_by_cursor(bearer, admin, space):
    for n in range(7):
        Team.objects.create(space=space, name=f"team-{n}")
    client = bearer(admin)
    seen, url = [], reverse("api:teams", args=[space.name]) + "?page_size=3"
    while url:
        page = client.get(url).json()
        assert len(page["results"]) <= 3
        seen += [team["name"] for team in page["results"]]
        url = page["next"]
    assert seen == [f"team-{n}" for n in range(7)]
    bad = client.get(reverse("api:teams", args=[space.name]) + "?cursor=garbage")
    assert bad.status_code == 400 and bad.json()["field"] == "cursor"


def test_activity_filters_like_the_page(bearer, admin, power, space, project):
    client = bearer(admin)
    client.post(reverse("api:teams", args=[space.name]), {"name": "Frontend"}, format="json")
    bearer(power).post(reverse("api:projects", args=[space.name]), {"name": "mobile"}, format="json")
    url = reverse("api:activity", args=[space.name])
    by_bob = client.get(url, {"actor": power.display_name}).json()["results"]
    assert [e["event_name"] for e in by_bob] == ["CreateProject"]
    assert [e["project_name"] for e in client.get(url, {"project": "mobile"}).json()["results"]] == ["mobile"]
    teams = client.get(url, {"event_name": "CreateTeam"}).json()["results"]
    assert [e["description"] for e in teams] == ["Created team Frontend"]
    future = (timezone.now() + timedelta(hours=1)).isoformat()
    assert client.get(url, {"since": future}).json()["results"] == []
    wrong = client.get(url, {"since": future, "until": timezone.now().isoformat()})
    assert wrong.status_code == 400 and wrong.json()["field"] == "since"
    assert client.get(url, {"since": "yesterday"}).status_code == 400
    assert client.get(url, {"unknown": "x"}).json()["field"] == "unknown"


# Throttling ---------------------------------------------------------------------------------------------


def _rates(token, address):
    return override_settings(
        REST_FRAMEWORK={**_rest_settings(), "DEFAULT_THROTTLE_RATES": {"api_token": token, "api_address": address}}
    )


def _rest_settings():
    from django.conf import settings

    return settings.REST_FRAMEWORK


def test_a_token_over_its_rate_gets_429_with_retry_after(bearer, admin, power):
    with _rates("3/min", "100/min"):
        assert api_settings.DEFAULT_THROTTLE_RATES["api_token"] == "3/min"
        client = bearer(admin)
        answers = [client.get(reverse("api:me")).status_code for _ in range(4)]
        assert answers == [200, 200, 200, 429]
        refused = client.get(reverse("api:me"))
        assert refused.json()["code"] == "throttled"
        assert int(refused["Retry-After"]) >= 1
        # Another person's token from the same address has its own allowance.
        assert bearer(power).get(reverse("api:me")).status_code == 200


def test_an_address_over_its_rate_gets_429_whatever_the_token(bearer, admin, power, contributor):
    with _rates("100/min", "4/min"):
        for user in (admin, power):
            client = bearer(user)
            assert client.get(reverse("api:me")).status_code == 200
            assert client.get(reverse("api:me")).status_code == 200
        assert bearer(contributor).get(reverse("api:me")).status_code == 429
        assert APIClient().get(reverse("api:me")).status_code == 429


# The same activity as the pages ----------------------------------------------------------------------------


def _entries(space):
    return [
        (e.event_name, e.description, e.actor_name, e.project_name)
        for e in ActivityEvent.objects.filter(space=space).order_by("created_at", "id")
    ]


def test_writes_through_the_api_log_what_the_pages_log(admin, space, dave, bearer):
    page = Client()
    page.force_login(admin)
    page.post(reverse("spaces:project_create", args=[space.name]), {"name": "mobile", "description": ""})
    page.post(reverse("spaces:settings", args=[space.name]), {"description": "Changed"})
    page.post(reverse("spaces:teams", args=[space.name]), {"name": "Frontend", "description": ""})
    page.post(reverse("spaces:members", args=[space.name]), {"email": "new@example.com", "role": "power_user"})
    page.post(reverse("spaces:member_remove", args=[space.name, space.memberships.get(user=dave).pk]))
    by_page = _entries(space)
    assert len(by_page) == 5
    ActivityEvent.objects.all().delete()
    Project.objects.filter(name="mobile").delete()
    Team.objects.filter(name="Frontend").delete()
    space.invitations.all().delete()
    from spaces.models import SpaceMembership

    SpaceMembership.objects.create(space=space, user=dave, role="power_user")

    api = bearer(admin)
    assert api.post(reverse("api:projects", args=[space.name]), {"name": "mobile"}, format="json").status_code == 201
    assert (
        api.patch(reverse("api:space", args=[space.name]), {"description": "Changed"}, format="json").status_code == 200
    )
    assert api.post(reverse("api:teams", args=[space.name]), {"name": "Frontend"}, format="json").status_code == 201
    invited = api.post(
        reverse("api:invitations", args=[space.name]), {"email": "new@example.com", "role": "power_user"}, format="json"
    )
    assert invited.status_code == 201
    removed = api.delete(reverse("api:member", args=[space.name, space.memberships.get(user=dave).pk]))
    assert removed.status_code == 204
    assert _entries(space) == by_page
    source = ActivityEvent.objects.filter(space=space).first()
    assert source.source_ip == "127.0.0.1"


def test_a_created_token_is_shown_once_and_works(bearer, admin):
    client = bearer(admin)
    created = client.post(reverse("api:access-tokens"), {"name": "ci"}, format="json")
    assert created.status_code == 201
    secret = created.json()["secret"]
    assert bearer(None, secret).get(reverse("api:me")).json()["username"] == admin.username
    listed = client.get(reverse("api:access-tokens")).json()["results"]
    assert all("secret" not in token for token in listed)
    assert ActivityEvent.objects.filter(event_name="CreateAccessToken", actor_user=admin).exists()
    past = client.post(reverse("api:access-tokens"), {"name": "old", "expires_on": "2000-01-01"}, format="json")
    assert past.status_code == 400 and past.json()["field"] == "expires_on"
