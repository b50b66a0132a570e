from django.http import HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static


def home(request):
    if request.user.is_authenticated:
        return redirect("ops:home" if request.user.is_staff else "spaces:list")
    return redirect("identity:signin")


def favicon(request):
    """/favicon.ico, which browsers ask for on their own: the console's icon. Looked up per request,
    since the static files' manifest exists only after collectstatic."""
    return redirect(static("favicon.svg"), permanent=True)


def error_page(request, status: int, reason: str | None = None):
    """A 400/403/404 page in the look of the console the person is in: the emulated AWS
    Management Console under /aws/, the CodeCatalyst console everywhere else."""
    in_aws = request.path.startswith("/aws/")
    if status == 403:
        template = "aws/forbidden.html" if in_aws else "403.html"
    else:
        template = "aws/not_found.html" if in_aws else "404.html"
    context = {"reason": reason, "layout": "console.html"}
    # Raised inside a space (spaces.pages.in_space): keep the space's navigation and switcher.
    space_context = getattr(request, "space_page_context", None)
    if space_context is not None and not in_aws:
        context.update(space_context(), layout="spaces/space_layout.html")
    return render(request, template, context, status=status)


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)


def not_found(request, exception=None):
    return error_page(request, 404)


def forbidden(request, exception=None):
    reason = str(exception) if exception and str(exception) else None
    return error_page(request, 403, reason)


def bad_request(request, exception=None):
    return error_page(request, 400, "The request was not understood.")


def server_error(request):
    """The 500 page, in the look of the console the address belongs to. Rendered without the
    context processors (they read the database, which may be what failed)."""
    in_aws = request.path.startswith("/aws/")
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"in_aws": in_aws, "csp_nonce": getattr(request, "csp_nonce", "")}))
