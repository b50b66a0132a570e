"""Every page carries a Content-Security-Policy, and its HTML keeps to it: no inline event
handlers, no ``style`` attributes, no ``javascript:`` links, and no inline ``<script>`` or
``<style>`` without the response's own nonce.

The pages are the ones the crawler of ``test_crawl.py`` reaches for each kind of person, plus the
answers to POSTs that show a page (a form with errors, a new connection token) and the error pages.
"""

import re
from html.parser import HTMLParser

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from tests.catalyst_admin.test_crawl import crawl, demo  # noqa: F401  (the demo world fixture)

pytestmark = pytest.mark.django_db

NONCE = re.compile(r"script-src 'self' 'nonce-([A-Za-z0-9_-]{16,})'")


class InlineFinder(HTMLParser):
    """What in a page the policy would block."""

    def __init__(self, nonce: str):
        super().__init__(convert_charrefs=True)
        self.nonce = nonce
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>: an inline event handler")
            if name == "style":
                self.problems.append(f"<{tag} style={value!r}>: a style attribute")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"<{tag} {name}={value!r}>: a javascript: URL")
        if tag == "script" and "src" not in attributes and attributes.get("nonce") != self.nonce:
            self.problems.append("<script> inline without the response's nonce")
        if tag == "style" and attributes.get("nonce") != self.nonce:
            self.problems.append("<style> without the response's nonce")


def policy_problems(response) -> list[str]:
    policy = response.get("Content-Security-Policy", "")
    if not policy:
        return ["no Content-Security-Policy header"]
    found = NONCE.search(policy)
    if not found:
        return [f"the policy has no script nonce: {policy}"]
    for directive in (
        "default-src 'self'",
        f"style-src 'self' 'nonce-{found[1]}'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'none'",
        "object-src 'none'",
    ):
        if directive not in policy:
            return [f"the policy lacks {directive}: {policy}"]
    if "unsafe-inline" in policy or "unsafe-eval" in policy:
        return [f"the policy allows unsafe sources: {policy}"]
    if "text/html" not in response.get("Content-Type", ""):
        return []
    finder = InlineFinder(found[1])
    finder.feed(response.content.decode())
    return finder.problems


class Checked:
    """A test client whose every answer is checked against the policy."""

    def __init__(self, client):
        self.client = client
        self.problems: dict[str, list[str]] = {}
        self.pages = 0

    def _check(self, url, response):
        self.pages += 1
        problems = policy_problems(response)
        if problems:
            self.problems[url] = problems
        return response

    def get(self, url, *args, **kwargs):
        return self._check(url, self.client.get(url, *args, **kwargs))

    def post(self, url, *args, **kwargs):
        return self._check(f"POST {url}", self.client.post(url, *args, **kwargs))


def crawl_checked(client, start, minimum):
    checked = Checked(client)
    seen = crawl(checked, start)
    assert len(seen) >= minimum, sorted(seen)
    assert not checked.problems, checked.problems
    return checked


def test_builder_id_user_pages_keep_to_the_policy(client, demo):  # noqa: F811
    client.post("/signin/", {"email": "mary@example.com", "password": "catalyst-demo"})
    crawl_checked(client, "/spaces/", minimum=15)


def test_sso_space_administrator_pages_keep_to_the_policy(client, demo):  # noqa: F811
    from identity.federation.models import IdentityCenterApplication

    application = IdentityCenterApplication.objects.get(name="examplecorp-codecatalyst")
    client.post(f"/signin/sso/{application.application_id}/", {"user_name": "mary.major", "password": "catalyst-demo"})
    crawl_checked(client, "/spaces/examplecorp/", minimum=15)


def test_aws_console_pages_keep_to_the_policy(client, demo):  # noqa: F811
    client.post("/aws/signin/", {"account_id": "111122223333", "user_name": "mateo", "password": "catalyst-demo"})
    crawl_checked(client, "/aws/", minimum=20)
    # The Identity Center wizard, whose script is a static file now.
    wizard = Checked(client).get(reverse("federation:connect"))
    assert wizard.status_code == 200 and "js/wizard.js" in wizard.content.decode()
    assert policy_problems(wizard) == []


def test_operations_and_anonymous_pages_keep_to_the_policy(client, demo):  # noqa: F811
    crawl_checked(client, "/signin/", minimum=4)
    client.post("/signin/", {"email": "ops@example.com", "password": "catalyst-demo"})
    crawl_checked(client, "/ops/", minimum=3)


def test_answers_to_posts_and_error_pages_keep_to_the_policy(client, demo):  # noqa: F811
    checked = Checked(client)
    checked.post("/signin/", {"email": "mary@example.com", "password": "wrong"})
    client.post("/signin/", {"email": "mary@example.com", "password": "catalyst-demo"})
    add = reverse("spaces:aws_account_add", args=["mary-sandbox"])
    checked.post(add, {"aws_account_id": "12", "display_name": "", "description": ""})
    token_page = checked.post(add, {"aws_account_id": "210987654321", "display_name": "spare", "description": ""})
    assert 'id="conn-token"' in token_page.content.decode()
    assert checked.get("/spaces/no-such-space/").status_code == 404
    assert checked.get("/ops/").status_code == 403
    assert checked.pages == 5
    assert not checked.problems, checked.problems


def test_the_500_page_keeps_to_the_policy():
    finder = InlineFinder(nonce="-")
    finder.feed(render_to_string("500.html"))
    assert finder.problems == []


def test_each_answer_has_a_nonce_of_its_own(client):
    first, second = (NONCE.search(client.get("/signin/")["Content-Security-Policy"])[1] for _ in range(2))
    assert first != second


def test_an_inline_script_with_the_nonce_is_allowed_and_one_without_is_found():
    finder = InlineFinder(nonce="abc")
    finder.feed('<script nonce="abc">1</script><script src="/static/x.js"></script><style nonce="abc"></style>')
    assert finder.problems == []
    finder.feed('<script>1</script><p style="x" onclick="y"><a href="javascript:z">')
    assert len(finder.problems) == 4


def test_django_admin_gets_its_own_policy_without_inline_scripts(admin_client):
    policy = admin_client.get("/admin/")["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "frame-ancestors 'none'" in policy


def test_djangos_debug_pages_are_left_alone_only_with_debug_on(client, settings):
    """Django's technical 404 page (DEBUG on and TECHNICAL_ERROR_PAGES asked for) is styled inline
    by Django: it gets no policy, so that it stays readable. Otherwise the address has the policy."""
    settings.DEBUG = True
    settings.TECHNICAL_ERROR_PAGES = True
    debug_page = client.get("/no-such-address/")
    assert debug_page.status_code == 404 and b"NONE,NOARCHIVE" in debug_page.content
    assert "Content-Security-Policy" not in debug_page
    assert policy_problems(client.get("/signin/")) == []

    settings.DEBUG = False
    page = client.get("/no-such-address/")
    assert page.status_code == 404
    assert policy_problems(page) == []
