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


# The embedded run (`make run`) has DEBUG on: Django's technical pages never reach a person -------


@pytest.fixture
def debug_on(settings):
    settings.DEBUG = True
    settings.TECHNICAL_ERROR_PAGES = False


def test_an_unknown_address_with_debug_on_is_the_consoles_404_not_the_url_pattern_list(client, debug_on):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page and "Your spaces" in page
    assert "URLconf" not in page and "NONE,NOARCHIVE" not in page
    assert "Content-Security-Policy" in response


def test_an_unknown_aws_address_with_debug_on_is_the_aws_consoles_404(client, debug_on):
    response = client.get("/aws/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Management Console" in page and "URLconf" not in page


@pytest.mark.parametrize(("path", "look"), [("/crash/", "CodeCatalyst"), ("/aws/crash/", "Management Console")])
def test_a_view_that_crashes_with_debug_on_is_the_consoles_500_not_a_traceback(debug_on, settings, path, look):
    from django.test import Client

    settings.ROOT_URLCONF = "tests.catalyst_admin.broken_urls"
    response = Client(raise_request_exception=False).get(path)
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong" in page and "Nothing was changed" in page and look in page
    assert "secret detail" not in page and "Traceback" not in page and "SECRET_KEY" not in page


def test_technical_pages_are_shown_only_when_asked_for(client, settings):
    settings.DEBUG = True
    settings.TECHNICAL_ERROR_PAGES = True
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "URLconf" in response.content.decode()


def test_the_console_has_a_favicon(client):
    page = client.get("/signin/").content.decode()
    assert 'rel="icon"' in page and "favicon.svg" in page
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("favicon.svg")


def test_get_signout_shows_the_sign_out_button(client_for, admin):
    client = client_for(admin)
    response = client.get("/signout/")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<button type="submit" class="btn primary">Sign out</button>' in page
    assert "_auth_user_id" in client.session
    client.post("/signout/")
    assert "_auth_user_id" not in client.session


def test_a_403_inside_a_space_keeps_its_navigation_and_switcher(client_for, contributor, space):
    """Limited access may not view the space's activity: the 403 page still shows the space's nav."""
    response = client_for(contributor).get(f"/spaces/{space.name}/activity/")
    assert response.status_code == 403
    page = response.content.decode()
    assert 'aria-label="Space navigation"' in page and f"<h2>{space.name}</h2>" in page
    assert "Access denied" in page


def test_a_404_inside_a_space_keeps_its_navigation(client_for, admin, space):
    response = client_for(admin).get(f"/spaces/{space.name}/projects/no-such-project/")
    assert response.status_code == 404
    assert 'aria-label="Space navigation"' in response.content.decode()
