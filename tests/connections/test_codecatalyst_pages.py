"""The CodeCatalyst console's AWS accounts pages: the list, the details page with its connection
token, and what each shows. Who may open each page is in the table of ``tests/test_url_roles.py``."""

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from accounts.connections import services
from accounts.connections.models import AccountConnection, ConnectionToken
from tests.connections.conftest import BILLING, BUILD, banners, snapshot
from tests.factories import AccountConnectionFactory

pytestmark = pytest.mark.django_db


def _args(connection):
    return [connection.space.name, connection.connection_id]


def test_another_spaces_connection_is_a_404(cc, admin, verified, other_space):
    foreign = AccountConnectionFactory(space=other_space)
    assert (
        cc(admin).get(reverse("spaces:aws_account", args=[verified.space.name, foreign.connection_id])).status_code
        == 404
    )
    assert (
        cc(admin).get(reverse("spaces:aws_account", args=[other_space.name, foreign.connection_id])).status_code == 404
    )


def test_the_list_shows_name_account_status_billing_and_date(cc, admin, verified, space, management):
    services.connection_request_create(space=space, aws_account_id=BILLING, display_name="billing", requested_by=admin)
    html = cc(admin).get(reverse("spaces:aws_accounts", args=[space.name])).content.decode()
    build_row = html.split(">examplecorp-build</a>", 1)[1].split("</tr>", 1)[0]
    billing_row = html.split(">billing</a>", 1)[1].split("</tr>", 1)[0]
    assert BUILD in build_row and "Verified" in build_row and "Billing account" not in build_row
    assert BILLING in billing_row and "Pending verification" in billing_row and "Billing account" in billing_row
    assert verified.created_at.strftime("%b") in build_row
    assert "Add an AWS account" in html
    assert f'href="{reverse("aws:codecatalyst_space", args=[space.name])}">Manage billing in AWS' in html
    assert f'href="{reverse("aws:codecatalyst_space_remove", args=[space.name])}"' in html


def test_a_power_user_sees_the_add_button_but_not_a_contributor(cc, power, contributor, space):
    assert "Add an AWS account" in cc(power).get(reverse("spaces:aws_accounts", args=[space.name])).content.decode()
    assert cc(contributor).get(reverse("spaces:aws_accounts", args=[space.name])).status_code == 403


def test_the_details_page_shows_what_step_3_promises(cc, admin, verified, build_role):
    services.connection_role_add(connection=verified, role_arn=build_role.arn, by=admin)
    html = cc(admin).get(reverse("spaces:aws_account", args=_args(verified))).content.decode()
    for text in (
        verified.arn,
        "Builds",
        "Alice Admin",
        "mateo",
        "No, Free tier only",
        build_role.arn,
        "Verified",
    ):
        assert text in html, text
    assert "Connection token" not in html and "Regenerate token" not in html


def test_a_contributor_cannot_regenerate_or_see_a_token(cc, contributor, pending):
    response = cc(contributor).get(reverse("spaces:aws_account", args=_args(pending)))
    assert response.status_code == 403


def _shown_token(response) -> str:
    return response.content.decode().split('id="conn-token">', 1)[1].split("<", 1)[0]


def _sessions_text() -> str:
    """Every session row of the database, decoded."""
    return repr([session.get_decoded() for session in Session.objects.all()])


def test_regenerating_shows_a_new_token_once(cc, admin, pending):
    client = cc(admin)
    page = client.post(reverse("spaces:aws_account_token", args=_args(pending)))
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert "A new connection token was created. Earlier tokens no longer work." in banners(page, "success")
    token = _shown_token(page)
    assert token != pending.new_token
    assert f"/aws/codecatalyst/verify/?token={token}" in page.content.decode()
    assert ConnectionToken.objects.filter(connection=pending, revoked_at__isnull=True).count() == 1
    assert token not in _sessions_text()
    again = client.get(reverse("spaces:aws_account", args=_args(pending))).content.decode()
    assert token not in again and "Regenerate token" in again


def test_a_new_connections_token_is_never_kept_in_the_session(cc, admin, space, build):
    """Shown in the answer to "Associate AWS account" and nowhere else: no session row holds it,
    and the details page does not show it again."""
    client = cc(admin)
    page = client.post(
        reverse("spaces:aws_account_add", args=[space.name]),
        {"aws_account_id": BUILD, "display_name": "examplecorp-build", "description": ""},
    )
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    token = _shown_token(page)
    connection = AccountConnection.objects.get(space=space, aws_account_id=BUILD)
    assert ConnectionToken.objects.get(connection=connection).selector == token.split(".")[0]
    assert f"/aws/codecatalyst/verify/?token={token}" in page.content.decode()
    assert Session.objects.exists()
    assert token not in _sessions_text()
    for url in (
        reverse("spaces:aws_account", args=_args(connection)),
        reverse("spaces:aws_accounts", args=[space.name]),
    ):
        assert token not in client.get(url).content.decode()
    assert token not in _sessions_text()


def test_regenerating_for_a_verified_connection_is_refused_with_a_banner(cc, admin, verified):
    client = cc(admin)
    before = snapshot()
    response = client.post(reverse("spaces:aws_account_token", args=_args(verified)))
    assert response.status_code == 302
    assert any("already verified" in text for text in banners(client.get(response.url), "error"))
    assert snapshot() == before


def test_the_space_sidebar_links_to_aws_accounts_for_admins_and_power_users(cc, admin, contributor, space):
    url = reverse("spaces:aws_accounts", args=[space.name])
    assert url in cc(admin).get(reverse("spaces:overview", args=[space.name])).content.decode()
    assert url not in cc(contributor).get(reverse("spaces:overview", args=[space.name])).content.decode()


def test_the_billing_account_of_a_new_space_goes_through_the_same_flow(outsider, management):
    from spaces.services import space_create
    from tests.factories import ConsoleUserFactory

    new = space_create(
        name="fresh", region="us-west-2", description="", billing_account_id=BILLING, created_by=outsider
    )
    connection = AccountConnection.objects.get(space=new)
    assert not connection.is_verified
    token = services.connection_token_regenerate(connection=connection, by=outsider)
    root = ConsoleUserFactory(accounts=[management])
    assert services.connection_verify(token=token, account=management, console_user=root).is_verified


def test_every_pending_connections_page_offers_complete_setup_with_a_fresh_token(cc, admin, pending):
    from urllib.parse import unquote

    client = cc(admin)
    page = client.get(reverse("spaces:aws_account", args=_args(pending))).content.decode()
    assert 'name="then" value="complete">Complete setup in the AWS Management Console</button>' in page
    response = client.post(reverse("spaces:aws_account_token", args=_args(pending)), {"then": "complete"})
    assert response.status_code == 302
    assert response["Location"].startswith("/aws/codecatalyst/verify/?token=")
    token = unquote(response["Location"].split("token=", 1)[1])
    assert token != pending.new_token
    live = ConnectionToken.objects.get(connection=pending, revoked_at__isnull=True)
    assert live.selector in token


def test_the_list_shows_25_accounts_to_a_page_with_the_pagination_control(cc, admin, space):
    for n in range(30):
        AccountConnectionFactory(space=space, aws_account_id=f"{900000000000 + n}", display_name=f"account-{n:02}")
    url = reverse("spaces:aws_accounts", args=[space.name])
    first = cc(admin).get(url).content.decode()
    assert "(30)" in first and "account-00" in first and "account-24" in first and "account-25" not in first
    assert 'aria-label="Pagination"' in first and 'href="?page=2">Next</a>' in first
    second = cc(admin).get(url, {"page": "2"}).content.decode()
    assert "account-25" in second and "account-29" in second and "account-24" not in second
    assert cc(admin).get(url, {"page": "nonsense"}).status_code == 200
