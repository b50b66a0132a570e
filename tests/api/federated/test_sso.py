"""A federated space's SSO through the API, positively: ExampleCorp's space ``examplecorp`` with its
Identity Center application, two connected groups and mary.major its Space administrator
(tests/sync's directory cast). Its administrator reads the connected groups and Space
administrators, asks for Sync now, follows the run in the run history and imports a connected group
as a team; a Power user of it is refused each, naming the role, with nothing written."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.aws.identity_center import services as directory
from catalyst_admin.actors import SYSTEM
from identity.people.models import User, sso_username
from identity.sync.models import SyncRun
from spaces.models import ActivityEvent, SpaceMembership
from spaces.roles import SpaceRole
from tests.api.conftest import token_of
from tests.url_roles import database_state

pytestmark = pytest.mark.django_db


def sso_user(store, directory_user):
    return User.objects.get(username=sso_username(store.store_id, directory_user.user_id))


@pytest.fixture
def mary(store, people):
    return sso_user(store, people["users"]["mary.major"])


@pytest.fixture
def li(store, people):
    return sso_user(store, people["users"]["li.juan"])


def test_the_space_administrator_reads_the_connected_groups_and_administrators(bearer, federated_space, mary, people):
    response = bearer(mary).get(reverse("api:sso", args=[federated_space.name]))
    assert response.status_code == 200, response.content
    sso = response.json()
    application = federated_space.identity_application
    assert sso["application"] == {"application_id": str(application.application_id), "name": "examplecorp-codecatalyst"}
    groups = {g["display_name"]: g for g in sso["connected_groups"]}
    assert set(groups) == {"Developers", "Space-Admins"}
    assert groups["Developers"]["group_id"] == people["developers"].group_id
    assert groups["Space-Admins"]["group_id"] == people["admins"].group_id
    assert {g["role"] for g in groups.values()} <= set(SpaceRole.values)
    assert sso["administrators"] == [{"user_id": people["users"]["mary.major"].user_id, "user_name": "mary.major"}]


def test_sync_now_runs_and_the_run_is_in_the_history(
    bearer, federated_space, mary, people, django_capture_on_commit_callbacks
):
    directory.group_membership_add(group=people["developers"], user=people["users"]["jorge.souza"], account=SYSTEM)
    client = bearer(mary)
    with django_capture_on_commit_callbacks(execute=True):
        requested = client.post(reverse("api:sso-sync", args=[federated_space.name]))
    assert requested.status_code == 202, requested.content
    run_id = requested.json()["id"]
    assert requested.json()["trigger"] == SyncRun.Trigger.MANUAL
    assert SyncRun.objects.get(pk=run_id).requested_by == mary  # as the page's Sync now records it
    run = client.get(reverse("api:sso-run", args=[federated_space.name, run_id])).json()
    assert run["status"] == SyncRun.Status.SUCCEEDED and run["members_added"] == 1 and run["finished_at"]
    history = client.get(reverse("api:sso-runs", args=[federated_space.name])).json()
    assert history["results"][0]["id"] == run_id
    assert all(r["application_id"] == federated_space.identity_application_id for r in history["results"])
    assert SpaceMembership.objects.filter(space=federated_space, user__name="Jorge Souza").exists()
    sso = client.get(reverse("api:sso", args=[federated_space.name])).json()
    assert sso["last_run"]["id"] == run_id and sso["active_run"] is None
    developers = next(g for g in sso["connected_groups"] if g["display_name"] == "Developers")
    assert developers["member_count"] == 4


@pytest.mark.parametrize(
    ("method", "name", "run"),
    [
        ("get", "api:sso", False),
        ("post", "api:sso-sync", False),
        ("get", "api:sso-runs", False),
        ("get", "api:sso-run", True),
    ],
)
def test_a_power_user_of_the_federated_space_is_refused_naming_the_role(federated_space, li, method, name, run):
    from rest_framework.test import APIClient

    args = [federated_space.name]
    if run:
        args.append(SyncRun.objects.create(application=federated_space.identity_application).pk)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_of(li)}")
    before = database_state()
    response = getattr(client, method)(reverse(name, args=args))
    assert response.status_code == 403
    assert response.json()["message"] == "You need the Space administrator role to manage SSO."
    assert database_state() == before


def _team_entries(space):
    return list(
        ActivityEvent.objects.filter(space=space, event_name="ImportSsoGroupIntoTeam").values_list(
            "description", "actor_name"
        )
    )


def test_the_space_administrator_imports_a_connected_group_as_a_team_as_the_page_does(
    bearer, federated_space, mary, people
):
    page = Client()
    page.force_login(mary)
    page.post(reverse("spaces:team_import", args=[federated_space.name]), {"group": people["developers"].group_id})
    by_page = _team_entries(federated_space)
    assert len(by_page) == 1
    federated_space.teams.all().delete()
    ActivityEvent.objects.filter(space=federated_space).delete()

    client = bearer(mary)
    url = reverse("api:team-import", args=[federated_space.name])
    imported = client.post(url, {"group": people["developers"].group_id}, format="json")
    assert imported.status_code == 201, imported.content
    assert imported.json()["name"] == "Developers" and imported.json()["description"] == "Imported SSO group"
    members = client.get(reverse("api:team-members", args=[federated_space.name, imported.json()["id"]])).json()
    assert {m["display_name"] for m in members["results"]} == {"Mary Major", "Li Juan", "Saanvi Sarkar"}
    assert _team_entries(federated_space) == by_page


def test_importing_a_group_not_connected_is_a_400_and_a_power_user_a_403(bearer, federated_space, mary, li):
    url = reverse("api:team-import", args=[federated_space.name])
    client = bearer(mary)
    before = database_state()
    refused = client.post(url, {"group": "not-a-group"}, format="json")
    assert refused.status_code == 400 and refused.json() == {
        "code": "validation_error",
        "message": "Choose one of the SSO groups connected to this space.",
        "field": "group",
    }
    assert database_state() == before
    power = bearer(li)
    before = database_state()
    forbidden = power.post(url, {"group": "anything"}, format="json")
    assert forbidden.status_code == 403 and "Space administrator" in forbidden.json()["message"]
    assert database_state() == before


def test_the_sso_endpoint_says_whether_a_sync_worker_reported_recently(bearer, federated_space, mary):
    from datetime import timedelta

    from django.utils import timezone

    from identity.sync.models import WorkerHeartbeat

    client = bearer(mary)
    url = reverse("api:sso", args=[federated_space.name])
    nobody = client.get(url).json()
    assert (nobody["worker_reported_recently"], nobody["worker_last_seen_at"]) == (False, None)
    WorkerHeartbeat.objects.create(hostname="celery@old", seen_at=timezone.now() - timedelta(hours=1))
    assert client.get(url).json()["worker_reported_recently"] is False
    WorkerHeartbeat.objects.create(hostname="celery@now", seen_at=timezone.now())
    recent = client.get(url).json()
    assert recent["worker_reported_recently"] is True and recent["worker_last_seen_at"]
