"""The EC2 client CodeCatalyst's VPC connections read EC2 through, *as the VPC role*: one interface,
two backends.

- ``BuiltinEc2Client`` (the default): assumes the role in the emulation — the role must exist and
  trust CodeCatalyst — then evaluates the role's permissions policy for each action, as IAM would
  (``accounts.aws.iam.policies.policy_decision``), and reads the inventory
  (``accounts.aws.ec2.shapes``).
- ``Boto3Ec2Client``: assumes the role with AWS STS (AssumeRole) and calls EC2 with the temporary
  credentials; against moto's server or real AWS, as the settings say: ``EC2_CLIENT_STS_ENDPOINT_URL``
  and ``EC2_CLIENT_EC2_ENDPOINT_URL`` (empty: AWS's own), and the base credentials from boto3's usual
  chain (environment, shared files, instance role).

Both return EC2-shaped dicts (the items of ``Vpcs``, ``Subnets`` … as boto3 returns them), raise
``Ec2AccessDenied`` naming the action the role is not allowed (``ec2:DescribeRouteTables`` for the
seed's seven-action VPC role), ``Ec2Unreachable`` when EC2 or STS cannot be reached, and
``Ec2ClientError`` for any other refusal (``InvalidVpcID.NotFound`` …). ``ec2_client_for`` picks the
backend from ``EC2_CLIENT_BACKEND``.
"""

from typing import Protocol

from django.conf import settings

from accounts.aws.ec2 import shapes
from accounts.aws.iam import selectors as iam_selectors
from accounts.aws.iam.policies import (
    ALLOWED,
    CODECATALYST_PRINCIPALS,
    denial_message,
    policy_decision,
    trusted_service_principals,
)
from catalyst_admin.errors import DomainError

BUILTIN = "builtin"
BOTO3 = "boto3"
ROLE_SESSION_NAME = "codecatalyst-vpc-connection"


class Ec2ClientError(Exception):
    """EC2 (or STS) refused the request: ``code`` is its error code, ``message`` its words."""

    def __init__(self, code: str, message: str):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


class Ec2AccessDenied(Ec2ClientError):
    """The role may not do ``action`` (``ec2:DescribeRouteTables``, or ``sts:AssumeRole`` when the
    role cannot be assumed at all)."""

    def __init__(self, action: str, message: str, code: str = "UnauthorizedOperation"):
        super().__init__(code, message)
        self.action = action


class Ec2Unreachable(Ec2ClientError):
    """EC2 or STS could not be reached (connection refused, timeout, DNS)."""

    def __init__(self, message: str):
        super().__init__("Unreachable", message)


class Ec2Client(Protocol):
    def describe_vpcs(self, *, vpc_ids=(), filters=()) -> list[dict]: ...
    def describe_subnets(self, *, subnet_ids=(), filters=()) -> list[dict]: ...
    def describe_security_groups(self, *, group_ids=(), filters=()) -> list[dict]: ...
    def describe_route_tables(self, *, route_table_ids=(), filters=()) -> list[dict]: ...
    def describe_internet_gateways(self, *, internet_gateway_ids=(), filters=()) -> list[dict]: ...
    def describe_nat_gateways(self, *, nat_gateway_ids=(), filters=()) -> list[dict]: ...
    def describe_vpc_endpoints(self, *, vpc_endpoint_ids=(), filters=()) -> list[dict]: ...


# (operation, kind in shapes, result key, IDs parameter, filters parameter)
_OPERATIONS = {
    "describe_vpcs": ("DescribeVpcs", "vpc", "Vpcs", "VpcIds", "Filters"),
    "describe_subnets": ("DescribeSubnets", "subnet", "Subnets", "SubnetIds", "Filters"),
    "describe_security_groups": ("DescribeSecurityGroups", "security_group", "SecurityGroups", "GroupIds", "Filters"),
    "describe_route_tables": ("DescribeRouteTables", "route_table", "RouteTables", "RouteTableIds", "Filters"),
    "describe_internet_gateways": (
        "DescribeInternetGateways", "internet_gateway", "InternetGateways", "InternetGatewayIds", "Filters",
    ),
    "describe_nat_gateways": ("DescribeNatGateways", "nat_gateway", "NatGateways", "NatGatewayIds", "Filter"),
    "describe_vpc_endpoints": ("DescribeVpcEndpoints", "vpc_endpoint", "VpcEndpoints", "VpcEndpointIds", "Filters"),
}  # fmt: skip


class _Describes:
    """describe_vpcs(vpc_ids=…, filters=…) and the rest, each calling ``self._describe``."""

    def _describe(self, method: str, ids, filters) -> list[dict]:
        raise NotImplementedError

    def describe_vpcs(self, *, vpc_ids=(), filters=()):
        return self._describe("describe_vpcs", vpc_ids, filters)

    def describe_subnets(self, *, subnet_ids=(), filters=()):
        return self._describe("describe_subnets", subnet_ids, filters)

    def describe_security_groups(self, *, group_ids=(), filters=()):
        return self._describe("describe_security_groups", group_ids, filters)

    def describe_route_tables(self, *, route_table_ids=(), filters=()):
        return self._describe("describe_route_tables", route_table_ids, filters)

    def describe_internet_gateways(self, *, internet_gateway_ids=(), filters=()):
        return self._describe("describe_internet_gateways", internet_gateway_ids, filters)

    def describe_nat_gateways(self, *, nat_gateway_ids=(), filters=()):
        return self._describe("describe_nat_gateways", nat_gateway_ids, filters)

    def describe_vpc_endpoints(self, *, vpc_endpoint_ids=(), filters=()):
        return self._describe("describe_vpc_endpoints", vpc_endpoint_ids, filters)


def _assumed_arn(role_arn: str) -> str:
    account, name = role_arn.split(":", 5)[4], role_arn.rsplit("/", 1)[-1]
    return f"arn:aws:sts::{account}:assumed-role/{name}/{ROLE_SESSION_NAME}"


class BuiltinEc2Client(_Describes):
    """The emulation, read as the role: refused where the role's permissions policy does not allow."""

    def __init__(self, *, role_arn: str, region: str):
        role = iam_selectors.iam_role_by_arn(role_arn)
        trusted = trusted_service_principals(role.trust_policy) if role else []
        if role is None or not set(CODECATALYST_PRINCIPALS) & set(trusted):
            raise Ec2AccessDenied(
                "sts:AssumeRole",
                f"CodeCatalyst is not authorized to perform: sts:AssumeRole on resource: {role_arn}: the role "
                f"does not exist, or its trust policy does not name {' or '.join(CODECATALYST_PRINCIPALS)}.",
                code="AccessDenied",
            )
        self.role = role
        self.region = region
        self.principal_arn = _assumed_arn(role_arn)

    def _describe(self, method, ids, filters):
        operation, kind, _key, _ids, _filters = _OPERATIONS[method]
        action = f"ec2:{operation}"
        decision = policy_decision([self.role.permissions_policy], action=action)
        if decision != ALLOWED:
            raise Ec2AccessDenied(
                action,
                "You are not authorized to perform this operation. "
                + denial_message(principal_arn=self.principal_arn, action=action, decision=decision),
            )
        try:
            return shapes.describe(kind, self.role.account, self.region, ids=list(ids), filters=list(filters))
        except DomainError as error:
            raise Ec2ClientError(getattr(error, "code", "InvalidParameterValue"), error.message) from None


_DENIED = {"UnauthorizedOperation", "AccessDenied", "AccessDeniedException", "AuthFailure"}


class Boto3Ec2Client(_Describes):
    """EC2 through boto3: STS AssumeRole into the role, then EC2 with its temporary credentials."""

    def __init__(self, *, role_arn: str, region: str, external_id: str = ""):
        import boto3
        from botocore.config import Config

        self.config = Config(connect_timeout=5, read_timeout=20, retries={"total_max_attempts": 2, "mode": "standard"})
        # A session of its own: boto3's default session keeps the credentials it first found for the
        # life of the process, so rotated keys (or another test's) would never be seen.
        session = boto3.session.Session()
        sts = session.client(
            "sts", region_name=region, endpoint_url=settings.EC2_CLIENT_STS_ENDPOINT_URL or None, config=self.config
        )
        params = {"RoleArn": role_arn, "RoleSessionName": ROLE_SESSION_NAME}
        if external_id:
            params["ExternalId"] = external_id
        credentials = self._call("sts:AssumeRole", lambda: sts.assume_role(**params))["Credentials"]
        self.ec2 = session.client(
            "ec2",
            region_name=region,
            endpoint_url=settings.EC2_CLIENT_EC2_ENDPOINT_URL or None,
            aws_access_key_id=credentials["AccessKeyId"],
            aws_secret_access_key=credentials["SecretAccessKey"],
            aws_session_token=credentials["SessionToken"],
            config=self.config,
        )

    @staticmethod
    def _call(action: str, call):
        from botocore.exceptions import (
            ClientError,
            ConnectionClosedError,
            ConnectTimeoutError,
            EndpointConnectionError,
            NoCredentialsError,
            ReadTimeoutError,
        )

        try:
            return call()
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code", "")
            message = error.response.get("Error", {}).get("Message", str(error))
            if code in _DENIED:
                raise Ec2AccessDenied(action, message, code=code) from None
            raise Ec2ClientError(code or "Unknown", message) from None
        except (EndpointConnectionError, ConnectTimeoutError, ReadTimeoutError, ConnectionClosedError) as error:
            raise Ec2Unreachable(f"Could not reach AWS for {action}: {error}") from None
        except NoCredentialsError:
            raise Ec2AccessDenied(
                action, "No AWS credentials are configured to call AWS STS.", code="AccessDenied"
            ) from None

    def _describe(self, method, ids, filters):
        operation, _kind, key, ids_param, filters_param = _OPERATIONS[method]
        params = {}
        if ids:
            params[ids_param] = list(ids)
        if filters:
            params[filters_param] = list(filters)

        def every_page():
            paginator = self.ec2.get_paginator(method)
            return [item for page in paginator.paginate(**params) for item in page.get(key, [])]

        return self._call(f"ec2:{operation}", every_page)


def ec2_client_for(*, role_arn: str, region: str, external_id: str = "") -> Ec2Client:
    """The EC2 client for reading as ``role_arn`` in ``region``: built-in by default, boto3 when
    ``EC2_CLIENT_BACKEND`` is ``boto3``. Raises Ec2AccessDenied (``sts:AssumeRole``) when the role
    cannot be assumed, Ec2Unreachable when STS cannot be reached."""
    backend = settings.EC2_CLIENT_BACKEND
    if backend == BOTO3:
        return Boto3Ec2Client(role_arn=role_arn, region=region, external_id=external_id)
    if backend == BUILTIN:
        return BuiltinEc2Client(role_arn=role_arn, region=region)
    raise ValueError(f"EC2_CLIENT_BACKEND is {backend!r}: use {BUILTIN!r} or {BOTO3!r}.")
