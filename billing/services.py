"""Writes and rules on a space's billing: its billing account, its tier (upgrades at once,
downgrades at the next billing period), how many spaces one account may bill, and the usage ledger."""

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from billing import selectors
from billing.catalogue import catalogue
from billing.models import MonthlyStatement, PendingTierChange, SpaceBilling, Tier, UsageRecord
from catalyst_admin import errors
from catalyst_admin.actors import SYSTEM
from catalyst_admin.errors import DomainError, Forbidden
from spaces import permissions
from spaces.activity import activity_record

# How many spaces one AWS account may be the billing account of. An account whose paid tiers
# are authorized ("Authorize paid tiers (Standard, Enterprise)") may bill the larger number.
FREE_TIER_BILLED_SPACES = 3
PAID_TIER_BILLED_SPACES = 15


def billing_account_assign(*, space, aws_account_id: str, tier: str = Tier.FREE) -> SpaceBilling:
    """Make ``aws_account_id`` the billing account of ``space`` (created on the Free tier)."""
    billing, _ = SpaceBilling.objects.update_or_create(
        space=space, defaults={"aws_account_id": aws_account_id, "tier": tier}
    )
    return billing


def billed_space_limit(*, paid_tiers_authorized: bool) -> int:
    return PAID_TIER_BILLED_SPACES if paid_tiers_authorized else FREE_TIER_BILLED_SPACES


def billing_quota_check(*, space, aws_account_id: str, paid_tiers_authorized: bool) -> None:
    """Refuse when ``aws_account_id`` already bills as many other spaces as it may.

    Applies only when the account is ``space``'s billing account: verifying it, or changing which
    tiers it allows, must not take the account past its limit.
    """
    if not selectors.is_billing_account(space=space, aws_account_id=aws_account_id):
        return
    others = selectors.billed_space_count(aws_account_id=aws_account_id, excluding=space)
    limit = billed_space_limit(paid_tiers_authorized=paid_tiers_authorized)
    if others < limit:
        return
    if not paid_tiers_authorized and others < PAID_TIER_BILLED_SPACES:
        raise DomainError(
            f"AWS account {aws_account_id} is already the billing account of {others} other spaces, the most "
            f"an account may bill on the Free tier ({FREE_TIER_BILLED_SPACES}). Choose Authorize paid tiers "
            f"(Standard, Enterprise) to let it bill up to {PAID_TIER_BILLED_SPACES} spaces, "
            "or choose another "
            f"billing account for {space.name} in CodeCatalyst."
        )
    raise DomainError(
        f"AWS account {aws_account_id} is already the billing account of {others} other spaces, the most an "
        f"account may bill ({PAID_TIER_BILLED_SPACES}, with paid tiers authorized). Choose another billing "
        f"account for {space.name} in CodeCatalyst, or remove one of the other spaces from this account."
    )


def paid_tiers_withdrawn(*, space, aws_account_id: str) -> date | None:
    """The billing account of ``space`` stopped allowing paid tiers. A space on a paid tier keeps it
    until the end of the billing period and moves to Free on the first day of the next (a pending
    change both consoles show, which the Space administrator cannot cancel until paid tiers are
    allowed again). Returns that day, or None when the space is not affected."""
    billing = SpaceBilling.objects.select_for_update().filter(space=space).first()
    if billing is None or billing.aws_account_id != aws_account_id or billing.tier == Tier.FREE:
        return None
    effective_on = selectors.next_period_start()
    PendingTierChange.objects.update_or_create(
        space=space, defaults={"tier": Tier.FREE, "effective_on": effective_on, "requested_by": None}
    )
    activity_record(
        space=space,
        event_name="UpdateSubscription",
        description=f"Paid tiers were turned off for billing account {aws_account_id}: the space moves to the "
        f"Free tier on {effective_on:%B %-d, %Y}",
        aws_account_id=aws_account_id,
    )
    return effective_on


# Tiers ------------------------------------------------------------------------------------------


def _paid_tiers_allowed(space) -> tuple[bool, str]:
    """Whether the space's billing account may pay for a paid tier, and if not, why."""
    billing = selectors.billing_of(space)
    connection = selectors.billing_connection_of(space)
    if billing is None or connection is None or not connection.is_verified:
        return False, (
            "Before you can change the billing tier from Free, the space needs a verified billing account. "
            "Add an AWS account to the space (Settings, then AWS accounts), have its administrator verify the "
            "connection token in the AWS Management Console, then choose it as the billing account."
        )
    if not connection.paid_tiers_authorized:
        return False, (
            f"AWS account {billing.aws_account_id} ({connection.display_name}) does not allow paid tiers. In the "
            "AWS Management Console, an administrator of that account opens Amazon CodeCatalyst, Spaces, "
            f"{space.name}, and under Billing details chooses Edit and PAID (STANDARD, ENTERPRISE). This does "
            "not change the billing tier for the space; it lets a Space administrator change it."
        )
    return True, ""


@transaction.atomic
def billing_tier_change(*, space, tier: str, by) -> str:
    """ "Change tier": an upgrade takes effect at once; a downgrade at the first day of the next
    billing period, pending until then and cancellable. Returns "changed" or "pending"."""
    permissions.require(by, "billing.manage", space=space)
    chosen = catalogue().tier(tier)
    if chosen is None:
        raise DomainError("Choose Free, Standard or Enterprise.", field="tier")
    billing = SpaceBilling.objects.select_for_update().filter(space=space).first()
    if billing is None:
        raise DomainError("This space has no billing account yet. Add an AWS account for billing first.")
    current = catalogue().tier(billing.tier)
    pending = PendingTierChange.objects.filter(space=space).first()
    if chosen.key == current.key:
        if pending is None:
            raise DomainError(f"{space.name} is already on the {current.name} tier.", field="tier")
        if chosen.is_paid:
            allowed, why = _paid_tiers_allowed(space)
            if not allowed:
                raise DomainError(why, field="tier")
        pending.delete()
        activity_record(
            space=space, event_name="CancelSubscriptionChange", description="Kept the current tier", user=by
        )
        return "changed"
    if chosen.rank > current.rank:
        if chosen.is_paid:
            allowed, why = _paid_tiers_allowed(space)
            if not allowed:
                raise DomainError(why, field="tier")
        billing.tier = chosen.key
        billing.save(update_fields=["tier"])
        PendingTierChange.objects.filter(space=space).delete()
        activity_record(
            space=space,
            event_name="UpdateSubscription",
            description=f"Changed the billing tier from {current.name} to {chosen.name}",
            user=by,
        )
        return "changed"
    if pending is not None and pending.tier == chosen.key:
        raise DomainError(
            f"{space.name} already moves to the {chosen.name} tier on {pending.effective_on:%B %-d, %Y}.",
            field="tier",
        )
    effective_on = selectors.next_period_start()
    PendingTierChange.objects.update_or_create(
        space=space, defaults={"tier": chosen.key, "effective_on": effective_on, "requested_by": by}
    )
    activity_record(
        space=space,
        event_name="UpdateSubscription",
        description=f"Changed the billing tier from {current.name} to {chosen.name} from {effective_on:%B %-d, %Y}",
        user=by,
    )
    return "pending"


@transaction.atomic
def pending_tier_change_cancel(*, space, by) -> None:
    """Keep the current tier: the pending downgrade is cancelled."""
    permissions.require(by, "billing.manage", space=space)
    if selectors.tier_of(space).is_paid and PendingTierChange.objects.filter(space=space).exists():
        allowed, why = _paid_tiers_allowed(space)
        if not allowed:
            raise DomainError(why)
    deleted, _ = PendingTierChange.objects.filter(space=space).delete()
    if not deleted:
        raise DomainError("There is no pending change of the billing tier to cancel.")
    activity_record(space=space, event_name="CancelSubscriptionChange", description="Kept the current tier", user=by)


def pending_tier_changes_apply(*, today: date | None = None) -> int:
    """Apply the downgrades whose billing period has begun; returns how many. Idempotent: the daily
    task runs it, and so does every page that shows a tier: those pages first ask, in one plain-SQL
    query and outside a transaction, whether any is due (almost never)."""
    today = today or timezone.now().date()
    if not selectors.tier_changes_due(today):
        return 0
    return _pending_tier_changes_apply(today)


@transaction.atomic
def _pending_tier_changes_apply(today: date) -> int:
    due = list(PendingTierChange.objects.select_for_update().filter(effective_on__lte=today).select_related("space"))
    for change in due:
        SpaceBilling.objects.filter(space=change.space).update(tier=change.tier)
        activity_record(
            space=change.space,
            event_name="UpdateSubscription",
            description=f"The billing tier became {change.get_tier_display()} with the new billing period",
        )
        change.delete()
    return len(due)


# The billing account ------------------------------------------------------------------------------


@transaction.atomic
def billing_account_change(*, space, connection_id, by):
    """ "Change billing account": one of this space's verified account connections becomes its
    billing account. The old account keeps its connection (it can then be removed in the AWS
    console). On a paid tier, the new account must allow paid tiers."""
    permissions.require(by, "billing.manage", space=space)
    billing = SpaceBilling.objects.select_for_update().filter(space=space).first()
    connection = space.account_connections.filter(connection_id=connection_id).first() if connection_id else None
    if connection is None:
        raise DomainError("Choose one of the AWS accounts already associated with your space.", field="connection")
    if not connection.is_verified:
        raise DomainError(
            f"{connection.display_name} ({connection.aws_account_id}) is pending verification. Its administrator "
            "must verify the connection token in the AWS Management Console before it can pay for the space.",
            field="connection",
        )
    if billing is not None and billing.aws_account_id == connection.aws_account_id:
        raise DomainError(
            f"{connection.display_name} is already the billing account of {space.name}.", field="connection"
        )
    tier = catalogue().tier(billing.tier if billing else Tier.FREE)
    if tier.is_paid and not connection.paid_tiers_authorized:
        raise DomainError(
            f"{space.name} is on the {tier.name} tier, and AWS account {connection.aws_account_id} does not allow "
            "paid tiers. Authorize paid tiers for it in the AWS Management Console first, or change the tier to Free.",
            field="connection",
        )
    # Lock the accounts' billing rows so two spaces cannot both take an account's last place.
    list(SpaceBilling.objects.select_for_update().filter(aws_account_id=connection.aws_account_id))
    others = selectors.billed_space_count(aws_account_id=connection.aws_account_id, excluding=space)
    limit = billed_space_limit(paid_tiers_authorized=connection.paid_tiers_authorized)
    if others >= limit:
        raise errors.QuotaExceeded(
            f"AWS account {connection.aws_account_id} is already the billing account of {others} other spaces, the "
            f"most it may bill ({limit}{', with paid tiers authorized' if connection.paid_tiers_authorized else ''}). "
            "Choose another account.",
            field="connection",
        )
    previous = billing.aws_account_id if billing else ""
    billing_account_assign(space=space, aws_account_id=connection.aws_account_id, tier=tier.key)
    activity_record(
        space=space,
        event_name="UpdateBillingAccount",
        description=f"Changed the billing account from {previous or 'none'} to {connection.aws_account_id}",
        user=by,
    )
    return connection


# Usage ------------------------------------------------------------------------------------------


class QuotaExceeded(errors.QuotaExceeded):
    """A Free-tier resource is at its maximum for the period (the API's ServiceQuotaExceeded, 402)."""

    code = "ServiceQuotaExceededException"


@transaction.atomic
def usage_record(*, space, resource: str, quantity, by, project=None, user=None, at=None) -> UsageRecord:
    """Record usage of a resource the emulator does not run itself (build compute, Dev Environments,
    storage) or that another room measured (generative AI). On the Free tier a resource at its
    maximum is halted until the next billing period: recording more of it is refused. A resource
    the catalogue limits per person (generative AI) is refused, on every tier, when ``user``'s
    usage this period plus ``quantity`` would pass the tier's per-user allowance; callers that
    count against it lock a row of their own first (genai locks the space's setting)."""
    if by is not SYSTEM and not getattr(by, "is_staff", False):
        raise Forbidden("Only operations staff record usage.")
    if resource not in catalogue().resources:
        raise DomainError(f"Choose one of the resources: {', '.join(catalogue().resources)}.", field="resource")
    try:
        amount = Decimal(str(quantity))
    except (InvalidOperation, ValueError):
        amount = Decimal(-1)
    if not amount.is_finite() or amount <= 0 or amount >= Decimal("1e10"):
        raise DomainError("Enter a quantity greater than zero, such as 12.5.", field="quantity")
    at = at or timezone.now()
    # Lock the space's billing row: two records at once cannot both pass the Free tier's maximum.
    SpaceBilling.objects.select_for_update().filter(space=space).first()
    tier = selectors.tier_of(space)
    if tier.halts_at_maximum:
        line = next(u for u in selectors.usage_this_period(space, day=at.date()) if u.resource.key == resource)
        if line.used >= line.allowance:
            raise QuotaExceeded(
                f"{space.name} has used all of its {line.allowance} {line.resource.unit} of "
                f"{line.resource.label} this billing period. On the Free tier, reaching a maximum halts that "
                "resource for the rest of the space until the next billing period."
            )
    quota = selectors.person_quota(space, resource) if user is not None else None
    if quota is not None:
        used = selectors.person_usage(space, user=user, resource=resource, day=at.date())
        if used + amount > quota:
            line = catalogue().resources[resource]
            resets = selectors.next_period_start(at.date())
            raise QuotaExceeded(
                f"{user.display_name} has used {used.normalize():f} of {quota} {line.unit} of the {line.label} "
                f"quota in {space.name} this billing period, and this needs {amount.normalize():f} more. The "
                f"quota resets on {resets:%B %-d, %Y}."
            )
    return UsageRecord.objects.create(
        space=space,
        resource=resource,
        quantity=amount,
        period=selectors.period_start(at.date()),
        recorded_at=at,
        project=project,
        user=user,
        recorded_by=None if by is SYSTEM else by,
    )


# Closing billing periods ------------------------------------------------------------------------


@transaction.atomic
def billing_periods_close(*, today: date | None = None) -> int:
    """Close the billing period before ``today``'s for every billed space that has no statement for
    it yet: the charges at its tier and billable users, and usage beyond the allowance. Idempotent.
    The daily task runs it before applying pending downgrades, so a closed month keeps the tier it
    was on. Returns how many statements were written."""
    today = today or timezone.now().date()
    closing = selectors.period_start(selectors.period_start(today) - timedelta(days=1))
    written = 0
    billed = SpaceBilling.objects.filter(
        space__deleted_at__isnull=True, space__created_at__date__lt=selectors.period_start(today)
    )
    for billing in billed.select_related("space").exclude(space__statements__period=closing):
        space = billing.space
        tier = catalogue().tier(billing.tier)
        users = selectors.billable_users(space)
        subscription, usage = selectors.charges(tier, users, selectors.usage_this_period(space, day=closing))
        MonthlyStatement.objects.create(
            space=space,
            period=closing,
            aws_account_id=billing.aws_account_id,
            tier=billing.tier,
            billable_users=users,
            subscription=subscription,
            usage=usage,
        )
        written += 1
    return written


def billing_day(*, today: date | None = None) -> dict:
    """What the daily task does: close last period's statements, then apply due downgrades."""
    return {
        "statements": billing_periods_close(today=today),
        "tier_changes": pending_tier_changes_apply(today=today),
    }
