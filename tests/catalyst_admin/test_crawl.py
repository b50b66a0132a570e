"""Every page reachable by following links, for each kind of person, answers without a 500.

A crawler walks the demo world as a person would click: from a start page it follows every
internal link (GET only; forms are tested where they live) and checks each answer.
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


@pytest.fixture
def demo(settings):
    settings.DEMO_PASSWORD = "catalyst-demo"
    call_command("seed_demo", verbosity=0)


def crawl(client, start: str) -> dict[str, int]:
    seen: dict[str, int] = {}
    queue = deque([start])
    while queue and len(seen) < LIMIT:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response.status_code
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for href in LINK.findall(response.content.decode()):
            target = urldefrag(urljoin(url, href.replace("&amp;", "&")))[0]
            parsed = urlparse(target)
            if parsed.netloc and parsed.netloc != "testserver":
                continue
            path = parsed.path + (f"?{parsed.query}" if parsed.query else "")
            if path.startswith(SKIP) or path in seen:
                continue
            queue.append(path)
    return seen


def assert_no_server_errors(seen: dict[str, int], minimum: int):
    errors = {url: status for url, status in seen.items() if status >= 500}
    assert not errors, errors
    assert len(seen) >= minimum, sorted(seen)


def test_builder_id_user_pages(client, demo):
    client.post("/signin/", {"email": "mary@example.com", "password": "catalyst-demo"})
    assert_no_server_errors(crawl(client, "/spaces/"), minimum=15)


def test_sso_space_administrator_pages(client, demo):
    from identity.federation.models import IdentityCenterApplication

    application = IdentityCenterApplication.objects.get(name="examplecorp-codecatalyst")
    client.post(f"/signin/sso/{application.application_id}/", {"user_name": "mary.major", "password": "catalyst-demo"})
    assert_no_server_errors(crawl(client, "/spaces/examplecorp/"), minimum=15)


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
