"""Writes on a space's billing."""

from .models import SpaceBilling, Tier


def billing_account_assign(*, space, aws_account_id: str, tier: str = Tier.FREE) -> SpaceBilling:
    """Make ``aws_account_id`` the billing account of ``space`` (created on the Free tier)."""
    billing, _ = SpaceBilling.objects.update_or_create(
        space=space, defaults={"aws_account_id": aws_account_id, "tier": tier}
    )
    return billing
