"""The VPC requirements check (seed 000, "Amazon VPC setup requirements" and "Troubleshooting your
VPC setup"), and the check of the VPC role itself.

``check_vpc`` reads EC2 *as the VPC role*, only through ``accounts.aws.ec2.client.ec2_client_for``
(the built-in emulation or boto3, as configured), and gives each requirement a status:

- ``passed``; ``failed`` (with the matching line of the seed's troubleshooting list); ``warning`` (a
  best practice, such as no inbound rules on the security groups); ``unverifiable`` when the role
  may not call an action the requirement needs (``actions`` names them: the seed's seven-action role
  cannot call ``ec2:DescribeRouteTables``, ``ec2:DescribeInternetGateways`` or
  ``ec2:DescribeNatGateways``).

A failed requirement blocks adding or updating a VPC connection; a warning or an unverifiable one
does not. EC2 that cannot be reached raises a DomainError saying so; nothing is written here.

``role_check`` looks at the role before any of that (the wizard's first step): the seed's seven
actions must be allowed by its permissions policy (``missing_actions`` lists the rest: refuse when
any), and its trust policy should carry the recommended ``aws:SourceArn`` condition
(``trust_recommendation`` is the block to copy, filled with the space's ARN, or "").
"""

from dataclasses import dataclass, field

PASSED = "passed"
FAILED = "failed"
WARNING = "warning"
UNVERIFIABLE = "unverifiable"
STATUSES = (PASSED, FAILED, WARNING, UNVERIFIABLE)

# Seed 000, "Adding VPC connections for a space": "The Action field for your permission policy must
# contain the following".
REQUIRED_ROLE_ACTIONS = (
    "ec2:CreateNetworkInterface",
    "ec2:DescribeDhcpOptions",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DeleteNetworkInterface",
    "ec2:DescribeSubnets",
    "ec2:DescribeSecurityGroups",
    "ec2:DescribeVpcs",
)


@dataclass
class Requirement:
    """One requirement's result. ``key`` is stable (for tests and the API), ``title`` the seed's
    requirement in a line, ``detail`` what was found, ``troubleshooting`` the seed's matching
    troubleshooting line (when failed), ``actions`` the EC2 actions the role would need (when
    unverifiable)."""

    key: str
    title: str
    status: str
    detail: str = ""
    troubleshooting: str = ""
    actions: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
            "troubleshooting": self.troubleshooting,
            "actions": list(self.actions),
        }


@dataclass
class RequirementsReport:
    """Every requirement's result, in the seed's order."""

    results: list[Requirement]

    @property
    def blocks(self) -> bool:
        """A failed requirement blocks "Add VPC connection" and "Update VPC connection"."""
        return any(result.status == FAILED for result in self.results)

    @property
    def counts(self) -> dict[str, int]:
        found = dict.fromkeys(STATUSES, 0)
        for result in self.results:
            found[result.status] += 1
        return found

    @property
    def verdict(self) -> str:
        """``failed`` when any failed, ``warning`` when any is a warning or unverifiable, else ``passed``."""
        counts = self.counts
        if counts[FAILED]:
            return FAILED
        if counts[WARNING] or counts[UNVERIFIABLE]:
            return WARNING
        return PASSED

    @property
    def failed(self) -> list[Requirement]:
        return [result for result in self.results if result.status == FAILED]


def check_vpc(
    *, role_arn: str, region: str, vpc_id: str, subnet_ids, security_group_ids, external_id: str = ""
) -> RequirementsReport:
    """Check the VPC ``vpc_id`` and the chosen subnets and security groups against seed 000's
    "Amazon VPC setup requirements", reading EC2 as ``role_arn`` in ``region``.

    Raises DomainError when EC2 (or STS) cannot be reached, or when the role cannot be assumed at
    all. Writes nothing."""
    raise NotImplementedError


@dataclass
class RoleCheck:
    """What ``role_check`` found about a VPC role: ``missing_actions`` of the seed's seven (refuse the
    role when any), ``trust_recommendation`` the recommended trust policy (JSON text, with this space's
    ARN in ``aws:SourceArn``) or "" when the role's trust policy already has the condition."""

    role_arn: str
    missing_actions: list[str]
    trust_recommendation: str

    @property
    def ok(self) -> bool:
        return not self.missing_actions


def role_check(*, account_connection, role_arn: str, space) -> RoleCheck:
    """Look at ``role_arn``, which must be an IAM role associated with ``account_connection`` (else a
    DomainError with field ``role_arn``): which of the seed's seven actions its permissions policy does
    not allow, and the trust policy the seed recommends when its own lacks the ``aws:SourceArn``
    condition. Reads the role from the emulated IAM (the role the connection associates)."""
    raise NotImplementedError
