"""Every AWS account has a default VPC in each Region, as AWS gives one: made when the account is."""

from accounts.aws.ec2 import services


def account_created(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        services.default_vpcs_ensure(account=instance)
