"""The ``accounts`` app's models, gathered here for Django: the emulated AWS side's (by service,
under ``accounts.aws``) and CodeCatalyst's account connections (``accounts.connections``).
Code imports them from where they are defined."""

from accounts.aws.console.models import AwsAccount, ConsoleAccess, ConsoleUser, Organization
from accounts.aws.ec2.models import (
    EndpointSubnet,
    InternetGateway,
    NatGateway,
    NetworkAcl,
    NetworkAclEntry,
    Route,
    RouteTable,
    RouteTableAssociation,
    SecurityGroup,
    SecurityGroupRule,
    Subnet,
    Vpc,
    VpcEndpoint,
)
from accounts.aws.iam.models import AccessKey, IamRole, IamUser
from accounts.aws.identity_center.models import (
    AccountAssignment,
    DirectoryGroup,
    DirectoryUser,
    GroupMembership,
    IdentityCenterInstance,
    IdentityStore,
    PermissionSet,
)
from accounts.connections.models import (
    AccountConnection,
    ConnectionProjectAccess,
    ConnectionRole,
    ConnectionTag,
    ConnectionToken,
)

__all__ = [
    "AccessKey",
    "AccountAssignment",
    "AccountConnection",
    "AwsAccount",
    "ConnectionProjectAccess",
    "ConnectionRole",
    "ConnectionTag",
    "ConnectionToken",
    "ConsoleAccess",
    "ConsoleUser",
    "DirectoryGroup",
    "DirectoryUser",
    "EndpointSubnet",
    "GroupMembership",
    "IamRole",
    "IamUser",
    "IdentityCenterInstance",
    "IdentityStore",
    "InternetGateway",
    "NatGateway",
    "NetworkAcl",
    "NetworkAclEntry",
    "Organization",
    "PermissionSet",
    "Route",
    "RouteTable",
    "RouteTableAssociation",
    "SecurityGroup",
    "SecurityGroupRule",
    "Subnet",
    "Vpc",
    "VpcEndpoint",
]
