from catalyst_admin.errors import Forbidden, NotFound
from catalyst_admin.request_context import RequestSource, request_source
from catalyst_admin.views import error_page


class RequestContextMiddleware:
    """Make the request's source IP and user agent known to services; render domain 403/404s."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        source = RequestSource(
            source_ip=request.META.get("REMOTE_ADDR"),
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:512],
        )
        with request_source(source):
            return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Forbidden):
            return error_page(request, 403, exception.message)
        if isinstance(exception, NotFound):
            return error_page(request, 404, exception.message)
        return None
