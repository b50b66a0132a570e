from django.apps import AppConfig

from spaces.signals import space_deleting


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "AWS accounts"

    def ready(self):
        # Imported here, not at the top: apps.py loads before the app registry is ready, and the
        # receivers import models.
        from django.db.models.signals import post_save

        from accounts.aws.console.models import AwsAccount
        from accounts.aws.ec2 import receivers as ec2_receivers
        from accounts.connections import receivers

        space_deleting.connect(receivers.space_deleting, dispatch_uid="accounts.connections.space_deleting")
        post_save.connect(
            ec2_receivers.account_created, sender=AwsAccount, dispatch_uid="accounts.aws.ec2.default_vpcs"
        )
