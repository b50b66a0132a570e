"""Builder ID spaces: creating (names, Region, billing account, quotas), settings and deletion."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.connections.models import AccountConnection
from catalyst_admin.errors import DomainError, Forbidden
from spaces import services
from spaces.models import ActivityEvent, Invitation, Space, SpaceMembership, Team
from spaces.roles import SpaceRole
from tests.factories import (
    AccountConnectionFactory,
    InvitationFactory,
    ProjectFactory,
    SpaceFactory,
    TeamFactory,
    UserFactory,
)
from tests.spaces.conftest import snapshot

pytestmark = pytest.mark.django_db

ACCOUNT = "444455556666"


def create(user, name="new-space", *, region="us-west-2", description="", account=ACCOUNT):
    return services.space_create(
        name=name, region=region, description=description, billing_account_id=account, created_by=user
    )


# Creating ---------------------------------------------------------------------------------------


def test_creating_a_space_makes_the_creator_its_space_administrator(outsider):
    space = create(outsider, description="  Our team  ")

    membership = SpaceMembership.objects.get(space=space)
    assert membership.user == outsider
    assert membership.role == SpaceRole.SPACE_ADMINISTRATOR
    assert membership.source == SpaceMembership.Source.CREATOR
    assert space.description == "Our team"
    assert space.kind == Space.Kind.BUILDER_ID


def test_a_new_space_waits_for_its_billing_account_to_be_verified(outsider):
    space = create(outsider)

    assert space.billing.aws_account_id == ACCOUNT
    connection = space.account_connections.get()
    assert connection.aws_account_id == ACCOUNT
    assert connection.status == AccountConnection.Status.PENDING
    assert set(space.activity.values_list("event_name", flat=True)) == {
        "CreateSpace",
        "CreateAccountConnectionRequest",
    }


@pytest.mark.parametrize("region", ["us-west-2", "eu-west-1"])
def test_a_space_can_be_created_in_either_listed_region(outsider, region):
    assert create(outsider, region=region).region == region


def test_an_unlisted_region_is_refused(outsider):
    before = snapshot()
    with pytest.raises(DomainError, match="Region"):
        create(outsider, region="us-east-1")
    assert snapshot() == before


@pytest.mark.parametrize(
    "name",
    ["abc", "a-b_c.d", "Space2024", "x" * 63, "a1-b2-c3", "A.B.C"],
)
def test_valid_space_names_are_accepted(outsider, name):
    assert create(outsider, name).name == name


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("ab", "3–63 characters"),
        ("x" * 64, "3–63 characters"),
        ("", "cannot be blank"),
        ("-abc", "joined by single"),
        ("abc-", "joined by single"),
        ("a--bc", "joined by single"),
        ("a_.bc", "joined by single"),
        ("my space", "joined by single"),
        ("café", "joined by single"),
        ("a/b/c", "joined by single"),
    ],
)
def test_invalid_space_names_are_refused_and_nothing_is_written(outsider, name, message):
    before = snapshot()
    with pytest.raises(DomainError, match=message) as refused:
        create(outsider, name)
    assert refused.value.field == "name"
    assert snapshot() == before


def test_space_names_are_unique_whatever_their_case(space, outsider):
    before = snapshot()
    with pytest.raises(DomainError, match="ACME is not available"):
        create(outsider, "ACME")
    assert snapshot() == before


def test_the_name_of_a_deleted_space_can_never_be_used_again(space, admin, outsider):
    services.space_delete(space=space, confirm_name="acme", by=admin)

    for name in ("acme", "Acme", "ACME"):
        with pytest.raises(DomainError, match="names of deleted spaces cannot be reused"):
            create(outsider, name)
    assert Space.all_objects.filter(name__iexact="acme").count() == 1


@pytest.mark.parametrize("deleted", [False, True])
def test_the_database_refuses_a_second_space_with_the_same_name_in_another_case(space, deleted):
    if deleted:
        Space.all_objects.filter(pk=space.pk).update(deleted_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        Space.all_objects.create(name="AcMe")


def test_a_description_of_200_characters_is_accepted_and_201_refused(outsider):
    assert len(create(outsider, "long-one", description="d" * 200).description) == 200
    before = snapshot()
    with pytest.raises(DomainError, match="at most 200"):
        create(outsider, "long-two", description="d" * 201)
    assert snapshot() == before


@pytest.mark.parametrize("account", ["44445555666", "4444555566667", "44445555666x", "", "4444 5555 66"])
def test_a_bad_billing_account_id_is_refused_and_nothing_is_written(outsider, account):
    before = snapshot()
    with pytest.raises(DomainError, match="twelve-digit AWS account ID") as refused:
        create(outsider, account=account)
    assert refused.value.field == "billing_account_id"
    assert snapshot() == before


def test_a_sixth_space_in_one_calendar_month_is_refused(outsider):
    for n in range(5):
        create(outsider, f"space-{n}")
    before = snapshot()
    with pytest.raises(DomainError, match="already created 5 spaces this month"):
        create(outsider, "space-5", account="777788889999")
    assert snapshot() == before


def test_deleted_spaces_still_count_towards_the_monthly_quota(outsider):
    spaces = [create(outsider, f"space-{n}") for n in range(5)]
    services.space_delete(space=spaces[0], confirm_name="space-0", by=outsider)

    with pytest.raises(DomainError, match="this month"):
        create(outsider, "space-5", account="777788889999")


def test_spaces_created_last_month_do_not_count_towards_this_months_quota(outsider):
    for n in range(5):
        create(outsider, f"space-{n}", account=f"77778888000{n}")
    month_start = timezone.now().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    Space.all_objects.update(created_at=month_start - timedelta(days=1))

    assert create(outsider, "space-5").name == "space-5"


def test_an_aws_account_connected_to_five_spaces_cannot_bill_a_sixth(outsider):
    # Verified connections: requests that only name the account do not count (issue 9).
    for _ in range(5):
        AccountConnectionFactory(space=SpaceFactory(), aws_account_id=ACCOUNT, status=AccountConnection.Status.VERIFIED)
    before = snapshot()
    with pytest.raises(DomainError, match="already connected to 5 spaces") as refused:
        create(outsider)
    assert refused.value.field == "billing_account_id"
    assert snapshot() == before


def test_connections_of_deleted_spaces_do_not_count_towards_the_account_quota(outsider):
    for n in range(5):
        create(outsider, f"space-{n}")
    other = UserFactory()
    services.space_delete(space=Space.objects.get(name="space-0"), confirm_name="space-0", by=outsider)

    assert create(other, "space-5").billing.aws_account_id == ACCOUNT


# Settings ---------------------------------------------------------------------------------------


def test_space_administrator_edits_the_description(space, admin):
    services.space_update(space=space, description="  New words ", by=admin)

    space.refresh_from_db()
    assert space.description == "New words"
    assert space.activity.filter(event_name="UpdateSpace").exists()


@pytest.mark.parametrize("who", ["power", "contributor", "outsider"])
def test_only_a_space_administrator_edits_the_description(space, cast, who):
    with pytest.raises(Forbidden, match="Space administrator role"):
        services.space_update(space=space, description="Nope", by=cast[who])
    space.refresh_from_db()
    assert space.description == "The Acme space"


def test_a_description_over_200_characters_is_refused_on_the_settings_page(client_for, space, admin):
    response = client_for(admin).post(reverse("spaces:settings", args=["acme"]), {"description": "d" * 201})

    assert response.status_code == 200
    assert response.context["form"].errors["description"]
    space.refresh_from_db()
    assert space.description == "The Acme space"


def test_settings_page_shows_the_delete_button_only_to_space_administrators(client_for, space, admin, power):
    assert b"Delete space" in client_for(admin).get(reverse("spaces:settings", args=["acme"])).content
    page = client_for(power).get(reverse("spaces:settings", args=["acme"])).content
    assert b"Delete space" not in page
    assert b"Only a Space administrator can change the description." in page


# Deleting ---------------------------------------------------------------------------------------


@pytest.fixture
def furnished(space, project, admin, power, team, other_space):
    """``space`` with a project, a team, a pending invitation and its billing connection."""
    InvitationFactory(space=space, email="x@example.com", invited_by=admin)
    InvitationFactory(space=space, project=project, email="y@example.com", project_role="contributor")
    AccountConnectionFactory(space=space, aws_account_id="111122223333")
    ProjectFactory(space=other_space, name="web-app")
    return space


def test_deleting_a_space_deletes_its_projects_members_invitations_teams_and_connections(furnished, admin):
    services.space_delete(space=furnished, confirm_name="acme", by=admin)

    space = Space.all_objects.get(pk=furnished.pk)
    assert space.deleted_at is not None
    assert not space.projects.exists()
    assert not space.memberships.exists()
    assert not Invitation.objects.filter(space=space).exists()
    assert not Team.objects.filter(space=space).exists()
    assert not space.account_connections.exists()
    assert not Space.objects.filter(name="acme").exists()
    # the other space and its project are untouched
    assert Space.objects.get(name="globex").projects.filter(name="web-app").exists()
    assert ActivityEvent.objects.filter(space=space, event_name="DeleteSpace").exists()


@pytest.mark.parametrize("typed", ["", "acm", "ACME", "acme2", "globex"])
def test_deleting_a_space_needs_its_name_typed_exactly(furnished, admin, typed):
    before = snapshot()
    with pytest.raises(DomainError, match="type the space name acme exactly") as refused:
        services.space_delete(space=furnished, confirm_name=typed, by=admin)
    assert refused.value.field == "confirm_name"
    assert snapshot() == before


@pytest.mark.parametrize("who", ["power", "contributor"])
def test_only_a_space_administrator_deletes_the_space(furnished, cast, who):
    with pytest.raises(Forbidden, match="You need the Space administrator role to delete the space."):
        services.space_delete(space=furnished, confirm_name="acme", by=cast[who])
    assert Space.objects.filter(pk=furnished.pk).exists()


def test_a_deleted_space_disappears_for_its_former_members(client_for, furnished, admin, power):
    client_for(admin).post(reverse("spaces:delete", args=["acme"]), {"confirm_name": "acme"})

    client = client_for(power)
    assert client.get(reverse("spaces:overview", args=["acme"])).status_code == 404
    assert b"acme" not in client.get(reverse("spaces:list")).content


def test_the_delete_page_refuses_a_wrong_name_with_a_form_error(client_for, furnished, admin):
    response = client_for(admin).post(reverse("spaces:delete", args=["acme"]), {"confirm_name": "Acme"})

    assert response.status_code == 200
    assert "type the space name acme exactly" in str(response.context["form"].errors)
    assert Space.objects.filter(name="acme").exists()


# The create page --------------------------------------------------------------------------------


def _post_create(client, **overrides):
    data = {"name": "new-space", "region": "us-west-2", "description": "", "billing_account_id": ACCOUNT}
    return client.post(reverse("spaces:create"), {**data, **overrides})


def test_the_create_page_creates_the_space_and_opens_it(client_for, outsider):
    client = client_for(outsider)
    response = _post_create(client)

    assert response.status_code == 302
    assert response.url == reverse("spaces:overview", args=["new-space"])
    page = client.get(response.url)
    assert b"pending verification" in page.content
    assert b"Space administrator" in page.content


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"billing_account_id": "44445555666"}, "billing_account_id", "twelve-digit AWS account ID"),
        ({"billing_account_id": "4444555566667"}, "billing_account_id", "at most 12 characters"),
        ({"billing_account_id": "abcdabcdabcd"}, "billing_account_id", "twelve-digit AWS account ID"),
        ({"name": "ab"}, "name", "3–63 characters"),
        ({"name": "ACME"}, "name", "not available"),
        ({"name": "bad name"}, "name", "joined by single"),
        ({"region": "us-east-1"}, "region", "Select a valid choice"),
        ({"description": "d" * 201}, "description", "at most 200 characters"),
    ],
)
def test_the_create_page_shows_what_is_wrong_and_writes_nothing(client_for, space, outsider, overrides, field, message):
    before = snapshot()
    response = _post_create(client_for(outsider), **overrides)

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert snapshot() == before


def test_the_create_page_reports_every_invalid_field_on_the_first_submit(client_for, space, outsider):
    before = snapshot()
    response = _post_create(
        client_for(outsider), name="ACME", region="us-east-1", description="d" * 201, billing_account_id="123"
    )
    errors = response.context["form"].errors
    assert set(errors) == {"name", "region", "description", "billing_account_id"}
    assert "not available" in errors["name"][0]
    assert snapshot() == before


def test_space_create_reports_every_invalid_field_at_once(space, outsider):
    before = snapshot()
    with pytest.raises(DomainError) as refused:
        services.space_create(
            name="bad name", region="mars-1", description="d" * 201, billing_account_id="123", created_by=outsider
        )
    assert set(refused.value.errors) == {"name", "region", "description", "billing_account_id"}
    assert refused.value.errors["billing_account_id"] == [
        "Enter the twelve-digit AWS account ID, digits only (for example 111122223333)."
    ]
    assert snapshot() == before


def test_the_create_page_refuses_a_sixth_space_this_month(client_for, outsider):
    SpaceFactory.create_batch(5, created_by=outsider)
    before = snapshot()
    response = _post_create(client_for(outsider))

    assert response.status_code == 200
    assert "already created 5 spaces this month" in str(response.content.decode())
    assert snapshot() == before


def test_a_space_cannot_be_called_create_the_address_of_the_create_page(outsider):
    """``spaces/create/`` is the create page: a space called create could never be opened."""
    with pytest.raises(DomainError, match="reserved"):
        create(outsider, "create")
    with pytest.raises(DomainError, match="reserved"):
        create(outsider, "CREATE")


def test_a_form_sent_without_its_csrf_token_is_refused_and_nothing_is_written(outsider):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(outsider)
    before = snapshot()
    response = _post_create(client)

    assert response.status_code == 403
    assert b"The form could not be sent" in response.content
    assert snapshot() == before


def test_the_space_list_shows_each_space_with_my_role(client_for, space, other_space, admin, contributor):
    page = client_for(contributor).get(reverse("spaces:list")).content.decode()
    assert "acme" in page and "Limited access" in page
    assert "globex" not in page
    assert "Space administrator" in client_for(admin).get(reverse("spaces:list")).content.decode()


def test_teams_and_memberships_of_other_spaces_survive_a_deletion(furnished, other_space, admin, outsider):
    TeamFactory(space=other_space, name="Backend")
    services.space_delete(space=furnished, confirm_name="acme", by=admin)

    assert other_space.teams.filter(name="Backend").exists()
    assert other_space.memberships.filter(user=outsider).exists()


def test_the_aws_accounts_page_shows_the_billing_account_pending_verification(client_for, outsider):
    create(outsider)
    page = client_for(outsider).get(reverse("spaces:aws_accounts", args=["new-space"])).content.decode()
    assert ACCOUNT in page
    assert "Pending verification" in page
