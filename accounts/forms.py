"""Input of the emulated AWS Management Console's pages. Rules live in services.py."""

import json

from django import forms

from catalyst_admin.errors import DomainError

from . import services
from .models import CODECATALYST_PRINCIPALS

CODECATALYST_TRUST_POLICY_EXAMPLE = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": list(CODECATALYST_PRINCIPALS)},
                "Action": "sts:AssumeRole",
            }
        ],
    },
    indent=2,
)


class ConsoleSignInForm(forms.Form):
    account_id = forms.CharField(
        label="Account ID (12 digits)",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autofocus": True, "autocomplete": "off"}),
    )
    user_name = forms.CharField(
        label="IAM user name", max_length=64, widget=forms.TextInput(attrs={"autocomplete": "username"})
    )
    password = forms.CharField(
        label="Password", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    def clean_account_id(self):
        # The console shows account IDs as 4444-5555-6666; accept them pasted back that way.
        value = self.cleaned_data["account_id"].replace("-", "").replace(" ", "")
        try:
            return services.validate_account_id(value)
        except DomainError as error:
            raise forms.ValidationError(error.message) from None


class IamRoleCreateForm(forms.Form):
    name = forms.CharField(
        label="Role name",
        help_text="Maximum 64 characters. Use alphanumeric and '+=,.@-_' characters.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    description = forms.CharField(
        label="Description",
        required=False,
        help_text="Maximum 1000 characters.",
        widget=forms.Textarea(attrs={"rows": 2, "class": "prose"}),
    )
    trust_policy = forms.CharField(
        label="Trust policy",
        initial=CODECATALYST_TRUST_POLICY_EXAMPLE,
        strip=False,
        help_text="The trusted entities that may assume this role, as a JSON policy document. "
        "The example lets CodeCatalyst workflows (codecatalyst-runner.amazonaws.com) and CodeCatalyst "
        "(codecatalyst.amazonaws.com) assume it.",
        widget=forms.Textarea(attrs={"rows": 16, "spellcheck": "false"}),
    )
    permissions_policy = forms.CharField(
        label="Permissions policy",
        required=False,
        strip=False,
        help_text="What the role may do, as a JSON policy document. You can leave it empty and add "
        "permissions later.",
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
    )
