"""Every URL of Catalyst Admin, and the answer each kind of person gets from it: one table.

A row of ``TABLE`` names a URL (``namespace:name``), builds its arguments from the world, and
gives one answer per person, in the order of the row's people, to a GET and, for a view that takes
one, to a POST. The people:

- CodeCatalyst console (``home``, ``identity:*``, ``spaces:*``, ``admin:index``): anonymous, the
  outsider (a member of another space only), Limited access (member of a project only), Power
  user, Space administrator of ``space`` (acme), and the operator (``staff``);
- AWS Management Console (``aws:*``, ``sso_admin:*``, ``federation:*``): signed out, signed in to
  CodeCatalyst only, and console user mateo signed in with the ExampleCorp management account,
  ``build`` (IAM Identity Center's delegated administrator; the account connected to acme, with
  an IAM role), ``network`` (a plain member account), Globex's management account (another
  organization, with its own IAM Identity Center) and ``loner`` (an account of no organization);
- ops pages (``ops:*``): anonymous, a signed-in user who is not staff, and the operator.

An answer is a status: 200, 404, 405 (a GET of a POST-only view), 403 (the page names the role
or account needed: the row's ``refusal``), a redirect to the sign-in page that comes back to the
URL (``SIGN_IN``, ``AWS_SIGN_IN``), another redirect, or, for a POST, ``DONE``: it did what the
row's ``done`` says. A POST answered anything but ``DONE`` must leave every table as it was, and so
must the row's POST without its CSRF token, sent by the first person it is ``DONE`` for (or, if
nobody, the first whose POST the view takes up only to turn it down).

Each test builds only the part of the world its row needs (see ``tests/url_roles.py``); the first
test fails on any URL name of the project without a row, and on any row whose name is gone.
"""

import json
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils.html import escape
from django_celery_beat.models import PeriodicTask

from accounts.aws.console.middleware import SESSION_ACCOUNT, SESSION_REGION, SESSION_USER
from accounts.aws.console.models import ConsoleAccess
from accounts.aws.ec2.models import InternetGateway, NatGateway, SecurityGroup, Subnet, Vpc, VpcEndpoint
from accounts.aws.iam.models import AccessKey, IamRole, IamUser
from accounts.aws.identity_center import services as directory
from accounts.aws.identity_center.models import (
    AccountAssignment,
    DirectoryGroup,
    DirectoryUser,
    GroupMembership,
    IdentityCenterInstance,
    IdentityStore,
    PermissionSet,
)
from accounts.connections import services as connections
from accounts.connections.models import AccountConnection, ConnectionRole, ConnectionTag, ConnectionToken
from billing.models import SpaceBilling, UsageRecord
from catalyst_admin.actors import SYSTEM
from genai.models import AmazonQRequest, GenaiSetting
from identity.people import services as identity_services
from identity.people.models import NotificationPreference, PersonalAccessToken, User
from identity.sync import schedules
from identity.sync.models import SyncRun
from spaces.models import Invitation, Project, ProjectMembership, Space, SpaceMembership, Team
from spaces.roles import ProjectRole, SpaceRole
from tests.factories import InvitationFactory
from tests.fixtures_aws import BUILD, NETWORK, sign_in_session
from tests.url_roles import Bounced, Done, Person, Post, Redirect, Row, SignIn, World, database_state, page, url_names
from vpc.models import VpcConnection, VpcRequirementsCheck

pytestmark = pytest.mark.django_db

# People -------------------------------------------------------------------------------------------


def _nobody(world, client):
    pass


def _codecatalyst(fixture):
    def enter(world, client):
        client.force_login(getattr(world, fixture))

    return enter


def _console(account_of):
    def enter(world, client):
        account = account_of(world)
        ConsoleAccess.objects.get_or_create(user=world.mateo, account=account)
        sign_in_session(client, world.mateo, account)

    return enter


ANONYMOUS = Person("anonymous", _nobody)
OUTSIDER = Person("outsider", _codecatalyst("outsider"))
LIMITED_ACCESS = Person("limited_access", _codecatalyst("contributor"))
POWER_USER = Person("power_user", _codecatalyst("power"))
SPACE_ADMIN = Person("space_admin", _codecatalyst("admin"))
STAFF = Person("staff", _codecatalyst("staff"))
CODECATALYST = (ANONYMOUS, OUTSIDER, LIMITED_ACCESS, POWER_USER, SPACE_ADMIN, STAFF)
OPERATIONS = (ANONYMOUS, SPACE_ADMIN, STAFF)

AWS_CONSOLE = (
    Person("signed_out", _nobody),
    Person("codecatalyst_user", _codecatalyst("admin")),
    Person("management", _console(lambda w: w.management)),
    Person("build", _console(lambda w: w.build)),
    Person("network", _console(lambda w: w.network)),
    Person("globex", _console(lambda w: w.globex["management"])),
    Person("loner", _console(lambda w: w.loner)),
)

# The CodeCatalyst cast is there for every person of the console, whatever the row's URL names.
CAST = ("project", "other_space", "staff")


def codecatalyst(name, get, *, uses=(), **row) -> Row:
    return Row(name, CODECATALYST, get, uses=CAST + uses, **row)


def aws(name, get, **row) -> Row:
    return Row(name, AWS_CONSOLE, get, **row)


def operations(name, get, *, uses=(), **row) -> Row:
    return Row(name, OPERATIONS, get, uses=CAST + uses, **row)


# Answers ------------------------------------------------------------------------------------------

SIGN_IN = SignIn()
AWS_SIGN_IN = SignIn(aws=True)
OUT = (AWS_SIGN_IN, AWS_SIGN_IN)  # the AWS console's first two people: signed out, CodeCatalyst only
TO_SPACES = Redirect("/spaces/")
DONE = Done()
VPC_MISSING = "does not exist in this account in US West (Oregon)"
VPC_AND_MORE_FORM = {"zone_count": "2", "public_per_zone": "1", "private_per_zone": "1", "nat_gateways": "none"}
SHOWN_ONCE = Done(status=200)  # a secret shown in the answer to the POST itself, never stored
NOT_STAFF = page(403, shows=escape("The operations pages are for operations staff."))


def refused(reason: str):
    """A 403 page that gives this reason (where people of one row are refused for different reasons)."""
    return page(403, shows=escape(reason))


def needs(roles: str, action: str) -> str:
    return f"You need the {roles} role to {action}."


ADMIN = "Space administrator"
ADMIN_OR_POWER = "Space administrator or Power user"
PROJECT_ROLES = "Space administrator, Project administrator, Contributor, Reviewer or Read only"
PROJECT_ADMIN = "Space administrator or Project administrator"
OPEN_THE_PROJECT = needs(PROJECT_ROLES, "open this project")
VIEW_CONNECTIONS = needs(ADMIN_OR_POWER, "view AWS account connections")
MANAGE_CONNECTIONS = needs(ADMIN_OR_POWER, "manage AWS account connections")
MANAGE_VPC = needs(ADMIN_OR_POWER, "manage VPC connections")

IDENTITY_ADMIN = "management account or its delegated administrator account"
READ_ONLY = "You can view IAM Identity Center, but not change it"
ADMINISTERS = page(hides=READ_ONLY)
READS = page(shows=READ_ONLY, hides="Add user</a>")
NO_ORGANIZATION = page(shows="This account is not part of an organization")
SPACE_NOT_CONNECTED = "No space called acme is connected to the AWS account you are signed in with"
TOKEN_FOR_BUILD = page(shows="This token is for AWS account 4444-5555-6666, but you are signed in with")


def reads(globex, loner) -> Post:
    """A POST to a page that only shows things: answered like the GET, it writes nothing."""
    return Post((*OUT, 200, 200, 200, globex, loner))


# The world's extras -------------------------------------------------------------------------------


@pytest.fixture
def olga_invitation(space, admin):
    """An invitation to acme for the outsider's email address, written in capitals."""
    return InvitationFactory(space=space, email="OLGA@example.com", invited_by=admin)


@pytest.fixture
def token(admin):
    """A personal access token of the Space administrator."""
    token, _secret = identity_services.access_token_create(user=admin, name="laptop")
    return token


@pytest.fixture
def admin_secret(admin):
    """The secret of a personal access token of the Space administrator (for My settings → AWS CLI and SDKs)."""
    return identity_services.access_token_create(user=admin, name="toolkit")[1]


@pytest.fixture
def association(verified, build_role, admin):
    """The build account's IAM role, added to acme's connection."""
    return connections.connection_role_add(connection=verified, role_arn=build_role.arn, by=admin)


@pytest.fixture
def restricted(verified, project, admin):
    """acme's connection, restricted to the project web-app."""
    connections.connection_project_access_enable(connection=verified, projects=[project], by=admin)
    verified.refresh_from_db()
    return verified


@pytest.fixture
def examplecorp_run(federated_space):
    """A sync run of the federated space examplecorp: not acme's, so nobody sees it from acme."""
    return SyncRun.objects.create(application=federated_space.identity_application)


@pytest.fixture
def held_run(federated_space):
    return SyncRun.objects.create(application=federated_space.identity_application, status=SyncRun.Status.HELD)


@pytest.fixture
def stuck_run(federated_space):
    """A run left "running" (its worker died), for an operator to mark failed."""
    return SyncRun.objects.create(application=federated_space.identity_application, status=SyncRun.Status.RUNNING)


@pytest.fixture
def paused_schedule(schedule, staff):
    return schedules.sync_schedule_pause(task=schedule, by=staff)


@pytest.fixture
def reviewers(store, people):
    """A second group of ExampleCorp's directory, with li.juan, not yet connected to examplecorp."""
    group = directory.directory_group_create(store=store, display_name="Reviewers", account=SYSTEM)
    directory.group_membership_add(group=group, user=people["li"], account=SYSTEM)
    return group


# URL arguments and what the POSTs do --------------------------------------------------------------


def _space(w):
    return [w.space.name]


def _pending(w):
    return [w.space.name, w.pending.connection_id]


def _verified(w):
    return [w.space.name, w.verified.connection_id]


def _restricted(w):
    return [w.space.name, w.restricted.connection_id]


def _project(w):
    return [w.space.name, w.project.name]


def _vpc_connection(w):
    return [w.space.name, w.vpc_connection.pk]


def _office(w):
    """acme's VPC connection corpnet-vpc (tests/fixtures_vpc.py), as the database has it now."""
    return VpcConnection.objects.filter(pk=w.vpc_connection.pk).first()


def _default_group(w):
    return w.compliant.vpc.security_groups.get(is_default=True).resource_id


def _contributor_in_project(w):
    return ProjectMembership.objects.get(project=w.project, user=w.contributor)


def _space_membership(w, user):
    return SpaceMembership.objects.filter(space=w.space, user=user).first()


def _mary(w):
    return DirectoryUser.objects.filter(pk=w.people["mary"].pk).first()


def _developers(w):
    return DirectoryGroup.objects.filter(pk=w.people["developers"].pk).first()


def _examplecorp(w):
    return Space.all_objects.get(pk=w.federated_space.pk)


def _schedule(w, fixture="schedule"):
    return PeriodicTask.objects.get(pk=getattr(w, fixture).pk)


TRUST_POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "codecatalyst.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ],
    }
)

# The table ----------------------------------------------------------------------------------------
#
# CodeCatalyst console:  anonymous, outsider, limited_access, power_user, space_admin, staff
# AWS console:           signed_out, codecatalyst_user, management, build, network, globex, loner
# ops:                   anonymous, space_admin (not staff), staff

TABLE = [
    # Home and sign-in -----------------------------------------------------------------------------
    codecatalyst("home", (Redirect("/signin/"), *[TO_SPACES] * 4, Redirect("/ops/"))),
    codecatalyst("identity:signin", (200, *[TO_SPACES] * 4, Redirect("/ops/"))),
    codecatalyst("identity:signup", (200, *[TO_SPACES] * 5)),
    # Verify your email: only for the Builder ID that just signed up or tried to sign in unverified
    # (kept in the session; none of the table's people is one, see tests/identity/test_email_verification.py);
    # anybody else is sent to sign in, or to their spaces.
    codecatalyst("identity:verify_email", (Redirect("/signin/"), *[TO_SPACES] * 5)),
    # Forgot password: for people who are signed out; the reset page needs the address typed on
    # the first (kept in the session; see tests/identity/test_password_reset.py).
    codecatalyst("identity:password_forgot", (200, *[TO_SPACES] * 5)),
    codecatalyst("identity:password_reset", (Redirect("/signin/forgot-password/"), *[TO_SPACES] * 5)),
    codecatalyst(
        "identity:signout",
        (Redirect("/signin/"), *(200,) * 5),
        post=Post((Redirect("/signin/"), *[DONE] * 5), done=lambda w: "_auth_user_id" not in w.browser.session),
    ),
    codecatalyst("identity:sso_company", (200,) * 6),
    codecatalyst(
        "identity:sso_portal",
        (200,) * 6,
        args=lambda w: [w.federated_space.identity_application.application_id],
    ),
    # My settings ----------------------------------------------------------------------------------
    codecatalyst(
        "identity:settings",
        (SIGN_IN, *[200] * 5),
        post=Post(
            (SIGN_IN, *[DONE] * 5),
            data={"name": "Renamed Person", "nickname": ""},
            done=lambda w: User.objects.filter(name="Renamed Person").exists(),
        ),
    ),
    codecatalyst(
        "identity:aws_profile",
        (SIGN_IN, *[405] * 5),
        # Only the token's owner gets the files; for anyone else it is not one of their tokens (400).
        post=Post(
            (SIGN_IN, 400, 400, 400, page(shows="sso_session = codecatalyst"), 400),
            data=lambda w: {"token": w.admin_secret, "profile": "codecatalyst"},
        ),
        uses=("admin_secret",),
    ),
    codecatalyst(
        "identity:token_create",
        (SIGN_IN, *[200] * 5),
        post=Post(
            (SIGN_IN, *[Done(200, banner=False)] * 5),
            data={"name": "ci", "expires_on": (date.today() + timedelta(days=30)).isoformat()},
            done=lambda w: PersonalAccessToken.objects.filter(name="ci").exists(),
        ),
    ),
    codecatalyst(
        "identity:token_delete",
        (SIGN_IN, *[405] * 5),
        args=lambda w: [w.token.pk],
        post=Post(
            (SIGN_IN, 404, 404, 404, DONE, 404),
            done=lambda w: not PersonalAccessToken.objects.filter(pk=w.token.pk).exists(),
        ),
        missing="That personal access token does not exist.",
    ),
    codecatalyst(
        "identity:notifications",
        (SIGN_IN, *[405] * 5),
        post=Post(
            (SIGN_IN, *[DONE] * 5),
            data={"invitation_slack": "on"},
            done=lambda w: NotificationPreference.objects.filter(event="invitation", slack=True).exists(),
        ),
    ),
    # Spaces ---------------------------------------------------------------------------------------
    codecatalyst("spaces:list", (SIGN_IN, *[200] * 5)),
    codecatalyst(
        "spaces:create",
        (SIGN_IN, *[200] * 5),
        post=Post(
            (SIGN_IN, *[DONE] * 5),
            data={"name": "new-space", "region": "us-west-2", "description": "", "billing_account_id": BUILD},
            done=lambda w: Space.objects.filter(name="new-space").exists(),
        ),
    ),
    codecatalyst("spaces:invitation", (SIGN_IN, 200, 404, 404, 404, 404), args=lambda w: [w.olga_invitation.pk]),
    codecatalyst(
        "spaces:invitation_accept",
        (405,) * 6,
        args=lambda w: [w.olga_invitation.pk],
        post=Post(
            (SIGN_IN, DONE, 404, 404, 404, 404),
            done=lambda w: Invitation.objects.get(pk=w.olga_invitation.pk).status == Invitation.Status.ACCEPTED,
        ),
    ),
    codecatalyst(
        "spaces:invitation_decline",
        (405,) * 6,
        args=lambda w: [w.olga_invitation.pk],
        post=Post(
            (SIGN_IN, DONE, 404, 404, 404, 404),
            done=lambda w: Invitation.objects.get(pk=w.olga_invitation.pk).status == Invitation.Status.DECLINED,
        ),
    ),
    codecatalyst("spaces:overview", (SIGN_IN, 404, 200, 200, 200, 404), args=_space),
    codecatalyst(
        "spaces:settings",
        (SIGN_IN, 404, 200, 200, 200, 404),
        args=_space,
        post=Post(
            (SIGN_IN, 404, 403, 403, DONE, 404),
            data={"description": "Changed"},
            done=lambda w: Space.objects.get(pk=w.space.pk).description == "Changed",
        ),
        refusal=needs(ADMIN, "change the space's settings"),
    ),
    codecatalyst(
        "spaces:delete",
        (SIGN_IN, 404, 403, 403, 200, 404),
        args=_space,
        post=Post(
            (SIGN_IN, 404, 403, 403, DONE, 404),
            data={"confirm_name": "acme"},
            done=lambda w: not Space.objects.filter(pk=w.space.pk).exists(),
        ),
        refusal=needs(ADMIN, "delete the space"),
    ),
    # Projects -------------------------------------------------------------------------------------
    codecatalyst("spaces:projects", (SIGN_IN, 404, 200, 200, 200, 404), args=_space),
    codecatalyst(
        "spaces:project_create",
        (SIGN_IN, 404, 403, 200, 200, 404),
        args=_space,
        post=Post(
            (SIGN_IN, 404, 403, DONE, DONE, 404),
            data={"name": "api", "description": ""},
            done=lambda w: w.space.projects.filter(name="api").exists(),
        ),
        refusal=needs(ADMIN_OR_POWER, "create projects"),
    ),
    codecatalyst(
        "spaces:project",
        (SIGN_IN, 404, 200, 403, 200, 404),
        args=_project,
        post=Post(
            (SIGN_IN, 404, 403, refused(OPEN_THE_PROJECT), DONE, 404),
            data={"email": "new@example.com", "role": ProjectRole.CONTRIBUTOR},
            done=lambda w: w.project.invitations.filter(email="new@example.com").exists(),
            refusal=needs(PROJECT_ADMIN, "manage this project's members"),
        ),
        refusal=OPEN_THE_PROJECT,
    ),
    codecatalyst(
        "spaces:project_delete",
        (SIGN_IN, 404, 403, refused(OPEN_THE_PROJECT), 200, 404),
        args=_project,
        post=Post(
            (SIGN_IN, 404, 403, refused(OPEN_THE_PROJECT), DONE, 404),
            data={"confirm_name": "web-app"},
            done=lambda w: not Project.objects.filter(pk=w.project.pk).exists(),
        ),
        refusal=needs(PROJECT_ADMIN, "delete this project"),
    ),
    codecatalyst(
        "spaces:project_member_role",
        (405,) * 6,
        args=lambda w: [*_project(w), _contributor_in_project(w).pk],
        post=Post(
            (SIGN_IN, 404, 403, refused(OPEN_THE_PROJECT), DONE, 404),
            data={"role": ProjectRole.REVIEWER},
            done=lambda w: _contributor_in_project(w).role == ProjectRole.REVIEWER,
        ),
        refusal=needs(PROJECT_ADMIN, "manage this project's members"),
    ),
    codecatalyst(
        "spaces:project_member_remove",
        (405,) * 6,
        args=lambda w: [*_project(w), _contributor_in_project(w).pk],
        post=Post(
            (SIGN_IN, 404, 403, refused(OPEN_THE_PROJECT), DONE, 404),
            done=lambda w: not ProjectMembership.objects.filter(project=w.project, user=w.contributor).exists(),
        ),
        refusal=needs(PROJECT_ADMIN, "manage this project's members"),
    ),
    # Members and invitations ----------------------------------------------------------------------
    codecatalyst(
        "spaces:members",
        (SIGN_IN, 404, 200, 200, 200, 404),
        args=_space,
        post=Post(
            (SIGN_IN, 404, 403, DONE, DONE, 404),
            data={"email": "new@example.com", "role": SpaceRole.POWER_USER},
            done=lambda w: w.space.invitations.filter(email="new@example.com").exists(),
        ),
        refusal=needs(ADMIN_OR_POWER, "invite, change or remove members"),
    ),
    codecatalyst(
        "spaces:member_role",
        (405,) * 6,
        args=lambda w: [w.space.name, _space_membership(w, w.contributor).pk],
        post=Post(
            (SIGN_IN, 404, 403, DONE, DONE, 404),
            data={"role": SpaceRole.POWER_USER},
            done=lambda w: _space_membership(w, w.contributor).role == SpaceRole.POWER_USER,
        ),
        refusal=needs(ADMIN_OR_POWER, "invite, change or remove members"),
    ),
    codecatalyst(
        "spaces:member_remove",
        (405,) * 6,
        args=lambda w: [w.space.name, _space_membership(w, w.dave).pk],
        post=Post((SIGN_IN, 404, 403, DONE, DONE, 404), done=lambda w: _space_membership(w, w.dave) is None),
        refusal=needs(ADMIN_OR_POWER, "invite, change or remove members"),
    ),
    codecatalyst(
        "spaces:invitation_cancel",
        (405,) * 6,
        args=lambda w: [w.space.name, w.space_invitation.pk],
        post=Post(
            (SIGN_IN, 404, 403, DONE, DONE, 404),
            done=lambda w: Invitation.objects.get(pk=w.space_invitation.pk).status == Invitation.Status.CANCELLED,
        ),
        refusal=needs(ADMIN_OR_POWER, "invite, change or remove members"),
    ),
    # Teams ----------------------------------------------------------------------------------------
    codecatalyst(
        "spaces:teams",
        (SIGN_IN, 404, 200, 200, 200, 404),
        args=_space,
        post=Post(
            (SIGN_IN, 404, 403, 403, DONE, 404),
            data={"name": "Frontend", "description": ""},
            done=lambda w: w.space.teams.filter(name="Frontend").exists(),
        ),
        refusal=needs(ADMIN, "manage teams"),
    ),
    codecatalyst(
        "spaces:team_import",
        (405,) * 6,
        args=_space,
        post=Post(
            (SIGN_IN, 404, 403, 403, Bounced("Choose one of the SSO groups connected to this space."), 404),
            data={"group": "not-a-group"},
        ),
        refusal=needs(ADMIN, "manage teams"),
    ),
    codecatalyst(
        "spaces:team",
        (SIGN_IN, 404, 200, 200, 200, 404),
        args=lambda w: [w.space.name, w.team.pk],
        post=Post(
            (SIGN_IN, 404, 403, 403, DONE, 404),
            data={"action": "rename", "rename-name": "Platform", "rename-description": ""},
            done=lambda w: Team.objects.get(pk=w.team.pk).name == "Platform",
        ),
        refusal=needs(ADMIN, "manage teams"),
    ),
    codecatalyst(
        "spaces:team_delete",
        (405,) * 6,
        args=lambda w: [w.space.name, w.team.pk],
        post=Post((SIGN_IN, 404, 403, 403, DONE, 404), done=lambda w: not Team.objects.filter(pk=w.team.pk).exists()),
        refusal=needs(ADMIN, "manage teams"),
    ),
    codecatalyst(
        "spaces:team_member_remove",
        (405,) * 6,
        args=lambda w: [w.space.name, w.team.pk, w.power.pk],
        post=Post(
            (SIGN_IN, 404, 403, 403, DONE, 404),
            done=lambda w: not w.team.members.filter(pk=w.power.pk).exists(),
        ),
        refusal=needs(ADMIN, "manage teams"),
    ),
    codecatalyst(
        "spaces:activity",
        (SIGN_IN, 404, 403, 200, 200, 404),
        args=_space,
        refusal=needs(ADMIN_OR_POWER, "view the space's activity"),
    ),
    # SSO (acme is a Builder ID space: there is nothing to sync, and no run of it to see) ----------
    codecatalyst(
        "spaces:sso",
        (SIGN_IN, 404, 403, 403, 200, 404),
        args=_space,
        refusal=needs(ADMIN, "manage SSO"),
    ),
    codecatalyst(
        "spaces:sso_sync",
        (405,) * 6,
        args=_space,
        post=Post(
            (SIGN_IN, 404, 403, 403, Bounced("This space is not connected to an Identity Center application"), 404)
        ),
        refusal=needs(ADMIN, "manage SSO"),
    ),
    codecatalyst(
        "spaces:sso_run",
        (SIGN_IN, 404, 403, 403, 404, 404),
        args=lambda w: [w.space.name, w.examplecorp_run.pk],
        refusal=needs(ADMIN, "manage SSO"),
    ),
    # A run's changes in the space: acme has no Identity Center application, so every run is
    # another application's (a 404); tests/ops/test_run_detail.py opens a federated space's run.
    codecatalyst(
        "spaces:sso_run_detail",
        (SIGN_IN, 404, 403, 403, 404, 404),
        args=lambda w: [w.space.name, w.examplecorp_run.pk],
        refusal=needs(ADMIN, "manage SSO"),
    ),
    # Billing --------------------------------------------------------------------------------------
    codecatalyst(
        "spaces:billing", (SIGN_IN, 404, 403, 403, 200, 404), args=_space, refusal=needs(ADMIN, "manage billing")
    ),
    codecatalyst(
        "spaces:billing_tiers",
        (SIGN_IN, 404, 403, 403, 200, 404),
        args=_space,
        post=Post(
            (SIGN_IN, 404, 403, 403, Bounced("is already on the Free tier"), 404),
            data={"tier": "free"},
        ),
        refusal=needs(ADMIN, "manage billing"),
    ),
    codecatalyst(
        "spaces:billing_tier_cancel",
        (405,) * 6,
        args=_space,
        post=Post((SIGN_IN, 404, 403, 403, Bounced("no pending change"), 404)),
        refusal=needs(ADMIN, "manage billing"),
    ),
    codecatalyst(
        "spaces:billing_account",
        (SIGN_IN, 404, 403, 403, 200, 404),
        args=_space,
        uses=("verified",),
        post=Post(
            (SIGN_IN, 404, 403, 403, DONE, 404),
            data=lambda w: {"connection": str(w.verified.connection_id)},
            done=lambda w: SpaceBilling.objects.get(space=w.space).aws_account_id == w.verified.aws_account_id,
        ),
        refusal=needs(ADMIN, "manage billing"),
    ),
    # Generative AI --------------------------------------------------------------------------------
    codecatalyst(
        "spaces:genai",
        (SIGN_IN, 404, 403, 403, 200, 404),
        args=_space,
        post=Post(
            (SIGN_IN, 404, 403, 403, DONE, 404),
            data={"enabled": "on"},
            done=lambda w: GenaiSetting.objects.filter(space=w.space, enabled=True).exists(),
        ),
        refusal=needs(ADMIN, "manage generative AI features"),
    ),
    codecatalyst(
        "spaces:amazon_q",
        (SIGN_IN, 404, 200, 403, 200, 404),
        args=_project,
        uses=("genai_on",),
        post=Post(
            (SIGN_IN, 404, DONE, 403, DONE, 404),
            data={"feature": "assign_issues", "subject": "Checkout fails"},
            done=lambda w: AmazonQRequest.objects.filter(project=w.project, subject="Checkout fails").exists(),
        ),
        refusal=OPEN_THE_PROJECT,
    ),
    codecatalyst(
        "spaces:amazon_q_request",
        (SIGN_IN, 404, 200, 403, 200, 404),
        args=lambda w: [w.space.name, w.project.name, w.amazon_q_started.pk],
        refusal=OPEN_THE_PROJECT,
    ),
    codecatalyst(
        "spaces:amazon_q_run_again",
        (405,) * 6,
        args=lambda w: [w.space.name, w.project.name, w.amazon_q_started.pk],
        post=Post((SIGN_IN, 404, Bounced("still in progress"), 403, Bounced("still in progress"), 404)),
        refusal=OPEN_THE_PROJECT,
    ),
    # AWS accounts of a space ----------------------------------------------------------------------
    codecatalyst(
        "spaces:aws_accounts",
        (SIGN_IN, 404, 403, 200, 200, 404),
        args=_space,
        uses=("verified",),
        refusal=VIEW_CONNECTIONS,
    ),
    codecatalyst(
        "spaces:aws_account_add",
        (SIGN_IN, 404, 403, 200, 200, 404),
        args=_space,
        uses=("verified",),
        # The answer is the details page with the new token, shown only in that answer.
        post=Post(
            (SIGN_IN, 404, 403, SHOWN_ONCE, SHOWN_ONCE, 404),
            data={"aws_account_id": NETWORK, "display_name": "examplecorp-network", "description": ""},
            done=lambda w: AccountConnection.objects.filter(space=w.space, aws_account_id=NETWORK).exists(),
        ),
        refusal=MANAGE_CONNECTIONS,
    ),
    codecatalyst(
        "spaces:aws_account",
        (SIGN_IN, 404, 403, 200, 200, 404),
        args=_verified,
        refusal=VIEW_CONNECTIONS,
    ),
    codecatalyst(
        "spaces:aws_account_token",
        (405,) * 6,
        args=_pending,
        post=Post(
            (SIGN_IN, 404, 403, SHOWN_ONCE, SHOWN_ONCE, 404),
            done=lambda w: ConnectionToken.objects.filter(connection=w.pending).count() == 2,
        ),
        refusal=VIEW_CONNECTIONS,
    ),
    codecatalyst(
        "spaces:aws_account_role_add",
        (SIGN_IN, 404, 403, 200, 200, 404),
        args=_verified,
        post=Post(
            (SIGN_IN, 404, 403, DONE, DONE, 404),
            data=lambda w: {"role_arn": w.build_role.arn},
            done=lambda w: ConnectionRole.objects.filter(connection=w.verified, role=w.build_role).exists(),
        ),
        refusal=VIEW_CONNECTIONS,
    ),
    codecatalyst(
        "spaces:aws_account_role_remove",
        (405,) * 6,
        args=lambda w: [*_verified(w), w.association.pk],
        post=Post(
            (SIGN_IN, 404, 403, DONE, DONE, 404),
            done=lambda w: not ConnectionRole.objects.filter(pk=w.association.pk).exists(),
        ),
        refusal=VIEW_CONNECTIONS,
    ),
    codecatalyst(
        "spaces:aws_account_restrict",
        (SIGN_IN, 404, 403, 200, 200, 404),
        args=_verified,
        post=Post(
            (SIGN_IN, 404, 403, page(shows="No projects to choose"), DONE, 404),
            data=lambda w: {"projects": [w.project.pk]},
            done=lambda w: AccountConnection.objects.get(pk=w.verified.pk).project_restricted,
        ),
        refusal=VIEW_CONNECTIONS,
    ),
    codecatalyst(
        "spaces:aws_account_unrestrict",
        (405,) * 6,
        args=_restricted,
        post=Post(
            (SIGN_IN, 404, 403, DONE, DONE, 404),
            done=lambda w: not AccountConnection.objects.get(pk=w.restricted.pk).project_restricted,
        ),
        refusal=VIEW_CONNECTIONS,
    ),
    codecatalyst(
        "spaces:aws_account_project_disable",
        (405,) * 6,
        args=lambda w: [*_restricted(w), w.project.pk],
        post=Post(
            (
                SIGN_IN,
                404,
                403,
                refused("With the Power user role you can configure access only for projects where you are a member"),
                DONE,
                404,
            ),
            done=lambda w: not w.restricted.project_access.filter(project=w.project).exists(),
        ),
        refusal=VIEW_CONNECTIONS,
    ),
    # VPC connections of a space --------------------------------------------------------------------
    codecatalyst("spaces:vpc_connections", (SIGN_IN, 404, 403, 200, 200, 404), args=_space, refusal=MANAGE_VPC),
    codecatalyst("spaces:vpc_connection_add", (SIGN_IN, 404, 403, 200, 200, 404), args=_space, refusal=MANAGE_VPC),
    codecatalyst("spaces:vpc_connection", (SIGN_IN, 404, 403, 200, 200, 404), args=_vpc_connection, refusal=MANAGE_VPC),
    codecatalyst(
        "spaces:vpc_connection_check",
        (405,) * 6,
        args=_vpc_connection,
        post=Post(
            (SIGN_IN, 404, 403, DONE, DONE, 404),
            done=lambda w: VpcRequirementsCheck.objects.filter(vpc_connection=w.vpc_connection).count() == 2,
        ),
        refusal=MANAGE_VPC,
    ),
    codecatalyst(
        "spaces:vpc_connection_default",
        (SIGN_IN, 404, 403, 200, 200, 404),
        args=_vpc_connection,
        post=Post(
            (SIGN_IN, 404, 403, DONE, DONE, 404),
            data={"action": "set"},
            done=lambda w: _office(w).is_default,
        ),
        refusal=MANAGE_VPC,
    ),
    codecatalyst(
        "spaces:vpc_connection_edit",
        (SIGN_IN, 404, 403, 200, 200, 404),
        args=_vpc_connection,
        post=Post(
            (SIGN_IN, 404, 403, DONE, DONE, 404),
            data=lambda w: {
                "role_arn": w.vpc_connection.role_arn,
                "subnet_ids": w.vpc_connection.subnet_ids,
                "security_group_ids": [_default_group(w)],
                "action": "update",
            },
            done=lambda w: _office(w).security_group_ids == [_default_group(w)],
        ),
        refusal=MANAGE_VPC,
    ),
    codecatalyst(
        "spaces:vpc_connection_remove",
        (SIGN_IN, 404, 403, 200, 200, 404),
        args=_vpc_connection,
        post=Post(
            (SIGN_IN, 404, 403, DONE, DONE, 404),
            data={"typed_name": "corpnet-vpc"},
            done=lambda w: _office(w) is None,
        ),
        refusal=MANAGE_VPC,
    ),
    # Django admin: its generated URL names are left out of the table but for this one -------------
    codecatalyst("admin:index", (*[Redirect("/admin/login/?next=/admin/")] * 5, 200)),
    # AWS console: sign-in, account menu, Console Home ---------------------------------------------
    aws("aws:home", (*OUT, 200, 200, 200, 200, 200)),
    aws("aws:signin", (200,) * 7),
    # Billing dashboard: each account sees the spaces it bills (acme is billed to the management account).
    aws(
        "aws:billing_dashboard",
        (*OUT, page(shows="acme"), page(hides="acme"), page(hides="acme"), page(hides="acme"), page(hides="acme")),
        uses=("space",),
    ),
    aws(
        "aws:billing_dashboard_csv",
        (*OUT, page(shows="acme"), page(hides="acme"), page(hides="acme"), page(hides="acme"), page(hides="acme")),
        uses=("space",),
    ),
    aws(
        "aws:signout",
        (*[Redirect("/aws/signin/")] * 2, *(200,) * 5),
        post=Post(
            (*[Redirect("/aws/signin/")] * 2, *[DONE] * 5),
            done=lambda w: SESSION_USER not in w.browser.session,
        ),
    ),
    aws(
        "aws:switch",
        (405,) * 7,
        post=Post(
            (*OUT, *[DONE] * 5),
            data={"account_id": NETWORK},
            done=lambda w: w.browser.session.get(SESSION_ACCOUNT) == w.network.pk,
        ),
    ),
    # IAM roles: each account sees its own ---------------------------------------------------------
    aws(
        "aws:iam_roles",
        (
            *OUT,
            page(hides="codecatalyst-build-role"),
            page(shows="codecatalyst-build-role"),
            *[page(hides="codecatalyst-build-role")] * 3,
        ),
        uses=("build_role",),
        query="?q=build",
    ),
    aws(
        "aws:iam_role_create",
        (*OUT, 200, 200, 200, 200, 200),
        post=Post(
            (*OUT, *[DONE] * 5),
            data={"name": "deploy-role", "description": "", "trust_policy": TRUST_POLICY, "permissions_policy": ""},
            done=lambda w: IamRole.objects.filter(name="deploy-role").exists(),
        ),
    ),
    aws(
        "aws:iam_role",
        (*OUT, 404, 200, 404, 404, 404),
        args=lambda w: [w.build_role.name],
        missing="The role codecatalyst-build-role does not exist in this account.",
    ),
    # IAM users and their access keys ------------------------------------------------------------
    aws(
        "aws:iam_users",
        (*OUT, page(hides="deployer"), page(shows="deployer"), *[page(hides="deployer")] * 3),
        uses=("iam_user",),
    ),
    aws(
        "aws:iam_user_create",
        (*OUT, 200, 200, 200, 200, 200),
        post=Post(
            (*OUT, *[DONE] * 5),
            data={"name": "ci-user", "permissions_policy": ""},
            done=lambda w: IamUser.objects.filter(name="ci-user").exists(),
        ),
    ),
    aws(
        "aws:iam_user",
        (*OUT, 404, 200, 404, 404, 404),
        args=lambda w: [w.iam_user.name],
        missing="The user deployer does not exist in this account.",
    ),
    aws(
        "aws:iam_access_key_create",
        (*OUT, 404, 200, 404, 404, 404),
        args=lambda w: [w.iam_user.name],
        post=Post(
            (*OUT, 404, SHOWN_ONCE, 404, 404, 404),
            data={"acknowledged": "on"},
            done=lambda w: AccessKey.objects.filter(user=w.iam_user).exists(),
        ),
        missing="The user deployer does not exist in this account.",
    ),
    aws(
        "aws:iam_access_key_status",
        (405,) * 7,
        args=lambda w: [w.iam_user.name, w.access_key.access_key_id],
        post=Post(
            (*OUT, 404, DONE, 404, 404, 404),
            data={"status": "Inactive"},
            done=lambda w: AccessKey.objects.get(pk=w.access_key.pk).status == "Inactive",
        ),
        missing="The user deployer does not exist in this account.",
    ),
    aws(
        "aws:iam_access_key_delete",
        (*OUT, 404, 200, 404, 404, 404),
        args=lambda w: [w.iam_user.name, w.inactive_key.access_key_id],
        post=Post(
            (*OUT, 404, DONE, 404, 404, 404),
            data=lambda w: {"confirmation": w.inactive_key.access_key_id},
            done=lambda w: not AccessKey.objects.filter(pk=w.inactive_key.pk).exists(),
        ),
        missing="The user deployer does not exist in this account.",
    ),
    # The EC2-compatible API answers unsigned requests with AuthFailure, whoever's browser sends them.
    aws("aws_api_ec2:endpoint", (401,) * 7),
    # Amazon CodeCatalyst: the spaces connected to the account -------------------------------------
    aws(
        "aws:codecatalyst_spaces",
        (*OUT, page(hides="acme"), page(shows="acme"), *[page(hides="acme")] * 3),
        uses=("verified",),
    ),
    aws(
        "aws:codecatalyst_verify",
        (*OUT, 200, 200, 200, 200, 200),
        post=Post(
            (*OUT, TOKEN_FOR_BUILD, DONE, TOKEN_FOR_BUILD, TOKEN_FOR_BUILD, TOKEN_FOR_BUILD),
            data=lambda w: {"token": w.pending.new_token},
            done=lambda w: AccountConnection.objects.get(pk=w.pending.pk).is_verified,
        ),
    ),
    aws(
        "aws:codecatalyst_space",
        (*OUT, 404, 200, 404, 404, 404),
        args=lambda w: [w.verified.space.name],
        missing=SPACE_NOT_CONNECTED,
    ),
    aws(
        "aws:codecatalyst_space_tags",
        (*OUT, 404, 200, 404, 404, 404),
        args=lambda w: [w.verified.space.name],
        post=Post(
            (*OUT, 404, DONE, 404, 404, 404),
            data={"key": ["team"], "value": ["build"]},
            done=lambda w: ConnectionTag.objects.filter(key="team", value="build").exists(),
        ),
        missing=SPACE_NOT_CONNECTED,
    ),
    aws(
        "aws:codecatalyst_space_billing",
        (*OUT, 404, 200, 404, 404, 404),
        args=lambda w: [w.verified.space.name],
        post=Post(
            (*OUT, 404, DONE, 404, 404, 404),
            data={"paid": "on"},
            done=lambda w: AccountConnection.objects.get(pk=w.verified.pk).paid_tiers_authorized,
        ),
        missing=SPACE_NOT_CONNECTED,
    ),
    aws(
        "aws:codecatalyst_space_remove",
        (*OUT, 404, 200, 404, 404, 404),
        args=lambda w: [w.verified.space.name],
        post=Post(
            (*OUT, 404, DONE, 404, 404, 404),
            data={"confirm_name": "acme"},
            done=lambda w: not AccountConnection.objects.filter(pk=w.verified.pk).exists(),
        ),
        missing=SPACE_NOT_CONNECTED,
    ),
    aws(
        "aws:codecatalyst_space_decline",
        (*OUT, 404, 200, 404, 404, 404),
        args=lambda w: [w.pending.space.name],
        post=Post(
            (*OUT, 404, DONE, 404, 404, 404),
            done=lambda w: not AccountConnection.objects.filter(pk=w.pending.pk).exists(),
        ),
        missing=SPACE_NOT_CONNECTED,
    ),
    # Amazon VPC: each account sees its own resources in the Region chosen (us-west-2) -------------
    aws(
        "aws:region",
        (405,) * 7,
        post=Post(
            (*OUT, *[DONE] * 5),
            data={"console_region": "eu-west-1", "next": "/aws/vpc/"},
            done=lambda w: w.browser.session.get(SESSION_REGION) == "eu-west-1",
        ),
    ),
    *[
        aws(
            name,
            (*OUT, page(hides=shown), page(hides=shown), page(shows=shown), *[page(hides=shown)] * 2),
            uses=("rowsnet",),
        )
        for name, shown in [
            ("aws:vpcs", "rowsnet-vpc"),
            ("aws:subnets", "rowsnet-subnet-private1-us-west-2a"),
            ("aws:route_tables", "rowsnet-rtb-public"),
            ("aws:internet_gateways", "rowsnet-spare-igw"),
            ("aws:nat_gateways", "rowsnet-nat-public1-us-west-2a"),
            ("aws:security_groups", "rowsnet-sg"),
            ("aws:network_acls", "rowsnet-vpc"),
            ("aws:endpoints", "rowsnet-git"),
        ]
    ],
    *[
        aws(name, (*OUT, 404, 404, 200, 404, 404), args=args, uses=("rowsnet",), missing=VPC_MISSING)
        for name, args in [
            ("aws:vpc", lambda w: [w.rowsnet.vpc.resource_id]),
            ("aws:route_table", lambda w: [w.rowsnet.made.public_route_table.resource_id]),
            ("aws:security_group", lambda w: [w.rowsnet.group.resource_id]),
            ("aws:network_acl", lambda w: [w.rowsnet.acl.resource_id]),
            ("aws:endpoint", lambda w: [w.rowsnet.endpoint.resource_id]),
        ]
    ],
    aws(
        "aws:vpc_create",
        (*OUT, 200, 200, 200, 200, 200),
        post=Post(
            (*OUT, *[DONE] * 5),
            data={
                **VPC_AND_MORE_FORM,
                "mode": "vpc_only",
                "name": "rows-made",
                "cidr_block": "10.40.0.0/16",
                "create": "1",
            },
            done=lambda w: Vpc.objects.filter(name="rows-made", cidr_block="10.40.0.0/16").exists(),
        ),
    ),
    aws(
        "aws:vpc_settings",
        (*OUT, 404, 404, 200, 404, 404),
        args=lambda w: [w.rowsnet.bare.resource_id],
        uses=("rowsnet",),
        missing=VPC_MISSING,
        post=Post(
            (*OUT, 404, 404, DONE, 404, 404),
            data={"enable_dns_support": "on", "enable_dns_hostnames": "on"},
            done=lambda w: Vpc.objects.get(pk=w.rowsnet.bare.pk).enable_dns_hostnames,
        ),
    ),
    aws(
        "aws:vpc_delete",
        (*OUT, 404, 404, 200, 404, 404),
        args=lambda w: [w.rowsnet.bare.resource_id],
        uses=("rowsnet",),
        missing=VPC_MISSING,
        post=Post(
            (*OUT, 404, 404, page(shows="has dependencies and cannot be deleted"), 404, 404),
            data={"confirm": "delete"},
        ),
    ),
    aws(
        "aws:subnet_create",
        (*OUT, 200, 200, 200, 200, 200),
        uses=("rowsnet",),
        post=Post(
            (*OUT, 200, 200, DONE, 200, 200),
            data=lambda w: {
                "vpc": w.rowsnet.bare.resource_id,
                "availability_zone": "us-west-2b",
                "cidr_block": "10.30.1.0/24",
                "name": "rows-subnet",
            },
            done=lambda w: Subnet.objects.filter(name="rows-subnet", vpc=w.rowsnet.bare).exists(),
        ),
    ),
    aws(
        "aws:subnet_settings",
        (*OUT, 404, 404, 200, 404, 404),
        args=lambda w: [w.rowsnet.bare_subnet.resource_id],
        uses=("rowsnet",),
        missing=VPC_MISSING,
        post=Post(
            (*OUT, 404, 404, DONE, 404, 404),
            data={"map_public_ip_on_launch": "on"},
            done=lambda w: Subnet.objects.get(pk=w.rowsnet.bare_subnet.pk).map_public_ip_on_launch,
        ),
    ),
    aws(
        "aws:subnet_delete",
        (405,) * 7,
        args=lambda w: [w.rowsnet.bare_subnet.resource_id],
        uses=("rowsnet",),
        missing=VPC_MISSING,
        post=Post(
            (*OUT, 404, 404, DONE, 404, 404),
            done=lambda w: not Subnet.objects.filter(pk=w.rowsnet.bare_subnet.pk).exists(),
        ),
    ),
    aws(
        "aws:route_table_routes",
        (*OUT, 404, 404, 200, 404, 404),
        args=lambda w: [w.rowsnet.made.private_route_tables[0].resource_id],
        uses=("rowsnet",),
        missing=VPC_MISSING,
        post=Post(
            (*OUT, 404, 404, DONE, 404, 404),
            data=lambda w: {"destination": ["0.0.0.0/0"], "target": [w.rowsnet.made.internet_gateway.resource_id]},
            done=lambda w: w.rowsnet.made.private_route_tables[0].routes.filter(target_type="igw").exists(),
        ),
    ),
    aws(
        "aws:route_table_subnets",
        (*OUT, 404, 404, 200, 404, 404),
        args=lambda w: [w.rowsnet.made.public_route_table.resource_id],
        uses=("rowsnet",),
        missing=VPC_MISSING,
        post=Post(
            (*OUT, 404, 404, DONE, 404, 404),
            data=lambda w: {"subnets": [w.rowsnet.made.public_subnets[0].resource_id]},
            done=lambda w: w.rowsnet.made.public_route_table.associations.count() == 1,
        ),
    ),
    aws(
        "aws:internet_gateway_create",
        (*OUT, 200, 200, 200, 200, 200),
        post=Post(
            (*OUT, *[DONE] * 5),
            data={"name": "rows-igw"},
            done=lambda w: InternetGateway.objects.filter(name="rows-igw").exists(),
        ),
    ),
    aws(
        "aws:internet_gateway_attach",
        (*OUT, 404, 404, 200, 404, 404),
        args=lambda w: [w.rowsnet.spare_igw.resource_id],
        uses=("rowsnet",),
        missing=VPC_MISSING,
        post=Post(
            (*OUT, 404, 404, DONE, 404, 404),
            data=lambda w: {"vpc": w.rowsnet.bare.resource_id},
            done=lambda w: InternetGateway.objects.get(pk=w.rowsnet.spare_igw.pk).vpc_id == w.rowsnet.bare.pk,
        ),
    ),
    aws(
        "aws:internet_gateway_detach",
        (405,) * 7,
        args=lambda w: [w.rowsnet.made.internet_gateway.resource_id],
        uses=("rowsnet",),
        missing=VPC_MISSING,
        post=Post((*OUT, 404, 404, Bounced("has public NAT gateways"), 404, 404)),
    ),
    aws(
        "aws:nat_gateway_create",
        (*OUT, 200, 200, 200, 200, 200),
        uses=("rowsnet",),
        post=Post(
            (*OUT, 200, 200, DONE, 200, 200),
            data=lambda w: {
                "name": "rows-nat",
                "subnet": w.rowsnet.made.public_subnets[1].resource_id,
                "connectivity_type": "public",
            },
            done=lambda w: NatGateway.objects.filter(name="rows-nat").exists(),
        ),
    ),
    aws(
        "aws:security_group_create",
        (*OUT, 200, 200, 200, 200, 200),
        uses=("rowsnet",),
        post=Post(
            (*OUT, 200, 200, DONE, 200, 200),
            data=lambda w: {"group_name": "rows-web", "description": "Web", "vpc": w.rowsnet.vpc.resource_id},
            done=lambda w: SecurityGroup.objects.filter(group_name="rows-web").exists(),
        ),
    ),
    aws(
        "aws:security_group_inbound",
        (*OUT, 404, 404, 200, 404, 404),
        args=lambda w: [w.rowsnet.group.resource_id],
        uses=("rowsnet",),
        missing=VPC_MISSING,
        post=Post(
            (*OUT, 404, 404, DONE, 404, 404),
            data={"protocol": ["tcp"], "ports": ["443"], "peer": ["10.0.0.0/16"], "description": ["HTTPS"]},
            done=lambda w: w.rowsnet.group.rules.filter(is_egress=False, to_port=443).exists(),
        ),
    ),
    aws(
        "aws:security_group_outbound",
        (*OUT, 404, 404, 200, 404, 404),
        args=lambda w: [w.rowsnet.group.resource_id],
        uses=("rowsnet",),
        missing=VPC_MISSING,
        post=Post(
            (*OUT, 404, 404, DONE, 404, 404),
            data={"protocol": ["-1"], "ports": [""], "peer": ["10.0.0.0/8"], "description": [""]},
            done=lambda w: w.rowsnet.group.rules.filter(is_egress=True, cidr_ipv4="10.0.0.0/8").exists(),
        ),
    ),
    aws(
        "aws:network_acl_inbound",
        (*OUT, 404, 404, 200, 404, 404),
        args=lambda w: [w.rowsnet.acl.resource_id],
        uses=("rowsnet",),
        missing=VPC_MISSING,
        post=Post(
            (*OUT, 404, 404, DONE, 404, 404),
            data={
                "rule_number": ["90"],
                "protocol": ["tcp"],
                "ports": ["22"],
                "cidr": ["0.0.0.0/0"],
                "action": ["deny"],
            },
            done=lambda w: w.rowsnet.acl.entries.filter(is_egress=False, rule_number=90, rule_action="deny").exists(),
        ),
    ),
    aws(
        "aws:network_acl_outbound",
        (*OUT, 404, 404, 200, 404, 404),
        args=lambda w: [w.rowsnet.acl.resource_id],
        uses=("rowsnet",),
        missing=VPC_MISSING,
        post=Post(
            (*OUT, 404, 404, DONE, 404, 404),
            data={
                "rule_number": ["100", "200"],
                "protocol": ["-1", "-1"],
                "ports": ["", ""],
                "cidr": ["10.0.0.0/8", "0.0.0.0/0"],
                "action": ["allow", "deny"],
            },
            done=lambda w: w.rowsnet.acl.entries.filter(is_egress=True, rule_number=200, rule_action="deny").exists(),
        ),
    ),
    aws(
        "aws:endpoint_create",
        (*OUT, 200, 200, 200, 200, 200),
        uses=("rowsnet",),
        post=Post(
            (*OUT, 200, 200, DONE, 200, 200),
            data=lambda w: {
                "name": "rows-endpoint",
                "service_name": "aws.api.global.codecatalyst",
                "vpc": w.rowsnet.vpc.resource_id,
                "subnets": [w.rowsnet.made.private_subnets[1].resource_id],
                "ip_address_type": "ipv4",
                "create": "1",
            },
            done=lambda w: VpcEndpoint.objects.filter(name="rows-endpoint").exists(),
        ),
    ),
    aws(
        "aws:endpoint_private_dns",
        (*OUT, 404, 404, 200, 404, 404),
        args=lambda w: [w.rowsnet.endpoint.resource_id],
        uses=("rowsnet",),
        missing=VPC_MISSING,
        post=Post(
            (*OUT, 404, 404, DONE, 404, 404),
            data={"enabled": "on"},
            done=lambda w: VpcEndpoint.objects.get(pk=w.rowsnet.endpoint.pk).private_dns_enabled,
        ),
    ),
    aws(
        "aws:endpoint_delete",
        (405,) * 7,
        args=lambda w: [w.rowsnet.endpoint.resource_id],
        uses=("rowsnet",),
        missing=VPC_MISSING,
        post=Post(
            (*OUT, 404, 404, DONE, 404, 404),
            done=lambda w: not VpcEndpoint.objects.filter(pk=w.rowsnet.endpoint.pk).exists(),
        ),
    ),
    # IAM Identity Center --------------------------------------------------------------------------
    aws(
        "sso_admin:dashboard",
        (
            *OUT,
            ADMINISTERS,
            ADMINISTERS,
            READS,
            ADMINISTERS,
            page(shows="is not a member of an organization in AWS Organizations", hides='name="region"'),
        ),
        post=reads(200, 200),
        uses=("assignment",),
    ),
    aws(
        "sso_admin:enable",
        (*OUT, 405, 405, 405, 405, 405),
        post=Post(
            (
                *OUT,
                Bounced("IAM Identity Center is already enabled"),
                *[Bounced("Enable IAM Identity Center from the organization's management account.")] * 2,
                Bounced("IAM Identity Center is already enabled"),
                page(shows="not part of an organization"),
            ),
            data={"region": "us-west-2"},
        ),
        uses=("assignment",),
    ),
    aws(
        "sso_admin:users",
        (
            *OUT,
            ADMINISTERS,
            ADMINISTERS,
            page(shows=(READ_ONLY, "mary.major"), hides=("Add user</a>", "/users/create/")),
            page(shows="hank.scorpio", hides="mary.major"),
            NO_ORGANIZATION,
        ),
        post=reads(200, 200),
        uses=("assignment",),
    ),
    aws(
        "sso_admin:user_create",
        (*OUT, ADMINISTERS, ADMINISTERS, 403, ADMINISTERS, NO_ORGANIZATION),
        post=Post(
            (*OUT, DONE, DONE, 403, DONE, NO_ORGANIZATION),
            data={"user_name": "new.user", "display_name": "New User", "email": "new.user@example.com"},
            done=lambda w: DirectoryUser.objects.filter(user_name="new.user").exists(),
        ),
        uses=("assignment",),
        refusal=IDENTITY_ADMIN,
    ),
    aws(
        "sso_admin:user",
        (*OUT, ADMINISTERS, ADMINISTERS, READS, 404, 404),
        args=lambda w: [w.people["mary"].user_id],
        post=reads(404, 404),
        uses=("assignment",),
    ),
    aws(
        "sso_admin:user_edit",
        (*OUT, ADMINISTERS, ADMINISTERS, 403, 404, 404),
        args=lambda w: [w.people["mary"].user_id],
        post=Post(
            (*OUT, DONE, DONE, 403, 404, 404),
            data={"display_name": "Mary Changed", "email": "mary.changed@example.com"},
            done=lambda w: _mary(w).display_name == "Mary Changed",
        ),
        uses=("assignment",),
        refusal=IDENTITY_ADMIN,
    ),
    aws(
        "sso_admin:user_status",
        (*OUT, 405, 405, 403, 405, 404),
        args=lambda w: [w.people["mary"].user_id],
        post=Post(
            (*OUT, DONE, DONE, 403, 404, 404),
            data={"enabled": "false"},
            done=lambda w: not _mary(w).enabled,
        ),
        uses=("assignment",),
        refusal=IDENTITY_ADMIN,
    ),
    aws(
        "sso_admin:user_delete",
        (*OUT, ADMINISTERS, ADMINISTERS, 403, 404, 404),
        args=lambda w: [w.people["mary"].user_id],
        post=Post((*OUT, DONE, DONE, 403, 404, 404), done=lambda w: _mary(w) is None),
        uses=("assignment",),
        refusal=IDENTITY_ADMIN,
    ),
    aws(
        "sso_admin:groups",
        (*OUT, ADMINISTERS, ADMINISTERS, READS, page(shows="Globex-Admins", hides="Developers"), NO_ORGANIZATION),
        post=reads(200, 200),
        uses=("assignment",),
    ),
    aws(
        "sso_admin:group_create",
        (*OUT, ADMINISTERS, ADMINISTERS, 403, ADMINISTERS, NO_ORGANIZATION),
        post=Post(
            (*OUT, DONE, DONE, 403, DONE, NO_ORGANIZATION),
            data={"display_name": "New group"},
            done=lambda w: DirectoryGroup.objects.filter(display_name="New group").exists(),
        ),
        uses=("assignment",),
        refusal=IDENTITY_ADMIN,
    ),
    aws(
        "sso_admin:group",
        (*OUT, ADMINISTERS, ADMINISTERS, READS, 404, 404),
        args=lambda w: [w.people["developers"].group_id],
        post=reads(404, 404),
        uses=("assignment",),
    ),
    aws(
        "sso_admin:group_edit",
        (*OUT, ADMINISTERS, ADMINISTERS, 403, 404, 404),
        args=lambda w: [w.people["developers"].group_id],
        post=Post(
            (*OUT, DONE, DONE, 403, 404, 404),
            data={"display_name": "Renamed"},
            done=lambda w: _developers(w).display_name == "Renamed",
        ),
        uses=("assignment",),
        refusal=IDENTITY_ADMIN,
    ),
    aws(
        "sso_admin:group_delete",
        (*OUT, ADMINISTERS, ADMINISTERS, 403, 404, 404),
        args=lambda w: [w.people["developers"].group_id],
        post=Post((*OUT, DONE, DONE, 403, 404, 404), done=lambda w: _developers(w) is None),
        uses=("assignment",),
        refusal=IDENTITY_ADMIN,
    ),
    aws(
        "sso_admin:group_add_users",
        (*OUT, ADMINISTERS, ADMINISTERS, 403, 404, 404),
        args=lambda w: [w.people["developers"].group_id],
        post=Post(
            (*OUT, DONE, DONE, 403, 404, 404),
            data=lambda w: {"users": [w.people["li"].user_id]},
            done=lambda w: GroupMembership.objects.filter(group=w.people["developers"], user=w.people["li"]).exists(),
        ),
        uses=("assignment",),
        refusal=IDENTITY_ADMIN,
    ),
    aws(
        "sso_admin:group_remove_member",
        (*OUT, 405, 405, 403, 405, 404),
        args=lambda w: [w.people["developers"].group_id, w.people["mary"].user_id],
        post=Post(
            (*OUT, DONE, DONE, 403, 404, 404),
            done=lambda w: (
                not GroupMembership.objects.filter(group=w.people["developers"], user=w.people["mary"]).exists()
            ),
        ),
        uses=("assignment",),
        refusal=IDENTITY_ADMIN,
    ),
    aws(
        "sso_admin:settings",
        (*OUT, ADMINISTERS, ADMINISTERS, READS, ADMINISTERS, NO_ORGANIZATION),
        post=reads(200, 200),
        uses=("assignment",),
    ),
    aws(
        "sso_admin:identity_source",
        (*OUT, ADMINISTERS, ADMINISTERS, 403, ADMINISTERS, NO_ORGANIZATION),
        post=Post(
            (*OUT, DONE, DONE, 403, DONE, NO_ORGANIZATION),
            data={"identity_source": "active_directory"},
            done=lambda w: IdentityCenterInstance.objects.filter(identity_source="active_directory").exists(),
        ),
        uses=("assignment",),
        refusal=IDENTITY_ADMIN,
    ),
    aws(
        "sso_admin:delegated_register",
        (*OUT, 405, 405, 403, 405, NO_ORGANIZATION),
        post=Post(
            (
                *OUT,
                page(shows="examplecorp-build (444455556666) is already the delegated administrator."),
                page(shows="Only the management account can register a delegated administrator."),
                403,
                page(shows="Select a valid choice"),
                NO_ORGANIZATION,
            ),
            data={"account": NETWORK},
        ),
        uses=("assignment",),
        refusal=IDENTITY_ADMIN,
    ),
    aws(
        "sso_admin:delegated_deregister",
        (*OUT, 405, 405, 403, 405, NO_ORGANIZATION),
        post=Post(
            (
                *OUT,
                DONE,
                Bounced("Only the management account can deregister the delegated administrator."),
                403,
                Bounced("No delegated administrator is registered."),
                NO_ORGANIZATION,
            ),
            done=lambda w: IdentityCenterInstance.objects.get(pk=w.instance.pk).delegated_administrator is None,
        ),
        uses=("assignment",),
        refusal=IDENTITY_ADMIN,
    ),
    aws(
        "sso_admin:store_delete",
        (*OUT, ADMINISTERS, ADMINISTERS, 403, ADMINISTERS, NO_ORGANIZATION),
        post=Post(
            (
                *OUT,
                DONE,
                page(shows="Only the management account can delete the identity store."),
                403,
                page(shows="To confirm deletion"),
                NO_ORGANIZATION,
            ),
            data=lambda w: {"confirmation": w.store.store_id},
            done=lambda w: not IdentityStore.objects.filter(pk=w.store.pk).exists(),
        ),
        uses=("assignment",),
        refusal=IDENTITY_ADMIN,
    ),
    aws(
        "sso_admin:permission_sets",
        (
            *OUT,
            ADMINISTERS,
            ADMINISTERS,
            READS,
            page(shows="GlobexAdmin", hides="CodeWhisperer_administrator"),
            NO_ORGANIZATION,
        ),
        post=reads(200, 200),
        uses=("assignment",),
    ),
    aws(
        "sso_admin:permission_set_create",
        (*OUT, ADMINISTERS, ADMINISTERS, 403, ADMINISTERS, NO_ORGANIZATION),
        post=Post(
            (*OUT, DONE, DONE, 403, DONE, NO_ORGANIZATION),
            data={"name": "ReadOnly", "session_duration_hours": 8, "permission_set_type": "custom"},
            done=lambda w: PermissionSet.objects.filter(name="ReadOnly").exists(),
        ),
        uses=("assignment",),
        refusal=IDENTITY_ADMIN,
    ),
    aws(
        "sso_admin:permission_set",
        (*OUT, ADMINISTERS, ADMINISTERS, READS, 404, 404),
        args=lambda w: [w.permission_set.permission_set_id],
        post=reads(404, 404),
        uses=("assignment",),
    ),
    aws(
        "sso_admin:permission_set_delete",
        (*OUT, ADMINISTERS, ADMINISTERS, 403, 404, 404),
        args=lambda w: [w.permission_set.permission_set_id],
        post=Post(
            (*OUT, DONE, DONE, 403, 404, 404),
            done=lambda w: not PermissionSet.objects.filter(pk=w.permission_set.pk).exists(),
        ),
        uses=("assignment",),
        refusal=IDENTITY_ADMIN,
    ),
    aws(
        "sso_admin:accounts",
        (
            *OUT,
            ADMINISTERS,
            ADMINISTERS,
            READS,
            page(shows="/accounts/555566667777/", hides=f"/accounts/{NETWORK}/"),
            NO_ORGANIZATION,
        ),
        post=reads(200, 200),
        uses=("assignment",),
    ),
    aws(
        "sso_admin:account",
        (*OUT, ADMINISTERS, ADMINISTERS, READS, 404, 404),
        args=lambda w: [w.network.account_id],
        post=reads(404, 404),
        uses=("assignment",),
    ),
    aws(
        "sso_admin:account_assign",
        (*OUT, ADMINISTERS, ADMINISTERS, 403, 404, 404),
        args=lambda w: [w.network.account_id],
        post=Post(
            (*OUT, DONE, DONE, 403, 404, 404),
            data=lambda w: {
                "step": "review",
                "users": [w.people["li"].user_id],
                "permission_sets": [w.permission_set.permission_set_id],
            },
            done=lambda w: AccountAssignment.objects.filter(account=w.network, user=w.people["li"]).exists(),
        ),
        uses=("assignment",),
        refusal=IDENTITY_ADMIN,
    ),
    aws(
        "sso_admin:account_assignment_remove",
        (*OUT, 405, 405, 403, 405, 404),
        args=lambda w: [w.network.account_id, w.assignment.pk],
        post=Post(
            (*OUT, DONE, DONE, 403, 404, 404),
            done=lambda w: not AccountAssignment.objects.filter(pk=w.assignment.pk).exists(),
        ),
        refusal=IDENTITY_ADMIN,
    ),
    # Amazon CodeCatalyst › IAM Identity Center: the federated space examplecorp -------------------
    aws(
        "federation:home",
        (
            *OUT,
            page(shows="examplecorp-codecatalyst"),
            *[page(hides="examplecorp-codecatalyst")] * 4,
        ),
        uses=("federated_space",),
    ),
    # The wizard is the IAM Identity Center administrator's: a member account is refused (issue 9).
    aws("federation:connect", (*OUT, 200, 200, 403, 200, 200), uses=("federated_space",), refusal=IDENTITY_ADMIN),
    aws(
        "federation:connect_space",
        (*OUT, 200, 404, 404, 404, 404),
        args=lambda w: [w.federated_space.identity_application.application_id],
    ),
    aws(
        "federation:space_edit",
        (*OUT, 200, 404, 404, 404, 404),
        args=lambda w: [w.federated_space.name],
        post=Post(
            (*OUT, DONE, 404, 404, 404, 404),
            data=lambda w: {
                "groups": [w.people["developers"].group_id, w.reviewers.group_id],
                "administrators": [w.people["mary"].user_id, w.people["li"].user_id],
            },
            done=lambda w: w.federated_space.connected_groups.filter(display_name="Reviewers").exists(),
        ),
    ),
    aws(
        "federation:space_disassociate",
        (*OUT, 200, 404, 404, 404, 404),
        args=lambda w: [w.federated_space.name],
        post=Post(
            (*OUT, DONE, 404, 404, 404, 404),
            data={"confirmation": "disassociate"},
            done=lambda w: _examplecorp(w).identity_application_id is None,
        ),
    ),
    aws(
        "federation:space_delete",
        (*OUT, 200, 404, 404, 404, 404),
        args=lambda w: [w.federated_space.name],
        post=Post(
            (*OUT, DONE, 404, 404, 404, 404),
            data={"confirm_name": "examplecorp", "application": "delete"},
            done=lambda w: _examplecorp(w).deleted_at is not None,
        ),
    ),
    # Operations: staff only. A signed-in person who is not staff gets the 403 page saying so (the
    # sign-in page would send them straight back: it was a redirect loop).
    operations("ops:home", (SIGN_IN, NOT_STAFF, 200), uses=("schedule",)),
    operations(
        "ops:schedule_edit",
        (SIGN_IN, NOT_STAFF, 200),
        args=lambda w: [w.schedule.pk],
        post=Post(
            (SIGN_IN, NOT_STAFF, DONE),
            data={"kind": "interval", "every_minutes": 60, "timezone": "UTC"},
            done=lambda w: _schedule(w).interval.every == 60,
        ),
    ),
    operations(
        "ops:schedule_pause",
        (405, 405, 405),
        args=lambda w: [w.schedule.pk],
        post=Post((SIGN_IN, NOT_STAFF, DONE), done=lambda w: not _schedule(w).enabled),
    ),
    operations(
        "ops:schedule_resume",
        (405, 405, 405),
        args=lambda w: [w.paused_schedule.pk],
        post=Post((SIGN_IN, NOT_STAFF, DONE), done=lambda w: _schedule(w, "paused_schedule").enabled),
    ),
    operations(
        "ops:run_now",
        (405, 405, 405),
        args=lambda w: [w.schedule.pk],
        post=Post(
            (SIGN_IN, NOT_STAFF, DONE),
            done=lambda w: SyncRun.objects.filter(trigger=SyncRun.Trigger.OPERATOR).exists(),
        ),
    ),
    operations(
        "ops:runs",
        (SIGN_IN, NOT_STAFF, 200),
        args=lambda w: [w.federated_space.identity_application_id],
    ),
    operations(
        "ops:run_detail",
        (SIGN_IN, NOT_STAFF, page(shows="Would remove")),
        args=lambda w: [w.held_run.pk],
    ),
    operations(
        "billing:record_usage",
        (SIGN_IN, NOT_STAFF, 200),
        post=Post(
            (SIGN_IN, NOT_STAFF, DONE),
            data={"space": "acme", "resource": "build_minutes", "quantity": "30"},
            done=lambda w: UsageRecord.objects.filter(space=w.space, resource="build_minutes").exists(),
        ),
    ),
    operations(
        "ops:approve",
        (405, 405, 405),
        args=lambda w: [w.held_run.pk],
        post=Post(
            (SIGN_IN, NOT_STAFF, DONE),
            done=lambda w: SyncRun.objects.get(pk=w.held_run.pk).status == SyncRun.Status.APPROVED,
        ),
    ),
    operations(
        "ops:mark_failed",
        (405, 405, 405),
        args=lambda w: [w.stuck_run.pk],
        post=Post(
            (SIGN_IN, NOT_STAFF, DONE),
            done=lambda w: SyncRun.objects.get(pk=w.stuck_run.pk).status == SyncRun.Status.FAILED,
        ),
    ),
]

# The AWS-compatible codecatalyst API takes a personal access token, never a console session: every
# browser, signed in or not, is refused before anything is read (tests/aws_api drives it with boto3).
NO_BEARER_TOKEN = page(403, shows="this API takes no console session")
TABLE.append(
    codecatalyst(
        "aws_api_codecatalyst:endpoint",
        (NO_BEARER_TOKEN,) * 6,
        args=lambda w: ["session"],
    )
)

ROWS = {row.name: row for row in TABLE}


# The tests ----------------------------------------------------------------------------------------


def test_the_table_has_a_row_for_every_url_name_and_no_other():
    names = set(url_names())
    # Django admin's generated names (admin:login, admin:identity_user_changelist, ...) are
    # Django's, not the project's: only admin:index has a row, to show who gets in.
    # The REST API's routes (api:*) answer JSON, not pages: their table is tests/api/test_api_roles.py,
    # which fails in the same way on a route without a row.
    project_names = {name for name in names if not name.startswith(("admin:", "api:"))}
    assert len(ROWS) == len(TABLE), "one row per URL name"
    assert sorted(project_names - ROWS.keys()) == [], "URL names without a row"
    assert sorted(ROWS.keys() - names) == [], "rows for URL names that no longer exist"


def _url(row: Row, world: World) -> str:
    return reverse(row.name, args=row.args(world)) + row.query


CASES = [pytest.param(row, person, id=f"{row.name}-{person.id}") for row in TABLE for person in row.people]


@pytest.mark.parametrize(("row", "person"), CASES)
def test_each_person_gets_the_answer_in_the_table(request, row, person):
    world = World(request, row.uses)
    url = _url(row, world)
    browser = person.browser(world)

    row.answer_to_get(person).check(browser.get(url), row.context(url))

    if row.post is not None:
        answer = row.answer_to_post(person)
        data = row.post.form(world)
        before = database_state()
        answer.check(browser.post(url, data), row.context(url, post=True))
        if isinstance(answer, Done):
            assert row.post.done(world)
        else:
            assert database_state() == before, "a POST that was not done wrote to the database"


# Every row's POST, sent by the row's csrf_person().
POSTS = [pytest.param(row, row.csrf_person(), id=row.name) for row in TABLE if row.post is not None]


@pytest.mark.parametrize(("row", "person"), POSTS)
def test_a_post_without_its_csrf_token_is_refused_and_changes_nothing(request, row, person):
    world = World(request, row.uses)
    url = _url(row, world)
    browser = person.browser(world, csrf_checks=True)
    data = row.post.form(world)
    before = database_state()

    response = browser.post(url, data)

    assert response.status_code == 403
    assert "The form could not be sent" in response.content.decode()
    assert database_state() == before
    assert row.post.done is None or not row.post.done(world)
