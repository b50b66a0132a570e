"""Domain errors raised by services and translated by views into banners, form errors or 4xx."""


class DomainError(Exception):
    """A rule was broken; ``message`` tells the person what happened and what to do next."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


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
