"""IPv4 CIDR blocks as Amazon VPC accepts them, and the plan "VPC and more" follows to cut a VPC's
block into subnets."""

import ipaddress

from accounts.aws.ec2.errors import Ec2Error

MIN_PREFIX = 16  # Amazon VPC: "The allowed block size is between a /16 netmask and /28 netmask"
MAX_PREFIX = 28


def parse_cidr(value: str, *, field: str = "cidr_block", what: str = "IPv4 CIDR block") -> ipaddress.IPv4Network:
    """``value`` as an IPv4 network, or an Ec2Error saying how to write one."""
    text = (value or "").strip()
    try:
        network = ipaddress.IPv4Network(text, strict=False)
    except (ipaddress.AddressValueError, ipaddress.NetmaskValueError, ValueError):
        raise Ec2Error(
            "InvalidParameterValue",
            f"{text or 'An empty value'} is not a valid {what}. Write it as an address and a prefix length, "
            "for example 10.0.0.0/16.",
            field=field,
        ) from None
    if "/" not in text:
        raise Ec2Error(
            "InvalidParameterValue",
            f"{text} has no prefix length. Write the {what} with one, for example {text}/16.",
            field=field,
        )
    if str(network) != text:
        raise Ec2Error(
            "InvalidParameterValue",
            f"{text} is not the first address of its block. Did you mean {network}?",
            field=field,
        )
    return network


def parse_block(value: str, *, field: str = "cidr_block", what: str = "IPv4 CIDR block") -> ipaddress.IPv4Network:
    """A VPC's or subnet's block: a valid CIDR between /16 and /28."""
    network = parse_cidr(value, field=field, what=what)
    if not MIN_PREFIX <= network.prefixlen <= MAX_PREFIX:
        raise Ec2Error(
            "InvalidVpcRange" if field == "cidr_block" else "InvalidSubnet.Range",
            f"The CIDR {network} is out of range: the block size must be between /{MIN_PREFIX} "
            f"(65,536 addresses) and /{MAX_PREFIX} (16 addresses).",
            field=field,
        )
    return network


def subnet_blocks(vpc: ipaddress.IPv4Network, *, public: int, private: int) -> tuple[list, list]:
    """The blocks "VPC and more" gives ``public`` and ``private`` subnets: four bits longer than the
    VPC's (/20s of a /16, at most /28), public ones from the start, private ones from the middle,
    as the AWS console does (10.0.0.0/20, 10.0.16.0/20 … and 10.0.128.0/20, 10.0.144.0/20 …)."""
    prefix = min(vpc.prefixlen + 4, MAX_PREFIX)
    blocks = list(vpc.subnets(new_prefix=prefix)) if prefix > vpc.prefixlen else []
    half = len(blocks) // 2
    if public > half or private > half:
        raise Ec2Error(
            "InvalidParameterValue",
            f"The VPC's block {vpc} is too small for {public} public and {private} private subnets. "
            "Choose a larger IPv4 CIDR block (for example a /16) or fewer subnets.",
            field="cidr_block",
        )
    return blocks[:public], blocks[half : half + private]
