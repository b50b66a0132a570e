import secrets
import zoneinfo

from django.conf import settings
from django.utils import timezone

from catalyst_admin.errors import Forbidden, NotFound
from catalyst_admin.request_context import RequestSource, request_source
from catalyst_admin.views import error_page, server_error


class RequestContextMiddleware:
    """Make the request's source IP and user agent known to services; show times in the signed-in
    person's time zone (My settings); render domain 403/404s."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        source = RequestSource(
            source_ip=request.META.get("REMOTE_ADDR"),
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:512],
        )
        with request_source(source), timezone.override(_time_zone_of(request)):
            return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Forbidden):
            return error_page(request, 403, exception.message)
        if isinstance(exception, NotFound):
            return error_page(request, 404, exception.message)
        return None


class NoTechnicalPagesMiddleware:
    """With DEBUG on (``make run``), Django answers an unknown address or an uncaught error with
    its technical page (every URL pattern, or a traceback with settings). A person never sees
    those unless ``settings.TECHNICAL_ERROR_PAGES`` asks for them: they become the console's own
    404 and 500 pages, in the look of the console the address belongs to. The traceback is still
    logged by Django (``django.request``), and DEBUG's other conveniences stay."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.TECHNICAL_ERROR_PAGES or not _is_debug_page(response):
            return response
        if response.status_code == 404:
            return error_page(request, 404)
        return server_error(request)


def _time_zone_of(request):
    user = getattr(request, "user", None)
    name = getattr(user, "time_zone", "") if user is not None and user.is_authenticated else ""
    try:
        return zoneinfo.ZoneInfo(name) if name else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


class ContentSecurityPolicyMiddleware:
    """Send a Content-Security-Policy on every answer: scripts and styles only from our own
    static files or a tag carrying this request's nonce (``{{ csp_nonce }}`` in templates, from
    ``catalyst_admin.context_processors.csp``); no inline handlers, no ``style`` attributes.

    The policy is ``settings.CSP_POLICY`` with ``{nonce}`` filled in; under a prefix of
    ``settings.CSP_POLICY_EXCEPTIONS`` (Django's admin) that entry's policy is sent instead."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(18)
        response = self.get_response(request)
        if "Content-Security-Policy" not in response and not _is_debug_page(response):
            response["Content-Security-Policy"] = policy_for(request.path_info, request.csp_nonce)
        return response


def _is_debug_page(response) -> bool:
    """Django's technical 404 and 500 pages (DEBUG only), whose inline styles and scripts are
    Django's own: ``<meta name="robots" content="NONE,NOARCHIVE">`` marks both."""
    return (
        settings.DEBUG
        and response.status_code in (404, 500)
        and not getattr(response, "streaming", False)
        and b'<meta name="robots" content="NONE,NOARCHIVE">' in response.content
    )


def policy_for(path: str, nonce: str) -> str:
    policy = settings.CSP_POLICY
    for prefix, exception in settings.CSP_POLICY_EXCEPTIONS.items():
        if path.startswith(prefix):
            policy = exception
            break
    return policy.format(nonce=nonce)
