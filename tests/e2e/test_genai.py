"""mary.major turns generative AI off on examplecorp after the seed's warning; li.juan's request in
progress shows "Stopped", and his usage is on his My settings page (seed 000, "To enable or disable
generative AI features for a space" and "To view your generative AI feature usage")."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_identity_federation import sso_sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_mary_turns_generative_ai_off_and_li_sees_his_request_stopped_and_his_usage(browser, url, demo_world):
    li = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    sso_sign_in(li, url, company="ExampleCorp", user="li.juan", password=demo_world)
    li.goto(url("/spaces/examplecorp/"))
    li.get_by_role("link", name="web-app").first.click()
    li.get_by_role("link", name="Amazon Q").click()
    wish_list = li.get_by_role("row", name=re.compile("Add a wish list to the storefront"))
    expect(wish_list.get_by_text("In progress")).to_be_visible()

    mary = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    sso_sign_in(mary, url, company="ExampleCorp", user="mary.major", password=demo_world)
    mary.goto(url("/spaces/examplecorp/"))
    mary.get_by_role("navigation", name="Space navigation").get_by_role("link", name="Generative AI").click()
    expect(mary.get_by_role("heading", name="Generative AI", level=1)).to_be_visible()
    mary.get_by_label("Projects in this space can access generative AI features").uncheck()
    mary.get_by_role("button", name="Save").click()
    expect(
        mary.get_by_text("Disabling the generative AI features will stop work on all issues and summaries")
    ).to_be_visible()
    mary.get_by_role("button", name="Disable generative AI features").click()
    expect(
        mary.get_by_text(re.compile("Generative AI features are off for all projects in examplecorp. 1 request"))
    ).to_be_visible()

    li.reload()
    expect(wish_list.get_by_text("Stopped")).to_be_visible()
    expect(li.get_by_text("Generative AI features are turned off for examplecorp")).to_be_visible()
    expect(li.get_by_role("button", name="Start request")).to_have_count(0)

    li.get_by_label(re.compile("User menu")).click()
    li.get_by_role("link", name="My settings").click()
    usage = li.get_by_role("region", name="Generative AI feature usage")
    expect(usage.get_by_text("93 of 100 units · 93 %")).to_be_visible()
    expect(usage.get_by_text("Close to your quota: over 80 % used.")).to_be_visible()
    expect(usage.get_by_text(re.compile("resets on"))).to_be_visible()
