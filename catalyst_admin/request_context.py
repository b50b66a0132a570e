"""Where a change comes from (source IP, user agent), carried from the request to the services.

Services record this in the activity log without every signature having to take it; outside a
request (a Celery task, a management command) the source names the process instead.
"""

import contextvars
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestSource:
    source_ip: str | None = None
    user_agent: str = ""


_SYSTEM = RequestSource(user_agent="system")
_current: contextvars.ContextVar[RequestSource | None] = contextvars.ContextVar("request_source", default=None)


def current_source() -> RequestSource:
    return _current.get() or _SYSTEM


@contextmanager
def request_source(source: RequestSource):
    token = _current.set(source)
    try:
        yield
    finally:
        _current.reset(token)
