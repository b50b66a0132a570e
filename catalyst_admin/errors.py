"""Domain errors raised by services and translated by views into banners, form errors or 4xx."""

from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction


class DomainError(Exception):
    """A rule was broken; ``message`` tells the person what happened and what to do next."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class QuotaExceeded(DomainError):
    """A documented quota is used up (spaces per month, tokens per person, projects per space …).
    A page shows it like any :class:`DomainError`; the REST API answers 402, as the codecatalyst API
    does with ServiceQuotaExceededException."""


class Conflict(DomainError):
    """The request clashes with the current state (a name taken, a change already pending).
    A page shows it like any :class:`DomainError`; both APIs answer 409."""


class Forbidden(Exception):
    """The person's role does not allow the action. Shown as a 403 page naming the role needed.

    Not a :class:`DomainError`: views that turn refusals into form errors must let it through to
    the middleware, which renders the 403 page.
    """

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotFound(Exception):
    """The object does not exist or is not visible to the person: always a 404, never a leak."""

    def __init__(self, message: str = "Not found."):
        super().__init__(message)
        self.message = message


def domain_error_from(exc: ValidationError, *, field: str | None = None) -> DomainError:
    """A model's :class:`ValidationError` (from ``full_clean`` or ``clean_fields``) as a
    :class:`DomainError`: the first field's messages, reported on that field unless ``field`` says."""
    if hasattr(exc, "error_dict"):
        name, messages = next(iter(exc.message_dict.items()))
    else:
        name, messages = None, exc.messages
    return DomainError(" ".join(messages) or "The value is not valid.", field=field or name)


@contextmanager
def unique_or(error: DomainError):
    """Run a write in a savepoint and report a unique-constraint race as ``error``.

    Services check uniqueness first to give a clear message; two requests can still pass that check
    at once, and the database's constraint decides. The loser gets the same message, not a 500.
    """
    try:
        with transaction.atomic():
            yield
    except IntegrityError:
        raise error from None
