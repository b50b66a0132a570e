"""Input of the VPC connection pages (seed 000, "Adding VPC connections for a space" and the pages
after it). The choices come from the views (what the VPC role can read); the rules — the seven
actions, one subnet per zone, at most five security groups, the name — live in ``vpc.services``.
Field names are the services' (``account_connection``, ``role_arn``, ``vpc_id``, ``subnet_ids``,
``security_group_ids``, ``name``), so each refusal lands next to its field."""

from django import forms

from catalyst_admin.errors import DomainError

SUBNETS_HELP = "Choose private subnets to connect to in each Availability Zone. Do not choose public subnets."
SECURITY_GROUPS_HELP = "You can select up to five security groups."
NAME_HELP = "The reference name for your VPC connection. Each VPC connection name must be unique per space."


def _tag_name(item: dict) -> str:
    return next((tag["Value"] for tag in item.get("Tags", []) if tag.get("Key") == "Name"), "")


def vpc_label(vpc: dict) -> str:
    name = _tag_name(vpc)
    return " · ".join(part for part in (vpc["VpcId"], name, vpc.get("CidrBlock", "")) if part)


def subnet_label(subnet: dict) -> str:
    name = _tag_name(subnet)
    public = {True: "public", False: "private"}.get(subnet.get("IsPublic"), "")
    parts = (subnet["SubnetId"], name, subnet.get("AvailabilityZone", ""), subnet.get("CidrBlock", ""), public)
    return " · ".join(part for part in parts if part)


def security_group_label(group: dict) -> str:
    return " · ".join(part for part in (group["GroupId"], group.get("GroupName", "")) if part)


def grouped(items_by_vpc: dict[str, list[dict]], label, key: str, vpcs: dict[str, str]) -> list:
    """Choices grouped by VPC (one group per VPC the role can read), for the details step: the
    page works without JavaScript, and a subnet of another VPC is refused by name."""
    return [
        (vpcs.get(vpc_id, vpc_id), [(item[key], label(item)) for item in items])
        for vpc_id, items in items_by_vpc.items()
        if items
    ]


class AccountRoleForm(forms.Form):
    """Step 1, "AWS account connection": the connection and its VPC role."""

    account_connection = forms.ModelChoiceField(
        label="AWS account connection",
        queryset=None,
        empty_label="Choose an AWS account connection",
        help_text="A verified AWS account connection of this space, in the space's Region.",
    )
    role_arn = forms.ChoiceField(
        label="VPC role",
        help_text="The role is used to read the VPC, Subnets and Security groups and to establish VPC "
        "connectivity with CodeCatalyst actions.",
    )

    def __init__(self, *args, accounts, roles_by_account: dict, role_check=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account_connection"].queryset = accounts
        self.fields["account_connection"].label_from_instance = lambda connection: connection.display_name
        self.roles_by_account = roles_by_account
        self.fields["role_arn"].choices = [("", "Choose a VPC role")] + [
            (connection.display_name, [(arn, name) for arn, name in roles])
            for connection, roles in roles_by_account.items()
            if roles
        ]
        self._role_check = role_check
        self.checked = None

    def clean(self):
        data = super().clean()
        connection, role_arn = data.get("account_connection"), data.get("role_arn")
        if connection is None or not role_arn:
            return data
        if role_arn not in dict(self.roles_by_account.get(connection, [])):
            self.add_error(
                "role_arn",
                f"Choose a VPC role of {connection.display_name}: this role is not on that AWS account connection.",
            )
            return data
        if self._role_check is not None:
            try:
                self.checked = self._role_check(connection, role_arn)
            except DomainError as error:
                self.add_error("role_arn", error.message)
                return data
            missing = list(self.checked.missing_actions)
            if missing:
                self.add_error(
                    "role_arn",
                    "The VPC role's permissions policy must allow "
                    + ", ".join(missing)
                    + ". Add them to the role in IAM, or choose another role.",
                )
        return data


class DetailsForm(forms.Form):
    """Step 2, "VPC connection details"."""

    vpc_id = forms.ChoiceField(label="VPC", help_text="The VPCs the VPC role can read, in the space's Region.")
    subnet_ids = forms.MultipleChoiceField(label="Subnets", widget=forms.CheckboxSelectMultiple, help_text=SUBNETS_HELP)
    security_group_ids = forms.MultipleChoiceField(
        label="Security groups", widget=forms.CheckboxSelectMultiple, help_text=SECURITY_GROUPS_HELP
    )
    name = forms.CharField(
        label="VPC connection name",
        max_length=100,
        help_text=NAME_HELP,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, vpcs=(), subnets=(), security_groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vpc_id"].choices = [("", "Choose a VPC")] + [(v["VpcId"], vpc_label(v)) for v in vpcs]
        self.fields["subnet_ids"].choices = list(subnets)
        self.fields["security_group_ids"].choices = list(security_groups)


class ReviewForm(forms.Form):
    """Step 3, "Review and add": nothing to enter; the VPC requirements check is shown."""


class EditForm(forms.Form):
    """ "Edit": the role, the subnets and the security groups (the VPC and the name stay)."""

    role_arn = forms.ChoiceField(label="VPC role")
    subnet_ids = forms.MultipleChoiceField(label="Subnets", widget=forms.CheckboxSelectMultiple, help_text=SUBNETS_HELP)
    security_group_ids = forms.MultipleChoiceField(
        label="Security groups", widget=forms.CheckboxSelectMultiple, help_text=SECURITY_GROUPS_HELP
    )

    def __init__(self, *args, roles=(), subnets=(), security_groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role_arn"].choices = list(roles)
        self.fields["subnet_ids"].choices = list(subnets)
        self.fields["security_group_ids"].choices = list(security_groups)


class DefaultForm(forms.Form):
    """ "Manage default" → "Set as default" / "Remove as default" → "Confirm"."""

    SET, REMOVE = "set", "remove"
    action = forms.ChoiceField(
        label="Manage default",
        choices=[(SET, "Set as default"), (REMOVE, "Remove as default")],
    )


class RemoveForm(forms.Form):
    """ "Remove VPC connection": type the VPC connection name, then "Remove"."""

    typed_name = forms.CharField(
        label="To confirm, type the VPC connection name",
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
