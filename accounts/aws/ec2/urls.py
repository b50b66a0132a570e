"""The Amazon VPC console's pages, mounted at /aws/vpc/ inside the AWS console (namespace ``aws``)."""

from django.urls import path, register_converter

from accounts.aws.ec2.views import endpoints, network, security, vpcs


class ResourceIdConverter:
    """An AWS resource ID: a prefix, a dash and hex digits (anything else is a 404)."""

    regex = "[a-z]{2,8}-[0-9a-f]{1,32}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return str(value)


register_converter(ResourceIdConverter, "resource_id")

aws_console_patterns = [
    path("vpc/", vpcs.vpcs, name="vpcs"),
    path("vpc/create/", vpcs.vpc_create, name="vpc_create"),
    path("vpc/vpcs/<resource_id:vpc_id>/", vpcs.vpc_detail, name="vpc"),
    path("vpc/vpcs/<resource_id:vpc_id>/settings/", vpcs.vpc_settings, name="vpc_settings"),
    path("vpc/vpcs/<resource_id:vpc_id>/delete/", vpcs.vpc_delete, name="vpc_delete"),
    path("vpc/subnets/", network.subnets, name="subnets"),
    path("vpc/subnets/create/", network.subnet_create, name="subnet_create"),
    path("vpc/subnets/<resource_id:subnet_id>/settings/", network.subnet_settings, name="subnet_settings"),
    path("vpc/subnets/<resource_id:subnet_id>/delete/", network.subnet_delete, name="subnet_delete"),
    path("vpc/route-tables/", network.route_tables, name="route_tables"),
    path("vpc/route-tables/<resource_id:route_table_id>/", network.route_table_detail, name="route_table"),
    path(
        "vpc/route-tables/<resource_id:route_table_id>/routes/", network.route_table_routes, name="route_table_routes"
    ),
    path(
        "vpc/route-tables/<resource_id:route_table_id>/subnets/",
        network.route_table_subnets,
        name="route_table_subnets",
    ),
    path("vpc/internet-gateways/", network.internet_gateways, name="internet_gateways"),
    path("vpc/internet-gateways/create/", network.internet_gateway_create, name="internet_gateway_create"),
    path(
        "vpc/internet-gateways/<resource_id:igw_id>/attach/",
        network.internet_gateway_attach,
        name="internet_gateway_attach",
    ),
    path(
        "vpc/internet-gateways/<resource_id:igw_id>/detach/",
        network.internet_gateway_detach,
        name="internet_gateway_detach",
    ),
    path("vpc/nat-gateways/", network.nat_gateways, name="nat_gateways"),
    path("vpc/nat-gateways/create/", network.nat_gateway_create, name="nat_gateway_create"),
    path("vpc/security-groups/", security.security_groups, name="security_groups"),
    path("vpc/security-groups/create/", security.security_group_create, name="security_group_create"),
    path("vpc/security-groups/<resource_id:group_id>/", security.security_group_detail, name="security_group"),
    path(
        "vpc/security-groups/<resource_id:group_id>/inbound/",
        security.security_group_inbound,
        name="security_group_inbound",
    ),
    path(
        "vpc/security-groups/<resource_id:group_id>/outbound/",
        security.security_group_outbound,
        name="security_group_outbound",
    ),
    path("vpc/network-acls/", security.network_acls, name="network_acls"),
    path("vpc/network-acls/<resource_id:acl_id>/", security.network_acl_detail, name="network_acl"),
    path("vpc/network-acls/<resource_id:acl_id>/inbound/", security.network_acl_inbound, name="network_acl_inbound"),
    path("vpc/network-acls/<resource_id:acl_id>/outbound/", security.network_acl_outbound, name="network_acl_outbound"),
    path("vpc/endpoints/", endpoints.endpoints, name="endpoints"),
    path("vpc/endpoints/create/", endpoints.endpoint_create, name="endpoint_create"),
    path("vpc/endpoints/<resource_id:endpoint_id>/", endpoints.endpoint_detail, name="endpoint"),
    path(
        "vpc/endpoints/<resource_id:endpoint_id>/private-dns/",
        endpoints.endpoint_private_dns,
        name="endpoint_private_dns",
    ),
    path("vpc/endpoints/<resource_id:endpoint_id>/delete/", endpoints.endpoint_delete, name="endpoint_delete"),
]
