"""Build the demo world of DESIGN.md, idempotently: running it twice changes nothing."""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.aws.console.models import AwsAccount, ConsoleAccess, ConsoleUser, Organization
from accounts.aws.ec2 import plans as vpc_plans
from accounts.aws.ec2 import selectors as vpc_selectors
from accounts.aws.ec2 import services as vpc_services
from accounts.aws.ec2.models import Vpc
from accounts.aws.iam.models import IamRole
from accounts.aws.iam.policies import CODECATALYST_TRUST_STATEMENT
from accounts.aws.identity_center import services as directory
from accounts.aws.identity_center.models import IdentityCenterInstance, IdentityStore
from accounts.connections import services as account_services
from accounts.connections.models import AccountConnection
from billing import selectors as billing_selectors
from billing import services as billing_services
from billing.catalogue import catalogue
from billing.models import MonthlyStatement, SpaceBilling, Tier, UsageRecord
from catalyst_admin.actors import SYSTEM
from genai import selectors as genai_selectors
from genai import services as genai_services
from genai.models import AmazonQRequest
from identity.federation import services as federation
from identity.people.models import EmailVerificationCode, User, sso_username
from identity.people.services import builder_id_sign_up
from spaces import services as space_services
from spaces.models import ProjectMembership, Space
from spaces.roles import ProjectRole, SpaceRole
from vpc import services as vpc_connection_services
from vpc.requirements import REQUIRED_ROLE_ACTIONS

ACCOUNTS = [
    ("111122223333", "examplecorp-management"),
    ("444455556666", "examplecorp-build"),
    ("777788889999", "examplecorp-network"),
]
DIRECTORY_USERS = [
    ("mary.major", "Mary Major"),
    ("li.juan", "Li Juan"),
    ("saanvi.sarkar", "Saanvi Sarkar"),
    ("jorge.souza", "Jorge Souza"),
]
# jorge.souza is in no group yet: adding him to Developers and choosing "Sync now" shows the sync at work.
DIRECTORY_GROUPS = [
    ("Developers", "Everyone who builds ExampleCorp software", ["mary.major", "li.juan", "saanvi.sarkar"]),
    ("Space-Admins", "Administrators of the ExampleCorp space", ["mary.major"]),
]
CODECATALYST_TRUST = {"Version": "2012-10-17", "Statement": [CODECATALYST_TRUST_STATEMENT]}
ROLES = [
    (
        "444455556666",
        "codecatalyst-build-role",
        "Build and deploy from CodeCatalyst workflows",
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": ["cloudformation:*", "s3:*"], "Resource": "*"}],
        },
    ),
    (
        "777788889999",
        "codecatalyst-vpc-role",
        "Lets CodeCatalyst read the VPC inventory",
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    # Seed 000: exactly the seven actions a VPC connection's role needs.
                    "Effect": "Allow",
                    "Action": list(REQUIRED_ROLE_ACTIONS),
                    "Resource": "*",
                }
            ],
        },
    ),
]
# What codecatalyst-vpc-role allowed before it had the seed's seven actions: replaced when found.
OLD_VPC_ROLE_POLICY = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": ["ec2:Describe*"], "Resource": "*"}],
}


class Command(BaseCommand):
    help = (
        "Load the demo world (ExampleCorp, mateo, mary, ops), every sign-in with DEMO_PASSWORD. Safe to run again. "
        "Runs only with DEBUG on, with DEMO_WORLD=1, or with --i-know-this-is-not-production."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--i-know-this-is-not-production",
            action="store_true",
            dest="not_production",
            help="Load the demo world although DEBUG is off (same as DEMO_WORLD=1).",
        )

    def handle(self, *args, **options):
        if not (settings.DEBUG or settings.DEMO_WORLD or options["not_production"]):
            raise CommandError(
                "Refusing to load the demo world with DEBUG off: it creates users whose password is the "
                "public DEMO_PASSWORD. Set DEMO_WORLD=1 or pass --i-know-this-is-not-production if this "
                "is not a production database."
            )
        if not settings.DEMO_PASSWORD:
            raise CommandError("DEMO_PASSWORD is empty: set the password every demo sign-in will use.")
        self._seed()

    @transaction.atomic
    def _seed(self):
        password = settings.DEMO_PASSWORD
        self._aws_side(password)
        self._network()
        mary = self._builder_id(password)
        self._mary_sandbox(mary)
        self._connections(mary)
        self._examplecorp(password)
        self._vpc_connections()
        self._staff(password)
        self._billing_history()
        self._genai()
        self.stdout.write(self.style.SUCCESS("Demo world ready. Every demo sign-in uses DEMO_PASSWORD."))

    # Billing (owned by the billing work) -------------------------------------------------------
    def _billing_history(self):
        """Six months of closed statements and usage for examplecorp (about 85 % of its compute
        minutes used this month) and a little usage for mary-sandbox, written once."""
        examplecorp = Space.objects.filter(name="examplecorp").first()
        sandbox = Space.objects.filter(name="mary-sandbox").first()
        if examplecorp is None or UsageRecord.objects.filter(space=examplecorp).exists():
            return
        now = timezone.now()
        users = billing_selectors.billable_users(examplecorp)
        allowance = billing_selectors.tier_of(examplecorp).allowances["build_minutes"].total(users)
        period = billing_selectors.period_start()
        for months_ago in range(6, 0, -1):
            start = period
            for _ in range(months_ago):
                start = billing_selectors.period_start(start - timedelta(days=1))
            used = Decimal(allowance) * Decimal("0.6") + months_ago * 37
            UsageRecord.objects.create(
                space=examplecorp, resource="build_minutes", quantity=used, period=start, recorded_at=now
            )
            tier = billing_selectors.tier_of(examplecorp)
            MonthlyStatement.objects.get_or_create(
                space=examplecorp,
                period=start,
                defaults={
                    "aws_account_id": examplecorp.billing.aws_account_id,
                    "tier": tier.key,
                    "billable_users": max(users - (months_ago // 3), 1),
                    "subscription": tier.monthly_price(max(users - (months_ago // 3), 1)),
                    "usage": Decimal("0.00"),
                },
            )
        billing_services.usage_record(
            space=examplecorp, resource="build_minutes", quantity=Decimal(allowance) * Decimal("0.85"), by=SYSTEM
        )
        billing_services.usage_record(space=examplecorp, resource="dev_environment_hours", quantity=41, by=SYSTEM)
        if sandbox is not None:
            billing_services.usage_record(space=sandbox, resource="build_minutes", quantity=320, by=SYSTEM)

    # Generative AI (owned by the generative AI work) -------------------------------------------
    def _genai(self):
        """examplecorp: generative AI on, li.juan a Contributor of web-app with a few completed
        requests and one in progress, at 93 of his 100 units this period; mary-sandbox: off."""
        examplecorp = Space.objects.filter(name="examplecorp").first()
        if examplecorp is None or AmazonQRequest.objects.filter(space=examplecorp).exists():
            return
        admin = examplecorp.memberships.get(role=SpaceRole.SPACE_ADMINISTRATOR).user
        li = User.objects.get(space_memberships__space=examplecorp, name="Li Juan")
        saanvi = User.objects.get(space_memberships__space=examplecorp, name="Saanvi Sarkar")
        web_app = examplecorp.projects.get(name="web-app")
        pipeline = examplecorp.projects.get(name="data-pipeline")
        ProjectMembership.objects.get_or_create(project=web_app, user=li, defaults={"role": ProjectRole.CONTRIBUTOR})
        ProjectMembership.objects.get_or_create(
            project=pipeline, user=saanvi, defaults={"role": ProjectRole.CONTRIBUTOR}
        )
        if not genai_selectors.genai_enabled(examplecorp):
            genai_services.genai_setting_change(space=examplecorp, enabled=True, by=admin)
        done = [
            (web_app, li, "assign_issues", f"Checkout fails when the cart holds {n} items")
            for n in (11, 12, 13, 14, 15, 16, 17)
        ] + [
            (web_app, li, "recommend_tasks", "Add gift cards to the storefront"),
            (web_app, li, "recommend_tasks", "Move product images to a CDN"),
            (web_app, li, "recommend_tasks", "Dark mode for the account pages"),
            (web_app, li, "write_description", "Fix rounding of prices in euros"),
            (web_app, li, "write_description", "Upgrade the payment SDK"),
            (web_app, admin, "comment_summary", "Upgrade the payment SDK"),
            (pipeline, saanvi, "assign_issues", "Nightly export skips the last partition"),
        ]
        for project, person, feature, subject in done:
            request = genai_services.amazon_q_request_start(
                project=project, feature=feature, subject=subject, by=person
            )
            genai_services.amazon_q_request_complete(request_id=request.pk)
        # li.juan's request in progress is written without a completion task, so it stays
        # "In progress" for the demo until someone turns generative AI off (and sees it stopped).
        now = timezone.now()
        feature = catalogue().genai_features["assign_issues"]
        usage = billing_services.usage_record(
            space=examplecorp, resource="genai_units", quantity=feature.units, by=SYSTEM, project=web_app, user=li
        )
        AmazonQRequest.objects.create(
            space=examplecorp,
            project=web_app,
            feature=feature.key,
            subject="Add a wish list to the storefront",
            requested_by=li,
            units=feature.units,
            usage=usage,
            started_at=now,
            completes_at=now + timedelta(days=1),
        )

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

    def _network(self):
        """examplecorp-network's VPCs in us-west-2 (DESIGN.md, demo world): ``10.0.0.0/16`` built by
        "VPC and more" meeting every requirement of seed 000, ``172.16.0.0/16`` that does not (inside
        172.16.0.0/12, no internet gateway, no NAT gateway), and the default VPC every account has."""
        network = AwsAccount.objects.get(account_id="777788889999")
        mateo = ConsoleUser.objects.get(user_name="mateo")
        role = IamRole.objects.get(account=network, name="codecatalyst-vpc-role")
        if role.permissions_policy == OLD_VPC_ROLE_POLICY:
            role.permissions_policy = ROLES[1][3]
            role.save(update_fields=["permissions_policy"])
        vpc_services.default_vpcs_ensure(account=network)
        region = "us-west-2"
        if not Vpc.objects.filter(account=network, region=region, cidr_block="10.0.0.0/16").exists():
            plan = vpc_plans.vpc_and_more_plan(
                region=region,
                name_prefix="examplecorp",
                cidr_block="10.0.0.0/16",
                zone_count=4,
                public_per_zone=1,
                private_per_zone=1,
                nat_gateways=vpc_plans.NAT_ONE,
            )
            vpc_services.vpc_and_more_create(account=network, region=region, plan=plan, by=mateo)
        if not Vpc.objects.filter(account=network, region=region, cidr_block="172.16.0.0/16").exists():
            legacy = vpc_services.vpc_create(
                account=network, region=region, cidr_block="172.16.0.0/16", name="legacy-vpc", by=mateo
            )
            for zone, block in (("us-west-2a", "172.16.0.0/20"), ("us-west-2b", "172.16.16.0/20")):
                vpc_services.subnet_create(
                    vpc=legacy, availability_zone=zone, cidr_block=block, name=f"legacy-subnet-{zone}", by=mateo
                )

    def _builder_id(self, password):
        mary = User.objects.filter(username="mary@example.com").first()
        if mary is None:
            mary = builder_id_sign_up(name="Mary Major", email="mary@example.com", alias="marymajor", password=password)
            # The demo's Builder ID has verified her email address: she signs in with the demo password.
            mary.email_verified_at = timezone.now()
            mary.save(update_fields=["email_verified_at"])
            EmailVerificationCode.objects.filter(user=mary).delete()
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
            space_services.project_create(space=space, name="hello-world", description="A first project", by=mary)

    # Account connections (owned by the account-connections work) ------------------------------
    def _connections(self, mary):
        """mateo verifies mary-sandbox's billing account 111122223333 through the same services as
        the pages, leaving its paid tiers not authorized. The examplecorp space is left alone."""
        connection = AccountConnection.objects.filter(
            space__name="mary-sandbox", aws_account_id="111122223333", status=AccountConnection.Status.PENDING
        ).first()
        if connection is None:
            return
        token = account_services.connection_token_regenerate(connection=connection, by=mary)
        account_services.connection_verify(
            token=token,
            account=AwsAccount.objects.get(account_id="111122223333"),
            console_user=ConsoleUser.objects.get(user_name="mateo"),
            authorize_paid_tiers=False,
        )

    def _examplecorp(self, password):
        """IAM Identity Center with its people, and the federated space built through the wizard's service."""
        org = Organization.objects.get(name="ExampleCorp")
        management = org.management_account
        instance = IdentityCenterInstance.objects.filter(organization=org).first()
        if instance is None:
            instance = directory.identity_center_enable(organization=org, region="us-west-2", account=management)
            IdentityStore.objects.filter(instance=instance).update(store_id="d-9067c0ffee")
        store = IdentityStore.objects.get(instance=instance)
        people = {}
        for user_name, display_name in DIRECTORY_USERS:
            people[user_name] = store.users.filter(user_name=user_name).first() or directory.directory_user_create(
                store=store,
                user_name=user_name,
                display_name=display_name,
                email=f"{user_name.replace('.', '_')}@examplecorp.com",
                password=password,
                account=SYSTEM,
            )
        groups = {}
        for group_name, description, members in DIRECTORY_GROUPS:
            group = store.groups.filter(display_name=group_name).first()
            if group is None:
                group = directory.directory_group_create(
                    store=store, display_name=group_name, description=description, account=SYSTEM
                )
                for member in members:
                    directory.group_membership_add(group=group, user=people[member], account=SYSTEM)
            groups[group_name] = group
        if Space.all_objects.filter(name="examplecorp").exists():
            return
        space = federation.federated_space_create(
            account=management,
            console_user=ConsoleUser.objects.get(user_name="mateo"),
            store=store,
            display_name="ExampleCorp",
            application_name="examplecorp-codecatalyst",
            region="us-west-2",
            group_ids=[g.group_id for g in groups.values()],
            admin_user_ids=[people["mary.major"].user_id],
            new_space_name="examplecorp",
        )
        SpaceBilling.objects.filter(space=space).update(tier=Tier.STANDARD)
        admin = User.objects.get(username=sso_username(store.store_id, people["mary.major"].user_id))
        for name, description in (("web-app", "The ExampleCorp storefront"), ("data-pipeline", "Nightly analytics")):
            space_services.project_create(space=space, name=name, description=description, by=admin)
        # The build account is connected too, verified by mateo in the AWS console.
        build = AwsAccount.objects.get(account_id="444455556666")
        connection = account_services.connection_request_create(
            space=space,
            aws_account_id=build.account_id,
            display_name=build.name,
            description="Builds and deployments",
            requested_by=admin,
        )
        token = account_services.connection_token_regenerate(connection=connection, by=admin)
        account_services.connection_verify(
            token=token,
            account=build,
            console_user=ConsoleUser.objects.get(user_name="mateo"),
            authorize_paid_tiers=False,
        )

    # VPC connections (owned by the VPC connections work) ----------------------------------------
    def _vpc_connections(self):
        """examplecorp's connection to examplecorp-network (777788889999), verified by mateo, with
        codecatalyst-vpc-role on it, and VPC connection ``examplecorp-network-vpc`` on the compliant
        VPC (10.0.0.0/16: its private subnets, security group ``codecatalyst-workflows``), the
        space's default. Each step is skipped when already there."""
        space = Space.objects.filter(name="examplecorp").first()
        if space is None:
            return
        admin = space.memberships.filter(role=SpaceRole.SPACE_ADMINISTRATOR).order_by("pk").first().user
        mateo = ConsoleUser.objects.get(user_name="mateo")
        network = AwsAccount.objects.get(account_id="777788889999")
        connection = space.account_connections.filter(aws_account_id=network.account_id).first()
        if connection is None:
            connection = account_services.connection_request_create(
                space=space,
                aws_account_id=network.account_id,
                display_name=network.name,
                description="Networking: the VPCs workflows and Dev Environments run in",
                requested_by=admin,
            )
        if not connection.is_verified:
            token = account_services.connection_token_regenerate(connection=connection, by=admin)
            connection = account_services.connection_verify(
                token=token, account=network, console_user=mateo, authorize_paid_tiers=False
            )
        role = IamRole.objects.get(account=network, name="codecatalyst-vpc-role")
        if not connection.roles.filter(role=role).exists():
            account_services.connection_role_add(connection=connection, role_arn=role.arn, by=admin)
        if space.vpc_connections.filter(name="examplecorp-network-vpc").exists():
            return
        region = space.region
        compliant = Vpc.objects.get(account=network, region=region, cidr_block="10.0.0.0/16")
        group = compliant.security_groups.filter(group_name="codecatalyst-workflows").first()
        if group is None:
            group = vpc_services.security_group_create(
                vpc=compliant,
                group_name="codecatalyst-workflows",
                description="CodeCatalyst workflows and Dev Environments: outbound only",
                name="codecatalyst-workflows",
                by=mateo,
            )
        private = [
            subnet.resource_id
            for subnet in compliant.subnets.order_by("availability_zone", "cidr_block")
            if not vpc_selectors.subnet_is_public(subnet)
        ]
        made = vpc_connection_services.vpc_connection_add(
            space=space,
            account_connection=connection,
            role_arn=role.arn,
            vpc_id=compliant.resource_id,
            subnet_ids=private,
            security_group_ids=[group.resource_id],
            name="examplecorp-network-vpc",
            by=admin,
        )
        vpc_connection_services.vpc_connection_default_set(vpc_connection=made, by=admin)

    def _staff(self, password):
        if not User.objects.filter(username="ops").exists():
            User.objects.create_superuser("ops", password, name="Operations", email="ops@example.com")
