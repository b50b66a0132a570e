"""Signing in with SSO, and the space's Settings → SSO page with "Sync now"."""

import pytest
from django.urls import reverse

from accounts.aws.identity_center import services as directory
from catalyst_admin.actors import SYSTEM
from identity.federation import services as federation
from identity.people.models import User, sso_username
from identity.sync.models import SyncRun
from spaces.models import SpaceMembership
from spaces.roles import SpaceRole
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def sso_user(store, directory_user):
    return User.objects.get(username=sso_username(store.store_id, directory_user.user_id))


def portal(space):
    return reverse("identity:sso_portal", args=[space.identity_application.application_id])


def test_choosing_the_company_leads_to_its_access_portal(client, federated_space):
    application = federated_space.identity_application
    page = client.get(reverse("identity:sso_company"))
    assert b"ExampleCorp" in page.content
    response = client.post(reverse("identity:sso_company"), {"application": str(application.application_id)})
    assert response.status_code == 302
    assert response.url == portal(federated_space)


def test_a_group_member_signs_in_and_sees_the_space_with_their_role(client, federated_space):
    response = client.post(portal(federated_space), {"user_name": "li.juan", "password": "directory-pass"})
    assert response.status_code == 302
    spaces = client.get(reverse("spaces:list"))
    assert b"examplecorp" in spaces.content
    assert b"Power user" in spaces.content


@pytest.mark.parametrize(
    "user_name, password, message",
    [
        ("li.juan", "wrong-password", b"The user name or password is not correct."),
        ("nobody", "directory-pass", b"The user name or password is not correct."),
        ("jorge.souza", "directory-pass", b"is not a member of any ExampleCorp space yet"),
    ],
)
def test_sso_sign_in_is_refused_with_a_clear_message(client, federated_space, user_name, password, message):
    response = client.post(portal(federated_space), {"user_name": user_name, "password": password})
    assert response.status_code == 200
    assert message in response.content
    assert "_auth_user_id" not in client.session


def test_a_disabled_directory_user_cannot_sign_in(client, federated_space, people):
    li = people["users"]["li.juan"]
    directory.directory_user_update(
        user=li, display_name=li.display_name, email=li.email, enabled=False, account=SYSTEM
    )
    response = client.post(portal(federated_space), {"user_name": "li.juan", "password": "directory-pass"})
    assert b"disabled in IAM Identity Center" in response.content


def test_after_disassociation_the_user_loses_access(client, federated_space, management):
    client.post(portal(federated_space), {"user_name": "li.juan", "password": "directory-pass"})
    assert client.get(reverse("spaces:overview", args=["examplecorp"])).status_code == 200
    federation.space_disassociate(space=federated_space, confirmation="disassociate", account=management)
    assert client.get(reverse("spaces:overview", args=["examplecorp"])).status_code == 404


@pytest.mark.parametrize("who, status", [("admin", 200), ("power", 403), ("outsider", 404), ("anonymous", 302)])
def test_sso_page_is_for_space_administrators(client, federated_space, store, people, who, status):
    users = {
        "admin": sso_user(store, people["users"]["mary.major"]),
        "power": sso_user(store, people["users"]["li.juan"]),
        "outsider": UserFactory(),
    }
    if who != "anonymous":
        client.force_login(users[who])
    response = client.get(reverse("spaces:sso", args=[federated_space.name]))
    assert response.status_code == status
    if status == 403:
        assert b"You need the Space administrator role to manage SSO." in response.content


def test_sso_page_lists_groups_users_and_administrators(client, federated_space, store, people):
    client.force_login(sso_user(store, people["users"]["mary.major"]))
    page = client.get(reverse("spaces:sso", args=[federated_space.name])).content.decode()
    for text in (
        "examplecorp-codecatalyst",
        store.store_id,
        "Developers",
        "Space-Admins",
        "Saanvi Sarkar",
        "mary.major",
    ):
        assert text in page


def test_builder_id_space_offers_set_up_in_aws(client_for, space, admin):
    page = client_for(admin).get(reverse("spaces:sso", args=[space.name])).content.decode()
    assert "SSO not enabled" in page
    assert "Set up in AWS" in page


def test_sync_now_adds_a_new_directory_user_and_reports_the_run(
    client, federated_space, store, people, django_capture_on_commit_callbacks
):
    directory.group_membership_add(group=people["developers"], user=people["users"]["jorge.souza"], account=SYSTEM)
    client.force_login(sso_user(store, people["users"]["mary.major"]))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("spaces:sso_sync", args=[federated_space.name]))
    assert response.status_code == 302
    run = SyncRun.objects.filter(trigger=SyncRun.Trigger.MANUAL).get()
    assert run.status == SyncRun.Status.SUCCEEDED
    assert run.members_added == 1
    status = client.get(reverse("spaces:sso_run", args=[federated_space.name, run.pk])).json()
    assert status["finished"] and status["members_added"] == 1
    assert SpaceMembership.objects.filter(
        space=federated_space, user__name="Jorge Souza", role=SpaceRole.POWER_USER
    ).exists()


def test_sync_now_is_refused_for_a_power_user(client, federated_space, store, people):
    client.force_login(sso_user(store, people["users"]["li.juan"]))
    response = client.post(reverse("spaces:sso_sync", args=[federated_space.name]))
    assert response.status_code == 403
    assert not SyncRun.objects.filter(trigger=SyncRun.Trigger.MANUAL).exists()


def test_another_spaces_run_is_not_visible(client, federated_space, store, people, space, admin):
    run = SyncRun.objects.create(application=federated_space.identity_application)
    client.force_login(admin)
    response = client.get(reverse("spaces:sso_run", args=[space.name, run.pk]))
    assert response.status_code == 404


def test_a_space_administrator_imports_an_sso_group_as_a_team(client, federated_space, store, people):
    client.force_login(sso_user(store, people["users"]["mary.major"]))
    page = client.get(reverse("spaces:teams", args=[federated_space.name])).content.decode()
    assert "Import SSO group" in page
    response = client.post(
        reverse("spaces:team_import", args=[federated_space.name]), {"group": people["developers"].group_id}
    )
    team = federated_space.teams.get(name="Developers")
    assert response.status_code == 302 and response.url.endswith(f"/teams/{team.pk}/")
    assert set(team.members.values_list("name", flat=True)) == {"Mary Major", "Li Juan", "Saanvi Sarkar"}
    again = client.post(
        reverse("spaces:team_import", args=[federated_space.name]), {"group": people["developers"].group_id}
    )
    assert again.status_code == 302
    assert federated_space.teams.count() == 1


def test_importing_a_group_not_connected_to_the_space_is_refused(client, federated_space, store, people):
    client.force_login(sso_user(store, people["users"]["mary.major"]))
    client.post(reverse("spaces:team_import", args=[federated_space.name]), {"group": "not-a-group"})
    assert not federated_space.teams.exists()


def test_a_power_user_cannot_import_groups(client, federated_space, store, people):
    client.force_login(sso_user(store, people["users"]["li.juan"]))
    response = client.post(
        reverse("spaces:team_import", args=[federated_space.name]), {"group": people["developers"].group_id}
    )
    assert response.status_code == 403
    assert not federated_space.teams.exists()


def test_sso_page_says_when_no_worker_has_reported_recently(client, federated_space, store, people):
    from datetime import timedelta

    from django.utils import timezone

    from identity.sync.models import WorkerHeartbeat

    client.force_login(sso_user(store, people["users"]["mary.major"]))
    url = reverse("spaces:sso", args=[federated_space.name])
    assert "No sync worker has reported" in client.get(url).content.decode()
    WorkerHeartbeat.objects.create(hostname="celery@old", seen_at=timezone.now() - timedelta(hours=1))
    assert "No sync worker has reported" in client.get(url).content.decode()
    WorkerHeartbeat.objects.create(hostname="celery@now", seen_at=timezone.now())
    assert "No sync worker has reported" not in client.get(url).content.decode()


def test_a_requested_sync_says_started_only_once_a_worker_started_it(client, federated_space, store, people):
    from django.utils import timezone

    client.force_login(sso_user(store, people["users"]["mary.major"]))
    url = reverse("spaces:sso", args=[federated_space.name])
    run = SyncRun.objects.create(application=federated_space.identity_application, trigger=SyncRun.Trigger.MANUAL)
    page = client.get(url).content.decode()
    assert "Sync requested" in page and "it starts when a worker picks it up" in page
    assert "Sync started" not in page
    # A worker started it (and it waits to retry after a failed read).
    SyncRun.objects.filter(pk=run.pk).update(status=SyncRun.Status.RETRYING, started_at=timezone.now())
    assert "Sync started" in client.get(url).content.decode()
