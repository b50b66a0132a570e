"""Reads on billing."""

from billing.models import SpaceBilling


def billing_of(space) -> SpaceBilling | None:
    return SpaceBilling.objects.filter(space=space).first()


def is_billing_account(*, space, aws_account_id: str) -> bool:
    return SpaceBilling.objects.filter(space=space, aws_account_id=aws_account_id).exists()


def billed_space_count(*, aws_account_id: str, excluding=None) -> int:
    """How many live spaces ``aws_account_id`` is the billing account of (``excluding`` one)."""
    billed = SpaceBilling.objects.filter(aws_account_id=aws_account_id, space__deleted_at__isnull=True)
    if excluding is not None:
        billed = billed.exclude(space=excluding)
    return billed.count()
