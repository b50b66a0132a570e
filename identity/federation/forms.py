"""Forms of the AWS console's Amazon CodeCatalyst › IAM Identity Center pages and of the wizard
"Create a space for identity federation". They check the shape of the input and ask the
services' validators; the rules themselves live in :mod:`identity.federation`."""

from django import forms

from accounts.aws.identity_center import selectors as directory_selectors
from catalyst_admin.errors import DomainError
from identity.federation import services as federation
from spaces.models import Region, Space
from spaces.services import validate_space_name

EXISTING, NEW = "existing", "new"
RETAIN, DELETE = "retain", "delete"

NOT_IN_GROUPS = (
    "One of the chosen users is not in any of the chosen groups. Space administrators must be users of the "
    "connected groups."
)


def _service_check(validator, value):
    """Run a service validator and turn its DomainError into a form error."""
    try:
        return validator(value)
    except DomainError as error:
        raise forms.ValidationError(error.message) from None


def _region_field(**kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(
        label="AWS Region",
        choices=Region.choices,
        help_text="The Region for your CodeCatalyst space.",
        error_messages={
            "invalid_choice": "Choose one of the listed AWS Regions.",
            "required": "Choose the AWS Region for your space.",
        },
        **kwargs,
    )


# The wizard's steps ------------------------------------------------------------------------------


class ApplicationForm(forms.Form):
    """Step 1: Choose application name."""

    display_name = forms.CharField(
        label="Display name",
        max_length=255,
        help_text="Enter a name that will match your company name for display on login screens and in CodeCatalyst.",
    )
    application_name = forms.CharField(
        label="AWS Identity Center application name",
        max_length=255,
        help_text="The name to use when signing in to CodeCatalyst with SSO. Identity Center application "
        "names must be globally unique.",
    )
    region = _region_field()

    def clean_display_name(self):
        return _service_check(federation.validate_display_name, self.cleaned_data["display_name"])

    def clean_application_name(self):
        return _service_check(federation.validate_application_name, self.cleaned_data["application_name"])


class SpaceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, space):
        projects = getattr(space, "project_count", 0)
        members = getattr(space, "member_count", 0)
        kind = "AWS Builder ID space" if space.kind == Space.Kind.BUILDER_ID else "federated, no application"
        return (
            f"{space.name} ({space.region}, {kind}) — {projects} project{'s' if projects != 1 else ''}, "
            f"{members} member{'s' if members != 1 else ''}"
        )


class SpaceForm(forms.Form):
    """Step 2: Choose or create a CodeCatalyst space."""

    choice = forms.ChoiceField(
        label="Choose or create a CodeCatalyst space",
        choices=[(EXISTING, "Existing CodeCatalyst"), (NEW, "New space")],
        widget=forms.RadioSelect,
        initial=NEW,
        error_messages={"required": "Choose Existing CodeCatalyst or New space."},
    )
    existing_space = SpaceChoiceField(
        label="Choose existing CodeCatalyst",
        queryset=Space.objects.none(),
        required=False,
        empty_label="Choose a space",
        error_messages={
            "invalid_choice": "That space cannot be set up here. Choose one of the listed spaces: AWS "
            "Builder ID spaces billed to the account you are signed in with, whose billing account connection "
            "is verified."
        },
    )
    space_name = forms.CharField(
        label="Space name",
        max_length=63,
        required=False,
        help_text="Space names must be unique across CodeCatalyst. You cannot reuse names of deleted spaces.",
    )
    region = _region_field(required=False)

    def __init__(self, *args, spaces, ask_region=False, pending_spaces=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["existing_space"].queryset = spaces
        # Spaces billed to this account whose billing connection is not verified yet: not offered,
        # but named, so that the page can say why they are missing.
        self.pending_spaces = list(pending_spaces) if pending_spaces is not None else []
        if not ask_region:
            del self.fields["region"]

    @property
    def has_existing_spaces(self) -> bool:
        return self.fields["existing_space"].queryset.exists()

    def clean(self):
        data = super().clean()
        choice = data.get("choice")
        if choice == EXISTING:
            if not data.get("existing_space") and "existing_space" not in self.errors:
                self.add_error("existing_space", "Choose the existing space to set up for identity federation.")
        elif choice == NEW:
            name = (data.get("space_name") or "").strip()
            if not name:
                self.add_error("space_name", "Enter a name for your CodeCatalyst space.")
            else:
                try:
                    data["space_name"] = validate_space_name(name)
                except DomainError as error:
                    self.add_error("space_name", error.message)
            if "region" in self.fields and not data.get("region") and "region" not in self.errors:
                self.add_error("region", "Choose the AWS Region for your space.")
        return data


class GroupsForm(forms.Form):
    """Step 3: Connect groups."""

    groups = forms.MultipleChoiceField(
        label="Choose groups",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one group to connect to the space.",
            "invalid_choice": "One of the chosen groups is not in this identity store.",
        },
    )

    def __init__(self, *args, store, **kwargs):
        super().__init__(*args, **kwargs)
        self.group_list = directory_selectors.groups_with_user_counts(store)
        self.fields["groups"].choices = [(g.group_id, g.display_name) for g in self.group_list]

    def rows(self):
        return zip(self["groups"], self.group_list, strict=True)


class AdministratorsForm(forms.Form):
    """Step 4: Assign users to the CodeCatalyst Space administrator role."""

    administrators = forms.MultipleChoiceField(
        label="Space administrators",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one user for the Space administrator role.",
            "invalid_choice": NOT_IN_GROUPS,
        },
    )

    def __init__(self, *args, store, group_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.user_list = directory_selectors.users_of_groups(store, group_ids)
        self.fields["administrators"].choices = [(u.user_id, u.user_name) for u in self.user_list]

    def rows(self):
        return zip(self["administrators"], self.user_list, strict=True)


class ReviewForm(forms.Form):
    """Step 5: Review. Nothing to enter; "Create space" submits it."""


# The other pages ---------------------------------------------------------------------------------


class SsoEditForm(forms.Form):
    """Edit assigned users and groups."""

    groups = forms.MultipleChoiceField(
        label="Groups connected to this space",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one group to connect to the space.",
            "invalid_choice": "One of the chosen groups is not in this identity store.",
        },
    )
    administrators = forms.MultipleChoiceField(
        label="Assign additional administrators",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one user for the Space administrator role.",
            "invalid_choice": NOT_IN_GROUPS,
        },
    )

    def __init__(self, *args, store, group_ids, current_admin_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.group_list = directory_selectors.groups_with_user_counts(store)
        self.fields["groups"].choices = [(g.group_id, g.display_name) for g in self.group_list]
        self.user_list = directory_selectors.users_of_groups(store, group_ids, also_user_ids=current_admin_ids)
        self.fields["administrators"].choices = [(u.user_id, u.user_name) for u in self.user_list]

    def group_rows(self):
        return zip(self["groups"], self.group_list, strict=True)

    def user_rows(self):
        return zip(self["administrators"], self.user_list, strict=True)


class DisassociateForm(forms.Form):
    confirmation = forms.CharField(
        label=f"To confirm, type {federation.DISASSOCIATE_CONFIRMATION} in the field.",
        max_length=50,
        error_messages={"required": f'To confirm, type "{federation.DISASSOCIATE_CONFIRMATION}".'},
    )


class FederatedSpaceDeleteForm(forms.Form):
    confirm_name = forms.CharField(max_length=100)
    application = forms.ChoiceField(
        label="Identity Center application",
        choices=[
            (RETAIN, "Retain the Identity Center application"),
            (DELETE, "Delete the Identity Center application"),
        ],
        widget=forms.RadioSelect,
        initial=RETAIN,
        error_messages={"required": "Choose whether to retain or delete the Identity Center application."},
    )

    def __init__(self, *args, space, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirm_name"].label = f"To confirm deletion, type {space.name}"
        self.fields["confirm_name"].error_messages["required"] = f"To confirm, type the space name {space.name}."
        application = space.identity_application
        if application is None:
            del self.fields["application"]
        else:
            others = list(application.spaces.exclude(pk=space.pk).order_by("name").values_list("name", flat=True))
            if others:
                self.fields["application"].help_text = (
                    f"{application.name} is also used by {', '.join(others)}: it cannot be deleted with this "
                    "space, only retained."
                )
            else:
                self.fields[
                    "application"
                ].help_text = f"{application.name} can be associated with another space later if you retain it."
