"""Amazon VPC in the emulated AWS side: the network inventory of one AWS account in one Region.

Every top-level resource carries its account and Region, so every read is scoped to (account,
Region) by a plain filter, and its AWS-looking ID (``resource_id``: ``vpc-…``, ``subnet-…``). The
``name`` field is the resource's ``Name`` tag ("" when it has none); ``tags`` holds any other tags
as ``{key: value}``.

What must go first when deleting one resource (a VPC's attached internet gateway, a subnet's NAT
gateways and endpoint interfaces, a group other rules name) is ``RESTRICT``: the services refuse
naming it, and deleting the whole account still takes everything with it.
"""

from django.db import models
from django.db.models import Q

from accounts.aws.console.models import AwsAccount


class Ec2Resource(models.Model):
    """What every VPC resource has: its account, Region, AWS ID and tags."""

    account = models.ForeignKey(AwsAccount, on_delete=models.CASCADE, related_name="+")
    region = models.CharField(max_length=20)
    resource_id = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=256, blank=True)
    tags = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.resource_id} ({self.name})" if self.name else self.resource_id

    @property
    def tag_list(self) -> list[dict]:
        """Tags as EC2 returns them: ``[{"Key": "Name", "Value": …}, …]``."""
        tags = [{"Key": "Name", "Value": self.name}] if self.name else []
        return tags + [{"Key": key, "Value": value} for key, value in sorted(self.tags.items())]


class Vpc(Ec2Resource):
    """A virtual private cloud: an IPv4 CIDR block (/16 to /28) in one account and Region."""

    cidr_block = models.CharField(max_length=18)
    is_default = models.BooleanField(default=False)
    enable_dns_support = models.BooleanField(default=True)
    enable_dns_hostnames = models.BooleanField(default=False)
    instance_tenancy = models.CharField(max_length=10, default="default")

    class Meta(Ec2Resource.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["account", "region"], condition=Q(is_default=True), name="ec2_one_default_vpc_per_region"
            )
        ]

    state = "available"


class Subnet(Ec2Resource):
    """A range of a VPC's addresses in one Availability Zone."""

    vpc = models.ForeignKey(Vpc, on_delete=models.CASCADE, related_name="subnets")
    availability_zone = models.CharField(max_length=20)
    cidr_block = models.CharField(max_length=18)
    map_public_ip_on_launch = models.BooleanField(default=False)
    default_for_az = models.BooleanField(default=False)

    class Meta(Ec2Resource.Meta):
        constraints = [models.UniqueConstraint(fields=["vpc", "cidr_block"], name="ec2_subnet_cidr_once_per_vpc")]

    state = "available"


class InternetGateway(Ec2Resource):
    """An internet gateway, attached to at most one VPC; a VPC has at most one (a unique column)."""

    vpc = models.OneToOneField(Vpc, on_delete=models.RESTRICT, null=True, blank=True, related_name="internet_gateway")

    @property
    def attachment_state(self) -> str:
        return "attached" if self.vpc_id else "detached"


class NatGateway(Ec2Resource):
    """A public NAT gateway in a (public) subnet, with an Elastic IP; ``available`` at once."""

    class State(models.TextChoices):
        PENDING = "pending"
        AVAILABLE = "available"
        DELETED = "deleted"

    vpc = models.ForeignKey(Vpc, on_delete=models.CASCADE, related_name="nat_gateways")
    subnet = models.ForeignKey(Subnet, on_delete=models.RESTRICT, related_name="nat_gateways")
    connectivity_type = models.CharField(max_length=10, default="public")
    state = models.CharField(max_length=10, choices=State.choices, default=State.AVAILABLE)
    allocation_id = models.CharField(max_length=40, unique=True)
    public_ip = models.GenericIPAddressField(protocol="IPv4")
    private_ip = models.GenericIPAddressField(protocol="IPv4")
    network_interface_id = models.CharField(max_length=40)


class VpcEndpoint(Ec2Resource):
    """A VPC endpoint: Interface (network interfaces in subnets, one per Availability Zone, with
    security groups and optional private DNS names) or Gateway (routes in route tables)."""

    class Type(models.TextChoices):
        INTERFACE = "Interface"
        GATEWAY = "Gateway"

    class State(models.TextChoices):
        PENDING = "pending"
        AVAILABLE = "available"
        DELETING = "deleting"

    vpc = models.ForeignKey(Vpc, on_delete=models.CASCADE, related_name="endpoints")
    service_name = models.CharField(max_length=200)
    endpoint_type = models.CharField(max_length=10, choices=Type.choices, default=Type.INTERFACE)
    ip_address_type = models.CharField(max_length=10, default="ipv4")
    private_dns_enabled = models.BooleanField(default=False)
    state = models.CharField(max_length=10, choices=State.choices, default=State.AVAILABLE)
    policy = models.JSONField(default=dict, blank=True)
    security_groups = models.ManyToManyField("SecurityGroup", related_name="endpoints", blank=True)
    route_tables = models.ManyToManyField("RouteTable", related_name="gateway_endpoints", blank=True)


class EndpointSubnet(models.Model):
    """An Interface endpoint's network interface in one subnet; one per Availability Zone (a constraint)."""

    endpoint = models.ForeignKey(VpcEndpoint, on_delete=models.CASCADE, related_name="endpoint_subnets")
    subnet = models.ForeignKey(Subnet, on_delete=models.RESTRICT, related_name="endpoint_subnets")
    availability_zone = models.CharField(max_length=20)
    network_interface_id = models.CharField(max_length=40, unique=True)
    private_ip = models.GenericIPAddressField(protocol="IPv4")

    class Meta:
        ordering = ["availability_zone"]
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "availability_zone"], name="ec2_endpoint_one_subnet_per_az")
        ]

    def __str__(self):
        return self.network_interface_id


class RouteTable(Ec2Resource):
    """A VPC's route table; exactly one per VPC is its main table, used by every subnet without an
    explicit association."""

    vpc = models.ForeignKey(Vpc, on_delete=models.CASCADE, related_name="route_tables")
    is_main = models.BooleanField(default=False)

    class Meta(Ec2Resource.Meta):
        constraints = [
            models.UniqueConstraint(fields=["vpc"], condition=Q(is_main=True), name="ec2_one_main_route_table")
        ]


class RouteTableAssociation(models.Model):
    """A subnet's explicit association with a route table; a subnet has at most one."""

    association_id = models.CharField(max_length=40, unique=True)
    route_table = models.ForeignKey(RouteTable, on_delete=models.CASCADE, related_name="associations")
    subnet = models.OneToOneField(Subnet, on_delete=models.CASCADE, related_name="route_table_association")

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.association_id


class Route(models.Model):
    """A route: a destination (an IPv4 CIDR, or a prefix list for a Gateway endpoint) and one target."""

    class Target(models.TextChoices):
        LOCAL = "local"
        INTERNET_GATEWAY = "igw", "Internet gateway"
        NAT_GATEWAY = "nat", "NAT gateway"
        VPC_ENDPOINT = "vpce", "VPC endpoint"

    route_table = models.ForeignKey(RouteTable, on_delete=models.CASCADE, related_name="routes")
    destination = models.CharField(max_length=40)
    target_type = models.CharField(max_length=5, choices=Target.choices)
    internet_gateway = models.ForeignKey(
        InternetGateway, on_delete=models.CASCADE, null=True, blank=True, related_name="routes"
    )
    nat_gateway = models.ForeignKey(NatGateway, on_delete=models.CASCADE, null=True, blank=True, related_name="routes")
    vpc_endpoint = models.ForeignKey(
        VpcEndpoint, on_delete=models.CASCADE, null=True, blank=True, related_name="routes"
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["route_table", "destination"], name="ec2_route_destination_once")
        ]

    def __str__(self):
        return f"{self.destination} → {self.target_id}"

    @property
    def target_id(self) -> str:
        if self.target_type == self.Target.LOCAL:
            return "local"
        target = self.internet_gateway or self.nat_gateway or self.vpc_endpoint
        return target.resource_id if target else ""

    @property
    def state(self) -> str:
        if self.target_type == self.Target.INTERNET_GATEWAY and self.internet_gateway.vpc_id is None:
            return "blackhole"
        return "active"


class SecurityGroup(Ec2Resource):
    """A VPC's security group; every VPC has its ``default`` group. Names are unique per VPC."""

    vpc = models.ForeignKey(Vpc, on_delete=models.CASCADE, related_name="security_groups")
    group_name = models.CharField(max_length=255)
    description = models.CharField(max_length=255)
    is_default = models.BooleanField(default=False)

    class Meta(Ec2Resource.Meta):
        constraints = [models.UniqueConstraint(fields=["vpc", "group_name"], name="ec2_security_group_name_per_vpc")]


class SecurityGroupRule(models.Model):
    """An inbound or outbound rule: a protocol, a port range and one source/destination (an IPv4
    CIDR or a security group of the same VPC)."""

    rule_id = models.CharField(max_length=40, unique=True)
    group = models.ForeignKey(SecurityGroup, on_delete=models.CASCADE, related_name="rules")
    is_egress = models.BooleanField()
    protocol = models.CharField(max_length=5)  # "-1" (all), "tcp", "udp", "icmp"
    from_port = models.IntegerField(null=True, blank=True)
    to_port = models.IntegerField(null=True, blank=True)
    cidr_ipv4 = models.CharField(max_length=18, blank=True)
    referenced_group = models.ForeignKey(
        SecurityGroup, on_delete=models.RESTRICT, null=True, blank=True, related_name="referencing_rules"
    )
    description = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.rule_id


class NetworkAcl(Ec2Resource):
    """A VPC's network ACL; each VPC's default ACL allows all traffic in and out. Every subnet of the
    VPC is associated with the default ACL (the emulator has no custom ACL associations)."""

    vpc = models.ForeignKey(Vpc, on_delete=models.CASCADE, related_name="network_acls")
    is_default = models.BooleanField(default=False)

    class Meta(Ec2Resource.Meta):
        constraints = [
            models.UniqueConstraint(fields=["vpc"], condition=Q(is_default=True), name="ec2_one_default_network_acl")
        ]


class NetworkAclEntry(models.Model):
    """A numbered network ACL rule (1–32766), evaluated lowest first; the final ``*`` deny is implicit."""

    network_acl = models.ForeignKey(NetworkAcl, on_delete=models.CASCADE, related_name="entries")
    is_egress = models.BooleanField()
    rule_number = models.PositiveIntegerField()
    protocol = models.CharField(max_length=5)  # "-1", "tcp", "udp", "icmp"
    from_port = models.IntegerField(null=True, blank=True)
    to_port = models.IntegerField(null=True, blank=True)
    cidr_block = models.CharField(max_length=18)
    rule_action = models.CharField(max_length=5)  # "allow" / "deny"

    class Meta:
        ordering = ["is_egress", "rule_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["network_acl", "is_egress", "rule_number"], name="ec2_network_acl_rule_number_once"
            )
        ]

    def __str__(self):
        return f"{'egress' if self.is_egress else 'ingress'} rule {self.rule_number}"
