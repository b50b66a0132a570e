from django.contrib import messages
from django.contrib.auth import login, logout
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from catalyst_admin.errors import DomainError
from catalyst_admin.forms import add_domain_error

from . import services
from .forms import SignInForm, SignUpForm


def _next_url(request, default="spaces:list"):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


def signin(request):
    if request.user.is_authenticated:
        return redirect(_next_url(request))
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.console_sign_in_user(email=form.cleaned_data["email"], password=form.cleaned_data["password"])
        if user is None:
            form.add_error(None, "The email address or password is not correct. Check them and try again.")
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect(_next_url(request))
    return render(request, "identity/signin.html", {"form": form, "next": request.GET.get("next", "")})


def signup(request):
    if request.user.is_authenticated:
        return redirect("spaces:list")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.builder_id_sign_up(**form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"Welcome to CodeCatalyst, {user.name}. Your AWS Builder ID is ready.")
            return redirect("spaces:list")
    return render(request, "identity/signup.html", {"form": form})


@require_POST
def signout(request):
    logout(request)
    messages.success(request, "You are signed out.")
    return redirect("identity:signin")
