"""Account connections: the connection request, its token, verification in the AWS console,
allowed billing tiers and removal (seed 001, "Adding an AWS account to a space"; seed 000,
"Administering connected accounts")."""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.aws.console.models import AwsAccount, ConsoleUser
from accounts.aws.console.services import require_console_administrator
from accounts.aws.ids import format_account_id, validate_account_id
from accounts.connections.models import AccountConnection, ConnectionToken
from billing import services as billing
from billing.selectors import is_billing_account
from catalyst_admin.errors import DomainError, FieldErrors, NotFound, domain_error_from, unique_or
from catalyst_admin.secrets import secret_hash, secret_matches
from spaces import permissions
from spaces.activity import activity_record

MAX_SPACES_PER_ACCOUNT = 5
MAX_CONNECTIONS_PER_SPACE = 5000
# How long a connection token may be verified after it is issued; the pages say so too.
TOKEN_LIFETIME = timedelta(hours=24)
TOKEN_LIFETIME_TEXT = "24 hours"
_MAX_TOKEN_CHARS = 200


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%B %-d, %Y, %H:%M UTC")


# The request (CodeCatalyst console) -------------------------------------------------------------


@transaction.atomic
def connection_request_create(
    *, space, aws_account_id: str, display_name: str, description: str = "", requested_by
) -> AccountConnection:
    """Ask to connect ``aws_account_id`` to ``space``; the connection waits for verification.

    The new connection token is on the returned connection as ``new_token``: it is shown once,
    and only its hash is kept.
    """
    permissions.require(requested_by, "connections.manage", space=space)
    # Every invalid field at once, so the form reports them all on the first submit.
    problems = FieldErrors()
    account_id_valid = False
    with problems.collect():
        aws_account_id = connection_request_account_check(space=space, aws_account_id=aws_account_id)
        account_id_valid = True
    # Pending requests count against the requesting space's own quota (until they expire), never
    # against the account's: anyone may type an account ID, and that must not use up the account.
    if space.account_connections.live().count() >= MAX_CONNECTIONS_PER_SPACE:
        problems.add(None, f"A space can have at most {MAX_CONNECTIONS_PER_SPACE} account connections.")
    connection = AccountConnection(
        space=space,
        aws_account_id=aws_account_id if account_id_valid else "",
        display_name=(display_name or "").strip() or (aws_account_id if account_id_valid else "-"),
        description=(description or "").strip(),
        requested_by=requested_by,
        paid_tiers_authorized=False,
    )
    with problems.collect():
        try:
            connection.full_clean(
                exclude=["space", "aws_account_id"], validate_unique=False, validate_constraints=False
            )
        except ValidationError as exc:
            raise domain_error_from(exc) from None
    problems.raise_if_any()
    with unique_or(
        DomainError(f"AWS account {aws_account_id} is already connected to this space.", field="aws_account_id")
    ):
        connection.save()
    connection.new_token = _token_issue(connection)
    activity_record(
        space=space,
        event_name="CreateAccountConnectionRequest",
        description=f"Requested a connection to AWS account {aws_account_id}",
        user=requested_by,
    )
    return connection


def connection_request_account_check(*, space, aws_account_id: str) -> str:
    """``aws_account_id`` as an account ID if ``space`` may ask to connect it, else a DomainError on
    the field: malformed, already connected to this space, or in as many spaces as an account may
    be. The request page asks too, so that this shows with every other field's problem."""
    aws_account_id = validate_account_id(aws_account_id)
    if space.account_connections.filter(aws_account_id=aws_account_id).exists():
        raise DomainError(f"AWS account {aws_account_id} is already connected to this space.", field="aws_account_id")
    account_space_quota_check(aws_account_id=aws_account_id)
    return aws_account_id


def account_space_quota_check(*, aws_account_id: str) -> None:
    """Refuse when ``aws_account_id`` is already connected to ``MAX_SPACES_PER_ACCOUNT`` spaces.

    Only verified connections count: the account accepted them. A request that only names the
    account counts against its own space's quota instead. Checked when a connection is requested
    (to say so early) and again, under the account row's lock, when one is verified.
    """
    in_use = AccountConnection.objects.filter(
        aws_account_id=aws_account_id,
        status=AccountConnection.Status.VERIFIED,
        space__deleted_at__isnull=True,
    ).count()
    if in_use >= MAX_SPACES_PER_ACCOUNT:
        raise DomainError(
            f"AWS account {aws_account_id} is already connected to {MAX_SPACES_PER_ACCOUNT} spaces, "
            "the most one account can be connected to. Choose another account, or remove it from a space "
            "in the AWS Management Console first.",
            field="aws_account_id",
        )


# Connection tokens ------------------------------------------------------------------------------


def _token_issue(connection: AccountConnection) -> str:
    """Issue a token for ``connection``, revoking the ones issued before; return it in clear."""
    now = timezone.now()
    connection.tokens.filter(used_at__isnull=True, revoked_at__isnull=True).update(revoked_at=now)
    selector = secrets.token_hex(8)
    secret = secrets.token_urlsafe(32)
    ConnectionToken.objects.create(
        connection=connection,
        selector=selector,
        secret_hash=secret_hash(secret),
        created_at=now,
        expires_at=now + TOKEN_LIFETIME,
    )
    return f"{selector}.{secret}"


@transaction.atomic
def connection_token_regenerate(*, connection: AccountConnection, by) -> str:
    """Issue a new connection token for a pending connection; earlier tokens stop working."""
    permissions.require(by, "connections.manage", space=connection.space)
    connection = AccountConnection.objects.select_for_update().select_related("space").filter(pk=connection.pk).first()
    if connection is None:
        raise DomainError("This connection request no longer exists: the AWS account may have declined it.")
    if connection.is_verified:
        raise DomainError(
            f"AWS account {connection.aws_account_id} is already verified for this space: it needs no token."
        )
    token = _token_issue(connection)
    activity_record(
        space=connection.space,
        event_name="RegenerateConnectionToken",
        description=f"Issued a new connection token for AWS account {connection.aws_account_id}",
        user=by,
    )
    return token


_INVALID_TOKEN = (
    "This is not a valid verification token. Copy the whole token from the AWS account details page in "
    "CodeCatalyst, or choose Complete setup in the AWS Management Console there."
)


def _find_token(token: str) -> ConnectionToken:
    """The token row whose selector and secret both match ``token``; otherwise an invalid token."""
    token = "".join((token or "").split())  # a token pasted across lines still works
    selector, dot, secret = token.partition(".")
    if not dot or not selector or not secret or len(token) > _MAX_TOKEN_CHARS:
        raise DomainError(_INVALID_TOKEN, field="token")
    row = ConnectionToken.objects.select_related("connection__space").filter(selector=selector).first()
    # Compare even when no row matched, in constant time, so that a guess learns nothing from timing.
    expected = row.secret_hash if row is not None else secret_hash(secrets.token_urlsafe(32))
    if not secret_matches(secret, expected) or row is None:
        raise DomainError(_INVALID_TOKEN, field="token")
    return row


def _check_token(row: ConnectionToken, *, account: AwsAccount, authorize_paid_tiers: bool) -> None:
    connection = row.connection
    space = connection.space
    if space.deleted_at is not None:
        raise DomainError("The space this token was issued for has been deleted.", field="token")
    if row.used_at is not None:
        raise DomainError(
            f"This verification token was already used on {_when(row.used_at)}. A token works only once: "
            f"AWS account {connection.aws_account_id} is already verified for space {space.name}.",
            field="token",
        )
    if row.revoked_at is not None:
        raise DomainError(
            f"This verification token was replaced by a newer one on {_when(row.revoked_at)}. Use the latest "
            "token from the AWS account details page in CodeCatalyst.",
            field="token",
        )
    if timezone.now() >= row.expires_at:
        raise DomainError(
            f"This verification token expired on {_when(row.expires_at)}; tokens are valid for "
            f"{TOKEN_LIFETIME_TEXT}. In CodeCatalyst, open the AWS account details page and choose "
            "Regenerate token.",
            field="token",
        )
    if connection.aws_account_id != account.account_id:
        raise DomainError(
            f"This token is for AWS account {format_account_id(connection.aws_account_id)}, but you are "
            "signed in "
            f"with AWS account {format_account_id(account.account_id)} ({account.name}). Sign in with account "
            f"{format_account_id(connection.aws_account_id)}, or switch to it in the account menu, to verify "
            f"space {space.name}.",
            field="token",
        )
    if connection.is_verified:
        raise DomainError(f"AWS account {account.account_id} is already verified for space {space.name}.")
    try:
        account_space_quota_check(aws_account_id=account.account_id)
    except DomainError as full:
        raise DomainError(full.message, field="token") from None
    billing.billing_quota_check(
        space=space, aws_account_id=account.account_id, paid_tiers_authorized=authorize_paid_tiers
    )


def connection_token_check(
    *, token: str, account: AwsAccount, console_user: ConsoleUser, authorize_paid_tiers: bool
) -> AccountConnection:
    """The connection ``token`` would verify for ``account``, or the reason it would not.

    Writes nothing: the "Verify Amazon CodeCatalyst space" page uses it to say whether the
    token is valid before anyone submits it.
    """
    require_console_administrator(console_user=console_user, account=account, to="verify spaces")
    row = _find_token(token)
    _check_token(row, account=account, authorize_paid_tiers=authorize_paid_tiers)
    return row.connection


@dataclass(frozen=True)
class TokenPreview:
    """What "Verify Amazon CodeCatalyst space" says about a token before anyone submits it."""

    valid: bool
    connection: AccountConnection | None = None
    message: str = ""
    # Why the token is valid only with "Authorize paid tiers (Standard, Enterprise)" chosen.
    needs_paid_tiers: str = ""


def connection_token_preview(*, token: str, account: AwsAccount, console_user: ConsoleUser) -> TokenPreview:
    """Whether ``token`` would verify for ``account``: as it is, only with paid tiers authorized
    (and why), or not at all (and why). Writes nothing."""
    common = {"token": token, "account": account, "console_user": console_user}
    try:
        connection = connection_token_check(authorize_paid_tiers=False, **common)
    except DomainError as free_problem:
        try:
            connection = connection_token_check(authorize_paid_tiers=True, **common)
        except DomainError as error:
            return TokenPreview(valid=False, message=error.message)
        return TokenPreview(valid=True, connection=connection, needs_paid_tiers=free_problem.message)
    return TokenPreview(valid=True, connection=connection)


@transaction.atomic
def connection_verify(
    *, token: str, account: AwsAccount, console_user: ConsoleUser, authorize_paid_tiers: bool = False
) -> AccountConnection:
    """Accept a connection request in the AWS console ("Verify space"); the token is used up."""
    require_console_administrator(console_user=console_user, account=account, to="verify spaces")
    # One verification at a time per account, so two cannot both squeeze under the billing limit
    # or the account's space quota (both counted in _check_token, after this lock).
    AwsAccount.objects.select_for_update().filter(pk=account.pk).first()
    row = _find_token(token)
    _check_token(row, account=account, authorize_paid_tiers=authorize_paid_tiers)
    now = timezone.now()
    claimed = ConnectionToken.objects.filter(pk=row.pk, used_at__isnull=True, revoked_at__isnull=True).update(
        used_at=now
    )
    connection = AccountConnection.objects.select_for_update().select_related("space").get(pk=row.connection_id)
    if not claimed or connection.is_verified:
        raise DomainError("This verification token was already used. A token works only once.", field="token")
    connection.status = AccountConnection.Status.VERIFIED
    connection.verified_at = now
    connection.verified_by = console_user
    connection.paid_tiers_authorized = authorize_paid_tiers
    connection.save(update_fields=["status", "verified_at", "verified_by", "paid_tiers_authorized"])
    activity_record(
        space=connection.space,
        event_name="VerifyAccountConnection",
        description=f"Verified the connection to AWS account {account.account_id} as IAM user "
        f"{console_user.user_name}" + (", paid tiers authorized" if authorize_paid_tiers else ""),
        aws_account_id=account.account_id,
    )
    return connection


# Billing details and removal (AWS console) ------------------------------------------------------


@transaction.atomic
def connection_paid_tiers_update(
    *,
    connection: AccountConnection,
    account: AwsAccount,
    console_user: ConsoleUser,
    paid_tiers_authorized: bool,
) -> AccountConnection:
    """ "Update allowed billing tiers": allow or stop the paid tiers (Standard, Enterprise)."""
    require_console_administrator(console_user=console_user, account=account, to="change allowed billing tiers")
    connection = own_connection(connection, account)
    space = connection.space
    if not connection.is_verified:
        raise DomainError(f"Verify space {space.name} first: its allowed billing tiers are chosen when it is verified.")
    if connection.paid_tiers_authorized == paid_tiers_authorized:
        return connection
    billing.billing_quota_check(
        space=space, aws_account_id=account.account_id, paid_tiers_authorized=paid_tiers_authorized
    )
    # A space on a paid tier keeps it to the end of the billing period, then moves to Free.
    connection.downgrade_on = (
        None if paid_tiers_authorized else billing.paid_tiers_withdrawn(space=space, aws_account_id=account.account_id)
    )
    connection.paid_tiers_authorized = paid_tiers_authorized
    connection.save(update_fields=["paid_tiers_authorized"])
    activity_record(
        space=space,
        event_name="UpdateAllowedBillingTiers",
        description=f"AWS account {account.account_id} "
        + ("allowed the paid tiers (Standard, Enterprise)" if paid_tiers_authorized else "allowed the Free tier only"),
        aws_account_id=account.account_id,
    )
    return connection


@transaction.atomic
def connection_remove(
    *, connection: AccountConnection, account: AwsAccount, console_user: ConsoleUser, confirm_name: str
) -> None:
    """ "Remove space": end the connection between the space and the account signed in with.

    Seed 000, "Removing an account from a space (in AWS)": refused for the space's billing
    account; the account can come back only through a new connection, its roles associated again.
    """
    require_console_administrator(console_user=console_user, account=account, to="remove spaces")
    connection = own_connection(connection, account)
    space = connection.space
    if (confirm_name or "").strip() != space.name:
        raise DomainError(f"To confirm, type the space name {space.name} exactly.", field="confirm_name")
    if is_billing_account(space=space, aws_account_id=account.account_id):
        raise DomainError(
            f"AWS account {account.account_id} is the billing account of {space.name}, and a space must "
            "always "
            "have one. Choose another billing account first: in CodeCatalyst, add another AWS account to the "
            "space and make it the billing account (Settings, then Billing), then remove this one."
        )
    if names := connection.vpc_connection_names():
        raise DomainError(
            f"{space.name} uses AWS account {account.account_id} for VPC connection{'s' if len(names) > 1 else ''} "
            f"{', '.join(names)}. In CodeCatalyst, remove {'them' if len(names) > 1 else 'it'} first (Settings, "
            "then VPC connections), then remove the space."
        )
    role_count = connection.roles.count()
    activity_record(
        space=space,
        event_name="DeleteAccountConnection",
        description=f"Removed AWS account {account.account_id} from the space"
        + (f" and disassociated its {role_count} IAM role{'s' if role_count != 1 else ''}" if role_count else ""),
        aws_account_id=account.account_id,
    )
    connection.delete()


@transaction.atomic
def connection_request_decline(
    *, connection: AccountConnection, account: AwsAccount, console_user: ConsoleUser
) -> None:
    """ "Decline": the account's administrator refuses a pending connection request naming the
    account (issue 9: a request is only a claim anyone can make by typing the account ID). The
    request and its tokens go; the space's activity log says so. A verified connection is ended
    with Remove space instead."""
    require_console_administrator(console_user=console_user, account=account, to="decline connection requests")
    connection = own_connection(connection, account)
    space = connection.space
    if connection.is_verified:
        raise DomainError(
            f"AWS account {account.account_id} already verified its connection to {space.name}: it is not a "
            "request any more. To end it, choose Remove space."
        )
    billing_note = (
        " (the space's billing account: choose another one in CodeCatalyst, Settings, then Billing)"
        if is_billing_account(space=space, aws_account_id=account.account_id)
        else ""
    )
    activity_record(
        space=space,
        event_name="DeclineAccountConnectionRequest",
        description=f"AWS account {account.account_id} declined the connection request as IAM user "
        f"{console_user.user_name}{billing_note}",
        aws_account_id=account.account_id,
    )
    connection.delete()


def own_connection(connection: AccountConnection, account: AwsAccount) -> AccountConnection:
    """``connection`` locked, if it is a connection of ``account`` to a live space."""
    locked = (
        AccountConnection.objects.select_for_update()
        .select_related("space")
        .filter(pk=connection.pk, aws_account_id=account.account_id, space__deleted_at__isnull=True)
        .first()
    )
    if locked is None:
        raise NotFound("That space is not connected to the AWS account you are signed in with.")
    return locked
