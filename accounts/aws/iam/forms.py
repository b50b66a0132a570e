"""Input of the IAM console's pages."""

import json

from django import forms

from accounts.aws.iam.policies import CODECATALYST_TRUST_STATEMENT

CODECATALYST_TRUST_POLICY_EXAMPLE = json.dumps(
    {"Version": "2012-10-17", "Statement": [CODECATALYST_TRUST_STATEMENT]},
    indent=2,
)


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
        help_text="What the role may do, as a JSON policy document. You can leave it empty and add permissions later.",
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
    )
