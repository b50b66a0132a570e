"""Step 1, the connection request (seed 001, "Step 1: Creating a connection request")."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.connections import services
from accounts.connections.models import AccountConnection, ConnectionToken
from accounts.connections.services import TOKEN_LIFETIME
from catalyst_admin.errors import DomainError, Forbidden
from spaces.models import ActivityEvent
from tests.connections.conftest import BUILD, NETWORK, banners, snapshot
from tests.factories import AccountConnectionFactory, SpaceFactory

pytestmark = pytest.mark.django_db


def test_a_request_waits_for_verification_with_a_token_and_an_activity_entry(space, admin, build):
    connection = services.connection_request_create(
        space=space, aws_account_id=BUILD, display_name="build", description="CI", requested_by=admin
    )
    assert connection.status == AccountConnection.Status.PENDING
    assert connection.paid_tiers_authorized is False
    assert connection.requested_by == admin
    assert connection.arn == f"arn:aws:codecatalyst:us-west-2:{BUILD}:/connections/{connection.connection_id}"
    token = ConnectionToken.objects.get(connection=connection)
    assert connection.new_token.startswith(token.selector + ".")
    event = ActivityEvent.objects.get(event_name="CreateAccountConnectionRequest")
    assert event.actor_user == admin and BUILD in event.description


def test_only_the_hash_of_the_token_secret_is_stored(pending):
    row = ConnectionToken.objects.get(connection=pending)
    secret = pending.new_token.split(".", 1)[1]
    stored = [str(v) for v in ConnectionToken.objects.filter(pk=row.pk).values().first().values()]
    assert not any(secret in value for value in stored)
    assert len(row.secret_hash) == 64


def test_tokens_are_random(space, admin):
    first = services.connection_request_create(
        space=space, aws_account_id="123456789012", display_name="a", requested_by=admin
    )
    second = services.connection_request_create(
        space=space, aws_account_id="210987654321", display_name="b", requested_by=admin
    )
    assert first.new_token != second.new_token
    assert len(first.new_token) > 50


def test_a_power_user_may_request_a_connection(space, power):
    connection = services.connection_request_create(
        space=space, aws_account_id=BUILD, display_name="b", requested_by=power
    )
    assert connection.requested_by == power


@pytest.mark.parametrize("who", ["contributor", "outsider"])
def test_others_may_not_request_a_connection(space, cast, who):
    before = snapshot()
    with pytest.raises(Forbidden, match="Space administrator or Power user"):
        services.connection_request_create(space=space, aws_account_id=BUILD, display_name="b", requested_by=cast[who])
    assert snapshot() == before


@pytest.mark.parametrize("account_id", ["44445555666", "4444555566667", "abcdefghijkl", "4444-5555-666x", "", "   "])
def test_a_malformed_account_id_is_refused_and_nothing_is_written(space, admin, account_id):
    before = snapshot()
    with pytest.raises(DomainError, match="twelve-digit"):
        services.connection_request_create(space=space, aws_account_id=account_id, display_name="x", requested_by=admin)
    assert snapshot() == before


def test_a_second_connection_for_the_same_account_is_refused(pending, space, power):
    before = snapshot()
    with pytest.raises(DomainError, match="already connected to this space"):
        services.connection_request_create(space=space, aws_account_id=BUILD, display_name="again", requested_by=power)
    assert snapshot() == before


def test_the_database_refuses_a_second_connection_for_the_same_account(pending, space):
    with pytest.raises(IntegrityError), transaction.atomic():
        AccountConnection.objects.create(space=space, aws_account_id=BUILD, display_name="dup")


def test_the_same_account_may_connect_to_another_space(pending, other_space, outsider):
    connection = services.connection_request_create(
        space=other_space, aws_account_id=BUILD, display_name="b", requested_by=outsider
    )
    assert connection.space == other_space


def test_a_space_has_at_most_5000_connections(space, admin):
    """The 5000th connection is made; the 5001st is refused and writes nothing. Pending requests
    count against the space's own quota while their token is alive."""
    made = AccountConnection.objects.bulk_create(
        AccountConnection(space=space, aws_account_id=f"{200000000000 + n:012d}", display_name=f"connection-{n}")
        for n in range(4999)
    )
    now = timezone.now()
    ConnectionToken.objects.bulk_create(
        ConnectionToken(
            connection=c, selector=f"s{c.pk}", secret_hash="0" * 64, created_at=now, expires_at=now + TOKEN_LIFETIME
        )
        for c in made
    )
    last = services.connection_request_create(space=space, aws_account_id=BUILD, display_name="x", requested_by=admin)
    assert space.account_connections.count() == 5000
    assert last.status == AccountConnection.Status.PENDING
    before = snapshot()
    with pytest.raises(DomainError, match="at most 5000 account connections"):
        services.connection_request_create(space=space, aws_account_id=NETWORK, display_name="y", requested_by=admin)
    assert snapshot() == before


def test_an_account_may_be_connected_to_at_most_five_spaces(space, admin):
    for _ in range(5):
        AccountConnectionFactory(space=SpaceFactory(), aws_account_id=BUILD, status=AccountConnection.Status.VERIFIED)
    with pytest.raises(DomainError, match="already connected to 5 spaces"):
        services.connection_request_create(space=space, aws_account_id=BUILD, display_name="x", requested_by=admin)


def test_an_empty_display_name_becomes_the_account_id(space, admin):
    connection = services.connection_request_create(
        space=space, aws_account_id=BUILD, display_name=" ", requested_by=admin
    )
    assert connection.display_name == BUILD


def test_a_description_over_200_characters_is_refused(space, admin):
    with pytest.raises(DomainError):
        services.connection_request_create(
            space=space, aws_account_id=BUILD, display_name="x", description="d" * 201, requested_by=admin
        )
    assert not AccountConnection.objects.exists()


def test_every_invalid_field_of_a_request_is_reported_at_once(space, admin):
    before = snapshot()
    with pytest.raises(DomainError) as caught:
        services.connection_request_create(
            space=space, aws_account_id="12345", display_name="n" * 101, description="d" * 201, requested_by=admin
        )
    assert set(caught.value.errors) == {"aws_account_id", "display_name", "description"}
    assert caught.value.errors["aws_account_id"] == [
        "Enter the twelve-digit AWS account ID, digits only (for example 111122223333)."
    ]
    assert snapshot() == before


def test_an_account_already_connected_is_reported_with_the_other_problems(pending, space, admin):
    with pytest.raises(DomainError) as caught:
        services.connection_request_create(
            space=space,
            aws_account_id=pending.aws_account_id,
            display_name="x",
            description="d" * 201,
            requested_by=admin,
        )
    assert caught.value.errors["aws_account_id"] == [
        f"AWS account {pending.aws_account_id} is already connected to this space."
    ]
    assert "description" in caught.value.errors


def test_an_account_in_five_spaces_is_reported_with_the_other_problems(space, admin):
    for _ in range(5):
        AccountConnectionFactory(space=SpaceFactory(), aws_account_id=BUILD, status=AccountConnection.Status.VERIFIED)
    with pytest.raises(DomainError) as caught:
        services.connection_request_create(
            space=space, aws_account_id=BUILD, display_name="n" * 101, requested_by=admin
        )
    assert set(caught.value.errors) == {"aws_account_id", "display_name"}
    assert "already connected to 5 spaces" in caught.value.errors["aws_account_id"][0]


# The "Associate AWS account with Amazon CodeCatalyst" page ------------------------------------------


def _add_url(space):
    return reverse("spaces:aws_account_add", args=[space.name])


def _form(**overrides):
    return {
        "aws_account_id": BUILD,
        "display_name": "examplecorp-build",
        "description": "CI builds",
        **overrides,
    }


def test_the_add_page_uses_the_consoles_wording(cc, space, admin):
    html = cc(admin).get(_add_url(space)).content.decode()
    for text in (
        "Associate AWS account with Amazon CodeCatalyst",
        "AWS account ID",
        "Amazon CodeCatalyst display name",
        "Connection description",
        "Associate AWS account",
    ):
        assert text in html


@pytest.mark.parametrize("who", ["admin", "power"])
def test_associating_answers_with_the_details_page_a_banner_and_the_token(cc, space, cast, build, who):
    client = cc(cast[who])
    page = client.post(_add_url(space), _form())
    connection = AccountConnection.objects.get(space=space, aws_account_id=BUILD)
    assert page.status_code == 200
    details = reverse("spaces:aws_account", args=[space.name, connection.connection_id])
    html = page.content.decode()
    assert connection.display_name in html
    assert any("pending verification" in text for text in banners(page, "success"))
    assert "Pending verification" in html and "Connection token" in html
    token = html.split('id="conn-token">', 1)[1].split("<", 1)[0]
    assert ConnectionToken.objects.get(connection=connection).selector == token.split(".")[0]
    assert "Complete setup in the AWS Management Console" in html
    assert f"/aws/codecatalyst/verify/?token={token}" in html
    assert "valid for 24 hours" in html
    # Shown once: the next visit offers a new token instead.
    again = client.get(details).content.decode()
    assert token not in again and "Regenerate token" in again


@pytest.mark.parametrize("who,status", [("contributor", 403), ("outsider", 404)])
def test_the_add_page_is_refused_to_others(cc, space, cast, who, status):
    assert cc(cast[who]).get(_add_url(space)).status_code == status
    response = cc(cast[who]).post(_add_url(space), _form())
    assert response.status_code == status
    assert not AccountConnection.objects.exists()
    if status == 403:
        assert "Space administrator or Power user" in response.content.decode()


def test_the_add_page_sends_anonymous_visitors_to_sign_in(cc, space):
    response = cc(None).get(_add_url(space))
    assert response.status_code == 302 and "/signin/" in response.url


@pytest.mark.parametrize("account_id", ["44445555666", "not-numeric!", "4444555566667"])
def test_the_add_page_shows_a_bad_account_id_next_to_the_field(cc, space, admin, account_id):
    response = cc(admin).post(_add_url(space), _form(aws_account_id=account_id))
    assert response.status_code == 200
    assert "Enter the twelve-digit AWS account ID" in response.content.decode()
    assert not AccountConnection.objects.exists()


def test_the_add_page_accepts_an_account_id_written_with_dashes(cc, space, admin):
    cc(admin).post(_add_url(space), _form(aws_account_id="4444-5555-6666"))
    assert AccountConnection.objects.filter(aws_account_id=BUILD).exists()


def test_the_add_page_refuses_a_second_connection_for_the_same_account(cc, space, admin, pending):
    before = snapshot()
    response = cc(admin).post(_add_url(space), _form())
    assert response.status_code == 200
    assert f"AWS account {BUILD} is already connected to this space." in response.content.decode()
    assert snapshot() == before


def test_the_add_page_reports_every_invalid_field_on_the_first_submit(cc, space, admin, pending):
    before = snapshot()
    response = cc(admin).post(_add_url(space), _form(display_name="n" * 101, description="d" * 201))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"aws_account_id", "display_name", "description"}
    assert errors["aws_account_id"] == [f"AWS account {BUILD} is already connected to this space."]
    assert snapshot() == before


def test_the_add_page_refuses_a_post_without_its_csrf_token(space, admin):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)
    assert client.post(_add_url(space), _form()).status_code == 403
    assert not AccountConnection.objects.exists()
