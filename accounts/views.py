"""The emulated AWS Management Console: sign-in, account switching, home."""

from functools import wraps

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from catalyst_admin.errors import DomainError
from catalyst_admin.forms import add_domain_error

from . import services
from .forms import ConsoleSignInForm
from .middleware import SESSION_ACCOUNT, SESSION_USER


def console_login_required(view):
    """Send visitors who are not signed in to the AWS console to its sign-in page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.aws_account is None:
            return redirect(f"{reverse('aws:signin')}?next={request.get_full_path()}")
        return view(request, *args, **kwargs)

    return wrapper


def signin(request):
    form = ConsoleSignInForm(request.POST or None, initial={"account_id": request.GET.get("account", "")})
    if request.method == "POST" and form.is_valid():
        try:
            user, account = services.console_authenticate(**form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            request.session.cycle_key()
            request.session[SESSION_USER] = user.pk
            request.session[SESSION_ACCOUNT] = account.pk
            target = request.POST.get("next") or request.GET.get("next") or ""
            return redirect(target if target.startswith("/aws/") else "aws:home")
    return render(request, "aws/signin.html", {"form": form, "next": request.GET.get("next", "")})


@require_POST
def signout(request):
    request.session.pop(SESSION_USER, None)
    request.session.pop(SESSION_ACCOUNT, None)
    messages.success(request, "You are signed out of the AWS Management Console.")
    return redirect("aws:signin")


@console_login_required
def home(request):
    return render(request, "aws/home.html", {})
