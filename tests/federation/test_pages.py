"""IAM Identity Center page, Edit space, Disassociate space from application, Delete and Connect space
in the AWS console (seed 000, "Administering Identity Center applications")."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.aws.identity_center import services as directory
from catalyst_admin.actors import SYSTEM
from identity.federation import services as federation
from identity.federation.models import IdentityCenterApplication
from spaces.models import ConnectedGroup, Space, SpaceMembership, SsoAdministrator
from tests.factories import ProjectFactory
from tests.federation.conftest import HOME, sign_in
from tests.federation.wizard import WizardDriver, step_of

pytestmark = pytest.mark.django_db

EDIT = HOME + "spaces/examplecorp/edit/"
DISASSOCIATE = HOME + "spaces/examplecorp/disassociate/"
DELETE = HOME + "spaces/examplecorp/delete/"


def state(space):
    space.refresh_from_db()
    return (
        space.deleted_at,
        space.identity_application_id,
        sorted(space.connected_groups.values_list("group_id", flat=True)),
        sorted(space.sso_administrators.values_list("user_id", flat=True)),
        sorted(space.memberships.values_list("user_id", "role")),
        space.projects.count(),
    )


# The IAM Identity Center page ---------------------------------------------------------------------


def test_the_page_shows_the_identity_store_and_the_application_enabled_spaces(aws, store, federated_space):
    page = aws.get(HOME).content.decode()
    assert "<h1>IAM Identity Center</h1>" in page
    assert store.store_id in page and 'href="/aws/identity-center/"' in page
    assert "Application Enabled Spaces" in page
    for heading in (
        "Space name",
        "Display name",
        "Application name",
        "Space administrators",
        "Connected groups",
    ):
        assert f">{heading}</th>" in page
    row = page.split("<strong>examplecorp</strong>", 1)[1].split("</tr>", 1)[0]
    assert "ExampleCorp" in row and "examplecorp-codecatalyst" in row
    assert "mary.major" in row and "Developers" in row and "Space-Admins" in row
    assert "Edit space" in row and "Disassociate space from application" in row and ">Delete<" in row
    assert 'href="/aws/codecatalyst/identity-center/connect/?restart=1"' in page


def test_another_account_of_the_organization_sees_the_store_but_not_the_space(
    as_account, build, store, federated_space
):
    page = as_account(build).get(HOME).content.decode()
    assert store.store_id in page
    assert "examplecorp-codecatalyst" not in page
    assert "No application enabled spaces" in page


def test_a_member_account_is_not_offered_connect_and_is_told_who_may(as_account, build, store, federated_space):
    page = as_account(build).get(HOME).content.decode()
    assert 'href="/aws/codecatalyst/identity-center/connect/?restart=1"' not in page
    assert "management account or its delegated administrator account" in page


def test_the_delegated_administrator_is_offered_connect(as_account, delegated, store, federated_space):
    page = as_account(delegated).get(HOME).content.decode()
    assert 'href="/aws/codecatalyst/identity-center/connect/?restart=1"' in page


def test_an_account_outside_any_organization_is_told_so(as_account, outside):
    page = as_account(outside).get(HOME).content.decode()
    assert "globex-prod is not part of an organization in AWS Organizations." in page
    assert "Enable IAM Identity Center" in page


def test_an_organization_without_identity_center_is_told_to_enable_it(as_account, management):
    page = as_account(management).get(HOME).content.decode()
    assert "IAM Identity Center is not enabled for ExampleCorp." in page
    assert '<a class="btn" href="/aws/identity-center/">Enable IAM Identity Center</a>' in page


def test_the_sidenav_has_amazon_codecatalyst_with_iam_identity_center(aws, store):
    page = aws.get(HOME).content.decode()
    assert 'aria-label="Amazon CodeCatalyst"' in page
    assert f'<a href="{HOME}" aria-current="page">IAM Identity Center</a>' in page
    assert "Not available yet" not in page


def test_the_list_costs_the_same_queries_for_one_space_or_many(aws, store, people, management, federated_space, mateo):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert aws.get(HOME).status_code == 200
        return len(queries)

    one = count()
    for n in range(4):
        federation.federated_space_create(
            account=management,
            console_user=mateo,
            store=store,
            display_name=f"Team {n}",
            application_name=f"team-{n}",
            region="us-west-2",
            group_ids=[people["developers"].group_id],
            admin_user_ids=[people["users"]["li.juan"].user_id],
            new_space_name=f"team-{n}",
        )
    assert count() == one


def test_the_page_reads_the_organization_instance_and_store_in_one_query(aws, store, federated_space):
    aws.get(HOME)
    with CaptureQueriesContext(connection) as queries:
        page = aws.get(HOME).content.decode()
    read_from = re.compile(r'FROM "?(identity_identitystore|identity_identitycenterinstance|accounts_organization)\b')
    directory_reads = [q["sql"] for q in queries.captured_queries if read_from.search(q["sql"])]
    assert len(directory_reads) == 1, directory_reads
    assert store.store_id in page


# Spaces without federation pages --------------------------------------------------------------


def test_an_unknown_space_is_a_404(aws, store):
    assert aws.get(HOME + "spaces/nope/edit/").status_code == 404


def test_a_builder_id_space_the_account_bills_has_no_federation_pages(aws, store, sandbox):
    assert aws.get(HOME + "spaces/sandbox/edit/").status_code == 404
    assert aws.get(HOME + "spaces/sandbox/delete/").status_code == 404


# Edit space ------------------------------------------------------------------------------------------


def test_edit_space_shows_the_application_and_the_current_choices(aws, store, people, federated_space):
    response = aws.get(EDIT)
    page = response.content.decode()
    assert "<h1>Edit assigned users and groups</h1>" in page
    assert "Groups connected to this space" in page and "Space administrators" in page
    assert "Manage in IAM Identity Center" in page and 'href="/aws/identity-center/"' in page
    form = response.context["form"]
    assert sorted(form["groups"].value()) == sorted([people["developers"].group_id, people["admins"].group_id])
    assert form["administrators"].value() == [people["users"]["mary.major"].user_id]


def test_edit_space_reads_the_connected_groups_once(aws, store, people, federated_space):
    aws.get(EDIT)
    with CaptureQueriesContext(connection) as queries:
        assert aws.get(EDIT).status_code == 200
    assert len([q for q in queries.captured_queries if "spaces_connectedgroup" in q["sql"]]) == 1


def test_saving_edit_space_changes_groups_administrators_and_members(aws, store, people, federated_space):
    directory.group_membership_add(group=people["admins"], user=people["users"]["jorge.souza"], account=SYSTEM)
    response = aws.post(
        EDIT,
        {"groups": [people["admins"].group_id], "administrators": [people["users"]["jorge.souza"].user_id]},
        follow=True,
    )
    assert response.redirect_chain == [(HOME, 302)]
    assert "Saved examplecorp: 1 connected group, 1 Space administrator, 2 members." in response.content.decode()
    assert list(federated_space.connected_groups.values_list("display_name", flat=True)) == ["Space-Admins"]
    assert list(federated_space.sso_administrators.values_list("user_name", flat=True)) == ["jorge.souza"]
    assert federated_space.memberships.count() == 2


def test_edit_space_with_an_unreadable_directory_says_so_and_saves_nothing(
    aws, store, people, federated_space, settings
):
    before = state(federated_space)
    settings.SYNC_DIRECTORY_SOURCE = "tests.sync.test_setup_sync.UnreadableDirectory"
    response = aws.post(
        EDIT, {"groups": [people["admins"].group_id], "administrators": [people["users"]["mary.major"].user_id]}
    )
    assert response.status_code == 200
    assert "could not be read, so nothing was changed" in response.content.decode()
    assert state(federated_space) == before


def test_show_users_of_the_chosen_groups_saves_nothing(aws, store, people, federated_space):
    before = state(federated_space)
    response = aws.post(
        EDIT,
        {
            "groups": [people["admins"].group_id],
            "refresh": "1",
            "administrators": [people["users"]["mary.major"].user_id],
        },
    )
    assert response.status_code == 200
    listed = [user.user_name for user in response.context["form"].user_list]
    assert listed == ["mary.major"]
    assert state(federated_space) == before


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"administrators": ["mary"]}, "groups", "Choose at least one group to connect to the space."),
        ({"groups": ["DEV"]}, "administrators", "Choose at least one user for the Space administrator role."),
        (
            {"groups": ["DEV"], "administrators": ["jorge.souza"]},
            "administrators",
            "not in any of the chosen groups",
        ),
    ],
)
def test_edit_space_refusals_write_nothing(aws, store, people, federated_space, data, field, message):
    names = {
        "DEV": people["developers"].group_id,
        "mary": people["users"]["mary.major"].user_id,
        "jorge.souza": people["users"]["jorge.souza"].user_id,
    }
    post = {key: [names[v] for v in values] for key, values in data.items()}
    before = state(federated_space)
    response = aws.post(EDIT, post)
    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    assert "Nothing was saved." in response.content.decode()
    assert state(federated_space) == before


# Disassociate space from application --------------------------------------------------------------


def test_disassociate_page_uses_the_documents_words(aws, federated_space):
    page = aws.get(DISASSOCIATE).content.decode()
    assert "<h1>Disassociate space from application</h1>" in page
    assert "This action will remove all SSO users as members in the CodeCatalyst space" in page
    assert "The Identity Center application will be available to be reassociated" in page
    assert ">Disassociate</button>" in page


@pytest.mark.parametrize("typed", ["", "disassociat", "delete", "examplecorp"])
def test_a_wrong_confirmation_disassociates_nothing(aws, federated_space, typed):
    before = state(federated_space)
    response = aws.post(DISASSOCIATE, {"confirmation": typed})
    assert response.status_code == 200
    assert response.context["form"].errors["confirmation"] == ['To confirm, type "disassociate".']
    assert "To confirm, type &quot;disassociate&quot;." in response.content.decode()
    assert state(federated_space) == before


def test_disassociating_removes_the_sso_members_and_keeps_the_application(aws, federated_space):
    response = aws.post(DISASSOCIATE, {"confirmation": "Disassociate"}, follow=True)
    page = response.content.decode()
    assert (
        "examplecorp was disassociated from examplecorp-codecatalyst; 3 SSO members were removed from the "
        "space. You can associate examplecorp-codecatalyst with this space or another space again later"
    ) in page
    federated_space.refresh_from_db()
    assert federated_space.identity_application is None
    assert not federated_space.memberships.filter(source=SpaceMembership.Source.SSO).exists()
    application = IdentityCenterApplication.objects.get(name="examplecorp-codecatalyst")
    # The application is listed without a space, with Connect space; the space is listed apart.
    assert f"/applications/{application.application_id}/connect/?restart=1" in page
    assert "Spaces without an Identity Center application" in page


# Delete ------------------------------------------------------------------------------------------------


def test_delete_page_uses_the_documents_words(aws, federated_space):
    page = aws.get(DELETE).content.decode()
    assert (
        "Deleting the space will delete all projects and resources in the space. Deleting the space will "
        "remove "
        "the associated SSO users and groups from the space." in page
    )
    assert "Retain the Identity Center application" in page and "Delete the Identity Center application" in page
    assert "To confirm deletion, type examplecorp" in page


@pytest.mark.parametrize("typed", ["", "Examplecorp", "example"])
def test_a_wrong_space_name_deletes_nothing(aws, federated_space, typed):
    before = state(federated_space)
    response = aws.post(DELETE, {"confirm_name": typed, "application": "delete"})
    assert response.status_code == 200
    assert "To confirm" in response.content.decode()
    assert state(federated_space) == before
    assert IdentityCenterApplication.objects.filter(name="examplecorp-codecatalyst").exists()


def test_deleting_and_retaining_the_application(aws, federated_space):
    ProjectFactory(space=federated_space, name="web-app")
    response = aws.post(DELETE, {"confirm_name": "examplecorp", "application": "retain"}, follow=True)
    page = response.content.decode()
    assert "Space examplecorp was deleted, with its projects and resources." in page
    assert "The Identity Center application examplecorp-codecatalyst was retained" in page
    space = Space.all_objects.get(name="examplecorp")
    assert space.deleted_at is not None and not space.projects.exists() and not space.memberships.exists()
    assert not ConnectedGroup.objects.filter(space=space).exists()
    assert not SsoAdministrator.objects.filter(space=space).exists()
    assert IdentityCenterApplication.objects.filter(name="examplecorp-codecatalyst").exists()
    assert "Connect space" in page


def test_deleting_and_deleting_the_application(aws, federated_space):
    response = aws.post(DELETE, {"confirm_name": "examplecorp", "application": "delete"}, follow=True)
    assert "The Identity Center application examplecorp-codecatalyst was deleted." in response.content.decode()
    assert not IdentityCenterApplication.objects.filter(name="examplecorp-codecatalyst").exists()


def test_the_application_owner_that_does_not_bill_the_space_cannot_delete_it(
    client, mateo, build, management, store, people
):
    directory.delegated_administrator_register(instance=store.instance, member_account=build, account=management)
    space = federation.federated_space_create(
        account=build,
        console_user=mateo,
        store=store,
        display_name="Build",
        application_name="build-sso",
        region="us-west-2",
        group_ids=[people["developers"].group_id],
        admin_user_ids=[people["users"]["li.juan"].user_id],
        new_space_name="build-space",
    )  # billed to the management account, application owned by build
    sign_in(client, mateo, build)
    url = HOME + "spaces/build-space/delete/"
    page = client.get(url).content.decode()
    assert "Sign in with the space's billing account to delete it." in page
    assert ">Delete</button>" not in page
    response = client.post(url, {"confirm_name": "build-space", "application": "delete"})
    assert response.status_code == 200
    assert Space.objects.filter(pk=space.pk).exists()
    # It may still edit the space: it owns the application.
    assert client.get(HOME + "spaces/build-space/edit/").status_code == 200


# Connect space ----------------------------------------------------------------------------------------


@pytest.fixture
def idle_application(aws, management, federated_space):
    federation.space_disassociate(space=federated_space, confirmation="disassociate", account=management)
    return IdentityCenterApplication.objects.get(name="examplecorp-codecatalyst")


def connect_driver(client, application):
    return WizardDriver(
        client, url=f"{HOME}applications/{application.application_id}/connect/", prefix="connect_space_wizard"
    )


def test_connect_space_creates_a_new_space_for_an_application(aws, people, idle_application):
    driver = connect_driver(aws, idle_application)
    first = driver.start()
    assert step_of(first) == "space"
    assert "Step 1: Choose or create a CodeCatalyst space" in first.content.decode()
    assert step_of(driver.post("space", choice="new", space_name="second", region="eu-west-1")) == "groups"
    assert step_of(driver.post("groups", groups=[people["developers"].group_id])) == "administrators"
    assert step_of(driver.post("administrators", administrators=[people["users"]["saanvi.sarkar"].user_id])) == "review"
    response = driver.post("review", follow=True)
    assert "second is now associated with examplecorp-codecatalyst, with 3 members" in response.content.decode()
    space = Space.objects.get(name="second")
    assert space.identity_application == idle_application and space.region == "eu-west-1"


def test_connect_space_reassociates_the_disassociated_space(aws, people, idle_application, federated_space):
    driver = connect_driver(aws, idle_application)
    driver.start()
    driver.post("space", choice="existing", existing_space=str(federated_space.pk))
    driver.post("groups", groups=[people["admins"].group_id])
    driver.post("administrators", administrators=[people["users"]["mary.major"].user_id])
    response = driver.post("review", follow=True)
    assert "examplecorp is now associated with examplecorp-codecatalyst, with 1 member" in response.content.decode()
    federated_space.refresh_from_db()
    assert federated_space.identity_application == idle_application


def test_connect_space_needs_a_region_for_a_new_space(aws, people, idle_application):
    driver = connect_driver(aws, idle_application)
    driver.start()
    response = driver.post("space", choice="new", space_name="second", region="mars-1")
    assert response.context["wizard"]["form"].errors["region"] == ["Choose one of the listed AWS Regions."]


def test_deleting_the_application_while_another_space_uses_it_is_refused_before_anything_is_deleted(
    aws, federated_space
):
    from tests.factories import SpaceFactory

    SpaceFactory(
        name="examplecorp-labs", kind=Space.Kind.FEDERATED, identity_application=federated_space.identity_application
    )
    page = aws.get(DELETE).content.decode()
    assert "is also used by examplecorp-labs: it cannot be deleted with this space, only retained." in page
    before = state(federated_space)
    response = aws.post(DELETE, {"confirm_name": "examplecorp", "application": "delete"})
    assert response.status_code == 200
    assert "is also used by examplecorp-labs, so it cannot be deleted with this space" in response.content.decode()
    assert state(federated_space) == before
    assert IdentityCenterApplication.objects.filter(name="examplecorp-codecatalyst").exists()


def test_the_aws_console_space_page_has_the_seeds_edit_sso_edit_iam_identity_center_and_delete(aws, federated_space):
    from django.urls import reverse

    page = aws.get(reverse("aws:codecatalyst_space", args=["examplecorp"])).content.decode()
    assert f'<a class="btn" href="{EDIT}#groups-title">Edit SSO</a>' in page
    assert f'<a class="btn" href="{EDIT}#admins-title">Edit IAM Identity Center</a>' in page
    assert f'<a class="btn" href="{DELETE}">Delete</a>' in page
    for target in (EDIT, DELETE):
        assert aws.get(target).status_code == 200
    home = aws.get(HOME).content.decode()
    assert 'href="/aws/identity-center/groups/">Edit Identity Center application</a>' in home
