"""The inventory as EC2 describes it: dicts in the shapes boto3 returns (``Vpcs``' items,
``Subnets``' items …), with EC2's filters. The EC2 API serializes them to XML; the EC2 client's
built-in backend returns them as they are, so both backends answer alike."""

import hashlib
import ipaddress
import json
import re

from accounts.aws.ec2 import regions, selectors
from accounts.aws.ec2.errors import Ec2Error, not_found
from accounts.aws.ec2.models import NetworkAcl, Route, RouteTable, SecurityGroup, Subnet, Vpc, VpcEndpoint

_ACCEPTED = {"State": "associated"}


def _suffix(resource_id: str) -> str:
    return resource_id.split("-", 1)[1]


def vpc_shape(vpc: Vpc) -> dict:
    return {
        "VpcId": vpc.resource_id,
        "OwnerId": vpc.account.account_id,
        "CidrBlock": vpc.cidr_block,
        "State": vpc.state,
        "DhcpOptionsId": f"dopt-{_suffix(vpc.resource_id)}",
        "InstanceTenancy": vpc.instance_tenancy,
        "IsDefault": vpc.is_default,
        "CidrBlockAssociationSet": [
            {
                "AssociationId": f"vpc-cidr-assoc-{_suffix(vpc.resource_id)}",
                "CidrBlock": vpc.cidr_block,
                "CidrBlockState": _ACCEPTED,
            }
        ],
        "Tags": vpc.tag_list,
    }


def subnet_shape(subnet: Subnet) -> dict:
    size = ipaddress.ip_network(subnet.cidr_block).num_addresses
    return {
        "SubnetId": subnet.resource_id,
        "SubnetArn": f"arn:aws:ec2:{subnet.region}:{subnet.account.account_id}:subnet/{subnet.resource_id}",
        "VpcId": subnet.vpc.resource_id,
        "OwnerId": subnet.account.account_id,
        "CidrBlock": subnet.cidr_block,
        "AvailabilityZone": subnet.availability_zone,
        "AvailabilityZoneId": regions.ZONE_IDS.get(subnet.availability_zone, ""),
        "AvailableIpAddressCount": max(size - 5, 0),  # AWS keeps five addresses of every subnet
        "DefaultForAz": subnet.default_for_az,
        "MapPublicIpOnLaunch": subnet.map_public_ip_on_launch,
        "State": subnet.state,
        "Tags": subnet.tag_list,
    }


def _route_shape(route: Route) -> dict:
    shape = {"State": route.state, "Origin": "CreateRouteTable" if route.target_type == "local" else "CreateRoute"}
    if route.destination.startswith("pl-"):
        shape["DestinationPrefixListId"] = route.destination
    else:
        shape["DestinationCidrBlock"] = route.destination
    if route.target_type == Route.Target.NAT_GATEWAY:
        shape["NatGatewayId"] = route.target_id
    else:
        shape["GatewayId"] = route.target_id
    return shape


def route_table_shape(table: RouteTable) -> dict:
    associations = [
        {
            "Main": False,
            "RouteTableAssociationId": a.association_id,
            "RouteTableId": table.resource_id,
            "SubnetId": a.subnet.resource_id,
            "AssociationState": _ACCEPTED,
        }
        for a in table.associations.all()
    ]
    if table.is_main:
        associations.insert(
            0,
            {
                "Main": True,
                "RouteTableAssociationId": f"rtbassoc-{_suffix(table.resource_id)}",
                "RouteTableId": table.resource_id,
                "AssociationState": _ACCEPTED,
            },
        )
    return {
        "RouteTableId": table.resource_id,
        "VpcId": table.vpc.resource_id,
        "OwnerId": table.account.account_id,
        "Routes": [_route_shape(route) for route in table.routes.all()],
        "Associations": associations,
        "PropagatingVgws": [],
        "Tags": table.tag_list,
    }


def internet_gateway_shape(gateway) -> dict:
    return {
        "InternetGatewayId": gateway.resource_id,
        "OwnerId": gateway.account.account_id,
        # EC2 reports an attached internet gateway's attachment as "available".
        "Attachments": [{"State": "available", "VpcId": gateway.vpc.resource_id}] if gateway.vpc_id else [],
        "Tags": gateway.tag_list,
    }


def nat_gateway_shape(gateway) -> dict:
    return {
        "NatGatewayId": gateway.resource_id,
        "VpcId": gateway.vpc.resource_id,
        "SubnetId": gateway.subnet.resource_id,
        "State": gateway.state,
        "ConnectivityType": gateway.connectivity_type,
        "CreateTime": gateway.created_at,
        "NatGatewayAddresses": [
            {
                "AllocationId": gateway.allocation_id,
                "NetworkInterfaceId": gateway.network_interface_id,
                "PrivateIp": gateway.private_ip,
                "PublicIp": gateway.public_ip,
                "IsPrimary": True,
                "Status": "succeeded",
            }
        ],
        "Tags": gateway.tag_list,
    }


def _permission(rule, owner_id: str) -> dict:
    permission = {"IpProtocol": rule.protocol, "IpRanges": [], "Ipv6Ranges": [], "PrefixListIds": []}
    if rule.from_port is not None:
        permission["FromPort"] = rule.from_port
    if rule.to_port is not None:
        permission["ToPort"] = rule.to_port
    if rule.cidr_ipv4:
        permission["IpRanges"] = [
            {"CidrIp": rule.cidr_ipv4, **({"Description": rule.description} if rule.description else {})}
        ]
    if rule.referenced_group_id:
        permission["UserIdGroupPairs"] = [{"GroupId": rule.referenced_group.resource_id, "UserId": owner_id}]
    return permission


def security_group_shape(group: SecurityGroup) -> dict:
    owner = group.account.account_id
    rules = list(group.rules.all())
    return {
        "GroupId": group.resource_id,
        "GroupName": group.group_name,
        "Description": group.description,
        "VpcId": group.vpc.resource_id,
        "OwnerId": owner,
        "SecurityGroupArn": f"arn:aws:ec2:{group.region}:{owner}:security-group/{group.resource_id}",
        "IpPermissions": [_permission(r, owner) for r in rules if not r.is_egress],
        "IpPermissionsEgress": [_permission(r, owner) for r in rules if r.is_egress],
        "Tags": group.tag_list,
    }


def _acl_entry(entry) -> dict:
    shape = {
        "RuleNumber": entry.rule_number,
        "Protocol": entry.protocol,
        "RuleAction": entry.rule_action,
        "Egress": entry.is_egress,
        "CidrBlock": entry.cidr_block,
    }
    if entry.from_port is not None or entry.to_port is not None:
        shape["PortRange"] = {"From": entry.from_port, "To": entry.to_port}
    return shape


def network_acl_shape(acl: NetworkAcl) -> dict:
    entries = [_acl_entry(entry) for entry in acl.entries.all()]
    # The final rule of each direction, which denies what no numbered rule allowed.
    for egress in (False, True):
        entries.append(
            {"RuleNumber": 32767, "Protocol": "-1", "RuleAction": "deny", "Egress": egress, "CidrBlock": "0.0.0.0/0"}
        )
    subnets = list(acl.vpc.subnets.all()) if acl.is_default else []
    return {
        "NetworkAclId": acl.resource_id,
        "VpcId": acl.vpc.resource_id,
        "IsDefault": acl.is_default,
        "OwnerId": acl.account.account_id,
        "Entries": entries,
        "Associations": [
            {
                "NetworkAclAssociationId": f"aclassoc-{_suffix(s.resource_id)}",
                "NetworkAclId": acl.resource_id,
                "SubnetId": s.resource_id,
            }
            for s in subnets
        ],
        "Tags": acl.tag_list,
    }


def _endpoint_dns_entries(endpoint: VpcEndpoint) -> list[dict]:
    if endpoint.endpoint_type != VpcEndpoint.Type.INTERFACE:
        return []
    base = f"{endpoint.resource_id}-{_suffix(endpoint.vpc.resource_id)[:8]}"
    short = endpoint.service_name.removeprefix(f"com.amazonaws.{endpoint.region}.")
    zone = "Z1YSA3EXCYUU9Z"  # the vpce.amazonaws.com hosted zone, as EC2 names it in us-west-2
    entries = [{"DnsName": f"{base}.{short}.{endpoint.region}.vpce.amazonaws.com", "HostedZoneId": zone}]
    entries += [
        {"DnsName": f"{base}-{es.availability_zone}.{short}.{endpoint.region}.vpce.amazonaws.com", "HostedZoneId": zone}
        for es in endpoint.endpoint_subnets.all()
    ]
    service = regions.endpoint_service_get(endpoint.region, endpoint.service_name)
    if endpoint.private_dns_enabled and service is not None and service.private_dns_name:
        entries.append({"DnsName": service.private_dns_name, "HostedZoneId": "ZPRIVATEDNS0000"})
    return entries


def vpc_endpoint_shape(endpoint: VpcEndpoint) -> dict:
    policy = endpoint.policy or {
        "Statement": [{"Action": "*", "Effect": "Allow", "Principal": "*", "Resource": "*"}],
    }
    return {
        "VpcEndpointId": endpoint.resource_id,
        "VpcEndpointType": endpoint.endpoint_type,
        "VpcId": endpoint.vpc.resource_id,
        "ServiceName": endpoint.service_name,
        "State": endpoint.state,
        "PolicyDocument": json.dumps(policy),
        "RouteTableIds": [t.resource_id for t in endpoint.route_tables.all()],
        "SubnetIds": [es.subnet.resource_id for es in endpoint.endpoint_subnets.all()],
        "Groups": [{"GroupId": g.resource_id, "GroupName": g.group_name} for g in endpoint.security_groups.all()],
        "IpAddressType": endpoint.ip_address_type,
        "DnsOptions": {"DnsRecordIpType": endpoint.ip_address_type},
        "PrivateDnsEnabled": endpoint.private_dns_enabled,
        "RequesterManaged": False,
        "NetworkInterfaceIds": [es.network_interface_id for es in endpoint.endpoint_subnets.all()],
        "DnsEntries": _endpoint_dns_entries(endpoint),
        "CreationTimestamp": endpoint.created_at,
        "Tags": endpoint.tag_list,
        "OwnerId": endpoint.account.account_id,
    }


def availability_zone_shapes(region: str) -> list[dict]:
    return [
        {
            "State": "available",
            "OptInStatus": "opt-in-not-required",
            "Messages": [],
            "RegionName": region,
            "ZoneName": zone,
            "ZoneId": regions.ZONE_IDS.get(zone, ""),
            "GroupName": region,
            "NetworkBorderGroup": region,
            "ZoneType": "availability-zone",
        }
        for zone in selectors.availability_zones(region)
    ]


def endpoint_service_shapes(region: str) -> list[dict]:
    zones = list(selectors.availability_zones(region))
    return [
        {
            "ServiceName": service.service_name,
            "ServiceId": "vpce-svc-" + hashlib.sha256(service.service_name.encode()).hexdigest()[:17],
            "ServiceType": [{"ServiceType": kind} for kind in service.types],
            "AvailabilityZones": zones,
            "Owner": service.owner,
            "BaseEndpointDnsNames": [f"{service.short_name}.{region}.vpce.amazonaws.com"],
            **({"PrivateDnsName": service.private_dns_name} if service.private_dns_name else {}),
            "VpcEndpointPolicySupported": True,
            "AcceptanceRequired": False,
            "ManagesVpcEndpoints": False,
            "Tags": [],
        }
        for service in selectors.endpoint_services(region)
    ]


# Filters -------------------------------------------------------------------------------------
# EC2's Filter parameter: a resource is described when, for every filter, one of the filter's
# values matches one of the resource's values for that name (values take the wildcards * and ?).


def _tags(shape) -> dict:
    return {tag["Key"]: tag["Value"] for tag in shape.get("Tags", [])}


FILTERS = {
    "vpc": {
        "vpc-id": lambda s: [s["VpcId"]],
        "cidr": lambda s: [s["CidrBlock"]],
        "cidr-block-association.cidr-block": lambda s: [s["CidrBlock"]],
        "is-default": lambda s: [str(s["IsDefault"]).lower()],
        "state": lambda s: [s["State"]],
        "owner-id": lambda s: [s["OwnerId"]],
    },
    "subnet": {
        "subnet-id": lambda s: [s["SubnetId"]],
        "vpc-id": lambda s: [s["VpcId"]],
        "availability-zone": lambda s: [s["AvailabilityZone"]],
        "availability-zone-id": lambda s: [s["AvailabilityZoneId"]],
        "cidr-block": lambda s: [s["CidrBlock"]],
        "default-for-az": lambda s: [str(s["DefaultForAz"]).lower()],
        "map-public-ip-on-launch": lambda s: [str(s["MapPublicIpOnLaunch"]).lower()],
        "state": lambda s: [s["State"]],
        "owner-id": lambda s: [s["OwnerId"]],
    },
    "route_table": {
        "route-table-id": lambda s: [s["RouteTableId"]],
        "vpc-id": lambda s: [s["VpcId"]],
        "association.subnet-id": lambda s: [a["SubnetId"] for a in s["Associations"] if "SubnetId" in a],
        "association.main": lambda s: [str(a["Main"]).lower() for a in s["Associations"]],
        "association.route-table-association-id": lambda s: [a["RouteTableAssociationId"] for a in s["Associations"]],
        "route.gateway-id": lambda s: [r["GatewayId"] for r in s["Routes"] if "GatewayId" in r],
        "route.nat-gateway-id": lambda s: [r["NatGatewayId"] for r in s["Routes"] if "NatGatewayId" in r],
        "route.destination-cidr-block": lambda s: [
            r["DestinationCidrBlock"] for r in s["Routes"] if "DestinationCidrBlock" in r
        ],
        "owner-id": lambda s: [s["OwnerId"]],
    },
    "internet_gateway": {
        "internet-gateway-id": lambda s: [s["InternetGatewayId"]],
        "attachment.vpc-id": lambda s: [a["VpcId"] for a in s["Attachments"]],
        "attachment.state": lambda s: [a["State"] for a in s["Attachments"]],
        "owner-id": lambda s: [s["OwnerId"]],
    },
    "nat_gateway": {
        "nat-gateway-id": lambda s: [s["NatGatewayId"]],
        "vpc-id": lambda s: [s["VpcId"]],
        "subnet-id": lambda s: [s["SubnetId"]],
        "state": lambda s: [s["State"]],
    },
    "security_group": {
        "group-id": lambda s: [s["GroupId"]],
        "group-name": lambda s: [s["GroupName"]],
        "vpc-id": lambda s: [s["VpcId"]],
        "description": lambda s: [s["Description"]],
        "owner-id": lambda s: [s["OwnerId"]],
    },
    "network_acl": {
        "network-acl-id": lambda s: [s["NetworkAclId"]],
        "vpc-id": lambda s: [s["VpcId"]],
        "default": lambda s: [str(s["IsDefault"]).lower()],
        "association.subnet-id": lambda s: [a["SubnetId"] for a in s["Associations"]],
        "owner-id": lambda s: [s["OwnerId"]],
    },
    "vpc_endpoint": {
        "vpc-endpoint-id": lambda s: [s["VpcEndpointId"]],
        "vpc-id": lambda s: [s["VpcId"]],
        "service-name": lambda s: [s["ServiceName"]],
        "vpc-endpoint-state": lambda s: [s["State"]],
        "vpc-endpoint-type": lambda s: [s["VpcEndpointType"]],
    },
    "availability_zone": {
        "zone-name": lambda s: [s["ZoneName"]],
        "zone-id": lambda s: [s["ZoneId"]],
        "region-name": lambda s: [s["RegionName"]],
        "state": lambda s: [s["State"]],
        "zone-type": lambda s: [s["ZoneType"]],
        "group-name": lambda s: [s["GroupName"]],
    },
    "endpoint_service": {
        "service-name": lambda s: [s["ServiceName"]],
        "service-type": lambda s: [t["ServiceType"] for t in s["ServiceType"]],
        "owner": lambda s: [s["Owner"]],
    },
}


def _matches(pattern: str, value: str) -> bool:
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, value, flags=re.DOTALL) is not None


def shapes_filtered(kind: str, shapes: list[dict], filters) -> list[dict]:
    """``shapes`` that pass every one of EC2's ``filters`` (``[{"Name": …, "Values": […]}]``).
    An unknown filter name is EC2's ``InvalidParameterValue``, naming the filters there are."""
    known = FILTERS[kind]
    checks = []
    for spec in filters or []:
        name, values = spec.get("Name", ""), spec.get("Values", [])
        if name.startswith("tag:"):
            key = name[4:]
            checks.append((lambda s, key=key: [v for k, v in _tags(s).items() if k == key], values))
        elif name == "tag-key":
            checks.append((lambda s: list(_tags(s)), values))
        elif name in known:
            checks.append((known[name], values))
        else:
            raise Ec2Error(
                "InvalidParameterValue",
                f"The filter '{name}' is invalid. Use one of: {', '.join(sorted(known))}, tag:<key>, tag-key.",
            )
    return [
        shape
        for shape in shapes
        if all(any(_matches(p, v) for p in patterns for v in get(shape)) for get, patterns in checks)
    ]


# Describing ----------------------------------------------------------------------------------

DESCRIBED = {
    "vpc": (selectors.vpcs_of, vpc_shape),
    "subnet": (selectors.subnets_of, subnet_shape),
    "route_table": (selectors.route_tables_of, route_table_shape),
    "internet_gateway": (selectors.internet_gateways_of, internet_gateway_shape),
    "nat_gateway": (selectors.nat_gateways_of, nat_gateway_shape),
    "security_group": (selectors.security_groups_of, security_group_shape),
    "network_acl": (selectors.network_acls_of, network_acl_shape),
    "vpc_endpoint": (selectors.vpc_endpoints_of, vpc_endpoint_shape),
}


def describe(kind: str, account, region: str, *, ids=(), filters=()) -> list[dict]:
    """The account's resources of ``kind`` in ``region`` as EC2 describes them: those with ``ids``
    (an ID not in this account and Region is EC2's ``Invalid…ID.NotFound``), passing ``filters``."""
    regions.region_get(region)
    of, shape = DESCRIBED[kind]
    ids = [i for i in dict.fromkeys(ids or ()) if i]
    rows = list(of(account, region, ids=ids))
    missing = set(ids) - {row.resource_id for row in rows}
    if missing:
        raise not_found(kind, sorted(missing)[0])
    for row in rows:
        row.account = account  # one account for every row: no query per row for its owner ID
    return shapes_filtered(kind, [shape(row) for row in rows], filters)
