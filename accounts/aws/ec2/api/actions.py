"""The EC2 API's actions. Each calls the inventory's selectors (through ``accounts.aws.ec2.shapes``)
and services for the signer's account and the Region the request was signed for, and returns the
operation's output in EC2's shape; the rules are the services'."""

from accounts.aws.ec2 import regions, selectors, services, shapes
from accounts.aws.ec2.api.protocol import ApiError
from accounts.aws.ec2.errors import not_found


def region_of(caller) -> str:
    """The Region of the request's credential scope, if the emulator has it."""
    if caller.region not in regions.REGIONS:
        raise ApiError(
            "AuthFailure",
            f"Credential should be scoped to a valid region. This emulator's EC2 serves "
            f"{', '.join(regions.REGIONS)}, not '{caller.region}'.",
            status=401,
        )
    return caller.region


def _describe(kind: str, result_key: str, ids_param: str, filters_param: str = "Filters"):
    def action(*, caller, region, params):
        filters = list(params.get(filters_param, []))
        if params.get("GroupNames"):  # DescribeSecurityGroups' names, as the group-name filter
            filters.append({"Name": "group-name", "Values": params["GroupNames"]})
        found = shapes.describe(kind, caller.account, region, ids=params.get(ids_param, []), filters=filters)
        return {result_key: found}

    return action


def describe_availability_zones(*, caller, region, params):
    zones = shapes.availability_zone_shapes(region)
    names = params.get("ZoneNames", [])
    unknown = [name for name in names if name not in {z["ZoneName"] for z in zones}]
    if unknown:
        raise ApiError("InvalidParameterValue", f"Invalid availability zone: [{unknown[0]}]")
    zones = [z for z in zones if not names or z["ZoneName"] in names]
    zone_ids = params.get("ZoneIds", [])
    zones = [z for z in zones if not zone_ids or z["ZoneId"] in zone_ids]
    return {"AvailabilityZones": shapes.shapes_filtered("availability_zone", zones, params.get("Filters", []))}


def describe_vpc_endpoint_services(*, caller, region, params):
    details = shapes.endpoint_service_shapes(region)
    names = params.get("ServiceNames", [])
    unknown = [name for name in names if name not in {d["ServiceName"] for d in details}]
    if unknown:
        raise ApiError("InvalidServiceName", f"The Vpc Endpoint Service '{unknown[0]}' does not exist")
    details = [d for d in details if not names or d["ServiceName"] in names]
    details = shapes.shapes_filtered("endpoint_service", details, params.get("Filters", []))
    return {"ServiceDetails": details, "ServiceNames": [d["ServiceName"] for d in details]}


def _name_tag(params, resource_type: str) -> str:
    for spec in params.get("TagSpecifications", []):
        if spec.get("ResourceType", resource_type) == resource_type:
            for tag in spec.get("Tags", []):
                if tag.get("Key") == "Name":
                    return tag.get("Value", "")
    return ""


def _endpoint_answer(caller, region, endpoint) -> dict:
    return shapes.describe("vpc_endpoint", caller.account, region, ids=[endpoint.resource_id])[0]


def create_vpc_endpoint(*, caller, region, params):
    endpoint = services.vpc_endpoint_create(
        account=caller.account,
        region=region,
        vpc_id=params["VpcId"],
        service_name=params["ServiceName"],
        endpoint_type=params.get("VpcEndpointType", "Interface"),
        subnet_ids=params.get("SubnetIds", []),
        security_group_ids=params.get("SecurityGroupIds", []),
        route_table_ids=params.get("RouteTableIds", []),
        private_dns_enabled=params.get("PrivateDnsEnabled"),
        name=_name_tag(params, "vpc-endpoint"),
        by=caller.user,
    )
    return {"VpcEndpoint": _endpoint_answer(caller, region, endpoint)}


def modify_vpc_endpoint(*, caller, region, params):
    endpoint = selectors.vpc_endpoint_in(caller.account, region, params["VpcEndpointId"])
    if endpoint is None:
        raise not_found("vpc_endpoint", params["VpcEndpointId"])
    services.vpc_endpoint_modify(
        endpoint=endpoint,
        private_dns_enabled=params.get("PrivateDnsEnabled"),
        add_subnet_ids=params.get("AddSubnetIds", []),
        remove_subnet_ids=params.get("RemoveSubnetIds", []),
        add_security_group_ids=params.get("AddSecurityGroupIds", []),
        remove_security_group_ids=params.get("RemoveSecurityGroupIds", []),
        by=caller.user,
    )
    return {"Return": True}


def delete_vpc_endpoints(*, caller, region, params):
    unsuccessful = services.vpc_endpoints_delete(
        account=caller.account, region=region, endpoint_ids=params["VpcEndpointIds"], by=caller.user
    )
    return {
        "Unsuccessful": [
            {"ResourceId": endpoint_id, "Error": {"Code": error.code, "Message": error.message}}
            for endpoint_id, error in unsuccessful
        ]
    }


ACTIONS = {
    "DescribeVpcs": _describe("vpc", "Vpcs", "VpcIds"),
    "DescribeSubnets": _describe("subnet", "Subnets", "SubnetIds"),
    "DescribeRouteTables": _describe("route_table", "RouteTables", "RouteTableIds"),
    "DescribeInternetGateways": _describe("internet_gateway", "InternetGateways", "InternetGatewayIds"),
    "DescribeNatGateways": _describe("nat_gateway", "NatGateways", "NatGatewayIds", "Filter"),
    "DescribeSecurityGroups": _describe("security_group", "SecurityGroups", "GroupIds"),
    "DescribeNetworkAcls": _describe("network_acl", "NetworkAcls", "NetworkAclIds"),
    "DescribeVpcEndpoints": _describe("vpc_endpoint", "VpcEndpoints", "VpcEndpointIds"),
    "DescribeAvailabilityZones": describe_availability_zones,
    "DescribeVpcEndpointServices": describe_vpc_endpoint_services,
    "CreateVpcEndpoint": create_vpc_endpoint,
    "ModifyVpcEndpoint": modify_vpc_endpoint,
    "DeleteVpcEndpoints": delete_vpc_endpoints,
}
