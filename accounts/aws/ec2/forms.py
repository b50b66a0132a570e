"""The Amazon VPC console's forms: input shape only; the rules are the services'."""

from django import forms

from accounts.aws.ec2 import plans

MODE_CHOICES = [("vpc_only", "VPC only"), ("vpc_and_more", "VPC and more")]


class VpcCreateForm(forms.Form):
    """ "Create VPC": "VPC only", or "VPC and more" with its subnets, gateways and preview."""

    mode = forms.ChoiceField(label="Resources to create", choices=MODE_CHOICES, widget=forms.RadioSelect)
    name = forms.CharField(
        label="Name tag",
        required=False,
        max_length=200,
        help_text=(
            "VPC only: the VPC's Name tag. VPC and more: the prefix of every resource's Name tag "
            "(Name tag auto-generation)."
        ),
    )
    cidr_block = forms.CharField(label="IPv4 CIDR block", max_length=40, initial="10.0.0.0/16")
    zone_count = forms.TypedChoiceField(label="Number of Availability Zones (AZs)", coerce=int, initial=2, choices=[])
    public_per_zone = forms.TypedChoiceField(
        label="Number of public subnets per AZ", coerce=int, initial=1, choices=[(n, n) for n in range(3)]
    )
    private_per_zone = forms.TypedChoiceField(
        label="Number of private subnets per AZ", coerce=int, initial=1, choices=[(n, n) for n in range(3)]
    )
    nat_gateways = forms.ChoiceField(label="NAT gateways", choices=plans.NAT_CHOICES, initial=plans.NAT_NONE)
    s3_gateway = forms.BooleanField(label="VPC endpoints: S3 Gateway", required=False)
    enable_dns_hostnames = forms.BooleanField(label="Enable DNS hostnames", required=False, initial=True)
    enable_dns_support = forms.BooleanField(label="Enable DNS resolution", required=False, initial=True)

    def __init__(self, *args, zones: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zone_count"].choices = [(n, n) for n in range(1, len(zones) + 1)]


class VpcSettingsForm(forms.Form):
    enable_dns_support = forms.BooleanField(label="Enable DNS resolution", required=False)
    enable_dns_hostnames = forms.BooleanField(label="Enable DNS hostnames", required=False)


class SubnetSettingsForm(forms.Form):
    """ "Edit subnet settings": whether instances launched in the subnet get a public IPv4 address."""

    map_public_ip_on_launch = forms.BooleanField(label="Enable auto-assign public IPv4 address", required=False)


class ConfirmDeleteForm(forms.Form):
    confirm = forms.CharField(label="To confirm deletion, type delete in the field", max_length=20)

    def clean_confirm(self):
        if self.cleaned_data["confirm"].strip().lower() != "delete":
            raise forms.ValidationError("Type delete to confirm.")
        return "delete"


def _choices(items, label):
    return [(item.resource_id, label(item)) for item in items]


def _named(item) -> str:
    return f"{item.resource_id} | {item.name}" if item.name else item.resource_id


class SubnetCreateForm(forms.Form):
    vpc = forms.ChoiceField(label="VPC ID")
    name = forms.CharField(label="Subnet name", required=False, max_length=256)
    availability_zone = forms.ChoiceField(label="Availability Zone")
    cidr_block = forms.CharField(label="IPv4 subnet CIDR block", max_length=40)

    def __init__(self, *args, vpcs, zones, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vpc"].choices = _choices(vpcs, lambda v: f"{_named(v)} ({v.cidr_block})")
        self.fields["availability_zone"].choices = [(z, z) for z in zones]


class NameForm(forms.Form):
    name = forms.CharField(label="Name tag", required=False, max_length=256)


class AttachForm(forms.Form):
    vpc = forms.ChoiceField(label="Available VPCs")

    def __init__(self, *args, vpcs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vpc"].choices = _choices(vpcs, _named)


class NatGatewayCreateForm(forms.Form):
    name = forms.CharField(label="Name", required=False, max_length=256)
    subnet = forms.ChoiceField(label="Subnet")
    connectivity_type = forms.ChoiceField(label="Connectivity type", choices=[("public", "Public")])

    def __init__(self, *args, subnets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subnet"].choices = _choices(subnets, lambda s: f"{_named(s)} ({s.availability_zone})")


class SecurityGroupCreateForm(forms.Form):
    group_name = forms.CharField(label="Security group name", max_length=255)
    description = forms.CharField(label="Description", max_length=255)
    vpc = forms.ChoiceField(label="VPC")

    def __init__(self, *args, vpcs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vpc"].choices = _choices(vpcs, _named)


class EndpointCreateForm(forms.Form):
    """ "Create endpoint" (seed 000, "To configure VPC endpoints using the AWS console")."""

    name = forms.CharField(label="Name tag", required=False, max_length=256)
    service_name = forms.ChoiceField(label="Services", widget=forms.RadioSelect)
    vpc = forms.ChoiceField(label="VPC")
    enable_dns_name = forms.BooleanField(label="Enable DNS name", required=False)
    subnets = forms.MultipleChoiceField(
        label="Subnets",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="At most one subnet per Availability Zone.",
    )
    ip_address_type = forms.ChoiceField(
        label="IP address type", choices=[("ipv4", "IPv4")], initial="ipv4", widget=forms.RadioSelect
    )
    security_groups = forms.MultipleChoiceField(
        label="Security groups",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Up to five. None chosen: the VPC's default security group.",
    )

    def __init__(self, *args, services, vpcs, subnets, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_name"].choices = [
            (s.service_name, f"{s.service_name} ({', '.join(s.types)})") for s in services
        ]
        self.fields["vpc"].choices = _choices(vpcs, lambda v: f"{_named(v)} ({v.cidr_block})")
        self.fields["subnets"].choices = _choices(
            subnets, lambda s: f"{s.availability_zone}: {_named(s)} ({s.cidr_block})"
        )
        self.fields["security_groups"].choices = _choices(groups, lambda g: f"{g.resource_id} | {g.group_name}")


class PrivateDnsForm(forms.Form):
    enabled = forms.BooleanField(label="Enable for this endpoint", required=False)
