"""Writes on CodeCatalyst users: Builder ID sign-up, profile, personal access tokens, notifications."""

import secrets
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from catalyst_admin.errors import DomainError, NotFound, domain_error_from, unique_or
from catalyst_admin.secrets import secret_hash
from identity.people.models import ALIAS_VALIDATOR, NotificationPreference, PersonalAccessToken, User
from spaces.activity import activity_record

MAX_TOKENS_PER_USER = 100
TOKEN_PREFIX = "ccpat_"


@transaction.atomic
def builder_id_sign_up(*, name: str, email: str, alias: str, password: str) -> User:
    """Create an AWS Builder ID with its CodeCatalyst alias (which can never change)."""
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
    if User.objects.filter(username__iexact=email).exists():
        raise DomainError(f"An AWS Builder ID already exists for {email}. Sign in instead.", field="email")
    if User.objects.filter(alias__iexact=alias).exists():
        raise DomainError(f"The alias {alias} is taken. Choose another one.", field="alias")
    with unique_or(DomainError("That email or alias was just taken. Choose another one.", field="alias")):
        return User.objects.create_user(email, password, email=email, alias=alias, name=name, kind=User.Kind.BUILDER_ID)


@transaction.atomic
def profile_update(*, user: User, name: str, nickname: str) -> User:
    """Change the editable parts of My settings; alias, email and identifier stay as they are."""
    name = (name or "").strip()
    nickname = (nickname or "").strip()
    if not 1 <= len(name) <= 200:
        raise DomainError("Enter your name (at most 200 characters).", field="name")
    if len(nickname) > 100:
        raise DomainError("A nickname is at most 100 characters.", field="nickname")
    user.name = name
    user.nickname = nickname
    user.save(update_fields=["name", "nickname"])
    activity_record(space=None, event_name="UpdateUserProfile", description="Updated name and nickname", user=user)
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
        raise DomainError(
            f"You already have {MAX_TOKENS_PER_USER} personal access tokens, the most allowed. "
            "Delete one before you create another."
        )
    secret = TOKEN_PREFIX + secrets.token_urlsafe(40)
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
