"""Writes on CodeCatalyst users: Builder ID sign-up and email verification, profile, personal access
tokens, notifications."""

import secrets
import zoneinfo
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from catalyst_admin.errors import DomainError, FieldErrors, NotFound, QuotaExceeded, domain_error_from, unique_or
from catalyst_admin.secrets import secret_hash, secret_matches
from identity.people.models import (
    ALIAS_VALIDATOR,
    EmailVerificationCode,
    NotificationPreference,
    PersonalAccessToken,
    User,
)
from spaces.activity import activity_record

MAX_TOKENS_PER_USER = 100
TOKEN_PREFIX = "ccpat_"

EMAIL_CODE_DIGITS = 6
EMAIL_CODE_LIFETIME = timedelta(minutes=10)
# Wrong codes allowed before the code is spent and a new one must be sent.
EMAIL_CODE_MAX_ATTEMPTS = 5
# A new code is sent at most this often, so "Send a new code" cannot flood someone's mailbox.
EMAIL_CODE_RESEND_INTERVAL = timedelta(seconds=30)


@transaction.atomic
def builder_id_sign_up(*, name: str, email: str, alias: str, password: str) -> User | None:
    """Create an AWS Builder ID with its CodeCatalyst alias (which can never change), and send the
    code that verifies its email address. None when the address already has an account: nothing is
    created, the owner is told by email, and the caller answers exactly as for a new account."""
    name = (name or "").strip()
    email = (email or "").strip().lower()
    alias = (alias or "").strip()
    if not 1 <= len(name) <= 200:
        raise DomainError("Enter your name.", field="name")
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError("Enter a valid email address, such as name@example.com.", field="email") from None
    try:
        ALIAS_VALIDATOR(alias)
    except ValidationError as exc:
        raise domain_error_from(exc, field="alias") from None
    if not 8 <= len(password or "") <= 64:
        raise DomainError("A password is 8–64 characters.", field="password")
    if User.objects.filter(alias__iexact=alias).exists():
        raise DomainError(f"The alias {alias} is taken. Choose another one.", field="alias")
    # An address another account has (a Builder ID, the operations staff …) keeps it. Saying so would
    # tell anyone which addresses have accounts: the person is told, as for a new address, to enter
    # the code sent there, and the address's owner gets a note instead of a code. The password is
    # hashed all the same, so the answer takes as long.
    if User.objects.filter(Q(username__iexact=email) | Q(email__iexact=email)).exists():
        make_password(password)
        _address_in_use_notice(email)
        return None
    with unique_or(DomainError("That email or alias was just taken. Choose another one.", field="alias")):
        user = User.objects.create_user(email, password, email=email, alias=alias, name=name, kind=User.Kind.BUILDER_ID)
    _email_code_send(user)
    return user


def _address_in_use_notice(email: str) -> None:
    body = render_to_string(
        "identity/email/address_in_use.txt",
        {"email": email, "signin_url": settings.SITE_URL + reverse("identity:signin")},
    )
    transaction.on_commit(
        lambda: send_mail(
            "Someone tried to create an AWS Builder ID with your email address",
            body,
            settings.DEFAULT_FROM_EMAIL,
            [email],
        )
    )


def _wrong_code(left: int) -> DomainError:
    if left <= 0:
        return DomainError("That code is not correct, and it was the last try. Choose Send a new code.", field="code")
    return DomainError(
        f"That code is not correct. Check the email and try again ({left} {'try' if left == 1 else 'tries'} left).",
        field="code",
    )


def sign_up_decoy_code_check(*, wrong_before: int) -> None:
    """The code page after a sign-up with an address that already has an account: no code is right,
    and it says so the way it does for a real wrong code, so the page tells nothing either."""
    if wrong_before >= EMAIL_CODE_MAX_ATTEMPTS:
        raise DomainError("This code can no longer be used. Choose Send a new code.", field="code")
    raise _wrong_code(EMAIL_CODE_MAX_ATTEMPTS - wrong_before - 1)


def _email_code_send(user: User) -> None:
    """Replace the user's code with a new one and email it once the transaction commits."""
    code = "".join(secrets.choice("0123456789") for _ in range(EMAIL_CODE_DIGITS))
    now = timezone.now()
    EmailVerificationCode.objects.update_or_create(
        user=user,
        defaults={
            "code_hash": _email_code_hash(user, code),
            "sent_at": now,
            "expires_at": now + EMAIL_CODE_LIFETIME,
            "failed_attempts": 0,
        },
    )
    minutes = int(EMAIL_CODE_LIFETIME.total_seconds() // 60)
    body = render_to_string(
        "identity/email/verification_code.txt",
        {
            "user": user,
            "code": code,
            "minutes": minutes,
            "verify_url": settings.SITE_URL + reverse("identity:verify_email"),
        },
    )
    recipient = user.email
    transaction.on_commit(
        lambda: send_mail(
            f"Your AWS Builder ID verification code: {code}",
            body,
            settings.DEFAULT_FROM_EMAIL,
            [recipient],
        )
    )


def _email_code_hash(user: User, code: str) -> str:
    # Salted with the user's identifier: the same code for two people has two hashes.
    return secret_hash(f"{user.user_identifier}:{code}")


@transaction.atomic
def email_verification_resend(*, user: User) -> None:
    """Send the Builder ID a new code (the old one stops working)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.email_verification_pending:
        raise DomainError("Your email address is already verified. Sign in.")
    last = EmailVerificationCode.objects.filter(user=user).first()
    if last and timezone.now() - last.sent_at < EMAIL_CODE_RESEND_INTERVAL:
        raise DomainError(
            "A code was sent a moment ago. Check your email, or wait half a minute before you ask for a new one."
        )
    _email_code_send(user)


def email_verification_confirm(*, user: User, code: str) -> User:
    """Mark the Builder ID's email address verified if ``code`` is the one last sent to it.

    A wrong code counts (the count is kept even though the call fails); after
    ``EMAIL_CODE_MAX_ATTEMPTS`` wrong codes, or ten minutes, only a new code works.
    """
    code = "".join((code or "").split())
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if not user.email_verification_pending:
            raise DomainError("Your email address is already verified. Sign in.")
        sent = EmailVerificationCode.objects.filter(user=user).first()
        if sent is None or sent.failed_attempts >= EMAIL_CODE_MAX_ATTEMPTS:
            raise DomainError("This code can no longer be used. Choose Send a new code.", field="code")
        if sent.expires_at <= timezone.now():
            raise DomainError(
                "This code has expired: codes are valid for 10 minutes. Choose Send a new code.", field="code"
            )
        matches = secret_matches(f"{user.user_identifier}:{code}", sent.code_hash)
        if matches:
            sent.delete()
            user.email_verified_at = timezone.now()
            user.save(update_fields=["email_verified_at"])
            activity_record(
                space=None, event_name="VerifyEmail", description=f"Verified email address {user.email}", user=user
            )
            return user
        sent.failed_attempts += 1
        sent.save(update_fields=["failed_attempts"])
        left = EMAIL_CODE_MAX_ATTEMPTS - sent.failed_attempts
    # Raised after the block commits, so that the wrong try stays counted.
    raise _wrong_code(left)


@transaction.atomic
def profile_update(
    *, user: User, name: str | None = None, nickname: str | None = None, time_zone: str | None = None
) -> User:
    """Change the editable parts of My settings (``None``: leave as it is); alias, email and
    identifier stay as they are. An SSO user's name comes from IAM Identity Center: the sync would
    put it back, so it is refused here rather than saved and silently reverted."""
    problems = FieldErrors()
    changed = {}
    if user.kind == User.Kind.SSO and (name is not None or nickname is not None):
        problems.add(
            "name",
            "Your name and email address come from your company's directory (IAM Identity Center). "
            "Ask its administrator to change them there.",
        )
    if name is not None:
        name = name.strip()
        if not 1 <= len(name) <= 200:
            problems.add("name", "Enter your name (at most 200 characters).")
        changed["name"] = name
    if nickname is not None:
        nickname = nickname.strip()
        if len(nickname) > 100:
            problems.add("nickname", "A nickname is at most 100 characters.")
        changed["nickname"] = nickname
    if time_zone is not None:
        if time_zone not in zoneinfo.available_timezones():
            problems.add("time_zone", f"{time_zone} is not a time zone. Choose one from the list, such as UTC.")
        changed["time_zone"] = time_zone
    problems.raise_if_any()
    for field, value in changed.items():
        setattr(user, field, value)
    user.save(update_fields=list(changed))
    labels = {"name": "name", "nickname": "nickname", "time_zone": "time zone"}
    what = [labels[f] for f in changed]
    activity_record(
        space=None,
        event_name="UpdateUserProfile",
        description="Updated " + (", ".join(what[:-1]) + " and " + what[-1] if len(what) > 1 else what[0]),
        user=user,
    )
    return user


def default_token_expiry() -> date:
    """One year from today: "By default, PATs expire after one year" (seed: Personal access tokens)."""
    today = timezone.localdate()
    try:
        return today.replace(year=today.year + 1)
    except ValueError:  # 29 February
        return today + timedelta(days=365)


def access_token_expiry_check(expires_on: date) -> None:
    """Refuse an expiration date in the past (today is allowed: the token works until the day ends)."""
    if expires_on < timezone.localdate():
        raise DomainError(
            "The expiration date cannot be in the past. Choose today or a later date.", field="expires_on"
        )


@transaction.atomic
def access_token_create(*, user: User, name: str, expires_on: date | None = None) -> tuple[PersonalAccessToken, str]:
    """Create a personal access token; returns it with the secret, which is never shown again."""
    name = (name or "").strip()
    if not 1 <= len(name) <= 100:
        raise DomainError("A token name is 1–100 characters.", field="name")
    expires_on = expires_on or default_token_expiry()
    access_token_expiry_check(expires_on)
    # Lock the user's row so that two requests cannot both create the 100th token.
    User.objects.select_for_update().filter(pk=user.pk).first()
    if user.access_tokens.count() >= MAX_TOKENS_PER_USER:
        raise QuotaExceeded(
            f"You already have {MAX_TOKENS_PER_USER} personal access tokens, the most allowed. "
            "Delete one before you create another."
        )
    taken = DomainError(f"You already have a personal access token named {name}. Choose another name.", field="name")
    if user.access_tokens.filter(name__iexact=name).exists():
        raise taken
    secret = TOKEN_PREFIX + secrets.token_urlsafe(40)
    with unique_or(taken):
        token = PersonalAccessToken.objects.create(
            user=user, name=name, token_hash=secret_hash(secret), hint=secret[-4:], expires_on=expires_on
        )
    activity_record(
        space=None,
        event_name="CreateAccessToken",
        description=f"Created personal access token {name}",
        user=user,
    )
    return token, secret


@transaction.atomic
def access_token_delete(*, user: User, token_id: int) -> PersonalAccessToken:
    """Delete one of the user's own tokens; anyone else's token id is "not found", never a leak."""
    token = PersonalAccessToken.objects.select_for_update().filter(user=user, pk=token_id).first()
    if token is None:
        raise NotFound("That personal access token does not exist. It may already have been deleted.")
    name = token.name
    token.delete()
    activity_record(
        space=None,
        event_name="DeleteAccessToken",
        description=f"Deleted personal access token {name}",
        user=user,
    )
    return token


@transaction.atomic
def notification_preferences_save(*, user: User, choices: dict[str, dict[str, bool]]) -> None:
    """Save, per event kind, whether to notify by email and by Slack."""
    unknown = set(choices) - set(NotificationPreference.Event.values)
    if unknown:
        raise DomainError("Unknown notification kind: " + ", ".join(sorted(unknown)))
    for event, channels in choices.items():
        NotificationPreference.objects.update_or_create(
            user=user,
            event=event,
            defaults={"email": bool(channels.get("email")), "slack": bool(channels.get("slack"))},
        )
    activity_record(
        space=None,
        event_name="UpdateNotificationPreferences",
        description="Updated notification preferences",
        user=user,
    )
