from django import forms

from accounts.aws.ids import validate_account_id
from catalyst_admin.errors import DomainError
from spaces import services
from spaces.models import Region
from spaces.roles import ProjectRole, SpaceRole


class SpaceCreateForm(forms.Form):
    name = forms.CharField(
        label="Space name",
        max_length=63,
        help_text="3–63 characters: letters and digits, joined by single hyphens, underscores or periods. "
        "Space names are unique across CodeCatalyst and cannot be reused, even after the space is deleted.",
    )
    region = forms.ChoiceField(label="AWS Region", choices=Region.choices, initial=Region.US_WEST_2)
    description = forms.CharField(
        label="Description",
        required=False,
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Up to 200 characters.",
    )
    billing_account_id = forms.CharField(
        label="AWS account ID",
        max_length=12,
        help_text="The twelve-digit ID of the AWS account that will be the billing account for the space. "
        "You verify it in the AWS Management Console.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_name(self):
        # The service decides; asking it here shows the name's problem together with any other.
        try:
            return services.validate_space_name(self.cleaned_data["name"])
        except DomainError as error:
            raise forms.ValidationError(error.message) from None

    def clean_billing_account_id(self):
        try:
            return validate_account_id(self.cleaned_data["billing_account_id"])
        except DomainError as error:
            raise forms.ValidationError(error.message) from None


class SpaceSettingsForm(forms.Form):
    description = forms.CharField(
        label="Description", required=False, max_length=200, widget=forms.Textarea(attrs={"rows": 3})
    )


class ConfirmNameForm(forms.Form):
    confirm_name = forms.CharField(label="Type the name to confirm", max_length=100)

    def __init__(self, *args, expected: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirm_name"].label = f"To confirm deletion, type {expected}"


class ProjectCreateForm(forms.Form):
    name = forms.CharField(
        label="Project name",
        max_length=63,
        help_text="3–63 characters: letters and digits, joined by single hyphens, underscores, periods or spaces.",
    )
    description = forms.CharField(
        label="Description", required=False, max_length=200, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, space, **kwargs):
        super().__init__(*args, **kwargs)
        self.space = space

    def clean_name(self):
        # The service decides; asking it here shows the name's problem together with any other.
        try:
            return services.project_name_check(space=self.space, name=self.cleaned_data["name"])
        except DomainError as error:
            raise forms.ValidationError(error.message) from None


class SpaceInviteForm(forms.Form):
    email = forms.EmailField(label="Email address")
    role = forms.ChoiceField(
        label="Space role",
        choices=[
            (SpaceRole.POWER_USER, SpaceRole.POWER_USER.label),
            (SpaceRole.SPACE_ADMINISTRATOR, SpaceRole.SPACE_ADMINISTRATOR.label),
        ],
    )


class ProjectInviteForm(forms.Form):
    email = forms.EmailField(label="Email address")
    role = forms.ChoiceField(label="Project role", choices=ProjectRole.choices, initial=ProjectRole.CONTRIBUTOR)


class SpaceRoleForm(forms.Form):
    """A member's new space role; Space administrators may also make a member Space administrator
    (seed 000: "Add other space administrators")."""

    role = forms.ChoiceField(
        label="Space role",
        choices=[
            (SpaceRole.POWER_USER, SpaceRole.POWER_USER.label),
            (SpaceRole.LIMITED_ACCESS, SpaceRole.LIMITED_ACCESS.label),
        ],
    )

    def __init__(self, *args, can_manage_admins=False, **kwargs):
        super().__init__(*args, **kwargs)
        if can_manage_admins:
            self.fields["role"].choices = [
                (SpaceRole.SPACE_ADMINISTRATOR, SpaceRole.SPACE_ADMINISTRATOR.label),
                *self.fields["role"].choices,
            ]


class ProjectRoleForm(forms.Form):
    role = forms.ChoiceField(label="Project role", choices=ProjectRole.choices)


class TeamForm(forms.Form):
    name = forms.CharField(label="Team name", max_length=100)
    description = forms.CharField(label="Description", required=False, max_length=200)


class TeamMemberForm(forms.Form):
    user = forms.ChoiceField(label="Member")

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [(m.user_id, m.user.display_name) for m in members]


class ActivityFilterForm(forms.Form):
    # A person and a project are typed, not chosen: a space of 1,000 members would otherwise send
    # a thousand options with every page of its log. The events are a short list.
    actor = forms.CharField(
        label="Person",
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    event_name = forms.ChoiceField(label="Event", required=False)
    project = forms.CharField(
        label="Project", required=False, max_length=63, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    since = forms.DateTimeField(
        label="From", required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    until = forms.DateTimeField(
        label="To", required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )

    def __init__(self, *args, events, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event_name"].choices = [("", "Any event")] + [(e, e) for e in events]

    def clean_actor(self):
        return self.cleaned_data["actor"].strip()

    def clean_project(self):
        return self.cleaned_data["project"].strip()

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] >= data["until"]:
            raise forms.ValidationError("The start of the time range must be before its end.")
        return data
