"""The console header (account shown, switching, sign-out), Console Home and who may see them."""

import re

import pytest
from django.urls import reverse

from accounts.aws.console.middleware import SESSION_ACCOUNT
from accounts.aws.console.models import ConsoleAccess
from tests.factories import AwsAccountFactory, ConsoleUserFactory
from tests.fixtures_aws import sign_in_session

pytestmark = pytest.mark.django_db

SWITCH = "/aws/switch/"


def test_header_shows_account_name_and_formatted_account_id(aws_client):
    html = aws_client.get(reverse("aws:home")).content.decode()
    summary = html.split("<summary>", 1)[1].split("</summary>", 1)[0]
    assert "examplecorp-build" in summary
    assert "4444-5555-6666" in summary


def test_account_menu_offers_a_switch_button_for_each_other_accessible_account(aws_client, outside, management):
    html = aws_client.get(reverse("aws:iam_roles")).content.decode()
    assert html.count(f'action="{SWITCH}"') == 1
    assert "Switch to examplecorp-network" in html
    assert 'name="account_id" value="777788889999"' in html
    assert "Switch to examplecorp-build" not in html
    assert "globex-prod" not in html
    assert "Switch to examplecorp-management" not in html
    assert "Sign out" in html


def test_account_menu_says_when_there_is_no_other_account(client, build):
    loner = ConsoleUserFactory(accounts=[build])
    html = sign_in_session(client, loner, build).get(reverse("aws:home")).content.decode()
    assert "You have access to no other AWS account." in html
    assert "Switch to" not in html


def test_switching_to_an_accessible_account_signs_in_to_it(aws_client, network):
    response = aws_client.post(SWITCH, {"account_id": "777788889999"}, follow=True)
    assert response.redirect_chain == [(reverse("aws:home"), 302)]
    html = response.content.decode()
    assert "You are now signed in to examplecorp-network (7777-8888-9999)." in html
    assert aws_client.session[SESSION_ACCOUNT] == network.pk
    summary = html.split("<summary>", 1)[1].split("</summary>", 1)[0]
    assert "examplecorp-network" in summary and "7777-8888-9999" in summary


def test_switching_to_an_account_without_access_is_refused(aws_client, outside, build):
    response = aws_client.post(SWITCH, {"account_id": outside.account_id})
    assert response.status_code == 404
    assert "You do not have access to that AWS account." in response.content.decode()
    assert aws_client.session[SESSION_ACCOUNT] == build.pk


@pytest.mark.parametrize("account_id", ["123456789012", "", "not-an-id"])
def test_switching_to_an_unknown_account_is_404(aws_client, build, account_id):
    assert aws_client.post(SWITCH, {"account_id": account_id}).status_code == 404
    assert aws_client.session[SESSION_ACCOUNT] == build.pk


def test_switch_by_get_is_not_allowed(aws_client):
    assert aws_client.get(SWITCH).status_code == 405


def test_switch_without_csrf_token_is_refused(csrf_client, build):
    response = csrf_client.post(SWITCH, {"account_id": "777788889999"})
    assert response.status_code == 403
    assert csrf_client.session[SESSION_ACCOUNT] == build.pk


def test_losing_access_to_the_account_ends_the_console_session(aws_client, mateo, build):
    ConsoleAccess.objects.filter(user=mateo, account=build).delete()
    response = aws_client.get(reverse("aws:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("aws:signin"))


def test_console_home_shows_account_and_its_organization(aws_client):
    html = aws_client.get(reverse("aws:home")).content.decode()
    assert "<title>Console Home | AWS Management Console</title>" in html
    assert "ExampleCorp" in html
    assert "examplecorp-management" in html and "1111-2222-3333" in html
    assert "4444-5555-6666" in html
    assert "mateo" in html


def test_console_home_of_the_management_account_says_so(client, mateo, management):
    ConsoleAccess.objects.create(user=mateo, account=management)
    html = sign_in_session(client, mateo, management).get(reverse("aws:home")).content.decode()
    assert "This account" in html


def test_console_home_of_an_account_outside_any_organization_says_so(client):
    solo = AwsAccountFactory(account_id="222233334444", name="solo")
    user = ConsoleUserFactory(accounts=[solo])
    html = sign_in_session(client, user, solo).get(reverse("aws:home")).content.decode()
    assert "This account is not a member of an organization." in html


def test_console_home_lists_services_and_links_to_their_pages(aws_client):
    html = aws_client.get(reverse("aws:home")).content.decode()
    assert f'<a href="{reverse("aws:codecatalyst_spaces")}">Amazon CodeCatalyst</a>' in html
    assert "Not available yet" not in html
    assert f'<a href="{reverse("aws:iam_roles")}">IAM</a>' in html


def test_console_home_lists_the_services_of_the_sidebar_in_its_order(aws_client):
    import re

    page = aws_client.get("/aws/").content.decode()
    nav = page[page.index('<div class="nav-section">Services</div>') : page.index("</nav>")]
    # The sidebar's services: the top-level links (a sub-list follows each).
    sidebar = re.findall(r'<li>\s*<a href="([^"]+)">([^<]+)</a>\s*<ul class="nav-sub"', nav)
    home = re.findall(r'<a class="aws-service" href="([^"]+)">([^<]+)</a>', page)
    assert home == sidebar
    assert ("/aws/identity-center/", "IAM Identity Center") in home


def test_the_top_bar_forms_carry_the_csrf_token_and_come_back_to_the_page(csrf_client):
    page = csrf_client.get(reverse("aws:iam_roles"), {"q": 'a"b<c'})
    html = page.content.decode()
    token = page.context["csrf_token"]
    region_forms = html.split('<details class="menu aws-region-menu">', 1)[1].split("</details>", 1)[0]
    assert region_forms.count(f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">') == 2
    assert region_forms.count('<input type="hidden" name="next" value="/aws/iam/roles/?q=a%22b%3Cc">') == 2
    # The Region signed in with (US West (Oregon) until one is chosen) is the current one.
    assert (
        '<button type="submit" class="menu-item" aria-current="true">US West (Oregon) '
        '<span class="mono aws-muted">us-west-2</span></button>'
    ) in region_forms
    assert '<button type="submit" class="menu-item">Europe (Ireland)' in region_forms
    response = csrf_client.post(
        reverse("aws:region"), {"csrfmiddlewaretoken": token, "console_region": "eu-west-1", "next": "/aws/iam/roles/"}
    )
    assert response.status_code == 302 and response["Location"] == "/aws/iam/roles/"
    html = csrf_client.get(reverse("aws:iam_roles")).content.decode()
    assert '<button type="submit" class="menu-item" aria-current="true">Europe (Ireland)' in html


def test_the_account_menu_escapes_the_names_it_shows(client, build):
    build.name = "<b>build</b>"
    build.save()
    other = AwsAccountFactory(account_id="999988887777", name='"other"&co')
    person = ConsoleUserFactory(user_name="pat", display_name="<i>Pat</i>", accounts=[build, other])
    html = sign_in_session(client, person, build).get(reverse("aws:home")).content.decode()
    assert "<b>build</b>" not in html and "<i>Pat</i>" not in html
    assert '<span class="aws-account-name">&lt;b&gt;build&lt;/b&gt;</span>' in html
    assert "<dd>pat (&lt;i&gt;Pat&lt;/i&gt;)</dd>" in html
    assert "Switch to &quot;other&quot;&amp;co" in html


def test_the_console_session_costs_one_query_however_many_accounts_the_user_has(
    client, mateo, build, django_assert_num_queries
):
    aws = sign_in_session(client, mateo, build)
    aws.get(reverse("aws:iam_users"))
    with django_assert_num_queries(3) as few:  # the session, the console session, the page's users
        aws.get(reverse("aws:iam_users"))
    for number in range(5):
        ConsoleAccess.objects.create(user=mateo, account=AwsAccountFactory(account_id=f"55550000000{number}"))
    with django_assert_num_queries(len(few.captured_queries)):
        html = aws.get(reverse("aws:iam_users")).content.decode()
    assert html.count(f'action="{SWITCH}"') == 6


@pytest.mark.parametrize(
    "url_name, current",
    [
        ("aws:home", "Console Home"),
        ("aws:iam_users", "Users"),
        ("aws:iam_roles", "Roles"),
        ("aws:vpcs", "Your VPCs"),
        ("aws:subnets", "Subnets"),
        ("aws:billing_dashboard", None),
    ],
)
def test_the_side_navigation_marks_the_page_shown_and_only_it(aws_client, url_name, current):
    for _ in range(2):  # the navigation is rendered once per current entry, then remembered
        html = aws_client.get(reverse(url_name)).content.decode()
        nav = html[html.index('<nav class="sidenav aws-sidenav"') : html.index("</nav>")]
        marked = re.findall(r'<a href="([^"]+)" aria-current="page">([^<]+)</a>', nav)
        assert marked == ([(reverse(url_name), current)] if current else [])
