"""Security groups ("Create security group", "Edit inbound rules", "Edit outbound rules") and
Network ACLs."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect

from accounts.aws.ec2 import selectors, services
from accounts.aws.ec2.forms import SecurityGroupCreateForm
from accounts.aws.ec2.services import PROTOCOLS, AclEntrySpec, RuleSpec
from accounts.aws.ec2.views.base import one, render_vpc, scope, vpc_page
from catalyst_admin.errors import DomainError
from catalyst_admin.forms import add_domain_error

EMPTY_ROWS = 2


@vpc_page
def security_groups(request):
    return render_vpc(
        request,
        "security_groups.html",
        "security_groups",
        {
            # The list counts the rules and names none: they are not read.
            "groups": selectors.security_groups_of(**scope(request))
            .prefetch_related(None)
            .annotate(
                inbound_count=Count("rules", filter=Q(rules__is_egress=False)),
                outbound_count=Count("rules", filter=Q(rules__is_egress=True)),
            )
        },
    )


@vpc_page
def security_group_create(request):
    vpcs = list(selectors.vpcs_of(**scope(request)).prefetch_related(None))  # the form names them only
    form = SecurityGroupCreateForm(request.POST if request.method == "POST" else None, vpcs=vpcs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        vpc = one(request, selectors.vpc_in, data["vpc"], "VPC")
        try:
            group = services.security_group_create(
                vpc=vpc, group_name=data["group_name"], description=data["description"], by=request.aws_user
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, f"Security group ({group.resource_id} | {group.group_name}) was created successfully."
            )
            return redirect("aws:security_group", group_id=group.resource_id)
    return render_vpc(request, "security_group_create.html", "security_groups", {"form": form})


@vpc_page
def security_group_detail(request, group_id):
    group = one(request, selectors.security_group_in, group_id, "security group")
    rules = list(group.rules.all())
    context = {
        "group": group,
        "inbound": [r for r in rules if not r.is_egress],
        "outbound": [r for r in rules if r.is_egress],
        "protocols": PROTOCOLS,
    }
    return render_vpc(request, "security_group_detail.html", "security_groups", context)


def _port_text(rule) -> str:
    if rule.from_port is None:
        return ""
    return str(rule.from_port) if rule.from_port == rule.to_port else f"{rule.from_port}-{rule.to_port}"


def _split_ports(text: str):
    low, _, high = (text or "").strip().partition("-")
    return (low.strip() or None), (high.strip() or low.strip() or None)


def _rules_page(request, group_id, *, is_egress: bool):
    group = one(request, selectors.security_group_in, group_id, "security group")
    error = None
    if request.method == "POST":
        rows = list(
            zip(
                request.POST.getlist("protocol"),
                request.POST.getlist("ports"),
                request.POST.getlist("peer"),
                request.POST.getlist("description"),
                strict=False,
            )
        )
        rows = [row for row in rows if row[0]]  # a row without a type is an empty row
        specs = []
        for protocol, ports, peer, description in rows:
            low, high = _split_ports(ports)
            peer = peer.strip()
            specs.append(
                RuleSpec(
                    protocol=protocol,
                    from_port=low,
                    to_port=high,
                    description=description,
                    group_id=peer if peer.startswith("sg-") else "",
                    cidr_ipv4="" if peer.startswith("sg-") else peer,
                )
            )
        try:
            services.security_group_rules_replace(group=group, is_egress=is_egress, rules=specs, by=request.aws_user)
        except DomainError as refused:
            error = refused.message
        else:
            direction = "Outbound" if is_egress else "Inbound"
            messages.success(
                request,
                f"{direction} security group rules successfully modified on security group "
                f"({group.resource_id} | {group.group_name}).",
            )
            return redirect("aws:security_group", group_id=group.resource_id)
    else:
        rows = [
            (
                r.protocol,
                _port_text(r),
                r.referenced_group.resource_id if r.referenced_group else r.cidr_ipv4,
                r.description,
            )
            for r in group.rules.filter(is_egress=is_egress).select_related("referenced_group")
        ]
    rows = list(rows) + [("", "", "", "")] * EMPTY_ROWS
    context = {"group": group, "rows": rows, "is_egress": is_egress, "protocols": PROTOCOLS, "error": error}
    return render_vpc(request, "security_group_rules.html", "security_groups", context)


@vpc_page
def security_group_inbound(request, group_id):
    return _rules_page(request, group_id, is_egress=False)


@vpc_page
def security_group_outbound(request, group_id):
    return _rules_page(request, group_id, is_egress=True)


@vpc_page
def network_acls(request):
    return render_vpc(
        request,
        "network_acls.html",
        "network_acls",
        {
            # The list counts the entries (not read) and the VPC's subnets (read).
            "acls": selectors.network_acls_of(**scope(request))
            .prefetch_related(None)
            .prefetch_related("vpc__subnets")
            .annotate(
                inbound_count=Count("entries", filter=Q(entries__is_egress=False)) + 1,
                outbound_count=Count("entries", filter=Q(entries__is_egress=True)) + 1,
            )
        },
    )


@vpc_page
def network_acl_detail(request, acl_id):
    acl = one(request, selectors.network_acl_in, acl_id, "network ACL")
    entries = list(acl.entries.all())
    context = {
        "acl": acl,
        "inbound": [e for e in entries if not e.is_egress],
        "outbound": [e for e in entries if e.is_egress],
        "protocols": PROTOCOLS,
    }
    return render_vpc(request, "network_acl_detail.html", "network_acls", context)


def _acl_rules_page(request, acl_id, *, is_egress: bool):
    acl = one(request, selectors.network_acl_in, acl_id, "network ACL")
    error = None
    if request.method == "POST":
        fields = ("rule_number", "protocol", "ports", "cidr", "action")
        rows = list(zip(*[request.POST.getlist(name) for name in fields], strict=False))
        rows = [row for row in rows if row[0].strip() or row[1]]  # a row without number nor type is empty
        specs = []
        for number, protocol, ports, cidr, action in rows:
            low, high = _split_ports(ports)
            specs.append(AclEntrySpec(number.strip(), protocol, cidr, action, low, high))
        try:
            services.network_acl_entries_replace(
                network_acl=acl, is_egress=is_egress, entries=specs, by=request.aws_user
            )
        except DomainError as refused:
            error = refused.message
        else:
            direction = "outbound" if is_egress else "inbound"
            messages.success(request, f"You have successfully updated the {direction} rules of {acl.resource_id}.")
            return redirect("aws:network_acl", acl_id=acl.resource_id)
    else:
        rows = [
            (str(e.rule_number), e.protocol, _port_text(e), e.cidr_block, e.rule_action)
            for e in acl.entries.filter(is_egress=is_egress)
        ]
    rows = list(rows) + [("", "", "", "", "allow")] * EMPTY_ROWS
    context = {"acl": acl, "rows": rows, "is_egress": is_egress, "protocols": PROTOCOLS, "error": error}
    return render_vpc(request, "network_acl_rules.html", "network_acls", context)


@vpc_page
def network_acl_inbound(request, acl_id):
    return _acl_rules_page(request, acl_id, is_egress=False)


@vpc_page
def network_acl_outbound(request, acl_id):
    return _acl_rules_page(request, acl_id, is_egress=True)
