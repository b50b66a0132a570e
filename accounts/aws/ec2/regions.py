"""The emulated AWS Regions with their Availability Zones, and the VPC endpoint service catalogue.

Seed 000, "Amazon VPC setup requirements": CodeCatalyst's endpoint services in us-west-2 and
eu-west-1 are ``com.amazonaws.<region>.codecatalyst.git``, ``aws.api.global.codecatalyst`` and
``com.amazonaws.<region>.codecatalyst.packages``; the rest of the catalogue is a realistic handful
of AWS's own services.
"""

from dataclasses import dataclass

from accounts.aws.ec2.errors import Ec2Error
from accounts.aws.regions import DEFAULT_REGION, REGIONS, Region  # noqa: F401 (the Regions, re-exported)

# Each Availability Zone's zone ID, as DescribeAvailabilityZones reports it.
ZONE_IDS = {
    "us-west-2a": "usw2-az1",
    "us-west-2b": "usw2-az2",
    "us-west-2c": "usw2-az3",
    "us-west-2d": "usw2-az4",
    "eu-west-1a": "euw1-az1",
    "eu-west-1b": "euw1-az2",
    "eu-west-1c": "euw1-az3",
}


def region_get(code: str) -> Region:
    """The Region ``code``, or an Ec2Error naming the Regions the emulator has."""
    region = REGIONS.get((code or "").strip())
    if region is None:
        names = ", ".join(f"{r.code} ({r.name})" for r in REGIONS.values())
        raise Ec2Error(
            "InvalidParameterValue", f"The Region {code!r} is not available. Choose one of: {names}.", field="region"
        )
    return region


@dataclass(frozen=True)
class EndpointService:
    """One service a VPC endpoint can connect to in a Region."""

    service_name: str
    types: tuple[str, ...]  # "Interface" and/or "Gateway"
    owner: str
    private_dns_name: str  # "" when the service has none (Gateway endpoints)
    supports_private_dns: bool

    @property
    def short_name(self) -> str:
        return (
            self.service_name.rsplit(".", 1)[-1]
            if self.service_name.startswith("com.amazonaws.")
            else self.service_name
        )


# (suffix after com.amazonaws.<region>., types, private DNS name with {region})
_REGIONAL = [
    ("codecatalyst.git", ("Interface",), "git.{region}.codecatalyst.aws"),
    ("codecatalyst.packages", ("Interface",), "packages.{region}.codecatalyst.aws"),
    ("ec2", ("Interface",), "ec2.{region}.amazonaws.com"),
    ("ecr.api", ("Interface",), "api.ecr.{region}.amazonaws.com"),
    ("ecr.dkr", ("Interface",), "*.dkr.ecr.{region}.amazonaws.com"),
    ("logs", ("Interface",), "logs.{region}.amazonaws.com"),
    ("s3", ("Gateway", "Interface"), ""),
    ("dynamodb", ("Gateway",), ""),
    ("secretsmanager", ("Interface",), "secretsmanager.{region}.amazonaws.com"),
    ("ssm", ("Interface",), "ssm.{region}.amazonaws.com"),
    ("sts", ("Interface",), "sts.{region}.amazonaws.com"),
]
CODECATALYST_GLOBAL = "aws.api.global.codecatalyst"


def endpoint_services(region: str) -> list[EndpointService]:
    """The endpoint services of ``region``, sorted by service name as the console lists them."""
    services = [
        EndpointService(
            service_name=f"com.amazonaws.{region}.{suffix}",
            types=types,
            owner="amazon",
            private_dns_name=dns.format(region=region),
            supports_private_dns=bool(dns),
        )
        for suffix, types, dns in _REGIONAL
    ]
    services.append(
        EndpointService(
            service_name=CODECATALYST_GLOBAL,
            types=("Interface",),
            owner="amazon",
            private_dns_name="codecatalyst.global.api.aws",
            supports_private_dns=True,
        )
    )
    return sorted(services, key=lambda s: s.service_name)


def endpoint_service_get(region: str, service_name: str) -> EndpointService | None:
    name = (service_name or "").strip()
    return next((s for s in endpoint_services(region) if s.service_name == name), None)
