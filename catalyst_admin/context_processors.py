"""Template context for every page rendered with a request."""


def csp(request):
    """``csp_nonce``: this request's Content-Security-Policy nonce, for a ``<script>`` or
    ``<style>`` tag that must be inline (``nonce="{{ csp_nonce }}"``)."""
    return {"csp_nonce": getattr(request, "csp_nonce", "")}
