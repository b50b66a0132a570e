"""The tier catalogue is data: read from a file an operator can replace, checked when read."""

import json

import pytest
from django.core.exceptions import ImproperlyConfigured

from billing.catalogue import TIER_ORDER, catalogue, parse


def test_the_shipped_catalogue_has_the_three_tiers_and_enterprises_published_figures():
    tiers = catalogue().tiers
    assert list(tiers) == list(TIER_ORDER)
    enterprise = tiers["enterprise"]
    assert enterprise.name == "Enterprise" and str(enterprise.price_per_user) == "20"
    # AWS, November 2023: per paying user 1,500 compute minutes, 160 Dev Environment hours, 64 GB.
    assert enterprise.allowances["build_minutes"].total(10) == 15000
    assert enterprise.allowances["dev_environment_hours"].total(10) == 1600
    assert enterprise.allowances["dev_environment_storage_gb"].total(10) == 640
    assert enterprise.monthly_price(10) == 200
    assert "allowances" in tiers["free"].emulator_default


def test_an_operator_replaces_the_catalogue_with_a_file_of_their_own(settings, tmp_path):
    data = json.loads(open(settings.BILLING_TIERS_FILE).read())
    data["tiers"][1]["price_per_user"] = "7.50"
    own = tmp_path / "tiers.json"
    own.write_text(json.dumps(data))
    settings.BILLING_TIERS_FILE = str(own)
    assert str(catalogue().tier("standard").price_per_user) == "7.50"


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d["tiers"].pop(), "lacks the tiers enterprise"),
        (lambda d: d["tiers"][0].update(key="gold"), "unknown tier 'gold'"),
        (lambda d: d["tiers"][1].update(price_per_user="-1"), "negative"),
        (lambda d: d["tiers"][1].update(price_per_user="lots"), "not a number"),
        (lambda d: d["tiers"][0]["allowances"]["build_minutes"].update(per="month"), "bad allowance"),
    ],
)
def test_a_broken_catalogue_is_refused_with_what_is_wrong(settings, change, message):
    data = json.loads(open(settings.BILLING_TIERS_FILE).read())
    change(data)
    with pytest.raises(ImproperlyConfigured, match=message):
        parse(data)
