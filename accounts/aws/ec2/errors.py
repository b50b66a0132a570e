"""EC2's refusals: a DomainError that also carries the error code EC2 answers with, so pages show
the message and the EC2 API returns ``<Code>`` without translating anything."""

from catalyst_admin.errors import DomainError


class Ec2Error(DomainError):
    """A refused EC2 request: ``code`` is EC2's error code (``InvalidParameterValue``,
    ``DependencyViolation``, ``InvalidVpcID.NotFound`` …), ``message`` says what to do."""

    def __init__(self, code: str, message: str, *, field: str | None = None):
        super().__init__(message, field=field)
        self.code = code


# The ``<Kind>ID.NotFound`` code and the words for each resource kind, as EC2 says them.
NOT_FOUND = {
    "vpc": ("InvalidVpcID.NotFound", "VPC ID"),
    "subnet": ("InvalidSubnetID.NotFound", "subnet ID"),
    "route_table": ("InvalidRouteTableID.NotFound", "route table ID"),
    "internet_gateway": ("InvalidInternetGatewayID.NotFound", "internet gateway ID"),
    "nat_gateway": ("NatGatewayNotFound", "NAT gateway ID"),
    "security_group": ("InvalidGroup.NotFound", "security group ID"),
    "network_acl": ("InvalidNetworkAclID.NotFound", "network ACL ID"),
    "vpc_endpoint": ("InvalidVpcEndpointId.NotFound", "VPC endpoint ID"),
}


def not_found(kind: str, resource_id: str, *, field: str | None = None) -> Ec2Error:
    """The error for an ID that is not in this account and Region (another account's IDs included)."""
    code, words = NOT_FOUND[kind]
    return Ec2Error(code, f"The {words} '{resource_id}' does not exist.", field=field)
