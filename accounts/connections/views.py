"""The CodeCatalyst console's AWS accounts pages (Settings, then AWS accounts): the list, "Add an
AWS account", the AWS account details page with its connection token, IAM roles and project
restrictions. The rules are in ``accounts.services``; these views parse, call and redirect."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST

from accounts.connections import selectors, services
from accounts.connections.forms import ConnectionRequestForm, ConnectionRoleAddForm, ProjectRestrictionForm
from catalyst_admin.errors import DomainError
from catalyst_admin.forms import add_domain_error
from spaces import permissions
from spaces.pages import error_banner, in_space, render_space

NAV = "aws_accounts"
PAGE_SIZE = 25


def _hand_over_token(request, space, connection, token: str):
    """The details page with the new connection token, as the answer to the POST that made it.

    The token is shown this once: it is not stored (only its hash) nor put in the session, and
    browsers are told not to cache the page."""
    response = _detail_page(request, space, _connection(request, space, connection.connection_id), token=token)
    add_never_cache_headers(response)
    return response


def _connection(request, space, connection_id):
    return selectors.connection_for(request.user, space, connection_id)


@in_space
def aws_accounts(request, space):
    page = Paginator(selectors.connection_listing(request.user, space), PAGE_SIZE).get_page(request.GET.get("page"))
    return render_space(request, "spaces/aws_accounts.html", space, NAV, {"page_obj": page, "connections": page})


@in_space
def aws_account_add(request, space):
    permissions.require(request.user, "connections.manage", space=space)
    form = ConnectionRequestForm(request.POST or None, space=space)
    if request.method == "POST" and form.is_valid():
        try:
            connection = services.connection_request_create(space=space, **form.cleaned_data, requested_by=request.user)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                f"AWS account {connection.aws_account_id} was associated with {space.name} and is pending "
                "verification. Complete setup in the AWS Management Console with the connection token below.",
            )
            return _hand_over_token(request, space, connection, connection.new_token)
    return render_space(request, "spaces/connections/add.html", space, NAV, {"form": form})


@in_space
def aws_account_detail(request, space, connection_id):
    return _detail_page(request, space, _connection(request, space, connection_id))


def _detail_page(request, space, connection, *, token=None):
    can_manage = permissions.can(request.user, "connections.manage", space=space)
    configurable = {p.pk for p in selectors.projects_configurable_by(request.user, space)}
    return render_space(
        request,
        "spaces/connections/detail.html",
        space,
        NAV,
        {
            "connection": connection,
            "token": token,
            "lifetime": services.TOKEN_LIFETIME_TEXT,
            "roles": selectors.connection_roles(connection),
            "project_access": selectors.project_access_of(connection),
            "configurable": configurable,
            "can_manage": can_manage,
        },
    )


@require_POST
@in_space
def aws_account_token_regenerate(request, space, connection_id):
    connection = _connection(request, space, connection_id)
    try:
        token = services.connection_token_regenerate(connection=connection, by=request.user)
    except DomainError as error:
        error_banner(request, error)
    else:
        messages.success(request, "A new connection token was created. Earlier tokens no longer work.")
        if request.POST.get("then") == "complete":
            # "Complete setup in the AWS Management Console" on a pending connection whose token's
            # secret is gone: a fresh token, handed straight to the AWS console's Verify page.
            return redirect(f"{reverse('aws:codecatalyst_verify')}?{urlencode({'token': token})}")
        return _hand_over_token(request, space, connection, token)
    return redirect("spaces:aws_account", space.name, connection.connection_id)


@in_space
def aws_account_role_add(request, space, connection_id):
    connection = _connection(request, space, connection_id)
    permissions.require(request.user, "connections.manage", space=space)
    roles = list(selectors.roles_offered(connection))
    form = ConnectionRoleAddForm(request.POST or None, roles=roles, account_id=connection.aws_account_id)
    if request.method == "POST" and form.is_valid():
        try:
            association = services.connection_role_add(
                connection=connection, role_arn=form.cleaned_data["arn"], by=request.user
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"IAM role {association.role.name} was added to {connection.display_name}.")
            return redirect("spaces:aws_account", space.name, connection.connection_id)
    return render_space(
        request,
        "spaces/connections/role_add.html",
        space,
        NAV,
        {"connection": connection, "form": form, "trust_statement": services.REQUIRED_TRUST_STATEMENT},
    )


@require_POST
@in_space
def aws_account_role_remove(request, space, connection_id, association_id):
    connection = _connection(request, space, connection_id)
    association = get_object_or_404(connection.roles.select_related("role__account"), pk=association_id)
    try:
        services.connection_role_remove(association=association, by=request.user)
    except DomainError as error:
        error_banner(request, error)
    else:
        messages.success(request, f"IAM role {association.role.name} was removed from {connection.display_name}.")
    return redirect("spaces:aws_account", space.name, connection.connection_id)


@in_space
def aws_account_restrictions_enable(request, space, connection_id):
    connection = _connection(request, space, connection_id)
    permissions.require(request.user, "connections.manage", space=space)
    projects = selectors.projects_configurable_by(request.user, space).exclude(connection_access__connection=connection)
    form = ProjectRestrictionForm(request.POST or None, projects=projects)
    if request.method == "POST" and form.is_valid():
        try:
            added = services.connection_project_access_enable(
                connection=connection, projects=form.cleaned_data["projects"], by=request.user
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            names = ", ".join(project.name for project in added)
            messages.success(
                request,
                f"{connection.display_name} is restricted to chosen projects. Access enabled for {names}.",
            )
            return redirect("spaces:aws_account", space.name, connection.connection_id)
    return render_space(
        request,
        "spaces/connections/restrictions_enable.html",
        space,
        NAV,
        {"connection": connection, "form": form},
    )


@require_POST
@in_space
def aws_account_project_disable(request, space, connection_id, project_id):
    connection = _connection(request, space, connection_id)
    project = get_object_or_404(space.projects, pk=project_id)
    try:
        services.connection_project_access_disable(connection=connection, project=project, by=request.user)
    except DomainError as error:
        error_banner(request, error)
    else:
        messages.success(request, f"{project.name} can no longer use {connection.display_name}.")
    return redirect("spaces:aws_account", space.name, connection.connection_id)


@require_POST
@in_space
def aws_account_restrictions_disable(request, space, connection_id):
    connection = _connection(request, space, connection_id)
    try:
        services.connection_restrictions_disable(connection=connection, by=request.user)
    except DomainError as error:
        error_banner(request, error)
    else:
        messages.success(
            request, f"Project restrictions disabled. Every project can use {connection.display_name} again."
        )
    return redirect("spaces:aws_account", space.name, connection.connection_id)
