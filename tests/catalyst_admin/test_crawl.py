"""Every page reachable by following links, for each kind of person, answers without a 500, without
Django's technical error page (the crawl runs with DEBUG on, as `make run` does), without a time
that does not say its time zone, and with no link to a page that refuses that person (403).

A crawler walks the demo world as a person would click: from a start page it follows every
internal link (GET only; forms are tested where they live) and checks each answer. It is bounded
(``LIMIT`` pages per person) to keep the suite fast.
"""

import re
from collections import deque
from urllib.parse import urldefrag, urljoin, urlparse

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

LINK = re.compile(r'href="([^"#][^"]*)"')
SKIP = ("/admin/", "/static/", "javascript:", "mailto:")
LIMIT = 400


# A clock time ("14:05", "14:05:09") not followed by a time zone abbreviation ("UTC", "EST", "+0530").
UNLABELLED_TIME = re.compile(r">[^<>]*?\b\d{1,2}:\d{2}(?::\d{2})?(?![:\d])(?! ?(?:[A-Z]{2,5}\b|[+-]\d{2,4}))[^<>]*<")
TECHNICAL_PAGE = b'<meta name="robots" content="NONE,NOARCHIVE">'


@pytest.fixture
def demo(settings):
    settings.DEMO_PASSWORD = "catalyst-demo"
    call_command("seed_demo", verbosity=0)
    # As in the embedded run (`make run`): DEBUG on, technical pages not asked for.
    settings.DEBUG = True
    settings.TECHNICAL_ERROR_PAGES = False


# Pages whose problems the crawl found, by kind: url -> what.
PROBLEMS: dict[str, dict[str, str]] = {}


def crawl(client, start: str) -> dict[str, int]:
    seen: dict[str, int] = {}
    problems: dict[str, str] = {}
    linked_from: dict[str, str] = {}
    queue = deque([start])
    while queue and len(seen) < LIMIT:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response.status_code
        body = b"" if getattr(response, "streaming", False) else response.content
        if TECHNICAL_PAGE in body:
            problems[url] = "Django's technical error page"
        if response.status_code == 403:
            problems[url] = f"403, linked from {linked_from.get(url)}"
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        page = body.decode()
        main = page.split('<main id="main"', 1)[-1]
        main = re.sub(r"<(script|style|pre|textarea)\b.*?</\1>", "", main, flags=re.S)
        if match := UNLABELLED_TIME.search(main):
            problems[url] = f"a time without its time zone: {match.group(0)[:120]}"
        for href in LINK.findall(page):
            target = urldefrag(urljoin(url, href.replace("&amp;", "&")))[0]
            parsed = urlparse(target)
            if parsed.netloc and parsed.netloc != "testserver":
                continue
            path = parsed.path + (f"?{parsed.query}" if parsed.query else "")
            if path.startswith(SKIP) or path in seen:
                continue
            linked_from.setdefault(path, url)
            queue.append(path)
    crawl.problems = problems
    return seen


def assert_no_server_errors(seen: dict[str, int], minimum: int):
    errors = {url: status for url, status in seen.items() if status >= 500}
    assert not errors, errors
    assert not crawl.problems, crawl.problems
    assert len(seen) >= minimum, sorted(seen)


def test_builder_id_user_pages(client, demo):
    client.post("/signin/", {"email": "mary@example.com", "password": "catalyst-demo"})
    assert_no_server_errors(crawl(client, "/spaces/"), minimum=15)


def test_sso_space_administrator_pages(client, demo):
    from identity.federation.models import IdentityCenterApplication

    application = IdentityCenterApplication.objects.get(name="examplecorp-codecatalyst")
    client.post(f"/signin/sso/{application.application_id}/", {"user_name": "mary.major", "password": "catalyst-demo"})
    assert_no_server_errors(crawl(client, "/spaces/examplecorp/"), minimum=15)


@pytest.mark.parametrize("user_name", ["li.juan"])
def test_sso_power_user_pages(client, demo, user_name):
    from identity.federation.models import IdentityCenterApplication

    application = IdentityCenterApplication.objects.get(name="examplecorp-codecatalyst")
    client.post(f"/signin/sso/{application.application_id}/", {"user_name": user_name, "password": "catalyst-demo"})
    assert_no_server_errors(crawl(client, "/spaces/"), minimum=3)


@pytest.mark.parametrize("account_id", ["444455556666", "777788889999"])
def test_aws_console_pages_of_member_accounts(client, demo, account_id):
    client.post("/aws/signin/", {"account_id": account_id, "user_name": "mateo", "password": "catalyst-demo"})
    assert_no_server_errors(crawl(client, "/aws/"), minimum=10)


def test_aws_console_pages(client, demo):
    client.post("/aws/signin/", {"account_id": "111122223333", "user_name": "mateo", "password": "catalyst-demo"})
    assert_no_server_errors(crawl(client, "/aws/"), minimum=20)


def test_operations_pages(client, demo):
    client.post("/signin/", {"email": "ops@example.com", "password": "catalyst-demo"})
    assert_no_server_errors(crawl(client, "/ops/"), minimum=3)


def test_anonymous_visitor_pages(client, demo):
    assert_no_server_errors(crawl(client, "/signin/"), minimum=4)


def test_the_crawler_reaches_the_deep_pages(client, demo):
    client.post("/aws/signin/", {"account_id": "111122223333", "user_name": "mateo", "password": "catalyst-demo"})
    seen = crawl(client, "/aws/")
    for page in ("/aws/iam/roles/", "/aws/identity-center/users/", "/aws/codecatalyst/"):
        assert page in seen, sorted(seen)
