"""Your VPCs: the list, Create VPC ("VPC only" / "VPC and more" with its preview), a VPC's details,
its settings and Delete VPC."""

from django.contrib import messages
from django.shortcuts import redirect

from accounts.aws.ec2 import plans, selectors, services
from accounts.aws.ec2.forms import ConfirmDeleteForm, VpcCreateForm, VpcSettingsForm
from accounts.aws.ec2.views.base import one, render_vpc, scope, vpc_page
from catalyst_admin.errors import DomainError
from catalyst_admin.forms import add_domain_error


@vpc_page
def vpcs(request):
    # The list names each VPC and its main route table only: neither's related rows are read.
    items = list(selectors.vpcs_of(**scope(request)).prefetch_related(None))
    mains = {
        t.vpc_id: t for t in selectors.route_tables_of(**scope(request)).filter(is_main=True).prefetch_related(None)
    }
    for vpc in items:
        vpc.main_route_table = mains.get(vpc.pk)
    return render_vpc(request, "vpcs.html", "vpcs", {"vpcs": items})


def _plan(form, region):
    data = form.cleaned_data
    return plans.vpc_and_more_plan(
        region=region,
        name_prefix=data["name"] or "project",
        cidr_block=data["cidr_block"],
        zone_count=data["zone_count"],
        public_per_zone=data["public_per_zone"],
        private_per_zone=data["private_per_zone"],
        nat_gateways=data["nat_gateways"],
        s3_gateway=data["s3_gateway"],
        enable_dns_hostnames=data["enable_dns_hostnames"],
        enable_dns_support=data["enable_dns_support"],
    )


@vpc_page
def vpc_create(request):
    region = request.aws_region
    data = request.POST if request.method == "POST" else None
    initial = {"mode": request.GET.get("mode", "vpc_and_more"), "name": "project"}
    form = VpcCreateForm(data, zones=region.zones, initial=initial)
    plan = None
    if data is None:
        plan = plans.vpc_and_more_plan(region=region.code) if initial["mode"] == "vpc_and_more" else None
    elif form.is_valid():
        mode = form.cleaned_data["mode"]
        try:
            if mode == "vpc_and_more":
                plan = _plan(form, region.code)
            if "create" in request.POST:
                if plan is not None:
                    made = services.vpc_and_more_create(**scope(request), plan=plan, by=request.aws_user)
                    vpc = made.vpc
                else:
                    vpc = services.vpc_create(
                        **scope(request),
                        cidr_block=form.cleaned_data["cidr_block"],
                        name=form.cleaned_data["name"],
                        enable_dns_hostnames=form.cleaned_data["enable_dns_hostnames"],
                        enable_dns_support=form.cleaned_data["enable_dns_support"],
                        by=request.aws_user,
                    )
                messages.success(
                    request, f"You successfully created {vpc.resource_id} / {vpc.name or vpc.resource_id}."
                )
                return redirect("aws:vpc", vpc_id=vpc.resource_id)
        except DomainError as error:
            plan = None
            add_domain_error(form, error)
    return render_vpc(request, "vpc_create.html", "vpcs", {"form": form, "plan": plan})


def _vpc_alone(account, region, resource_id):
    # As selectors.vpc_in, without its subnets: the details page reads them itself.
    return selectors.vpcs_of(account, region).prefetch_related(None).filter(resource_id=resource_id).first()


def _vpc_context(request, vpc):
    # The page names each resource only: none of the lists' related rows (routes, rules, entries) is
    # read; the tables and subnets are two queries, the resource map one query of names.
    vpc.account = request.aws_account  # vpc_in found it in this account
    route_tables, subnets = selectors.vpc_routing(vpc)
    names = selectors.vpc_resource_names(vpc)
    return {
        "vpc": vpc,
        "subnets": subnets,
        "route_tables": route_tables,
        "internet_gateway": next(iter(names.pop("internet_gateways")), None),
        **names,
    }


@vpc_page
def vpc_detail(request, vpc_id):
    vpc = one(request, _vpc_alone, vpc_id, "VPC")
    return render_vpc(request, "vpc_detail.html", "vpcs", _vpc_context(request, vpc))


@vpc_page
def vpc_settings(request, vpc_id):
    vpc = one(request, selectors.vpc_in, vpc_id, "VPC")
    initial = {"enable_dns_support": vpc.enable_dns_support, "enable_dns_hostnames": vpc.enable_dns_hostnames}
    form = VpcSettingsForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.vpc_attributes_modify(vpc=vpc, **form.cleaned_data, by=request.aws_user)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"You successfully modified the settings of {vpc.resource_id}.")
            return redirect("aws:vpc", vpc_id=vpc.resource_id)
    return render_vpc(request, "vpc_settings.html", "vpcs", {"vpc": vpc, "form": form})


@vpc_page
def vpc_delete(request, vpc_id):
    vpc = one(request, selectors.vpc_in, vpc_id, "VPC")
    form = ConfirmDeleteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.vpc_delete(vpc=vpc, by=request.aws_user)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"You successfully deleted {vpc.resource_id}.")
            return redirect("aws:vpcs")
    dependencies = selectors.vpc_dependencies(vpc)
    return render_vpc(request, "vpc_delete.html", "vpcs", {"vpc": vpc, "form": form, "dependencies": dependencies})
