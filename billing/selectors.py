"""Reads on billing: the billing account, the tier and its catalogue entry, pending changes,
billable users and usage against the tier's allowances."""

import decimal
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from billing.catalogue import Resource, TierInfo, catalogue
from billing.models import MonthlyStatement, PendingTierChange, SpaceBilling, Tier, UsageRecord
from catalyst_admin import rows
from spaces.models import Space, SpaceMembership


def billing_of(space) -> SpaceBilling | None:
    return SpaceBilling.objects.filter(space=space).first()


def is_billing_account(*, space, aws_account_id: str) -> bool:
    return SpaceBilling.objects.filter(space=space, aws_account_id=aws_account_id).exists()


def billed_space_count(*, aws_account_id: str, excluding=None) -> int:
    """How many live spaces ``aws_account_id`` really bills (``excluding`` one): those whose
    connection to it is verified. A space that only names the account (a request nobody verified)
    uses none of its places, so strangers cannot fill an account's quota."""
    billed = SpaceBilling.objects.filter(
        aws_account_id=aws_account_id,
        space__deleted_at__isnull=True,
        space__account_connections__aws_account_id=aws_account_id,
        space__account_connections__status="verified",
    )
    if excluding is not None:
        billed = billed.exclude(space=excluding)
    return billed.count()


# Billing periods, tiers and usage --------------------------------------------------------------


def period_start(day: date | None = None) -> date:
    """The first day of the billing period (a calendar month, UTC) that ``day`` (today) falls in."""
    day = day or timezone.now().date()
    return day.replace(day=1)


def next_period_start(day: date | None = None) -> date:
    start = period_start(day)
    return (start.replace(day=28) + timedelta(days=4)).replace(day=1)


def billable_users(space) -> int:
    """How many people a space pays for this period: its members (every role, Builder ID and SSO)
    now. Members who left during the period are not counted: the emulator keeps no history of them."""
    return space.memberships.count()


def tier_of(space) -> TierInfo:
    """The space's current tier from the catalogue (Free when it has no billing record yet)."""
    return tier_for(billing_of(space))


def tier_for(billing: SpaceBilling | None) -> TierInfo:
    """The catalogue's tier of a billing record (``billing_of``; Free for None), for a page that
    has already read the record."""
    return catalogue().tier(billing.tier if billing else Tier.FREE)


def pending_change_of(space) -> PendingTierChange | None:
    return PendingTierChange.objects.filter(space=space).first()


def tier_changes_due(today: date) -> bool:
    """Whether any space has a pending tier change whose day has come:
    ``PendingTierChange.objects.filter(effective_on__lte=today).exists()``, in plain SQL."""
    table, column = PendingTierChange._meta.db_table, PendingTierChange._meta.get_field("effective_on").column
    return bool(rows.fetch(f"SELECT 1 FROM {table} WHERE {column} <= %s LIMIT 1", [today]))


# How Django reads a Sum of a decimal column on SQLite, which answers a float (or an int).
_SQLITE_DECIMAL = decimal.Context(prec=15).create_decimal_from_float


def ledger_sum(value) -> Decimal:
    """A plain-SQL ``SUM`` of the usage ledger's quantities as the ORM's ``Sum`` gives it (a
    ``Decimal`` from PostgreSQL, a float or an int from SQLite); no rows is 0."""
    if value is None:
        return Decimal(0)
    return value if isinstance(value, Decimal) else _SQLITE_DECIMAL(value)


@dataclass(frozen=True)
class BillingDetails:
    """What Billing details shows of a space, read together (:func:`billing_details_of`)."""

    billing: SpaceBilling | None
    pending: PendingTierChange | None
    connection: object | None  # the AccountConnection to the billing account, pending or verified
    users: int
    needs_account: bool
    used: dict[str, Decimal]


def _connection_model():
    # accounts.connections imports billing: reach its model through the relation.
    return Space._meta.get_field("account_connections").related_model


def _usage_columns() -> str:
    """One column per resource of the catalogue: the space ``s``'s usage in a period (each taking
    the period and the resource as parameters), as usage_this_period sums it."""
    ledger = UsageRecord._meta.get_field
    return ", ".join(
        f"(SELECT SUM(u.{ledger('quantity').column}) FROM {UsageRecord._meta.db_table} u "
        f"WHERE u.{ledger('space').column} = s.id AND u.{ledger('period').column} = %s "
        f"AND u.{ledger('resource').column} = %s)"
        for _ in catalogue().resources
    )


def _billing_details_sql() -> str:
    # billing_of(space), pending_change_of(space), billing_connection_for(space, billing),
    # billable_users(space), needs_billing_account(space) and the period's usage per resource of
    # the catalogue (usage_this_period), in one row.
    connection = _connection_model()
    c_field = connection._meta.get_field
    space_of = {model: model._meta.get_field("space").column for model in (SpaceBilling, PendingTierChange)}
    used = _usage_columns()
    return (
        f"SELECT {rows.columns(SpaceBilling, 'b')}, {rows.columns(PendingTierChange, 'p')}, "
        f"{rows.columns(connection, 'c')}, "
        f"(SELECT COUNT(*) FROM {SpaceMembership._meta.db_table} m "
        f"WHERE m.{SpaceMembership._meta.get_field('space').column} = s.id), "
        f"NOT EXISTS (SELECT 1 FROM {connection._meta.db_table} v WHERE v.{c_field('space').column} = s.id "
        f"AND v.{c_field('status').column} = %s), {used} "
        f"FROM {Space._meta.db_table} s "
        f"LEFT OUTER JOIN {SpaceBilling._meta.db_table} b ON b.{space_of[SpaceBilling]} = s.id "
        f"LEFT OUTER JOIN {PendingTierChange._meta.db_table} p ON p.{space_of[PendingTierChange]} = s.id "
        f"LEFT OUTER JOIN {connection._meta.db_table} c ON c.{c_field('space').column} = s.id "
        f"AND c.{c_field('aws_account_id').column} = b.{SpaceBilling._meta.get_field('aws_account_id').column} "
        f"WHERE s.id = %s"
    )


def billing_details_of(space, *, day: date | None = None) -> BillingDetails:
    """Billing details' reads of ``space`` in one plain-SQL query (``catalyst_admin.rows``), each as
    the selector named beside it in the SQL reads it."""
    period, keys = period_start(day), list(catalogue().resources)
    params = [_connection_model().Status.VERIFIED, *[value for key in keys for value in (period, key)], space.pk]
    row = rows.fetch(_billing_details_sql(), params)[0]
    billing, start = rows.from_row(SpaceBilling, row, 0)
    pending, start = rows.from_row(PendingTierChange, row, start)
    connection, start = rows.from_row(_connection_model(), row, start)
    users, needs_account, *used = row[start:]
    return BillingDetails(
        billing=billing,
        pending=pending,
        connection=connection,
        users=users,
        needs_account=bool(needs_account),
        used={key: ledger_sum(total) for key, total in zip(keys, used, strict=True) if total is not None},
    )


def billing_connection_of(space):
    """The space's connection to its billing account (pending or verified), or None."""
    return billing_connection_for(space, billing_of(space))


def billing_connection_for(space, billing: SpaceBilling | None):
    """``billing_connection_of`` for a page that has already read the billing record."""
    if billing is None:
        return None
    return space.account_connections.filter(aws_account_id=billing.aws_account_id).first()


def space_named(name: str):
    """The live space called ``name`` (the operations page records usage by space name), or None."""
    return Space.objects.filter(name=(name or "").strip()).first()


def billing_account_choices(space):
    """ "Choose from AWS accounts already associated with your space": its verified connections."""
    return space.account_connections.filter(status="verified").order_by("display_name")


def needs_billing_account(space) -> bool:
    """Whether Billing details offers "Add an AWS account": no verified account can pay yet."""
    return not billing_account_choices(space).exists()


@dataclass(frozen=True)
class ResourceUsage:
    """One line of "this billing period's usage": what was used against what the tier includes."""

    resource: Resource
    used: Decimal
    allowance: int

    @property
    def percent(self) -> int:
        if self.allowance <= 0:
            return 100 if self.used > 0 else 0
        return int(self.used * 100 / self.allowance)

    @property
    def state(self) -> str:
        """``ok``; ``warning`` from 80 %; ``maximum`` at or past 100 %."""
        if self.percent >= 100:
            return "maximum"
        return "warning" if self.percent >= 80 else "ok"

    @property
    def over(self) -> Decimal:
        return max(self.used - self.allowance, Decimal(0))


def usage_this_period(
    space, *, day: date | None = None, tier: TierInfo | None = None, users: int | None = None
) -> list[ResourceUsage]:
    """Every resource of the catalogue with the space's usage in the period against its tier
    (``tier`` and ``users``, the billable users, read here unless the page has them already)."""
    tier = tier_of(space) if tier is None else tier
    users = billable_users(space) if users is None else users
    used = dict(
        UsageRecord.objects.filter(space=space, period=period_start(day))
        .values("resource")
        .annotate(total=Sum("quantity"))
        .values_list("resource", "total")
    )
    return usage_lines(tier, users, used)


def usage_lines(tier: TierInfo, users: int, used: dict) -> list[ResourceUsage]:
    """Every resource of the catalogue: ``used`` (resource key -> quantity) against ``tier``."""
    return [
        ResourceUsage(
            resource=resource,
            used=used.get(key, Decimal(0)),
            allowance=tier.allowances[key].total(users) if key in tier.allowances else 0,
        )
        for key, resource in catalogue().resources.items()
    ]


def person_quota(space, resource: str) -> int | None:
    """How much of ``resource`` one person may use in ``space`` each billing period, when the
    catalogue limits it per person (generative AI): the tier's per-user allowance. None otherwise."""
    if not catalogue().resources[resource].limit_per_person:
        return None
    return _person_allowance(tier_of(space), resource)


def person_quota_on(tier: str | None, resource: str) -> int | None:
    """:func:`person_quota` in a space whose billing record is on ``tier`` (None: it has no record,
    the Free tier), for a page that has read the tier with the space."""
    if not catalogue().resources[resource].limit_per_person:
        return None
    return _person_allowance(catalogue().tier(tier or Tier.FREE), resource)


def _person_allowance(tier: TierInfo, resource: str) -> int:
    allowance = tier.allowances.get(resource)
    return 0 if allowance is None else allowance.amount


def person_usage(space, *, user, resource: str, day: date | None = None) -> Decimal:
    """What ``user`` used of ``resource`` in ``space`` in the billing period of ``day`` (today)."""
    total = UsageRecord.objects.filter(space=space, user=user, resource=resource, period=period_start(day)).aggregate(
        total=Sum("quantity")
    )["total"]
    return total or Decimal(0)


def subscription(space) -> dict:
    """The space's subscription as the AWS ``GetSubscription`` operation returns it."""
    billing = billing_of(space)
    pending = pending_change_of(space)
    account_name = ""
    connection = billing_connection_of(space)
    if connection is not None:
        account_name = connection.display_name
    answer = {
        "subscriptionType": (billing.tier if billing else Tier.FREE).upper(),
        "awsAccountName": account_name,
    }
    if pending is not None:
        answer["pendingSubscriptionType"] = pending.tier.upper()
        answer["pendingSubscriptionStartTime"] = datetime.combine(pending.effective_on, time.min, tzinfo=UTC)
    return answer


# Charges ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChargeLine:
    """One space's charges for one billing period."""

    period: date
    space_name: str
    tier: str
    billable_users: int
    subscription: Decimal
    usage: Decimal
    closed: bool

    @property
    def total(self) -> Decimal:
        return self.subscription + self.usage


def charges(tier: TierInfo, users: int, usage: list[ResourceUsage]) -> tuple[Decimal, Decimal]:
    """(subscription, usage) for a period: the price per billable user, and on paid tiers what was
    used beyond each allowance at the tier's rate. The one formula statements and the dashboard use."""
    subscription = tier.monthly_price(users)
    over = sum(
        (line.over * tier.overage_per_unit.get(line.resource.key, Decimal(0)) for line in usage),
        Decimal(0),
    )
    return subscription.quantize(Decimal("0.01")), Decimal(over).quantize(Decimal("0.01"))


def charge_line_now(space) -> ChargeLine:
    """This billing period's charges of ``space`` so far."""
    tier, users = tier_of(space), billable_users(space)
    subscription, usage = charges(tier, users, usage_this_period(space))
    return ChargeLine(period_start(), space.name, tier.name, users, subscription, usage, closed=False)


def _statements_sql(periods: int) -> str:
    # MonthlyStatement.objects.filter(aws_account_id=…, period__in=…).select_related("space"),
    # of the space only its name.
    field = MonthlyStatement._meta.get_field
    period = field("period").column
    return (
        f"SELECT {rows.columns(MonthlyStatement, 'st')}, s.name FROM {MonthlyStatement._meta.db_table} st "
        f"INNER JOIN {Space._meta.db_table} s ON s.id = st.{field('space').column} "
        f"WHERE st.{field('aws_account_id').column} = %s AND st.{period} IN ({', '.join(['%s'] * periods)}) "
        f"ORDER BY st.{period} DESC, st.{field('space').column}"
    )


def _billed_now_sql() -> str:
    # SpaceBilling.objects.filter(aws_account_id=…, space__deleted_at__isnull=True)
    #     .select_related("space").annotate(members=Count("space__memberships")),
    # with the period's usage per resource of the catalogue (usage_this_period).
    billing = SpaceBilling._meta.get_field
    used = _usage_columns()
    return (
        f"SELECT b.{billing('tier').column}, s.name, (SELECT COUNT(*) FROM {SpaceMembership._meta.db_table} m "
        f"WHERE m.{SpaceMembership._meta.get_field('space').column} = s.id), {used} "
        f"FROM {SpaceBilling._meta.db_table} b "
        f"INNER JOIN {Space._meta.db_table} s ON s.id = b.{billing('space').column} "
        f"WHERE b.{billing('aws_account_id').column} = %s AND s.deleted_at IS NULL"
    )


def _charge_lines_billed_now(aws_account_id: str, period: date) -> list[ChargeLine]:
    """``charge_line_now`` of every live space ``aws_account_id`` bills, in one plain-SQL query."""
    keys = list(catalogue().resources)
    params = [*[value for key in keys for value in (period, key)], aws_account_id]
    lines = []
    for tier_key, name, users, *totals in rows.fetch(_billed_now_sql(), params):
        tier = catalogue().tier(tier_key)
        used = {key: ledger_sum(total) for key, total in zip(keys, totals, strict=True) if total is not None}
        subscription, usage = charges(tier, users, usage_lines(tier, users, used))
        lines.append(ChargeLine(period, name, tier.name, users, subscription, usage, closed=False))
    return lines


def account_charges(aws_account_id: str, *, months: int = 6, day: date | None = None) -> list[dict]:
    """The Billing dashboard of an AWS account: for this month and the ``months`` before it, the
    charges of each space the account billed then (closed statements) or bills now (this month).
    Only that account's spaces: another account's figures never appear. Two plain-SQL queries
    (``catalyst_admin.rows``): the statements and the spaces billed now."""
    start = period_start(day)
    periods = [start]
    for _ in range(months):
        periods.append(period_start(periods[-1] - timedelta(days=1)))
    by_period = {period: [] for period in periods}
    for row in rows.fetch(_statements_sql(months), [aws_account_id, *periods[1:]]):
        statement, end = rows.from_row(MonthlyStatement, row, 0)
        by_period[statement.period].append(
            ChargeLine(
                statement.period,
                row[end],
                statement.get_tier_display(),
                statement.billable_users,
                statement.subscription,
                statement.usage,
                closed=True,
            )
        )
    by_period[start] += _charge_lines_billed_now(aws_account_id, start)
    return [
        {
            "period": period,
            "lines": sorted(by_period[period], key=lambda line: line.space_name),
            "total": sum((line.total for line in by_period[period]), Decimal(0)),
        }
        for period in periods
    ]
