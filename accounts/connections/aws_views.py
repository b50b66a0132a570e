"""Account connections in the emulated AWS Management Console: Amazon CodeCatalyst's Spaces page
(with the connection requests naming the account, which it may decline), a space's details,
"Verify Amazon CodeCatalyst space", Manage tags, the allowed billing tiers and Remove space. Every
query is scoped to the account signed in with: another account's space is a 404.
"""

from urllib.parse import quote

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.aws.console.views import console_login_required
from accounts.aws.ids import format_account_id
from accounts.connections import selectors, services
from accounts.connections.forms import AllowedBillingTiersForm, ManageTagsForm, RemoveSpaceForm, VerifySpaceForm
from catalyst_admin.errors import DomainError
from catalyst_admin.forms import add_domain_error


@console_login_required
def codecatalyst_spaces(request):
    connections = selectors.connections_of_account(request.aws_account)
    return render(
        request,
        "aws/codecatalyst/spaces.html",
        {
            "nav": "codecatalyst_spaces",
            "connections": [c for c in connections if c.is_verified],
            "requests": [c for c in connections if not c.is_verified],
        },
    )


@console_login_required
def codecatalyst_space_decline(request, space_name):
    """ "Decline": the confirmation, then the end of a pending connection request naming the account."""
    connection = selectors.connection_in_account(request.aws_account, space_name)
    error = None
    if request.method == "POST":
        try:
            services.connection_request_decline(
                connection=connection, account=request.aws_account, console_user=request.aws_user
            )
        except DomainError as refused:
            error = refused.message
        else:
            messages.success(
                request,
                f"You declined the connection request of space {connection.space.name}. It is no longer "
                f"connected to AWS account {format_account_id(request.aws_account.account_id)}.",
            )
            return redirect("aws:codecatalyst_spaces")
    return render(
        request,
        "aws/codecatalyst/decline_request.html",
        {"nav": "codecatalyst_spaces", "connection": connection, "space": connection.space, "error": error},
    )


@console_login_required
def codecatalyst_verify(request):
    """ "Verify Amazon CodeCatalyst space": the token comes from the link or is typed in; "Check
    token" says whether it is valid without using it."""
    account = request.aws_account
    posted = request.method == "POST"
    form = VerifySpaceForm(request.POST if posted else None, initial={"token": request.GET.get("token", "")})
    checking = posted and request.POST.get("action") == "check"
    if posted and not checking and form.is_valid():
        try:
            connection = services.connection_verify(account=account, console_user=request.aws_user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                f"Account verified. AWS account {format_account_id(account.account_id)} was added to the "
                f"CodeCatalyst space {connection.space.name}.",
            )
            return redirect("aws:codecatalyst_space", space_name=connection.space.name)
    token = request.POST.get("token", "") if checking else ("" if posted else request.GET.get("token", ""))
    # The top bar's account switch comes back here with the token typed, to verify it in the other account.
    typed = form["token"].value()
    return render(
        request,
        "aws/codecatalyst/verify.html",
        {
            "nav": "codecatalyst_spaces",
            "switch_next": reverse("aws:codecatalyst_verify") + (f"?token={quote(typed, safe='/')}" if typed else ""),
            "form": form,
            "check": services.connection_token_preview(token=token, account=account, console_user=request.aws_user)
            if token.strip()
            else None,
            "lifetime": services.TOKEN_LIFETIME_TEXT,
        },
    )


@console_login_required
def codecatalyst_space(request, space_name):
    connection = selectors.connection_in_account(request.aws_account, space_name)
    return render(
        request,
        "aws/codecatalyst/space_detail.html",
        {
            "nav": "codecatalyst_spaces",
            "connection": connection,
            "space": connection.space,
            "billing": getattr(connection.space, "billing", None),
            "tags": connection.tags.all(),
        },
    )


@console_login_required
def codecatalyst_space_tags(request, space_name):
    connection = selectors.connection_in_account(request.aws_account, space_name)
    form = ManageTagsForm(
        request.POST if request.method == "POST" else None,
        initial=connection.tags.values_list("key", "value"),
    )
    error = None
    if form.action == "save":
        try:
            changes = services.connection_tags_replace(
                connection=connection,
                rows=form.rows,
                account=request.aws_account,
                console_user=request.aws_user,
            )
        except services.TagRejected as rejected:
            error = rejected
        except DomainError as refused:
            error = services.TagRejected(refused.message)
        else:
            messages.success(
                request,
                "Tags saved." if any(changes.values()) else "No tags changed.",
            )
            return redirect("aws:codecatalyst_space", space_name=space_name)
    return render(
        request,
        "aws/codecatalyst/manage_tags.html",
        {
            "nav": "codecatalyst_spaces",
            "connection": connection,
            "space": connection.space,
            "rows": form.rows,
            "error": error,
            "max_tags": services.MAX_TAGS,
            "can_add": len(form.rows) < form.MAX_ROWS,
        },
    )


@console_login_required
def codecatalyst_space_billing(request, space_name):
    connection = selectors.connection_in_account(request.aws_account, space_name)
    form = AllowedBillingTiersForm(
        request.POST if request.method == "POST" else None, initial={"paid": connection.paid_tiers_authorized}
    )
    if request.method == "POST" and form.is_valid():
        try:
            updated = services.connection_paid_tiers_update(
                connection=connection,
                account=request.aws_account,
                console_user=request.aws_user,
                paid_tiers_authorized=form.cleaned_data["paid"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            message = f"Allowed billing tiers updated for {connection.space.name}."
            if getattr(updated, "downgrade_on", None):
                message += (
                    f" It keeps its paid tier until the end of this billing period and moves to the Free tier on "
                    f"{updated.downgrade_on:%B %-d, %Y}."
                )
            messages.success(request, message)
            return redirect("aws:codecatalyst_space", space_name=space_name)
    return render(
        request,
        "aws/codecatalyst/billing_tiers.html",
        {"nav": "codecatalyst_spaces", "connection": connection, "space": connection.space, "form": form},
    )


@console_login_required
def codecatalyst_space_remove(request, space_name):
    connection = selectors.connection_in_account(request.aws_account, space_name)
    form = RemoveSpaceForm(request.POST if request.method == "POST" else None, space_name=connection.space.name)
    if request.method == "POST" and form.is_valid():
        try:
            services.connection_remove(
                connection=connection,
                account=request.aws_account,
                console_user=request.aws_user,
                confirm_name=form.cleaned_data["confirm_name"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                f"Space {connection.space.name} was removed from AWS account "
                f"{format_account_id(request.aws_account.account_id)}.",
            )
            return redirect("aws:codecatalyst_spaces")
    return render(
        request,
        "aws/codecatalyst/remove_space.html",
        {"nav": "codecatalyst_spaces", "connection": connection, "space": connection.space, "form": form},
    )
