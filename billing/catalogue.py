"""The tier catalogue: Free, Standard and Enterprise with their price per billable user and their
allowances per billing period — data, not code.

It is read from ``billing/tiers.json`` or from the file ``BILLING_TIERS_FILE`` names, so an
operator changes prices and allowances without a code change. Figures AWS no longer publishes are
this emulator's defaults, and each tier says which of its figures are (``emulator_default``).
"""

import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

TIER_ORDER = ("free", "standard", "enterprise")


@dataclass(frozen=True)
class Resource:
    key: str
    label: str
    unit: str
    # On every tier, each person may use at most the tier's per-user allowance of it in a space
    # each billing period (generative AI: "an individual user's usage of and quotas", seed 000).
    limit_per_person: bool = False


@dataclass(frozen=True)
class GenaiFeature:
    """An Amazon Q feature: its name in the console, what a request names, and how many units of
    the person's Generative AI quota one request consumes."""

    key: str
    label: str
    subject: str
    units: int


@dataclass(frozen=True)
class Allowance:
    """How much of a resource a tier includes each billing period: per space, or per billable user."""

    amount: int
    per: str  # "space" or "user"

    def total(self, users: int) -> int:
        return self.amount * max(users, 1) if self.per == "user" else self.amount


@dataclass(frozen=True)
class TierInfo:
    key: str
    name: str
    price_per_user: Decimal
    allowances: dict[str, Allowance]
    overage_per_unit: dict[str, Decimal]
    halts_at_maximum: bool
    emulator_default: tuple[str, ...]
    genai_features: tuple[str, ...] = ()

    @property
    def rank(self) -> int:
        return TIER_ORDER.index(self.key)

    @property
    def is_paid(self) -> bool:
        return self.key != "free"

    def monthly_price(self, users: int) -> Decimal:
        return self.price_per_user * users

    def emulator_defaults(self, resources: dict) -> list[str]:
        """Which of this tier's figures are the emulator's own, in words."""
        words = {"price_per_user": "price", "allowances": "allowances", "overage_per_unit": "usage rates"}
        return [words.get(key) or resources[key].label.lower() for key in self.emulator_default]


@dataclass(frozen=True)
class Catalogue:
    resources: dict[str, Resource]
    tiers: dict[str, TierInfo]
    genai_features: dict[str, GenaiFeature] = field(default_factory=dict)

    def tier(self, key: str) -> TierInfo | None:
        return self.tiers.get(key)


def _decimal(value, where: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ImproperlyConfigured(f"{where} is not a number: {value!r}") from None
    if number < 0:
        raise ImproperlyConfigured(f"{where} is negative: {value!r}")
    return number


def parse(data: dict, *, source: str = "the tier catalogue") -> Catalogue:
    """A catalogue from its JSON form, or ImproperlyConfigured naming what is wrong."""
    try:
        resources = {
            key: Resource(key, r["label"], r["unit"], bool(r.get("limit_per_person", False)))
            for key, r in data["resources"].items()
        }
        features = {}
        for key, f in data.get("genai_features", {}).items():
            units = int(f["units"])
            if units <= 0:
                raise ImproperlyConfigured(f"{source}: generative AI feature {key} must cost at least one unit")
            features[key] = GenaiFeature(key, f["label"], f["subject"], units)
        tiers = {}
        for raw in data["tiers"]:
            key = raw["key"]
            if key not in TIER_ORDER:
                raise ImproperlyConfigured(f"{source}: unknown tier {key!r}; the tiers are {', '.join(TIER_ORDER)}")
            allowances = {}
            for resource, allowance in raw["allowances"].items():
                if resource not in resources or allowance["per"] not in ("space", "user"):
                    raise ImproperlyConfigured(f"{source}: tier {key} has a bad allowance for {resource!r}")
                allowances[resource] = Allowance(int(allowance["amount"]), allowance["per"])
            tiers[key] = TierInfo(
                key=key,
                name=raw["name"],
                price_per_user=_decimal(raw["price_per_user"], f"{source}: {key}'s price"),
                allowances=allowances,
                overage_per_unit={
                    resource: _decimal(rate, f"{source}: {key}'s overage for {resource}")
                    for resource, rate in raw.get("overage_per_unit", {}).items()
                },
                halts_at_maximum=bool(raw.get("halts_at_maximum", False)),
                emulator_default=tuple(raw.get("emulator_default", ())),
                genai_features=tuple(raw.get("genai_features", ())),
            )
            unknown = set(tiers[key].genai_features) - features.keys()
            if unknown:
                raise ImproperlyConfigured(
                    f"{source}: tier {key} offers unknown generative AI features {', '.join(sorted(unknown))}"
                )
    except (KeyError, TypeError, ValueError) as exc:
        raise ImproperlyConfigured(f"{source} is not a tier catalogue: {exc!r}") from None
    missing = set(TIER_ORDER) - tiers.keys()
    if missing:
        raise ImproperlyConfigured(f"{source} lacks the tiers {', '.join(sorted(missing))}")
    return Catalogue(resources=resources, tiers={key: tiers[key] for key in TIER_ORDER}, genai_features=features)


@cache
def _load(path: str) -> Catalogue:
    return parse(json.loads(Path(path).read_text()), source=path)


def catalogue() -> Catalogue:
    """The catalogue of ``BILLING_TIERS_FILE`` (read once per process and file)."""
    return _load(str(settings.BILLING_TIERS_FILE))
