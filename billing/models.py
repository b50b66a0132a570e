"""The billing account and tier of each space."""

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
