"""Writes of "Forgot password" for AWS Builder IDs: a code sent by email, then the code and a new
password.

The answers are the same whether or not an address has a Builder ID (no account enumeration): the
request always says a code was sent if the address has one, and for an address without one a row
is kept with a code nobody was sent, so the code page counts tries, expires and refuses exactly
as it does for a real code. SSO users have no password here: an email to their address tells them
to reset it with their company's identity provider. Codes are 6 digits, valid 10 minutes, single
use and stored hashed (catalyst_admin/secrets.py); requests are throttled per address and per
client address.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from catalyst_admin.errors import DomainError, FieldErrors
from catalyst_admin.secrets import secret_hash, secret_matches
from identity.people.models import PasswordResetCode, User
from spaces.activity import activity_record

RESET_CODE_DIGITS = 6
RESET_CODE_LIFETIME = timedelta(minutes=10)
# Wrong codes allowed before the code is spent and a new one must be asked for.
RESET_CODE_MAX_ATTEMPTS = 5
# A new code for one address at most this often, so nobody can flood someone's mailbox.
RESET_CODE_RESEND_INTERVAL = timedelta(seconds=30)
# Addresses one client may ask codes for in an hour, so nobody can walk a list of addresses.
RESET_REQUESTS_PER_CLIENT_PER_HOUR = 10


def _normalized(email: str) -> str:
    return (email or "").strip().lower()


def _code_hash(email: str, code: str) -> str:
    # Salted with the address: the same code for two addresses has two hashes.
    return secret_hash(f"password-reset:{email}:{code}")


def _builder_id(email: str) -> User | None:
    return User.objects.filter(kind=User.Kind.BUILDER_ID, email__iexact=email, is_active=True).first()


def password_reset_request(*, email: str, client_address: str | None = None) -> None:
    """Send a code that resets the password of the Builder ID with ``email``, if there is one.

    Returns None in every case; only an address that is not an email address at all, or a client
    that asked for too many addresses in the last hour, is refused. Asking again within half a
    minute sends nothing new (the code already sent still works)."""
    email = _normalized(email)
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError("Enter a valid email address, such as name@example.com.", field="email") from None
    now = timezone.now()
    with transaction.atomic():
        row = PasswordResetCode.objects.select_for_update().filter(email_hash=secret_hash(email)).first()
        if row is not None and now - row.sent_at < RESET_CODE_RESEND_INTERVAL:
            return
        if client_address:
            recent = PasswordResetCode.objects.filter(
                client_address=client_address, sent_at__gt=now - timedelta(hours=1)
            ).count()
            if recent >= RESET_REQUESTS_PER_CLIENT_PER_HOUR:
                raise DomainError(
                    "Too many password reset requests from your network in the last hour. "
                    "Wait an hour, then try again.",
                    field="email",
                )
        # Spent and expired rows of other addresses go as new ones come, so the table stays small.
        PasswordResetCode.objects.filter(expires_at__lt=now - timedelta(hours=1)).delete()
        user = _builder_id(email)
        code = "".join(secrets.choice("0123456789") for _ in range(RESET_CODE_DIGITS))
        PasswordResetCode.objects.update_or_create(
            email_hash=secret_hash(email),
            defaults={
                "user": user,
                "code_hash": _code_hash(email, code),
                "client_address": client_address or None,
                "sent_at": now,
                "expires_at": now + RESET_CODE_LIFETIME,
                "failed_attempts": 0,
            },
        )
        if user is not None:
            _send_code(user, code)
        elif User.objects.filter(kind=User.Kind.SSO, email__iexact=email).exists():
            _send_sso_notice(email)


def _send_code(user: User, code: str) -> None:
    body = render_to_string(
        "identity/email/password_reset_code.txt",
        {
            "user": user,
            "code": code,
            "minutes": int(RESET_CODE_LIFETIME.total_seconds() // 60),
            "reset_url": settings.SITE_URL + reverse("identity:password_reset"),
        },
    )
    recipient = user.email
    transaction.on_commit(
        lambda: send_mail(
            f"Your AWS Builder ID password reset code: {code}", body, settings.DEFAULT_FROM_EMAIL, [recipient]
        )
    )


def _send_sso_notice(email: str) -> None:
    body = render_to_string(
        "identity/email/password_reset_sso.txt",
        {"email": email, "sso_url": settings.SITE_URL + reverse("identity:sso_company")},
    )
    transaction.on_commit(
        lambda: send_mail(
            "Reset your password with your company's identity provider", body, settings.DEFAULT_FROM_EMAIL, [email]
        )
    )


def _wrong_code(left: int) -> str:
    if left <= 0:
        return "That code is not correct, and it was the last try. Choose Send a new code."
    return f"That code is not correct. Check the email and try again ({left} {'try' if left == 1 else 'tries'} left)."


def password_reset_confirm(*, email: str, code: str, password: str) -> User:
    """Set a new password on the Builder ID with ``email`` if ``code`` is the one last sent to it.

    The code works once, for 10 minutes, and ``RESET_CODE_MAX_ATTEMPTS`` wrong tries spend it (a
    wrong try stays counted although the call fails). The new password follows the rules of
    sign-up (8–64 characters); every problem of the input is reported at once. Resetting also
    proves the address is the person's, so a Builder ID still waiting to verify it is verified.
    Other sessions of the person end: their session hash depends on the password."""
    email = _normalized(email)
    code = "".join((code or "").split())
    problems = FieldErrors()
    if not 8 <= len(password or "") <= 64:
        problems.add("password", "A password is 8–64 characters.")
    wrong = None
    with transaction.atomic():
        row = PasswordResetCode.objects.select_for_update().filter(email_hash=secret_hash(email)).first()
        if row is None or row.failed_attempts >= RESET_CODE_MAX_ATTEMPTS:
            problems.add("code", "This code can no longer be used. Choose Send a new code.")
        elif row.expires_at <= timezone.now():
            problems.add("code", "This code has expired: codes are valid for 10 minutes. Choose Send a new code.")
        elif not secret_matches(f"password-reset:{email}:{code}", row.code_hash) or row.user_id is None:
            row.failed_attempts += 1
            row.save(update_fields=["failed_attempts"])
            wrong = _wrong_code(RESET_CODE_MAX_ATTEMPTS - row.failed_attempts)
        elif not problems:
            user = User.objects.select_for_update().get(pk=row.user_id)
            row.delete()
            user.set_password(password)
            fields = ["password"]
            if user.email_verified_at is None:
                user.email_verified_at = timezone.now()
                fields.append("email_verified_at")
            user.save(update_fields=fields)
            activity_record(
                space=None,
                event_name="ResetPassword",
                description="Reset password with a code sent by email",
                user=user,
            )
            return user
        # Else a right code with an unusable password: the code stays valid for the next try.
    # Raised after the block commits, so that a wrong try stays counted.
    if wrong:
        problems.add("code", wrong)
    problems.raise_if_any()
    raise AssertionError("unreachable")  # pragma: no cover
