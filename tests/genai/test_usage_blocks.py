"""My settings' generative AI usage blocks written in Python (genai.templatetags.genai_tables) write
what the template loop they replaced wrote (kept as genai_usage_loop.html), byte for byte: no
space, a space that is off, and lines at every state with awkward names and amounts."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.template import Context, Engine

from genai.selectors import PersonUsage, UsageLine
from spaces.models import Space

LOOP = (Path(__file__).parent / "genai_usage_loop.html").read_text()
TAG = "  {% genai_usage_blocks genai_usage %}\n"


def _block(name, enabled, used, quota, requests):
    features = [
        UsageLine('Assign <"issues"> & more', Decimal("2.125"), quota, 1),
        UsageLine("Recommend tasks", Decimal(0), quota, 0),
        UsageLine("Write", Decimal("1234.5"), quota, 2),
    ]
    return PersonUsage(
        space=Space(name=name),
        enabled=enabled,
        total=UsageLine("All features", used, quota, requests),
        features=features,
        resets_on=date(2027, 1, 1),
    )


BLOCKS = {
    "none": [],
    "one": [_block("acme", True, Decimal("23"), 50, 3)],
    "states": [
        _block('a<&>"b', False, Decimal("41.5"), 50, 1),  # warning
        _block("full", True, Decimal("50"), 50, 5),  # maximum
        _block("zero-quota", True, Decimal("0"), 0, 0),
        _block("big", True, Decimal("1234567.891"), 2000000, 1),
    ],
}


@pytest.mark.parametrize("name", list(BLOCKS))
def test_the_usage_blocks_write_what_the_template_loop_wrote(name):
    context = {"genai_usage": BLOCKS[name]}
    engine = Engine.get_default()
    old = engine.from_string("{% load humanize %}" + LOOP).render(Context(context))
    new = engine.from_string("{% load genai_tables %}" + TAG).render(Context(context))
    assert new == old
    assert ("No spaces" in new) is (name == "none")
