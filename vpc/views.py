"""The CodeCatalyst console's VPC connections pages (Settings, then VPC connections; seed 000,
"Adding VPC connections for a space" to "Removing VPC connections for a space"): the list, the
details page with its last VPC requirements check, "Manage default", "Edit" and "Remove VPC
connection". "Add VPC connection" is the wizard in ``vpc.wizard``. The rules are in
``vpc.services``; these views parse, call and redirect."""

from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from catalyst_admin.errors import DomainError
from catalyst_admin.forms import add_domain_error
from spaces import permissions
from spaces.pages import error_banner, in_space, render_space
from vpc import requirements, selectors, services
from vpc.forms import DefaultForm, EditForm, RemoveForm, grouped, security_group_label, subnet_label, vpc_label

NAV = "vpc_connections"
MANAGE = "vpc.manage"
# Seed 000, "Editing VPC connections for a space" (and its twin on removal).
EDIT_WARNING = (
    "While VPC-connected workflows are in progress, we recommended that you do not edit your VPC connection "
    "or your VPC role. If the associated VPC is edited while your workflow is in progress, your workflow will "
    "continue to run with the initial VPC connection. If a VPC role is edited to remove necessary permissions "
    "while your workflow is in progress, you will not be able to cleanup your resources."
)
REMOVE_WARNING = (
    "While VPC-connected workflows are in progress, we recommended that you do not delete your VPC connection "
    "or your VPC role. If the associated VPC is deleted while your workflow is in progress, your workflow will "
    "continue to run with the initial VPC connection."
)
# Seed 000, "Troubleshooting your VPC setup".
TROUBLESHOOTING_INTRO = (
    "Use the information that appears in the error message to help you identify, diagnose, and address issues."
)


class Inventory:
    """What a VPC role can read in the space's Region, as the details and edit forms offer it:
    the VPCs, and each VPC's subnets and security groups grouped under it. ``error`` says why
    nothing could be read (EC2 unreachable, access denied), for the page to show."""

    def __init__(self, *, role_arn: str, region: str, vpc_ids=None):
        self.vpcs, self.subnets, self.security_groups, self.error = [], [], [], ""
        try:
            vpcs = selectors.vpcs_through(role_arn=role_arn, region=region)
            if vpc_ids is not None:
                vpcs = [v for v in vpcs if v["VpcId"] in vpc_ids]
            labels = {v["VpcId"]: vpc_label(v) for v in vpcs}
            subnets, groups = {}, {}
            for vpc in vpcs:
                vpc_id = vpc["VpcId"]
                subnets[vpc_id] = selectors.subnets_through(role_arn=role_arn, region=region, vpc_id=vpc_id)
                groups[vpc_id] = selectors.security_groups_through(role_arn=role_arn, region=region, vpc_id=vpc_id)
        except DomainError as error:
            self.error = error.message
            return
        self.vpcs = vpcs
        self.subnets = grouped(subnets, subnet_label, "SubnetId", labels)
        self.security_groups = grouped(groups, security_group_label, "GroupId", labels)


def _vpc_connection(request, space, pk):
    return selectors.vpc_connection_for(request.user, space, pk)


def report_of(check) -> requirements.RequirementsReport:
    """A recorded check's results as the report the check gave (``results`` holds its fields)."""
    return requirements.RequirementsReport([requirements.Requirement(**result) for result in check.results])


def actions_needed(report) -> list[str]:
    """Every EC2 action the role lacks for the requirements it could not verify, once each."""
    if report is None:
        return []
    return sorted({action for result in report.results for action in result.actions})


@in_space
def vpc_connections(request, space):
    permissions.require(request.user, MANAGE, space=space)
    chosen = request.GET.get("vpc_connection")
    if chosen and "remove" in request.GET:
        # "Choose the selector next to the VPC connection you want to manage. Choose Remove VPC
        # connection." (seed 000): the list's selector leads to the removal page of the one chosen.
        try:
            vpc_connection = _vpc_connection(request, space, int(chosen))
        except ValueError:
            messages.error(request, "Choose the VPC connection to remove.")
        else:
            return redirect("spaces:vpc_connection_remove", space.name, vpc_connection.pk)
    elif "remove" in request.GET:
        messages.error(request, "Choose the VPC connection to remove.")
    return render_space(
        request,
        "vpc/list.html",
        space,
        NAV,
        {"vpc_connections": selectors.vpc_connection_list(request.user, space)},
    )


@in_space
def vpc_connection_detail(request, space, pk):
    permissions.require(request.user, MANAGE, space=space)
    vpc_connection = _vpc_connection(request, space, pk)
    check = vpc_connection.last_check
    report = report_of(check) if check else None
    return render_space(
        request,
        "vpc/detail.html",
        space,
        NAV,
        {
            "vpc_connection": vpc_connection,
            "check": check,
            "report": report,
            "actions_needed": actions_needed(report),
            "troubleshooting_intro": TROUBLESHOOTING_INTRO,
        },
    )


@require_POST
@in_space
def vpc_connection_check(request, space, pk):
    vpc_connection = _vpc_connection(request, space, pk)
    try:
        check = services.vpc_connection_check(vpc_connection=vpc_connection, by=request.user)
    except DomainError as error:
        error_banner(request, error)
    else:
        report = report_of(check)
        if report.blocks:
            messages.error(
                request,
                f"The VPC requirements check found {report.counts.get('failed', 0)} failed requirement(s) "
                f"for {vpc_connection.name}. See each one below.",
            )
        else:
            messages.success(request, f"{vpc_connection.name} meets the VPC requirements that could be checked.")
    return redirect("spaces:vpc_connection", space.name, vpc_connection.pk)


@in_space
def vpc_connection_default(request, space, pk):
    permissions.require(request.user, MANAGE, space=space)
    vpc_connection = _vpc_connection(request, space, pk)
    form = DefaultForm(request.POST or request.GET or None)
    action = form.data.get("action") if form.is_bound and form.is_valid() else None
    if request.method == "POST" and action:
        service = (
            services.vpc_connection_default_set
            if action == DefaultForm.SET
            else (services.vpc_connection_default_remove)
        )
        try:
            service(vpc_connection=vpc_connection, by=request.user)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            if action == DefaultForm.SET:
                messages.success(request, f"{vpc_connection.name} is the default VPC connection of {space.name}.")
            else:
                messages.success(request, f"{space.name} has no default VPC connection now.")
            return redirect("spaces:vpc_connection", space.name, vpc_connection.pk)
    return render_space(
        request,
        "vpc/default.html",
        space,
        NAV,
        {"vpc_connection": vpc_connection, "form": form, "action": action},
    )


@in_space
def vpc_connection_edit(request, space, pk):
    permissions.require(request.user, MANAGE, space=space)
    vpc_connection = _vpc_connection(request, space, pk)
    roles = _role_choices(vpc_connection.account_connection)
    role_arn = request.POST.get("role_arn") or vpc_connection.role_arn
    if role_arn not in dict(roles):
        role_arn = vpc_connection.role_arn
    inventory = Inventory(role_arn=role_arn, region=vpc_connection.region, vpc_ids={vpc_connection.vpc_id})
    initial = {
        "role_arn": vpc_connection.role_arn,
        "subnet_ids": list(vpc_connection.subnet_ids),
        "security_group_ids": list(vpc_connection.security_group_ids),
    }
    form = EditForm(
        request.POST or None,
        initial=initial,
        roles=roles,
        subnets=inventory.subnets,
        security_groups=inventory.security_groups,
    )
    report = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if request.POST.get("action") == "check":
                report = requirements.check_vpc(
                    role_arn=data["role_arn"],
                    region=vpc_connection.region,
                    vpc_id=vpc_connection.vpc_id,
                    subnet_ids=data["subnet_ids"],
                    security_group_ids=data["security_group_ids"],
                )
            else:
                services.vpc_connection_update(vpc_connection=vpc_connection, **data, by=request.user)
        except DomainError as error:
            add_domain_error(form, error)
            report = getattr(error, "report", None)
        else:
            if report is None:
                messages.success(request, f"VPC connection {vpc_connection.name} was updated.")
                return redirect("spaces:vpc_connection", space.name, vpc_connection.pk)
    return render_space(
        request,
        "vpc/edit.html",
        space,
        NAV,
        {
            "vpc_connection": vpc_connection,
            "form": form,
            "inventory": inventory,
            "report": report,
            "actions_needed": actions_needed(report),
            "warning": EDIT_WARNING,
            "troubleshooting_intro": TROUBLESHOOTING_INTRO,
        },
    )


def _role_choices(account_connection):
    return [(role.arn, role.name) for role in roles_of(account_connection)]


def roles_of(account_connection):
    """The IAM roles of the connection, for the "VPC role" drop-down."""
    return list(selectors.roles_for_vpc(account_connection))


@in_space
def vpc_connection_remove(request, space, pk):
    permissions.require(request.user, MANAGE, space=space)
    vpc_connection = _vpc_connection(request, space, pk)
    form = RemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.vpc_connection_remove(
                vpc_connection=vpc_connection, typed_name=form.cleaned_data["typed_name"], by=request.user
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"VPC connection {vpc_connection.name} was removed.")
            return redirect("spaces:vpc_connections", space.name)
    return render_space(
        request,
        "vpc/remove.html",
        space,
        NAV,
        {"vpc_connection": vpc_connection, "form": form, "warning": REMOVE_WARNING},
    )
