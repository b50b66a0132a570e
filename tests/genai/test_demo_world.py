"""The demo world's generative AI (seed_demo), loaded twice: examplecorp on with li.juan close to
his quota and one request in progress, mary-sandbox off."""

import pytest
from django.core.management import call_command

from genai import selectors
from genai.models import AmazonQRequest
from identity.people.models import User
from spaces.models import Space

pytestmark = pytest.mark.django_db


def test_the_demo_world_has_generative_ai_on_examplecorp_only_and_loads_twice_the_same(settings):
    settings.DEMO_PASSWORD = "catalyst-demo"
    call_command("seed_demo", verbosity=0)
    first = list(AmazonQRequest.objects.values_list("pk", "status"))
    call_command("seed_demo", verbosity=0)
    assert list(AmazonQRequest.objects.values_list("pk", "status")) == first

    examplecorp, sandbox = Space.objects.get(name="examplecorp"), Space.objects.get(name="mary-sandbox")
    assert selectors.genai_enabled(examplecorp) and not selectors.genai_enabled(sandbox)
    li = User.objects.get(name="Li Juan")
    in_progress = AmazonQRequest.objects.get(space=examplecorp, status="in_progress")
    assert in_progress.requested_by == li
    assert AmazonQRequest.objects.filter(space=examplecorp, status="completed").count() >= 3
    usage = selectors.person_usage(examplecorp, li)
    assert usage.total.state == "warning"  # close to his quota
    assert (usage.total.used, usage.total.quota) == (93, 100)
