"""Build the demo world of DESIGN.md, idempotently: running it twice changes nothing."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import AwsAccount, ConsoleAccess, ConsoleUser, IamRole, Organization
from identity.models import User
from identity.services import builder_id_sign_up
from spaces import services as space_services
from spaces.models import Space

ACCOUNTS = [
    ("111122223333", "examplecorp-management"),
    ("444455556666", "examplecorp-build"),
    ("777788889999", "examplecorp-network"),
]
CODECATALYST_TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": ["codecatalyst-runner.amazonaws.com", "codecatalyst.amazonaws.com"]},
            "Action": "sts:AssumeRole",
        }
    ],
}
ROLES = [
    ("444455556666", "codecatalyst-build-role", "Build and deploy from CodeCatalyst workflows",
     {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["cloudformation:*", "s3:*"], "Resource": "*"}]}),
    ("777788889999", "codecatalyst-vpc-role", "Lets CodeCatalyst read the VPC inventory",
     {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ec2:Describe*"], "Resource": "*"}]}),
]


class Command(BaseCommand):
    help = "Load the demo world (ExampleCorp, mateo, mary, ops). Safe to run again."

    @transaction.atomic
    def handle(self, *args, **options):
        password = settings.DEMO_PASSWORD
        self._aws_side(password)
        mary = self._builder_id(password)
        self._mary_sandbox(mary)
        self._staff(password)
        self.stdout.write(self.style.SUCCESS("Demo world ready. Every demo sign-in uses DEMO_PASSWORD."))

    def _aws_side(self, password):
        accounts = {}
        for account_id, name in ACCOUNTS:
            accounts[account_id], _ = AwsAccount.objects.get_or_create(account_id=account_id, defaults={"name": name})
        org, _ = Organization.objects.get_or_create(
            name="ExampleCorp", defaults={"management_account": accounts["111122223333"]}
        )
        AwsAccount.objects.filter(pk__in=[a.pk for a in accounts.values()], organization__isnull=True).update(
            organization=org
        )
        mateo = ConsoleUser.objects.filter(user_name="mateo").first()
        if mateo is None:
            mateo = ConsoleUser(user_name="mateo", display_name="Mateo Jackson")
            mateo.set_password(password)
            mateo.save()
        for account in accounts.values():
            ConsoleAccess.objects.get_or_create(user=mateo, account=account, defaults={"is_administrator": True})
        for account_id, name, description, policy in ROLES:
            IamRole.objects.get_or_create(
                account=accounts[account_id],
                name=name,
                defaults={"description": description, "trust_policy": CODECATALYST_TRUST, "permissions_policy": policy},
            )

    def _builder_id(self, password):
        mary = User.objects.filter(username="mary@example.com").first()
        if mary is None:
            mary = builder_id_sign_up(name="Mary Major", email="mary@example.com", alias="marymajor", password=password)
        return mary

    def _mary_sandbox(self, mary):
        space = Space.all_objects.filter(name="mary-sandbox").first()
        if space is None:
            space = space_services.space_create(
                name="mary-sandbox",
                region="us-west-2",
                description="Mary's sandbox for trying out CodeCatalyst",
                billing_account_id="111122223333",
                created_by=mary,
            )
        if not space.projects.filter(name="hello-world").exists():
            space_services.project_create(
                space=space, name="hello-world", description="A first project", by=mary
            )

    def _staff(self, password):
        if not User.objects.filter(username="ops").exists():
            User.objects.create_superuser("ops", password, name="Operations", email="ops@example.com")
