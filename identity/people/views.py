"""CodeCatalyst people at the door and at home: sign-in, sign-up and sign-out with an AWS Builder
ID, and My settings (profile, personal access tokens, notifications).

Seed: "Viewing and configuring your user profile" — alias, email address and user identifier
can be viewed but not edited; name and nickname can be edited.
"""

import secrets

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from catalyst_admin import signin_throttle
from catalyst_admin.errors import DomainError
from catalyst_admin.forms import add_domain_error
from genai import selectors as genai_selectors
from identity.people import aws_setup, selectors, services
from identity.people import password_reset as resets
from identity.people.backends import MODEL_BACKEND
from identity.people.forms import (
    AccessTokenCreateForm,
    AwsProfileForm,
    EmailCodeForm,
    NotificationPreferencesForm,
    PasswordForgotForm,
    PasswordResetForm,
    ProfileForm,
    SignInForm,
    SignUpForm,
)
from identity.people.models import NotificationPreference

# The Builder ID that proved its password (at sign-up or sign-in) and now has to enter the code
# sent to its email address, on the "Verify your email" page.
VERIFY_USER_KEY = "identity_verify_user_id"
# After a sign-up with an address that has an account: that address, and the wrong codes typed.
VERIFY_DECOY_KEY = "identity_verify_decoy"
# The address typed on "Forgot password", for the "Reset your password" page that follows.
RESET_EMAIL_KEY = "identity_password_reset_email"


def _next_url(request, default=None):
    """Where a sign-in goes: the page asked for, else the person's home: the operations pages
    for staff (they have no spaces), Your spaces for everyone else."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    if default:
        return default
    return "ops:home" if request.user.is_authenticated and request.user.is_staff else "spaces:list"


def signin(request):
    if request.user.is_authenticated:
        return redirect(_next_url(request))
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Throttled per email typed (known or not) and per client address: see AXES_* in settings.
        throttle_name = form.cleaned_data["email"].strip().lower()
        if locked := signin_throttle.signin_refused(request, username=throttle_name, sender=__name__):
            return locked
        user = selectors.console_sign_in_user(email=form.cleaned_data["email"], password=form.cleaned_data["password"])
        if user is None:
            if locked := signin_throttle.signin_failed(request, username=throttle_name, sender=__name__):
                return locked
            form.add_error(None, "The email address or password is not correct. Check them and try again.")
        elif user.email_verification_pending:
            request.session[VERIFY_USER_KEY] = user.pk
            form.add_error(None, f"Verify your email address before you sign in: enter the code sent to {user.email}.")
            return render(request, "identity/signin.html", {"form": form, "unverified": True})
        else:
            login(request, user, backend=MODEL_BACKEND)
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
            if user is None:  # the address has an account: answer as for a new one (see the service)
                request.session.pop(VERIFY_USER_KEY, None)
                request.session[VERIFY_DECOY_KEY] = {"email": form.cleaned_data["email"].strip().lower(), "wrong": 0}
            else:
                request.session.pop(VERIFY_DECOY_KEY, None)
                request.session[VERIFY_USER_KEY] = user.pk
            return redirect("identity:verify_email")
    return render(request, "identity/signup.html", {"form": form})


def _verify_decoy(request, decoy):
    """The code page after a sign-up with an address that has an account: the same page and the same
    answers as for a new account, where no code is right."""
    form = EmailCodeForm()
    if request.method == "POST" and request.POST.get("action") == "resend":
        request.session[VERIFY_DECOY_KEY] = {**decoy, "wrong": 0}
        messages.success(request, f"A new code was sent to {decoy['email']}. It is valid for 10 minutes.")
        return redirect("identity:verify_email")
    if request.method == "POST":
        form = EmailCodeForm(request.POST)
        if form.is_valid():
            try:
                services.sign_up_decoy_code_check(wrong_before=decoy["wrong"])
            except DomainError as error:
                add_domain_error(form, error)
            request.session[VERIFY_DECOY_KEY] = {**decoy, "wrong": decoy["wrong"] + 1}
    return render(request, "identity/verify_email.html", {"form": form, "email": decoy["email"]})


def verify_email(request):
    """Verify your email: enter the 6-digit code sent at sign-up, or send a new one."""
    if request.user.is_authenticated:
        return redirect("spaces:list")
    decoy = request.session.get(VERIFY_DECOY_KEY)
    if decoy and VERIFY_USER_KEY not in request.session:
        return _verify_decoy(request, decoy)
    user = selectors.email_verification_user(request.session.get(VERIFY_USER_KEY))
    if user is None:
        request.session.pop(VERIFY_USER_KEY, None)
        messages.info(request, "Sign in with your AWS Builder ID to verify its email address.")
        return redirect("identity:signin")
    form = EmailCodeForm()
    if request.method == "POST" and request.POST.get("action") == "resend":
        try:
            services.email_verification_resend(user=user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"A new code was sent to {user.email}. It is valid for 10 minutes.")
        return redirect("identity:verify_email")
    if request.method == "POST":
        form = EmailCodeForm(request.POST)
        if form.is_valid():
            try:
                services.email_verification_confirm(user=user, code=form.cleaned_data["code"])
            except DomainError as error:
                add_domain_error(form, error)
            else:
                request.session.pop(VERIFY_USER_KEY, None)
                login(request, user, backend=MODEL_BACKEND)
                messages.success(
                    request,
                    f"Welcome to CodeCatalyst, {user.name}. Your email address is verified and your "
                    "AWS Builder ID is ready.",
                )
                return redirect("spaces:list")
    return render(request, "identity/verify_email.html", {"form": form, "email": user.email})


def password_forgot(request):
    """Forgot password: the address of a Builder ID, to send it a code. The next page is the same
    whether or not the address has an account (see identity/people/password_reset.py)."""
    if request.user.is_authenticated:
        return redirect("spaces:list")
    form = PasswordForgotForm(request.POST or None, initial={"email": request.GET.get("email", "")})
    if request.method == "POST" and form.is_valid():
        try:
            resets.password_reset_request(
                email=form.cleaned_data["email"], client_address=request.META.get("REMOTE_ADDR")
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            request.session[RESET_EMAIL_KEY] = form.cleaned_data["email"].strip().lower()
            return redirect("identity:password_reset")
    return render(request, "identity/password_forgot.html", {"form": form})


def password_reset(request):
    """Reset your password: the code from the email and a new password; or send a new code."""
    if request.user.is_authenticated:
        return redirect("spaces:list")
    email = request.session.get(RESET_EMAIL_KEY)
    if not email:
        messages.info(request, "Enter the email address of your AWS Builder ID to get a password reset code.")
        return redirect("identity:password_forgot")
    form = PasswordResetForm()
    if request.method == "POST" and request.POST.get("action") == "resend":
        try:
            resets.password_reset_request(email=email, client_address=request.META.get("REMOTE_ADDR"))
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                f"If an AWS Builder ID has the address {email}, a new code is on its way (at most one every "
                "half minute). It is valid for 10 minutes.",
            )
        return redirect("identity:password_reset")
    if request.method == "POST":
        form = PasswordResetForm(request.POST)
        if form.is_valid():
            try:
                user = resets.password_reset_confirm(email=email, **form.cleaned_data)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                request.session.pop(RESET_EMAIL_KEY, None)
                login(request, user, backend=MODEL_BACKEND)
                messages.success(request, "Your password is changed, and you are signed in.")
                return redirect(_next_url(request))
    return render(request, "identity/password_reset.html", {"form": form, "email": email})


@require_http_methods(["GET", "POST"])
def signout(request):
    """A POST signs out; a GET (a typed or bookmarked /signout/) shows the Sign out button."""
    if request.method == "GET":
        if not request.user.is_authenticated:
            return redirect("identity:signin")
        return render(request, "identity/signout.html")
    logout(request)
    messages.success(request, "You are signed out.")
    return redirect("identity:signin")


# My settings ------------------------------------------------------------------------------------

# Ids of token forms already used in this session (see AccessTokenCreateForm.form_id); a few
# suffice, they only have to outlive a reload of the page that showed the secret.
USED_TOKEN_FORMS_KEY = "identity_used_token_forms"
USED_TOKEN_FORMS_KEPT = 20


def _notification_form(user, data=None):
    return NotificationPreferencesForm(
        data,
        events=NotificationPreference.Event.choices,
        initial=NotificationPreferencesForm.initial_from(selectors.notification_preferences(user)),
    )


def _section(anchor: str) -> str:
    """My settings, scrolled to the section just saved."""
    return f"{reverse('identity:settings')}#{anchor}"


@login_required
def my_settings(request):
    """The page itself; a POST here saves the profile (name, nickname, time zone)."""
    user = request.user
    form = ProfileForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_update(user=user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Changes saved. Your profile is updated.")
            return redirect(_section("profile"))
    return render(
        request,
        "identity/settings.html",
        {
            "profile_form": form,
            "tokens": selectors.my_access_tokens(user),
            "max_tokens": services.MAX_TOKENS_PER_USER,
            "notification_form": _notification_form(user),
            **_aws_context(request),
            "genai_usage": genai_selectors.my_usage(user),
        },
    )


def _aws_context(request, profile_form=None) -> dict:
    endpoint = aws_setup.console_endpoint(request.get_host())
    return {
        "aws_endpoint": endpoint,
        "aws_environment": "\n".join(aws_setup.environment_lines(endpoint)),
        "aws_profile_form": profile_form or AwsProfileForm(),
    }


@never_cache
@login_required
@require_POST
def aws_profile(request):
    """The ``~/.aws/config`` profile and SSO-cache file for a PAT the person pastes (theirs, unexpired),
    shown to copy and offered as downloads. The secret is in this answer only, as on the page that
    created it: nothing is stored, and nothing is written on anyone's machine."""
    form = AwsProfileForm(request.POST)
    token = None
    if form.is_valid():
        token = selectors.access_token_of(request.user, form.cleaned_data["token"])
        if token is None:
            form.add_error("token", "That is not one of your personal access tokens, or it has expired.")
    if token is None:
        return render(request, "identity/aws_profile.html", {"form": form, **_aws_context(request, form)}, status=400)
    endpoint = _aws_context(request)["aws_endpoint"]
    files = aws_setup.sso_profile_files(
        endpoint,
        profile=form.cleaned_data["profile"],
        secret=form.cleaned_data["token"].strip(),
        expires_on=token.expires_on,
    )
    download = request.POST.get("download")
    if download in ("config", "sso-cache"):
        content, path = (files.config, files.config_path) if download == "config" else (files.cache, files.cache_path)
        response = HttpResponse(content, content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{path.rsplit("/", 1)[1]}"'
        return response
    return render(request, "identity/aws_profile.html", {"form": form, "files": files, "token": token})


@never_cache
@login_required
def token_create(request):
    """Create a personal access token and show its secret in the answer to the POST, once.

    The secret is never stored (only its hash) nor put in the session: it exists only in this
    one response, which browsers are told not to cache.
    """
    today = timezone.localdate()
    if request.method != "POST":
        form = AccessTokenCreateForm(
            initial={"expires_on": services.default_token_expiry(), "form_id": secrets.token_urlsafe(16)},
            today=today,
        )
        return render(request, "identity/token_create.html", {"form": form})

    form = AccessTokenCreateForm(request.POST, today=today)
    if form.is_valid():
        form_id = form.cleaned_data["form_id"]
        used = request.session.get(USED_TOKEN_FORMS_KEY, [])
        if form_id and form_id in used:
            messages.info(
                request,
                "That personal access token was already created, and its secret is shown only once. "
                "If you did not copy it, delete the token and create a new one.",
            )
            return redirect(_section("tokens"))
        try:
            token, secret = services.access_token_create(
                user=request.user, name=form.cleaned_data["name"], expires_on=form.cleaned_data["expires_on"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            if form_id:
                request.session[USED_TOKEN_FORMS_KEY] = (used + [form_id])[-USED_TOKEN_FORMS_KEPT:]
            return render(request, "identity/token_created.html", {"token": token, "secret": secret})
    return render(request, "identity/token_create.html", {"form": form})


@login_required
@require_POST
def token_delete(request, token_id):
    token = services.access_token_delete(user=request.user, token_id=token_id)
    messages.success(request, f"Personal access token {token.name} was deleted.")
    return redirect(_section("tokens"))


@login_required
@require_POST
def notifications_save(request):
    form = _notification_form(request.user, request.POST)
    if form.is_valid():
        services.notification_preferences_save(user=request.user, choices=form.choices())
        messages.success(request, "Changes saved. Your notification preferences are updated.")
    else:
        messages.error(request, "Your notification preferences could not be read. Try again.")
    return redirect(_section("notifications"))
