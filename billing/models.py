"""The billing account and tier of each space."""

from django.conf import settings
from django.db import models

from accounts.aws.ids import ACCOUNT_ID_VALIDATOR


class Tier(models.TextChoices):
    FREE = "free", "Free"
    STANDARD = "standard", "Standard"
    ENTERPRISE = "enterprise", "Enterprise"


class SpaceBilling(models.Model):
    """Which AWS account pays for a space, and on which tier."""

    space = models.OneToOneField("spaces.Space", on_delete=models.CASCADE, primary_key=True, related_name="billing")
    aws_account_id = models.CharField(max_length=12, validators=[ACCOUNT_ID_VALIDATOR])
    tier = models.CharField(max_length=20, choices=Tier.choices, default=Tier.FREE)

    def __str__(self):
        return f"{self.space} billed to {self.aws_account_id} ({self.get_tier_display()})"


class PendingTierChange(models.Model):
    """A downgrade waiting for the next billing period (upgrades take effect at once). At most one
    per space; it can be cancelled until it takes effect."""

    space = models.OneToOneField("spaces.Space", on_delete=models.CASCADE, related_name="pending_tier_change")
    tier = models.CharField(max_length=20, choices=Tier.choices)
    effective_on = models.DateField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.space} to {self.get_tier_display()} on {self.effective_on}"


class UsageRecord(models.Model):
    """One entry of a space's usage ledger: how much of a resource was used, when, and by whom or
    in which project where that applies. Billing periods are calendar months (UTC)."""

    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="usage")
    resource = models.CharField(max_length=40)
    quantity = models.DecimalField(max_digits=14, decimal_places=3)
    period = models.DateField(help_text="The first day of the billing period.")
    recorded_at = models.DateTimeField()
    project = models.ForeignKey("spaces.Project", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["space", "period", "resource"], name="billing_usage_space_period")]
        constraints = [models.CheckConstraint(condition=models.Q(quantity__gt=0), name="billing_usage_positive")]

    def __str__(self):
        return f"{self.quantity} {self.resource} in {self.space} ({self.period:%Y-%m})"


class MonthlyStatement(models.Model):
    """A closed billing period of a space: who paid, on which tier, for how many users, and the
    charges (the tier's price × billable users, plus usage beyond the allowance on paid tiers).
    The AWS console's Billing dashboard reads these for past months; the current month is live."""

    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="statements")
    period = models.DateField(help_text="The first day of the billing period.")
    aws_account_id = models.CharField(max_length=12, validators=[ACCOUNT_ID_VALIDATOR])
    tier = models.CharField(max_length=20, choices=Tier.choices)
    billable_users = models.PositiveIntegerField()
    subscription = models.DecimalField(max_digits=12, decimal_places=2)
    usage = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["-period", "space_id"]
        constraints = [models.UniqueConstraint(fields=["space", "period"], name="billing_statement_once")]
        indexes = [models.Index(fields=["aws_account_id", "period"], name="billing_statement_account")]

    def __str__(self):
        return f"{self.space} {self.period:%Y-%m}: {self.total}"

    @property
    def total(self):
        return self.subscription + self.usage
