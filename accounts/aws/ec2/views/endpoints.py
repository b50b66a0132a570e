"""Endpoints: the list, "Create endpoint" (seed 000, "To configure VPC endpoints using the AWS
console"), an endpoint's details, "Modify private DNS name" and delete."""

from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from accounts.aws.ec2 import selectors, services
from accounts.aws.ec2.forms import EndpointCreateForm, PrivateDnsForm
from accounts.aws.ec2.regions import endpoint_service_get
from accounts.aws.ec2.views.base import one, render_vpc, scope, vpc_page
from catalyst_admin.errors import DomainError
from catalyst_admin.forms import add_domain_error


@vpc_page
def endpoints(request):
    return render_vpc(
        request, "endpoints.html", "endpoints", {"endpoints": selectors.vpc_endpoints_of(**scope(request))}
    )


@vpc_page
def endpoint_create(request):
    data = request.POST if request.method == "POST" else None
    query = ((data or request.GET).get("q") or "").strip()[:200]
    # The page creates Interface endpoints (Gateway endpoints: "VPC and more" or the EC2 API).
    catalogue = [s for s in selectors.endpoint_services(request.aws_region.code) if "Interface" in s.types]
    shown = [s for s in catalogue if query.lower() in s.service_name.lower()] if query else catalogue
    chosen = (data or {}).get("service_name") or request.GET.get("service", "")
    if chosen and chosen not in {s.service_name for s in shown}:
        # Keep the service chosen before the search in the list, so a new search does not lose it.
        shown += [s for s in catalogue if s.service_name == chosen]
    # The choices name the VPCs, subnets and groups only: none of their related rows is read.
    vpcs = selectors.vpc_choices(**scope(request))
    vpc_id = (data or request.GET).get("vpc") or (vpcs[0].resource_id if vpcs else "")
    vpc = next((v for v in vpcs if v.resource_id == vpc_id), None)
    subnets, groups = selectors.vpc_choice_members(vpc) if vpc else ([], [])
    refresh = data is not None and "refresh" in data
    form = EndpointCreateForm(
        None if refresh else data,
        initial={**(data.dict() if data else {}), "vpc": vpc_id, "ip_address_type": "ipv4", "service_name": chosen},
        services=shown,
        vpcs=vpcs,
        subnets=subnets,
        groups=groups,
    )
    if data is not None and not refresh and form.is_valid():
        clean = form.cleaned_data
        try:
            endpoint = services.vpc_endpoint_create(
                **scope(request),
                vpc_id=clean["vpc"],
                service_name=clean["service_name"],
                subnet_ids=clean["subnets"],
                security_group_ids=clean["security_groups"],
                private_dns_enabled=clean["enable_dns_name"],
                name=clean["name"],
                by=request.aws_user,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Successfully created VPC endpoint {endpoint.resource_id}.")
            return redirect("aws:endpoint", endpoint_id=endpoint.resource_id)
    if refresh:
        # A refresh keeps what was typed and ticked, but is not a submission: no errors shown.
        form.initial.update({"subnets": data.getlist("subnets"), "security_groups": data.getlist("security_groups")})
    context = {"form": form, "q": query, "service_count": len(shown), "vpc": vpc}
    return render_vpc(request, "endpoint_create.html", "endpoints", context)


@vpc_page
def endpoint_detail(request, endpoint_id):
    endpoint = one(request, selectors.vpc_endpoint_in, endpoint_id, "VPC endpoint")
    service = endpoint_service_get(endpoint.region, endpoint.service_name)
    return render_vpc(request, "endpoint_detail.html", "endpoints", {"endpoint": endpoint, "service": service})


@vpc_page
def endpoint_private_dns(request, endpoint_id):
    endpoint = one(request, selectors.vpc_endpoint_in, endpoint_id, "VPC endpoint")
    form = PrivateDnsForm(
        request.POST if request.method == "POST" else None, initial={"enabled": endpoint.private_dns_enabled}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.vpc_endpoint_modify(
                endpoint=endpoint, private_dns_enabled=form.cleaned_data["enabled"], by=request.aws_user
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Successfully modified the private DNS name of {endpoint.resource_id}.")
            return redirect("aws:endpoint", endpoint_id=endpoint.resource_id)
    service = endpoint_service_get(endpoint.region, endpoint.service_name)
    return render_vpc(
        request, "endpoint_private_dns.html", "endpoints", {"endpoint": endpoint, "form": form, "service": service}
    )


@require_POST
@vpc_page
def endpoint_delete(request, endpoint_id):
    endpoint = one(request, selectors.vpc_endpoint_in, endpoint_id, "VPC endpoint")
    services.vpc_endpoints_delete(**scope(request), endpoint_ids=[endpoint.resource_id], by=request.aws_user)
    messages.success(request, f"Successfully deleted VPC endpoint {endpoint.resource_id}.")
    return redirect("aws:endpoints")
