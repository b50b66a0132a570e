"""Subnets, Route tables ("Edit routes", "Edit subnet associations"), Internet gateways (attach,
detach) and NAT gateways."""

from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from accounts.aws.ec2 import selectors, services
from accounts.aws.ec2.forms import AttachForm, NameForm, NatGatewayCreateForm, SubnetCreateForm, SubnetSettingsForm
from accounts.aws.ec2.views.base import one, render_vpc, scope, vpc_page
from catalyst_admin.errors import DomainError
from catalyst_admin.forms import add_domain_error

EMPTY_ROWS = 3


# Subnets --------------------------------------------------------------------------------------


@vpc_page
def subnets(request):
    items = list(selectors.subnets_of(**scope(request)))
    routing = selectors.subnet_routing(items)
    for subnet in items:
        subnet.route_table = routing[subnet.pk][0]
    return render_vpc(request, "subnets.html", "subnets", {"subnets": items})


@vpc_page
def subnet_create(request):
    vpcs = list(selectors.vpcs_of(**scope(request)).prefetch_related(None))  # the form names them only
    form = SubnetCreateForm(
        request.POST if request.method == "POST" else None,
        vpcs=vpcs,
        zones=request.aws_region.zones,
        initial={"vpc": request.GET.get("vpc", "")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        vpc = one(request, selectors.vpc_in, data["vpc"], "VPC")
        try:
            subnet = services.subnet_create(
                vpc=vpc,
                availability_zone=data["availability_zone"],
                cidr_block=data["cidr_block"],
                name=data["name"],
                by=request.aws_user,
            )
        except DomainError as error:
            if error.field == "subnet_cidr_block":
                error.field = "cidr_block"
            add_domain_error(form, error)
        else:
            messages.success(request, f"You have successfully created 1 subnet: {subnet.resource_id}.")
            return redirect("aws:subnets")
    return render_vpc(request, "subnet_create.html", "subnets", {"form": form})


@vpc_page
def subnet_settings(request, subnet_id):
    """ "Edit subnet settings": Auto-assign IP settings."""
    subnet = one(request, selectors.subnet_in, subnet_id, "subnet")
    form = SubnetSettingsForm(
        request.POST if request.method == "POST" else None,
        initial={"map_public_ip_on_launch": subnet.map_public_ip_on_launch},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.subnet_modify(subnet=subnet, **form.cleaned_data, by=request.aws_user)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"You have successfully changed subnet settings: {subnet.resource_id}.")
            return redirect("aws:subnets")
    return render_vpc(request, "subnet_settings.html", "subnets", {"subnet": subnet, "form": form})


@require_POST
@vpc_page
def subnet_delete(request, subnet_id):
    subnet = one(request, selectors.subnet_in, subnet_id, "subnet")
    try:
        services.subnet_delete(subnet=subnet, by=request.aws_user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"You successfully deleted {subnet_id}.")
    return redirect("aws:subnets")


# Route tables ---------------------------------------------------------------------------------


@vpc_page
def route_tables(request):
    return render_vpc(
        request, "route_tables.html", "route_tables", {"route_tables": selectors.route_tables_of(**scope(request))}
    )


@vpc_page
def route_table_detail(request, route_table_id):
    # The VPC's subnets with no explicit association use a main table: the page lists them too.
    page = one(request, selectors.route_table_page, route_table_id, "route table")
    return render_vpc(request, "route_table_detail.html", "route_tables", page._asdict())


def _targets(request, table):
    """The targets "Edit routes" offers: the VPC's internet gateway, NAT gateways and endpoints."""
    vpc_ids = [table.vpc.resource_id]
    targets = [
        (g.resource_id, f"Internet Gateway | {g.resource_id}")
        for g in selectors.internet_gateways_of(**scope(request), vpc_ids=vpc_ids)
    ]
    targets += [
        (n.resource_id, f"NAT Gateway | {n.resource_id}")
        for n in selectors.nat_gateways_of(**scope(request), vpc_ids=vpc_ids)
    ]
    return targets


@vpc_page
def route_table_routes(request, route_table_id):
    table = one(request, selectors.route_table_in, route_table_id, "route table")
    error = None
    if request.method == "POST":
        pairs = [
            (destination.strip(), target.strip())
            for destination, target in zip(
                request.POST.getlist("destination"), request.POST.getlist("target"), strict=False
            )
            if destination.strip() or target.strip()
        ]
        try:
            services.route_table_routes_replace(route_table=table, routes=pairs, by=request.aws_user)
        except DomainError as refused:
            error = refused.message
            rows = pairs
        else:
            messages.success(request, f"Updated routes for {table.resource_id} successfully.")
            return redirect("aws:route_table", route_table_id=table.resource_id)
    else:
        rows = [(r.destination, r.target_id) for r in table.routes.all() if r.target_type in ("igw", "nat")]
    rows = list(rows) + [("", "")] * EMPTY_ROWS
    context = {
        "table": table,
        "local": [r for r in table.routes.all() if r.target_type == "local" or r.destination.startswith("pl-")],
        "rows": rows,
        "targets": _targets(request, table),
        "error": error,
    }
    return render_vpc(request, "route_table_routes.html", "route_tables", context, status=200)


@vpc_page
def route_table_subnets(request, route_table_id):
    table = one(request, selectors.route_table_in, route_table_id, "route table")
    choices = list(selectors.subnets_of(**scope(request), vpc_ids=[table.vpc.resource_id]))
    error = None
    chosen = {a.subnet.resource_id for a in table.associations.all()}
    if request.method == "POST":
        wanted = set(request.POST.getlist("subnets"))
        picked = [s for s in choices if s.resource_id in wanted]
        if len(picked) != len(wanted):
            error = "Choose subnets of this route table's VPC."
        else:
            try:
                services.route_table_subnets_set(route_table=table, subnets=picked, by=request.aws_user)
            except DomainError as refused:
                error = refused.message
            else:
                messages.success(request, f"You have successfully updated subnet associations for {table.resource_id}.")
                return redirect("aws:route_table", route_table_id=table.resource_id)
        chosen = wanted
    routing = selectors.subnet_routing(choices)
    for subnet in choices:
        subnet.current = routing[subnet.pk][0]
    context = {"table": table, "subnets": choices, "chosen": chosen, "error": error}
    return render_vpc(request, "route_table_subnets.html", "route_tables", context)


# Internet gateways ----------------------------------------------------------------------------


@vpc_page
def internet_gateways(request):
    return render_vpc(
        request,
        "internet_gateways.html",
        "internet_gateways",
        {"gateways": selectors.internet_gateways_of(**scope(request))},
    )


@vpc_page
def internet_gateway_create(request):
    form = NameForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            igw = services.internet_gateway_create(
                **scope(request), name=form.cleaned_data["name"], by=request.aws_user
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                f"The following internet gateway was created: {igw.resource_id}. You can now attach it to a VPC.",
            )
            return redirect("aws:internet_gateways")
    return render_vpc(request, "internet_gateway_create.html", "internet_gateways", {"form": form})


@vpc_page
def internet_gateway_attach(request, igw_id):
    igw = one(request, selectors.internet_gateway_in, igw_id, "internet gateway")
    free = [v for v in selectors.vpcs_of(**scope(request)) if not hasattr(v, "internet_gateway")]
    form = AttachForm(request.POST if request.method == "POST" else None, vpcs=free)
    if request.method == "POST" and form.is_valid():
        vpc = one(request, selectors.vpc_in, form.cleaned_data["vpc"], "VPC")
        try:
            services.internet_gateway_attach(internet_gateway=igw, vpc=vpc, by=request.aws_user)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Internet gateway {igw.resource_id} successfully attached to {vpc.resource_id}.")
            return redirect("aws:internet_gateways")
    return render_vpc(request, "internet_gateway_attach.html", "internet_gateways", {"igw": igw, "form": form})


@require_POST
@vpc_page
def internet_gateway_detach(request, igw_id):
    igw = one(request, selectors.internet_gateway_in, igw_id, "internet gateway")
    try:
        services.internet_gateway_detach(internet_gateway=igw, by=request.aws_user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Internet gateway {igw.resource_id} successfully detached.")
    return redirect("aws:internet_gateways")


# NAT gateways ---------------------------------------------------------------------------------


@vpc_page
def nat_gateways(request):
    return render_vpc(
        request, "nat_gateways.html", "nat_gateways", {"gateways": selectors.nat_gateways_of(**scope(request))}
    )


@vpc_page
def nat_gateway_create(request):
    choices = list(selectors.subnets_of(**scope(request)))
    form = NatGatewayCreateForm(request.POST if request.method == "POST" else None, subnets=choices)
    if request.method == "POST" and form.is_valid():
        subnet = one(request, selectors.subnet_in, form.cleaned_data["subnet"], "subnet")
        try:
            nat = services.nat_gateway_create(subnet=subnet, name=form.cleaned_data["name"], by=request.aws_user)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, f"NAT gateway {nat.resource_id} was created successfully with Elastic IP {nat.public_ip}."
            )
            return redirect("aws:nat_gateways")
    return render_vpc(request, "nat_gateway_create.html", "nat_gateways", {"form": form})
