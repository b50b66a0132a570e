"""Issue 9 §1: an AWS account is not used up, nor blocked, by connection requests that merely name
it. Only verified connections count against the account's five spaces (checked again, under a
lock, when a token is verified); the account's administrator declines the requests it does not
know on Amazon CodeCatalyst › Spaces; and a request whose token expired over a day ago counts
nowhere, is shown as Expired and can be asked again with Regenerate token."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.connections import services
from accounts.connections.models import AccountConnection, ConnectionToken
from catalyst_admin.errors import DomainError
from spaces.models import ActivityEvent
from spaces.roles import SpaceRole
from spaces.services import space_create
from tests.connections.conftest import BUILD, banners, snapshot
from tests.factories import SpaceFactory, SpaceMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

SPACES = reverse("aws:codecatalyst_spaces")


def _stranger_spaces(count: int, account_id: str = BUILD) -> list:
    """``count`` Builder ID spaces, each created by a stranger who typed ``account_id`` as its billing account."""
    spaces = []
    for n in range(count):
        stranger = UserFactory()
        spaces.append(
            space_create(name=f"squat-{n}", region="us-west-2", billing_account_id=account_id, created_by=stranger)
        )
    return spaces


def _request(space, account_id=BUILD):
    """A connection request by a Space administrator of ``space``; its token on ``new_token``."""
    admin = space.memberships.filter(role=SpaceRole.SPACE_ADMINISTRATOR).first().user
    return services.connection_request_create(
        space=space, aws_account_id=account_id, display_name="x", requested_by=admin
    )


def _own_space(name):
    owner = UserFactory()
    space = SpaceFactory(name=name, created_by=owner)
    SpaceMembershipFactory(space=space, user=owner, role=SpaceRole.SPACE_ADMINISTRATOR)
    return space


# The account's quota counts only verified connections ---------------------------------------------


def test_requests_naming_an_account_do_not_use_up_its_five_spaces(build, mateo):
    _stranger_spaces(5)
    mine = _request(_own_space("mine"))  # refused before: "already connected to 5 spaces"
    services.connection_verify(token=mine.new_token, account=build, console_user=mateo)
    assert AccountConnection.objects.get(pk=mine.pk).is_verified


def test_a_request_is_refused_once_five_spaces_are_verified(build, mateo):
    for n in range(5):
        pending = _request(_own_space(f"ok-{n}"))
        services.connection_verify(token=pending.new_token, account=build, console_user=mateo)
    # Verified connections do count: a sixth request is refused at once, with the reason.
    with pytest.raises(DomainError, match="already connected to 5 spaces"):
        _request(_own_space("sixth"))


def test_verification_checks_the_accounts_quota_again(build, mateo):
    requests = [_request(_own_space(f"race-{n}")) for n in range(6)]  # all six requested while none is verified
    for pending in requests[:5]:
        services.connection_verify(token=pending.new_token, account=build, console_user=mateo)
    before = snapshot()
    preview = services.connection_token_preview(token=requests[5].new_token, account=build, console_user=mateo)
    assert not preview.valid and "already connected to 5 spaces" in preview.message
    with pytest.raises(DomainError, match="already connected to 5 spaces") as caught:
        services.connection_verify(token=requests[5].new_token, account=build, console_user=mateo)
    assert caught.value.field == "token"
    assert snapshot() == before


# Declining a request from the AWS console --------------------------------------------------------


def test_the_spaces_page_lists_the_requests_naming_the_account_with_decline(aws, build, verified):
    squat = _stranger_spaces(1)[0]
    html = aws.get(SPACES).content.decode()
    requests = html.split('id="requests-title"', 1)[1]
    assert "squat-0" in requests and "Pending verification" in requests
    assert reverse("aws:codecatalyst_space_decline", args=["squat-0"]) in requests
    assert "acme" not in requests  # verified: listed above, with Remove space on its page
    assert squat.name in aws.get(reverse("aws:codecatalyst_space_decline", args=[squat.name])).content.decode()
    details = aws.get(reverse("aws:codecatalyst_space", args=[squat.name])).content.decode()
    assert reverse("aws:codecatalyst_space_decline", args=[squat.name]) in details


def test_declining_removes_the_request_and_the_space_sees_it_gone(aws, build, cc):
    squat = _stranger_spaces(1)[0]
    owner = squat.memberships.get().user
    url = reverse("aws:codecatalyst_space_decline", args=[squat.name])
    page = aws.get(url).content.decode()
    assert "Decline connection request" in page and '<button type="submit" class="btn danger">Decline</button>' in page
    response = aws.post(url)
    assert response.status_code == 302 and response.url == SPACES
    assert any("You declined the connection request of space squat-0" in m for m in banners(response))
    assert not AccountConnection.objects.filter(space=squat).exists()
    assert not ConnectionToken.objects.filter(connection__space=squat).exists()
    entry = ActivityEvent.objects.get(space=squat, event_name="DeclineAccountConnectionRequest")
    assert BUILD in entry.description and "mateo" in entry.description
    accounts_page = cc(owner).get(reverse("spaces:aws_accounts", args=[squat.name])).content.decode()
    assert BUILD not in accounts_page.split('id="acc-title"', 1)[1]
    assert "squat-0" not in aws.get(SPACES).content.decode().split('id="requests-title"', 1)[1]


def test_a_verified_connection_is_not_declined(aws, verified):
    before = snapshot()
    response = aws.post(reverse("aws:codecatalyst_space_decline", args=[verified.space.name]))
    assert response.status_code == 200
    assert "choose Remove space" in response.content.decode()
    assert snapshot() == before


def test_another_accounts_request_cannot_be_declined(aws_network, build):
    squat = _stranger_spaces(1)[0]
    before = snapshot()
    assert aws_network.post(reverse("aws:codecatalyst_space_decline", args=[squat.name])).status_code == 404
    assert snapshot() == before


def test_declining_needs_an_administrator_of_the_account(client, build):
    from accounts.aws.console.models import ConsoleAccess
    from tests.connections.conftest import sign_in_session
    from tests.factories import ConsoleUserFactory

    reader = ConsoleUserFactory(accounts=[build])
    ConsoleAccess.objects.filter(user=reader).update(is_administrator=False)
    squat = _stranger_spaces(1)[0]
    before = snapshot()
    response = sign_in_session(client, reader, build).post(reverse("aws:codecatalyst_space_decline", args=[squat.name]))
    assert "You need administrator permissions in AWS account" in response.content.decode()
    assert snapshot() == before


# Expired requests ---------------------------------------------------------------------------------


def _expire(connection, hours_ago=25):
    long_ago = timezone.now() - timedelta(hours=hours_ago)
    ConnectionToken.objects.filter(connection=connection).update(
        created_at=long_ago - services.TOKEN_LIFETIME, expires_at=long_ago
    )


def test_an_expired_request_is_shown_as_expired_and_regenerate_token_revives_it(cc, space, admin, pending):
    _expire(pending)
    url = reverse("spaces:aws_accounts", args=[space.name])
    row = cc(admin).get(url).content.decode().split(BUILD, 1)[1].split("</tr>", 1)[0]
    assert "Expired" in row and "Pending verification" not in row
    detail = cc(admin).get(reverse("spaces:aws_account", args=[space.name, pending.connection_id])).content.decode()
    assert "Expired" in detail and "Regenerate token" in detail
    cc(admin).post(reverse("spaces:aws_account_token", args=[space.name, pending.connection_id]))
    row = cc(admin).get(url).content.decode().split(BUILD, 1)[1].split("</tr>", 1)[0]
    assert "Pending verification" in row and "Expired" not in row


def test_a_token_expired_less_than_a_day_ago_is_still_a_pending_request(cc, space, admin, pending):
    _expire(pending, hours_ago=23)
    row = cc(admin).get(reverse("spaces:aws_accounts", args=[space.name])).content.decode().split(BUILD, 1)[1]
    assert "Pending verification" in row.split("</tr>", 1)[0]


def test_expired_requests_do_not_count_against_the_spaces_own_quota(space, admin):
    made = AccountConnection.objects.bulk_create(
        AccountConnection(space=space, aws_account_id=f"{200000000000 + n:012d}", display_name=f"c-{n}")
        for n in range(services.MAX_CONNECTIONS_PER_SPACE)
    )
    long_ago = timezone.now() - timedelta(days=3)
    ConnectionToken.objects.bulk_create(
        ConnectionToken(
            connection=c, selector=f"s{c.pk}", secret_hash="0" * 64, created_at=long_ago, expires_at=long_ago
        )
        for c in made
    )
    connection = services.connection_request_create(
        space=space, aws_account_id=BUILD, display_name="x", requested_by=admin
    )
    assert connection.status == AccountConnection.Status.PENDING


def test_the_account_sees_an_expired_request_as_expired_and_may_decline_it(aws, build):
    squat = _stranger_spaces(1)[0]
    _expire(squat.account_connections.get())
    requests = aws.get(SPACES).content.decode().split('id="requests-title"', 1)[1]
    assert "squat-0" in requests and "Expired" in requests
    assert aws.post(reverse("aws:codecatalyst_space_decline", args=[squat.name])).status_code == 302
    assert not squat.account_connections.exists()
