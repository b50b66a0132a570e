"""Signing in with SSO: choose the company, then sign in on its emulated AWS access portal."""

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import get_object_or_404, redirect, render

from catalyst_admin.errors import DomainError
from catalyst_admin.forms import add_domain_error

from . import federation
from .models import IdentityCenterApplication


class CompanyForm(forms.Form):
    application = forms.ModelChoiceField(
        label="Choose your company",
        queryset=IdentityCenterApplication.objects.none(),
        empty_label="Choose a company",
        to_field_name="application_id",
        help_text="Your company's name as your administrator set it up for CodeCatalyst.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = federation.sso_applications()
        self.fields["application"].label_from_instance = lambda app: app.display_name


class AccessPortalForm(forms.Form):
    user_name = forms.CharField(
        label="Username", max_length=128, widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True})
    )
    password = forms.CharField(label="Password", widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


def choose_company(request):
    form = CompanyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return redirect("identity:sso_portal", form.cleaned_data["application"].application_id)
    return render(request, "identity/sso_company.html", {"form": form})


def access_portal(request, application_id):
    application = get_object_or_404(federation.sso_applications(), application_id=application_id)
    form = AccessPortalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = federation.sso_authenticate(application=application, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"Signed in to {application.display_name} as {user.display_name}.")
            return redirect("spaces:list")
    return render(request, "identity/sso_portal.html", {"form": form, "application": application})
