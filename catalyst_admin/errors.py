"""Domain errors raised by services and translated by views into banners, form errors or 4xx."""


class DomainError(Exception):
    """A rule was broken; ``message`` tells the person what happened and what to do next."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class Forbidden(DomainError):
    """The person's role does not allow the action. Shown as a 403 page naming the role needed."""


class NotFound(DomainError):
    """The object does not exist or is not visible to the person: always a 404, never a leak."""
