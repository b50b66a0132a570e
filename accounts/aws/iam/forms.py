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


EC2_READ_POLICY_EXAMPLE = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": ["ec2:Describe*", "ec2:*VpcEndpoint*"], "Resource": "*"}],
    },
    indent=2,
)


class IamUserCreateForm(forms.Form):
    name = forms.CharField(
        label="User name",
        help_text="The user name can have up to 64 characters. Valid characters: A-Z, a-z, 0-9, and + = , . @ _ - "
        "(hyphen).",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    permissions_policy = forms.CharField(
        label="Permissions policy",
        required=False,
        strip=False,
        initial=EC2_READ_POLICY_EXAMPLE,
        help_text="What the user's access keys may do, as a JSON policy document (an inline policy). The example "
        "allows every EC2 Describe action and the VPC endpoint actions. Empty: the user may do nothing.",
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
    )


class AccessKeyCreateForm(forms.Form):
    acknowledged = forms.BooleanField(
        label="I understand the above recommendation and want to proceed to create an access key.",
        error_messages={"required": "Confirm that you understand the recommendation to create an access key."},
    )


class AccessKeyDeleteForm(forms.Form):
    confirmation = forms.CharField(
        label="To confirm deletion, enter the access key ID in the text input field.",
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
