"""Reads on CodeCatalyst people: who signs in with a password or a personal access token, and
their notification choices."""

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from catalyst_admin.secrets import secret_hash
from identity.people.models import NotificationPreference, PersonalAccessToken, User


def notification_preferences(user: User) -> list[dict]:
    """Every event kind with the user's choice, or the default (email on, Slack off) if never saved."""
    saved = {p.event: p for p in user.notification_preferences.all()}
    rows = []
    for event in NotificationPreference.Event:
        pref = saved.get(event.value)
        rows.append(
            {
                "event": event.value,
                "label": event.label,
                "email": pref.email if pref else True,
                "slack": pref.slack if pref else False,
            }
        )
    return rows


def access_token_user(secret: str) -> User | None:
    """The user a still-valid personal access token belongs to (for the API and Git)."""
    token = (
        PersonalAccessToken.objects.select_related("user")
        .filter(token_hash=secret_hash(secret), expires_on__gte=timezone.localdate(), user__is_active=True)
        .first()
    )
    return token.user if token else None


def console_sign_in_user(*, email: str, password: str) -> User | None:
    """The Builder ID (or staff) user signing in to the CodeCatalyst console with email and password.

    SSO users sign in through their company's access portal ("Sign in with SSO"), never here.
    """
    email = (email or "").strip().lower()
    candidates = User.objects.filter(is_active=True).exclude(kind=User.Kind.SSO)
    user = (
        candidates.filter(username__iexact=email).first()
        or candidates.filter(kind=User.Kind.STAFF, email__iexact=email).first()
    )
    if user is None or not user.has_usable_password():
        # Hash the password all the same, so an unknown email takes as long to refuse as a wrong password.
        make_password(password or "")
        return None
    if not user.check_password(password or ""):
        return None
    return user
