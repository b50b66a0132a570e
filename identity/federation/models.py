"""Identity federation: the Identity Center application that associates CodeCatalyst spaces
with an identity store."""

import uuid

from django.db import models
from django.db.models.functions import Lower

from accounts.aws.console.models import AwsAccount
from accounts.aws.identity_center.models import IdentityStore


class IdentityCenterApplication(models.Model):
    """The association between CodeCatalyst spaces and an identity store (seed 000,
    "Administering Identity Center applications"). Its name is unique across the whole system."""

    name = models.CharField(max_length=255)
    display_name = models.CharField(max_length=255)
    store = models.ForeignKey(
        IdentityStore, on_delete=models.SET_NULL, null=True, blank=True, related_name="applications"
    )
    owner_account = models.ForeignKey(AwsAccount, on_delete=models.PROTECT, related_name="+")
    region = models.CharField(max_length=20)
    application_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["display_name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="identity_application_name_unique")]

    def __str__(self):
        return self.display_name

    @property
    def arn(self) -> str:
        return (
            f"arn:aws:codecatalyst:{self.region}:{self.owner_account.account_id}"
            f":/identity-center-applications/{self.application_id}"
        )
