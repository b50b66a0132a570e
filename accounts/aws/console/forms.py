"""Input of the AWS console's sign-in page."""

from django import forms

from accounts.aws.ids import validate_account_id
from catalyst_admin.errors import DomainError


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
            return validate_account_id(value)
        except DomainError as error:
            raise forms.ValidationError(error.message) from None
