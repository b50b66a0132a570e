from django import forms


class ConsoleSignInForm(forms.Form):
    account_id = forms.CharField(
        label="Account ID (12 digits)", max_length=12, widget=forms.TextInput(attrs={"inputmode": "numeric", "autofocus": True})
    )
    user_name = forms.CharField(label="IAM user name", max_length=64, widget=forms.TextInput(attrs={"autocomplete": "username"}))
    password = forms.CharField(label="Password", widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
