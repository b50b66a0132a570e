"""Domain errors raised by services and translated by views into banners, form errors or 4xx."""

from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction


class DomainError(Exception):
    """A rule was broken; ``message`` tells the person what happened and what to do next."""

    def __init__(self, message: str, *, field: str | None = None, errors: dict | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        # Every problem of the input at once ({field or None: [messages]}), so a form shows each
        # invalid field on the first submit; ``message``/``field`` are the first of them.
        self.errors = errors or {field: [message]}


class FieldErrors:
    """Collects the problems of one input field by field; ``raise_if_any()`` raises them all as
    one :class:`DomainError` (its message the first one, for an API's single error message)."""

    def __init__(self):
        self.errors: dict[str | None, list[str]] = {}
        # The one error collected, while it is the only problem: raised as it is, so its kind
        # (a Conflict's 409, a QuotaExceeded's 402) reaches the APIs when nothing else is wrong.
        self._only: DomainError | None = None

    def add(self, field: str | None, message: str) -> None:
        self._only = None
        self.errors.setdefault(field, []).append(message)

    def __bool__(self) -> bool:
        return bool(self.errors)

    @contextmanager
    def collect(self):
        """Record a DomainError raised inside the block instead of letting it stop the checks."""
        try:
            yield
        except DomainError as error:
            alone = not self.errors
            for field, messages in error.errors.items():
                for message in messages:
                    self.add(field, message)
            self._only = error if alone else None

    def raise_if_any(self) -> None:
        if self._only is not None:
            raise self._only
        if self.errors:
            field, messages = next(iter(self.errors.items()))
            raise DomainError(messages[0], field=field, errors=self.errors)


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
    :class:`DomainError` carrying every field's messages (``field`` names where a message that
    belongs to no field, or to the only field checked, is shown); its message is the first field's."""
    if hasattr(exc, "error_dict"):
        errors = {
            (field if name == "__all__" or field and len(exc.message_dict) == 1 else name): list(messages)
            for name, messages in exc.message_dict.items()
        }
    else:
        errors = {field: list(exc.messages)}
    name, messages = next(iter(errors.items()))
    return DomainError(" ".join(messages) or "The value is not valid.", field=name, errors=errors)


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
