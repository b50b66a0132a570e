import functools
import zoneinfo

from django import forms
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from catalyst_admin.errors import DomainError
from identity.people import services


class SignInForm(forms.Form):
    email = forms.EmailField(
        label="Email address", widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True})
    )
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
        error_messages={
            "min_length": "A password is 8–64 characters.",
            "max_length": "A password is 8–64 characters.",
        },
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


def _email_code_field(label: str) -> forms.CharField:
    """The field for a 6-digit code sent by email (verification, password reset)."""
    return forms.CharField(
        label=label,
        max_length=20,
        help_text="The 6 digits in the email we sent you. The code is valid for 10 minutes.",
        error_messages={"required": "Enter the code from the email."},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "spellcheck": "false"}
        ),
    )


class EmailCodeForm(forms.Form):
    code = _email_code_field("Verification code")


class PasswordForgotForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        help_text="The email address of your AWS Builder ID.",
        error_messages={
            "required": "Enter the email address of your AWS Builder ID.",
            "invalid": "Enter a valid email address, such as name@example.com.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )


class PasswordResetForm(forms.Form):
    """The code from the email and the new password; the service checks both and reports both."""

    code = _email_code_field("Password reset code")
    password = forms.CharField(
        label="New password",
        strip=False,
        max_length=200,
        help_text="8–64 characters.",
        error_messages={"required": "Enter a new password (8–64 characters)."},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


@functools.cache
def time_zone_choices():
    # available_timezones() walks the tz database on disk (about 50 ms): once per process.
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones() - {"localtime"})]


@functools.cache
def _time_zone_options() -> tuple[dict[str, str], dict[str, str]]:
    """Each time zone's ``<option>``, unselected and selected, written once per process."""
    plain = {value: format_html('<option value="{}">{}</option>', value, label) for value, label in time_zone_choices()}
    chosen = {
        value: format_html('<option value="{}" selected>{}</option>', value, label)
        for value, label in time_zone_choices()
    }
    return plain, chosen


class TimeZoneSelect(forms.Select):
    """The time zone list, as Django's Select writes it, from options written once per process:
    Django builds a dictionary per option on every render, about 6 ms for these 600 zones."""

    template_name = "identity/includes/time_zone_select.html"

    def get_context(self, name, value, attrs):
        # Widget's context (name, value as a list, attrs) without ChoiceWidget's option dictionaries.
        context = forms.Widget.get_context(self, name, value, attrs)
        selected = set(context["widget"]["value"])
        plain, chosen = _time_zone_options()
        context["widget"]["options_html"] = mark_safe(
            "\n".join(chosen[value] if value in selected else option for value, option in plain.items())
        )
        return context

    def use_required_attribute(self, initial):
        # Select's answer, from the first zone rather than from all 600 normalized again.
        return not self.is_hidden and self._choice_has_empty_value(time_zone_choices()[0])


class ProfileForm(forms.Form):
    """The editable part of My settings; alias, email address and user identifier are read-only.

    An SSO user's name and email come from the directory (the next sync would overwrite an
    edit): for them the form has the time zone only, and no Builder ID nickname."""

    name = forms.CharField(label="Name", max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    nickname = forms.CharField(
        label="Nickname",
        max_length=100,
        required=False,
        help_text="Your AWS Builder ID nickname is not your CodeCatalyst alias.",
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    time_zone = forms.ChoiceField(
        label="Time zone",
        required=False,
        choices=time_zone_choices,
        widget=TimeZoneSelect,
        help_text="Times in the console are shown in this time zone, and say so.",
    )

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault(
            "initial", {"name": user.name, "nickname": user.nickname, "time_zone": user.time_zone or "UTC"}
        )
        super().__init__(*args, **kwargs)
        if user.kind == "sso":
            del self.fields["name"]
            del self.fields["nickname"]

    def clean_time_zone(self):
        # Not sent (an older page, a script): the time zone stays as it is.
        return self.cleaned_data["time_zone"] or None


class AccessTokenCreateForm(forms.Form):
    """Name and expiration date of a new personal access token."""

    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="1–100 characters, to tell your tokens apart.",
        error_messages={"required": "Enter a name for the personal access token."},
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off"}),
    )
    expires_on = forms.DateField(
        label="Expiration date",
        help_text="By default, personal access tokens expire after one year.",
        error_messages={
            "required": "Enter an expiration date.",
            "invalid": "Enter a date such as 2030-01-31.",
        },
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    # A one-time id of this form: posting it again (a reload of the page that shows the secret)
    # creates no second token and shows no secret.
    form_id = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        if today is not None:
            self.fields["expires_on"].widget.attrs["min"] = today.isoformat()

    def clean_expires_on(self):
        # The service decides; asking it here shows this error together with any other.
        expires_on = self.cleaned_data["expires_on"]
        try:
            services.access_token_expiry_check(expires_on)
        except DomainError as error:
            raise forms.ValidationError(error.message) from None
        return expires_on


class NotificationPreferencesForm(forms.Form):
    """One Email and one Slack checkbox per event kind, laid out as a table by the template."""

    CHANNELS = (("email", "Email"), ("slack", "Slack"))

    def __init__(self, *args, events, **kwargs):
        super().__init__(*args, **kwargs)
        self.events = list(events)
        for value, label in self.events:
            for channel, channel_label in self.CHANNELS:
                self.fields[f"{value}_{channel}"] = forms.BooleanField(
                    label=f"{channel_label}: {label}", required=False
                )

    def rows(self):
        """(event label, email field, slack field) for each event kind, in order."""
        return [(label, self[f"{value}_email"], self[f"{value}_slack"]) for value, label in self.events]

    def rows_html(self) -> str:
        """The table's ``<tr>`` of each event kind, its two checkboxes labelled for screen readers, in
        Python (tests/identity/test_notification_rows.py renders the template loop it replaced)."""
        e = conditional_escape
        return mark_safe(
            "".join(
                f'<tr>\n        <th scope="row">{e(label)}</th>\n'
                + "".join(
                    f'        <td class="check">{field}<label class="visually-hidden" for="{e(field.id_for_label)}">'
                    f"{e(field.label)}</label></td>\n"
                    for field in (email, slack)
                )
                + "      </tr>"
                for label, email, slack in self.rows()
            )
        )

    def choices(self) -> dict[str, dict[str, bool]]:
        return {
            value: {channel: self.cleaned_data[f"{value}_{channel}"] for channel, _ in self.CHANNELS}
            for value, _ in self.events
        }

    @classmethod
    def initial_from(cls, rows) -> dict[str, bool]:
        """Initial values from ``services.notification_preferences``."""
        initial = {}
        for row in rows:
            for channel, _ in cls.CHANNELS:
                initial[f"{row['event']}_{channel}"] = row[channel]
        return initial


class AwsProfileForm(forms.Form):
    """My settings → AWS CLI and SDKs: the PAT to write into an ``sso_session`` profile's cache file."""

    token = forms.CharField(
        label="Personal access token",
        max_length=4000,
        help_text="Paste the secret of one of your personal access tokens. It is checked, never stored.",
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )
    profile = forms.RegexField(
        label="Profile name",
        regex=r"^[A-Za-z0-9_-]{1,64}$",
        initial="codecatalyst",
        help_text="The profile and SSO session name in ~/.aws/config: letters, digits, hyphens, underscores.",
        error_messages={"invalid": "Use 1–64 letters, digits, hyphens or underscores."},
    )
