"""Input of the account connection pages of both consoles. Rules live in the services."""

from django import forms

from accounts.aws.ids import validate_account_id
from catalyst_admin.errors import DomainError

from . import services
from .services import TOKEN_LIFETIME_TEXT


def _account_id_field(label="AWS account ID"):
    return forms.CharField(
        label=label,
        max_length=20,
        help_text="The twelve-digit ID of the AWS account, for example 111122223333.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}),
    )


class ConnectionRequestForm(forms.Form):
    """ "Associate AWS account with Amazon CodeCatalyst" (seed 001, "Step 1")."""

    aws_account_id = _account_id_field()
    display_name = forms.CharField(
        label="Amazon CodeCatalyst display name",
        max_length=100,
        help_text="A reference name for the account in this space.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    description = forms.CharField(
        label="Connection description",
        required=False,
        max_length=200,
        help_text="Helps people choose the projects where the account and its roles apply. At most 200 characters.",
        widget=forms.Textarea(attrs={"rows": 3, "class": "prose"}),
    )

    def __init__(self, *args, space=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.space = space

    def clean_aws_account_id(self):
        # The service decides; asking it here shows the account's problem together with any other.
        value = self.cleaned_data["aws_account_id"].replace("-", "").replace(" ", "")
        try:
            if self.space is None:
                return validate_account_id(value)
            return services.connection_request_account_check(space=self.space, aws_account_id=value)
        except DomainError as error:
            raise forms.ValidationError(error.message) from None


class VerifySpaceForm(forms.Form):
    """ "Verify Amazon CodeCatalyst space" (seed 001, "Step 2")."""

    token = forms.CharField(
        label="Verification token",
        max_length=400,
        help_text=f"The connection token from the AWS account details page in CodeCatalyst. "
        f"Tokens are valid for {TOKEN_LIFETIME_TEXT} and work once.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "class": "mono"}),
    )
    authorize_paid_tiers = forms.BooleanField(
        label="Authorize paid tiers (Standard, Enterprise)",
        required=False,
        help_text="This does not upgrade the billing tier to a paid tier. However, this configures the AWS "
        "account so that you can change the billing tier for your space at any time in CodeCatalyst. You can "
        "turn on the paid tiers at any time. Without making this change, the space is only able to use the "
        "Free tier.",
    )


class AllowedBillingTiersForm(forms.Form):
    """ "Update allowed billing tiers" (seed 000, "Changing allowed tiers for a billing account")."""

    paid = forms.BooleanField(
        label="PAID (STANDARD, ENTERPRISE)",
        required=False,
        help_text="To keep the paid tiers, leave it selected. To turn off paid tiers, deselect it.",
    )


class RemoveSpaceForm(forms.Form):
    """ "Remove CodeCatalyst space from this account": type the space name to confirm."""

    confirm_name = forms.CharField(label="Type the space name to confirm", max_length=100)

    def __init__(self, *args, space_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirm_name"].label = f"To confirm, type {space_name}"
        self.fields["confirm_name"].widget.attrs["autocomplete"] = "off"


class ConnectionRoleAddForm(forms.Form):
    """Add an IAM role to a connection: chosen from the account's roles or entered by ARN."""

    role = forms.ChoiceField(label="Choose from the account's IAM roles", required=False)
    role_arn = forms.CharField(
        label="Or enter the role ARN",
        required=False,
        max_length=2048,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, roles, account_id: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", "Choose a role")] + [(role.arn, role.name) for role in roles]
        if not roles:
            self.fields["role"].help_text = f"AWS account {account_id} has no other IAM roles to choose from."
        self.fields["role_arn"].help_text = (
            f"For example arn:aws:iam::{account_id}:role/codecatalyst-build-role, copied from the role's "
            "Summary page in the IAM console."
        )

    def clean(self):
        cleaned = super().clean()
        chosen, typed = cleaned.get("role"), (cleaned.get("role_arn") or "").strip()
        if chosen and typed and chosen != typed:
            raise forms.ValidationError("Choose a role or enter an ARN, not both.")
        if not chosen and not typed and not self.errors:
            self.add_error("role_arn", "Choose an IAM role, or enter the ARN of one.")
        cleaned["arn"] = chosen or typed
        return cleaned


class _IdsChoiceField(forms.ModelMultipleChoiceField):
    """Chosen rows by id. An id beyond what the database stores (2**63) is no choice at all: a
    form error, where SQLite would raise OverflowError (a 500) looking it up."""

    MAX_ID = 2**63 - 1

    def _check_values(self, value):
        for pk in value:
            text = str(pk).strip()
            if text.isdigit() and int(text) > self.MAX_ID:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": text}
                )
        return super()._check_values(value)


class ProjectRestrictionForm(forms.Form):
    """ "Enable project restrictions": the projects that may use the account."""

    projects = _IdsChoiceField(
        label="Projects",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one project that may use this AWS account."},
    )

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["projects"].queryset = projects
        self.fields["projects"].label_from_instance = lambda project: project.name


class ManageTagsForm:
    """The "Manage tags" page's one form: rows of key and value, with "Add tag", "Remove" on a
    row and "Save changes". Adding and removing rows only redraws the form; saving replaces the
    tags through the service."""

    MAX_ROWS = 60  # a few more than the 50 allowed, so a 51st tag reaches the rule and its message

    def __init__(self, data=None, *, initial=()):
        self.action = "show"
        self.remove_index = None
        if data is None:
            self.rows = [list(pair) for pair in initial]
            return
        keys, values = data.getlist("key")[: self.MAX_ROWS], data.getlist("value")[: self.MAX_ROWS]
        values += [""] * (len(keys) - len(values))
        self.rows = [[k, v] for k, v in zip(keys, values, strict=False)]
        if "add" in data:
            self.action = "add"
            if len(self.rows) < self.MAX_ROWS:
                self.rows.append(["", ""])
        elif data.get("remove", "").isdigit():
            self.action = "remove"
            index = int(data["remove"])
            if index < len(self.rows):
                del self.rows[index]
        else:
            self.action = "save"
