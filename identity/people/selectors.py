"""Reads on CodeCatalyst people: who signs in with a password or a personal access token, and
their notification choices."""

from django.contrib.auth.hashers import make_password
from django.db.models import Q
from django.utils import timezone

from catalyst_admin import rows
from catalyst_admin.secrets import secret_hash
from identity.people.models import NotificationPreference, PersonalAccessToken, User


def _rows_of_user(model) -> str:
    # ``user.<related>.all()``: the model's rows of one user, in its Meta ordering.
    order = ", ".join(f"t.{model._meta.get_field(name).column}" for name in model._meta.ordering)
    return (
        f"SELECT {rows.columns(model, 't')} FROM {model._meta.db_table} t "
        f"WHERE t.{model._meta.get_field('user').column} = %s" + (f" ORDER BY {order}" if order else "")
    )


def _of_user(model, user: User) -> list:
    return [rows.from_row(model, row, 0)[0] for row in rows.fetch(_rows_of_user(model), [user.pk])]


def my_access_tokens(user: User) -> list[PersonalAccessToken]:
    """``user.access_tokens.all()`` (soonest to expire first, then by name) in plain SQL
    (``catalyst_admin.rows``): My settings lists them on every visit."""
    return _of_user(PersonalAccessToken, user)


def notification_preferences(user: User) -> list[dict]:
    """Every event kind with the user's choice, or the default (email on, Slack off) if never saved.
    The saved choices are read in plain SQL (``user.notification_preferences.all()``): My settings
    reads them on every visit."""
    saved = {p.event: p for p in _of_user(NotificationPreference, user)}
    choices = []
    for event in NotificationPreference.Event:
        pref = saved.get(event.value)
        choices.append(
            {
                "event": event.value,
                "label": event.label,
                "email": pref.email if pref else True,
                "slack": pref.slack if pref else False,
            }
        )
    return choices


def access_tokens_of(user: User):
    """The person's own personal access tokens (never anyone else's), soonest to expire first."""
    return user.access_tokens.order_by("expires_on", "name", "pk")


def access_token_of(user: User, secret: str) -> PersonalAccessToken | None:
    """The person's own still-valid token with this secret (None for anyone else's, an expired or an
    unknown one): how My settings checks a pasted secret before writing it into files for the AWS CLI."""
    return user.access_tokens.filter(
        token_hash=secret_hash((secret or "").strip()), expires_on__gte=timezone.localdate()
    ).first()


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

    An email names one account: a staff user by their email, a Builder ID by its email (its user
    name). Sign-up refuses an address another account has, so two never share one; should an older
    database hold such a pair, the staff account is the one that answers — operators create staff
    accounts, anyone can sign up. The caller checks ``email_verification_pending`` before letting
    a Builder ID in.

    SSO users sign in through their company's access portal ("Sign in with SSO"), never here.
    """
    email = (email or "").strip().lower()
    if not email:
        return None
    active = User.objects.filter(is_active=True)
    user = (
        active.filter(kind=User.Kind.STAFF)
        .filter(Q(email__iexact=email) | Q(username__iexact=email))
        .order_by("pk")
        .first()
    ) or active.filter(kind=User.Kind.BUILDER_ID, username__iexact=email).first()
    if user is None or not user.has_usable_password():
        # Hash the password all the same, so an unknown email takes as long to refuse as a wrong password.
        make_password(password or "")
        return None
    if not user.check_password(password or ""):
        return None
    return user


def email_verification_user(user_id) -> User | None:
    """The Builder ID waiting to verify its email address in this session (see the sign-up and
    sign-in pages), or None once it is verified or gone."""
    if user_id is None:
        return None
    user = User.objects.filter(pk=user_id, is_active=True, kind=User.Kind.BUILDER_ID).first()
    if user is None or not user.email_verification_pending:
        return None
    return user
