"""Writes and rules on a space's billing: its billing account, tier and how many spaces one
account may bill."""

from billing import selectors
from billing.models import SpaceBilling, Tier
from catalyst_admin.errors import DomainError

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


def paid_tiers_withdrawal_check(*, space, aws_account_id: str) -> None:
    """Refuse turning paid tiers off for ``space``'s billing account while the space uses one."""
    billing = selectors.billing_of(space)
    if billing is None or billing.aws_account_id != aws_account_id or billing.tier == Tier.FREE:
        return
    raise DomainError(
        f"{space.name} is on the {billing.get_tier_display()} tier, a paid tier. Change its billing tier to "
        "Free in CodeCatalyst (Settings, then Billing) before you turn off paid tiers for its billing "
        "account."
    )
