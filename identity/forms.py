from django import forms


class SignInForm(forms.Form):
    email = forms.EmailField(label="Email address", widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}))
    password = forms.CharField(label="Password", widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class SignUpForm(forms.Form):
    name = forms.CharField(label="Your name", max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(label="Email address", widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    alias = forms.CharField(
        label="Alias",
        max_length=100,
        help_text="Your user name in CodeCatalyst: 3–100 letters and digits, starting with a letter. "
        "It can never be changed.",
    )
    password = forms.CharField(
        label="Password",
        min_length=8,
        max_length=64,
        help_text="8–64 characters.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
