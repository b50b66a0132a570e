"""Error pages come in the look of the console the person is in."""

import pytest

from tests.factories import AwsAccountFactory, ConsoleUserFactory

pytestmark = pytest.mark.django_db


def test_an_unknown_aws_console_address_is_an_aws_styled_404(client, password):
    account = AwsAccountFactory(account_id="444455556666", name="examplecorp-build")
    ConsoleUserFactory(user_name="mateo", accounts=[account])
    client.post("/aws/signin/", {"account_id": "444455556666", "user_name": "mateo", "password": password})
    response = client.get("/aws/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Management Console" in page and "Go to Console Home" in page
    assert "Your spaces" not in page


def test_an_unknown_codecatalyst_address_is_a_codecatalyst_404(client_for, admin):
    response = client_for(admin).get("/spaces/acme/no-such-page/")
    assert response.status_code == 404
    assert "Your spaces" in response.content.decode()


def test_a_forbidden_aws_console_action_is_an_aws_styled_403(rf):
    from catalyst_admin.views import error_page

    request = rf.get("/aws/identity-center/users/create/")
    request.aws_account = request.aws_user = None
    response = error_page(request, 403, "Only the management account can do that.")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Only the management account can do that." in page and "Go to Console Home" in page
