"""AWS-looking resource IDs: a prefix, a dash and 17 lowercase hex digits (``vpc-0a1b2c3d4e5f60718``)."""

import secrets

PREFIXES = {
    "vpc": "vpc",
    "subnet": "subnet",
    "route_table": "rtb",
    "route_table_association": "rtbassoc",
    "internet_gateway": "igw",
    "nat_gateway": "nat",
    "elastic_ip": "eipalloc",
    "security_group": "sg",
    "security_group_rule": "sgr",
    "network_acl": "acl",
    "vpc_endpoint": "vpce",
    "network_interface": "eni",
}


def new_resource_id(prefix: str) -> str:
    """A fresh ID such as ``subnet-0f3c…``: the prefix, a dash and 17 hex digits."""
    return f"{prefix}-{secrets.token_hex(9)[:17]}"
