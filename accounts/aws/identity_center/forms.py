"""Input of the emulated IAM Identity Center pages. The rules live in the services; these
forms only check the shape of what was typed or chosen."""

from django import forms

from accounts.aws.identity_center import services as directory
from accounts.aws.identity_center.models import IdentityCenterInstance

SEED_003_POLICY_HINT = (
    'An IAM policy document, for example {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", '
    '"Action": ["codewhisperer:ListProfiles"], "Resource": ["*"]}]}. Leave it empty for no inline policy.'
)


class EnableIdentityCenterForm(forms.Form):
    region = forms.ChoiceField(
        label="Region",
        choices=[("", "Choose a Region")]
        + [
            (code, f"{label} (opt-in Region)" if code in directory.OPT_IN_REGIONS else label)
            for code, label in directory.IDENTITY_CENTER_REGIONS
        ],
        help_text="IAM Identity Center stores its identity data in this Region. For compatibility with "
        "CodeWhisperer, choose a Region that is enabled by default, not an opt-in Region.",
    )


class DirectoryUserCreateForm(forms.Form):
    user_name = forms.CharField(
        label="User name",
        max_length=200,
        help_text="Up to 128 characters: letters, digits and + = , . @ _ -. It cannot be changed later.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    display_name = forms.CharField(label="Display name", max_length=2000)
    email = forms.CharField(
        label="Email address", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    password = forms.CharField(
        label="Password for the access portal",
        required=False,
        strip=False,
        max_length=200,
        help_text="8–64 characters. The user signs in to the AWS access portal with it. You can set it later.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    enabled = forms.BooleanField(
        label="Enabled", required=False, initial=True, help_text="A disabled user cannot sign in."
    )


class DirectoryUserEditForm(forms.Form):
    display_name = forms.CharField(label="Display name", max_length=2000)
    email = forms.CharField(
        label="Email address", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    password = forms.CharField(
        label="New password for the access portal",
        required=False,
        strip=False,
        max_length=200,
        help_text="8–64 characters. Leave it empty to keep the current password.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class DirectoryGroupForm(forms.Form):
    display_name = forms.CharField(
        label="Group name",
        max_length=2000,
        help_text="1–1024 characters. Group names are unique in the identity store.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    description = forms.CharField(
        label="Description",
        required=False,
        max_length=2000,
        help_text="Up to 1024 characters.",
        widget=forms.Textarea(attrs={"rows": 2, "class": "prose"}),
    )


class AddUsersToGroupForm(forms.Form):
    """The checked rows of "Add users to group"; the page renders the checkboxes itself."""

    users = forms.ModelMultipleChoiceField(
        label="Users",
        queryset=None,
        to_field_name="user_id",
        error_messages={"required": "Choose at least one user to add."},
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["users"].queryset = candidates


class IdentitySourceForm(forms.Form):
    identity_source = forms.ChoiceField(
        label="Identity source",
        choices=IdentityCenterInstance.Source.choices,
        widget=forms.RadioSelect,
        help_text="Where IAM Identity Center reads its users and groups from.",
    )


class DelegatedAdministratorForm(forms.Form):
    account = forms.ModelChoiceField(
        label="Member account",
        queryset=None,
        to_field_name="account_id",
        empty_label="Choose a member account",
        help_text="The account that will administer IAM Identity Center instead of the management account.",
    )

    def __init__(self, *args, accounts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = accounts
        self.fields["account"].label_from_instance = lambda a: f"{a.name} ({a.account_id})"


class StoreDeleteForm(forms.Form):
    confirmation = forms.CharField(
        label="Identity store ID", max_length=100, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )

    def __init__(self, *args, store_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirmation"].label = f"To confirm deletion, type the identity store ID {store_id}"


class PermissionSetCreateForm(forms.Form):
    permission_set_type = forms.ChoiceField(
        label="Permission set type",
        choices=[("custom", "Custom permission set")],
        initial="custom",
        widget=forms.RadioSelect,
        help_text="A custom permission set grants what its inline policy allows.",
    )
    inline_policy = forms.CharField(
        label="Inline policy",
        required=False,
        strip=False,
        max_length=200000,
        help_text=SEED_003_POLICY_HINT,
        widget=forms.Textarea(attrs={"rows": 16, "spellcheck": "false"}),
    )
    name = forms.CharField(
        label="Permission set name",
        max_length=200,
        help_text="Up to 32 characters: letters, digits and + = , . @ _ -, such as CodeWhisperer_administrator.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    description = forms.CharField(
        label="Description",
        required=False,
        max_length=2000,
        help_text="Up to 700 characters.",
        widget=forms.Textarea(attrs={"rows": 2, "class": "prose"}),
    )
    session_duration_hours = forms.IntegerField(
        label="Session duration (hours)",
        initial=8,
        help_text="How long a session that uses this permission set lasts: 1 to 12 hours. The default is 8.",
        widget=forms.NumberInput(attrs={"min": 1, "max": 12, "step": 1}),
    )


class AssignPrincipalsForm(forms.Form):
    """Step 1 of "Assign users or groups": the checked users and groups."""

    users = forms.ModelMultipleChoiceField(label="Users", queryset=None, to_field_name="user_id", required=False)
    groups = forms.ModelMultipleChoiceField(label="Groups", queryset=None, to_field_name="group_id", required=False)

    def __init__(self, *args, store, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["users"].queryset = store.users.all()
        self.fields["groups"].queryset = store.groups.all()

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("users") and not data.get("groups"):
            raise forms.ValidationError("Choose at least one user or group.")
        return data


class AssignPermissionSetsForm(forms.Form):
    """Step 2 of "Assign users or groups": the checked permission sets."""

    permission_sets = forms.ModelMultipleChoiceField(
        label="Permission sets",
        queryset=None,
        to_field_name="permission_set_id",
        error_messages={"required": "Choose at least one permission set."},
    )

    def __init__(self, *args, instance, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["permission_sets"].queryset = instance.permission_sets.select_related("instance")
