"""Operations schedule and run the IAM Identity Center sync; a Space administrator syncs now."""

import re

import pytest
from playwright.sync_api import expect

from catalyst_admin.actors import SYSTEM
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_ops_changes_the_schedule_and_runs_a_sync(page, url, demo_world):
    sign_in(page, url, email="ops@example.com", password=demo_world)
    page.goto(url("/ops/"))
    schedules = page.get_by_role("region", name=re.compile("Schedules"))
    row = schedules.get_by_role("row", name=re.compile("examplecorp-codecatalyst"))
    expect(row.get_by_text("Every 30 minutes")).to_be_visible()

    row.get_by_role("link", name="Edit").click()
    page.get_by_label("Every N minutes", exact=True).check()
    page.get_by_label("Interval in minutes").fill("15")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("was saved")).to_be_visible()
    expect(row.get_by_text("Every 15 minutes")).to_be_visible()

    row.get_by_role("button", name="Pause").click()
    expect(row.get_by_text("Paused")).to_be_visible()
    row.get_by_role("button", name="Resume").click()
    expect(row.get_by_text("Enabled")).to_be_visible()

    row.get_by_role("button", name="Run now").click()
    expect(page.get_by_role("heading", name="examplecorp-codecatalyst", level=1)).to_be_visible()
    expect(page.get_by_role("cell", name="Succeeded").first).to_be_visible(timeout=15000)


def test_space_administrator_sees_a_new_directory_user_after_sync_now(page, url, demo_world):
    from accounts.aws.identity_center import services as directory
    from accounts.aws.identity_center.models import IdentityStore

    store = IdentityStore.objects.get(store_id="d-9067c0ffee")
    directory.group_membership_add(
        group=store.groups.get(display_name="Developers"),
        user=store.users.get(user_name="jorge.souza"),
        account=SYSTEM,
    )

    page.goto(url("/signin/"))
    page.get_by_role("link", name="Sign in with SSO").click()
    page.get_by_label("Choose your company").select_option(label="ExampleCorp")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Username").fill("mary.major")
    page.get_by_label("Password").fill(demo_world)
    page.get_by_role("button", name="Sign in").click()

    page.goto(url("/spaces/examplecorp/settings/sso/"))
    groups = page.get_by_role("region", name=re.compile("Connected groups"))
    groups.get_by_text("Developers").click()
    expect(groups.get_by_text("Jorge Souza")).to_have_count(0)

    page.get_by_role("button", name="Sync now").click()
    expect(page.get_by_text(re.compile(r"1 added"))).to_be_visible(timeout=15000)
    page.get_by_role("region", name=re.compile("Connected groups")).get_by_text("Developers").click()
    expect(page.get_by_role("region", name=re.compile("Connected groups")).get_by_text("Jorge Souza")).to_be_visible()
