"""Every AWS account that existed before the VPC inventory gets its default VPC in each Region
(new accounts get theirs from ``accounts.aws.ec2.services.default_vpcs_ensure`` when created)."""

from django.db import migrations

from accounts.aws.ec2.defaults import default_vpc_build
from accounts.aws.ec2.regions import REGIONS


def add_default_vpcs(apps, schema_editor):
    def get_model(name):
        return apps.get_model("accounts", name)

    for account in get_model("AwsAccount").objects.all():
        for region in REGIONS:
            default_vpc_build(get_model, account, region)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_vpc_inventory")]

    operations = [migrations.RunPython(add_default_vpcs, migrations.RunPython.noop)]
