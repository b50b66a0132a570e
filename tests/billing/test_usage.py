"""The usage ledger: this period's usage against the tier's allowances, the Free tier's halt at the
maximum, and bad quantities refused with nothing written."""

from decimal import Decimal

import pytest

from billing import selectors, services
from billing.models import UsageRecord
from catalyst_admin.actors import SYSTEM
from catalyst_admin.errors import DomainError, Forbidden
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True, username="ops-billing")


def _line(space, resource):
    return next(line for line in selectors.usage_this_period(space) if line.resource.key == resource)


def test_usage_is_shown_against_the_tiers_allowance_with_a_warning_from_80_percent(space, staff):
    # Free: 2,000 build minutes for the space (an emulator default).
    services.usage_record(space=space, resource="build_minutes", quantity="1500", by=staff)
    line = _line(space, "build_minutes")
    assert (line.used, line.allowance, line.percent, line.state) == (Decimal(1500), 2000, 75, "ok")
    services.usage_record(space=space, resource="build_minutes", quantity=100, by=SYSTEM)
    assert (_line(space, "build_minutes").percent, _line(space, "build_minutes").state) == (80, "warning")


def test_per_user_allowances_grow_with_the_billable_users(space, admin, billing_connection):
    services.billing_tier_change(space=space, tier="enterprise", by=admin)
    assert selectors.billable_users(space) == 3  # admin, power and contributor
    assert _line(space, "build_minutes").allowance == 4500


def test_on_free_a_resource_at_its_maximum_is_halted_until_the_next_period(space, staff):
    services.usage_record(space=space, resource="dev_environment_hours", quantity=60, by=staff)
    assert _line(space, "dev_environment_hours").state == "maximum"
    with pytest.raises(services.QuotaExceeded, match="halts that resource for the rest of the space") as refused:
        services.usage_record(space=space, resource="dev_environment_hours", quantity="0.5", by=staff)
    assert refused.value.code == "ServiceQuotaExceededException"
    assert UsageRecord.objects.count() == 1


def test_on_a_paid_tier_usage_beyond_the_allowance_is_recorded_as_overage(space, admin, billing_connection, staff):
    services.billing_tier_change(space=space, tier="standard", by=admin)
    services.usage_record(space=space, resource="dev_environment_hours", quantity=130, by=staff)
    line = _line(space, "dev_environment_hours")
    assert (line.allowance, line.over, line.state) == (120, Decimal(10), "maximum")


@pytest.mark.parametrize("quantity", ["0", "-3", "lots", "", "NaN", "Infinity", "1e12", None])
def test_a_bad_quantity_is_refused_and_nothing_written(space, staff, quantity):
    with pytest.raises(DomainError, match="greater than zero"):
        services.usage_record(space=space, resource="build_minutes", quantity=quantity, by=staff)
    assert not UsageRecord.objects.exists()


def test_an_unknown_resource_is_refused(space, staff):
    with pytest.raises(DomainError, match="Choose one of the resources"):
        services.usage_record(space=space, resource="gpu_minutes", quantity=1, by=staff)


def test_only_staff_record_usage(space, admin):
    with pytest.raises(Forbidden, match="operations staff"):
        services.usage_record(space=space, resource="build_minutes", quantity=1, by=admin)
    assert not UsageRecord.objects.exists()
