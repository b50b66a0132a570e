"""factory-boy factories for every app, shared by all tests."""

import factory
from django.utils import timezone

from accounts.aws.console.models import AwsAccount, ConsoleAccess, ConsoleUser, Organization
from accounts.aws.iam.models import IamRole, IamUser
from accounts.connections.models import AccountConnection
from billing.models import SpaceBilling
from identity.people.models import User
from spaces.models import Invitation, Project, ProjectMembership, Space, SpaceMembership, Team
from spaces.roles import ProjectRole, SpaceRole

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}@example.com")
    email = factory.SelfAttribute("username")
    alias = factory.Sequence(lambda n: f"user{n}")
    name = factory.Sequence(lambda n: f"User {n}")
    kind = User.Kind.BUILDER_ID
    # A Builder ID that has verified its email address; pass email_verified_at=None for one that has not.
    email_verified_at = factory.LazyFunction(timezone.now)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class SpaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Space

    name = factory.Sequence(lambda n: f"space-{n}")
    region = "us-west-2"
    created_by = factory.SubFactory(UserFactory)


class SpaceBillingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpaceBilling

    space = factory.SubFactory(SpaceFactory)
    aws_account_id = "111122223333"


class SpaceMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpaceMembership

    space = factory.SubFactory(SpaceFactory)
    user = factory.SubFactory(UserFactory)
    role = SpaceRole.POWER_USER


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    space = factory.SubFactory(SpaceFactory)
    name = factory.Sequence(lambda n: f"project-{n}")


class ProjectMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectMembership

    project = factory.SubFactory(ProjectFactory)
    user = factory.SubFactory(UserFactory)
    role = ProjectRole.CONTRIBUTOR


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    space = factory.SubFactory(SpaceFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.com")
    space_role = SpaceRole.POWER_USER
    expires_at = factory.LazyFunction(lambda: timezone.now() + timezone.timedelta(hours=24))


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    space = factory.SubFactory(SpaceFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Org{n}")


class AwsAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwsAccount

    account_id = factory.Sequence(lambda n: f"{100000000000 + n:012d}")
    name = factory.Sequence(lambda n: f"account-{n}")


class ConsoleUserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsoleUser
        skip_postgeneration_save = True

    user_name = factory.Sequence(lambda n: f"iamuser{n}")
    display_name = factory.Sequence(lambda n: f"IAM User {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def accounts(obj, create, extracted, **kwargs):
        if not create:
            return
        obj.save()
        for account in extracted or []:
            ConsoleAccess.objects.create(user=obj, account=account)


class IamRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IamRole

    account = factory.SubFactory(AwsAccountFactory)
    name = factory.Sequence(lambda n: f"role-{n}")
    trust_policy = factory.LazyFunction(
        lambda: {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Service": ["codecatalyst-runner.amazonaws.com", "codecatalyst.amazonaws.com"]},
                    "Action": "sts:AssumeRole",
                }
            ],
        }
    )


class IamUserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IamUser

    account = factory.SubFactory(AwsAccountFactory)
    name = factory.Sequence(lambda n: f"user-{n}")
    permissions_policy = factory.LazyFunction(dict)


class AccountConnectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccountConnection

    space = factory.SubFactory(SpaceFactory)
    aws_account_id = factory.Sequence(lambda n: f"{200000000000 + n:012d}")
    display_name = factory.Sequence(lambda n: f"connection-{n}")


def billed_space(aws_account_id: str, **space_fields):
    """A space ``aws_account_id`` really bills: its billing record and a verified connection to it
    (what counts against the account's billing quota)."""
    space = SpaceFactory(**space_fields)
    SpaceBillingFactory(space=space, aws_account_id=aws_account_id)
    AccountConnectionFactory(space=space, aws_account_id=aws_account_id, status=AccountConnection.Status.VERIFIED)
    return space
