"""Settings → Billing in the CodeCatalyst console (seed 000, "Administering billing"): Billing
details, Compare tiers with the Enterprise calculator, Change tier, Change AWS billing account.
Space administrators only (seed: "You must have the Space administrator role in CodeCatalyst to
access billing information")."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from billing import selectors, services
from billing.catalogue import catalogue
from billing.forms import BillingAccountForm, TeamSizeForm, UsageForm
from catalyst_admin.errors import DomainError, Forbidden
from catalyst_admin.forms import add_domain_error
from spaces import permissions
from spaces.pages import error_banner, in_space, render_space

NAV = "billing"


def _billing_page(request, space):
    permissions.require(request.user, "billing.manage", space=space)
    # A downgrade whose billing period has begun is applied before anything shows the tier.
    services.pending_tier_changes_apply()


@in_space
def billing_details(request, space):
    _billing_page(request, space)
    details = selectors.billing_details_of(space)
    tier = selectors.tier_for(details.billing)
    return render_space(
        request,
        "billing/details.html",
        space,
        NAV,
        {
            "tier": tier,
            "pending": details.pending,
            "billing": details.billing,
            "connection": details.connection,
            "needs_account": details.needs_account,
            "usage": selectors.usage_lines(tier, details.users, details.used),
            "period": selectors.period_start(),
            "period_end": selectors.next_period_start() - timedelta(days=1),
            "users": details.users,
        },
    )


@in_space
def billing_tiers(request, space):
    """ "Compare tiers", and with ``?tier=`` the review of the change before "Change tier"."""
    _billing_page(request, space)
    current = selectors.tier_of(space)
    team = TeamSizeForm(request.GET if "members" in request.GET else None)
    members = team.cleaned_data["members"] if team.is_bound and team.is_valid() else selectors.billable_users(space)
    chosen = catalogue().tier(request.POST.get("tier") or request.GET.get("tier", ""))
    if request.method == "POST":
        try:
            outcome = services.billing_tier_change(space=space, tier=request.POST.get("tier", ""), by=request.user)
        except DomainError as error:
            error_banner(request, error)
            return redirect("spaces:billing_tiers", space.name)
        else:
            if outcome == "pending":
                messages.success(
                    request,
                    f"{space.name} moves to the {chosen.name} tier on {selectors.next_period_start():%B %-d, %Y}, "
                    "the start of the next billing period. Until then it keeps its current tier.",
                )
            else:
                messages.success(request, f"{space.name} is now on the {selectors.tier_of(space).name} tier.")
            return redirect("spaces:billing", space.name)
    tiers = [
        {
            "tier": tier,
            "price": tier.monthly_price(members),
            "totals": {k: a.total(members) for k, a in tier.allowances.items()},
            "defaults": tier.emulator_defaults(catalogue().resources),
        }
        for tier in catalogue().tiers.values()
    ]
    return render_space(
        request,
        "billing/tiers.html",
        space,
        NAV,
        {
            "current": current,
            "tiers": tiers,
            "resources": catalogue().resources,
            "team": team,
            "members": members,
            "chosen": chosen if chosen and chosen.key != current.key else None,
            "downgrade": bool(chosen and chosen.rank < current.rank),
            "next_period": selectors.next_period_start(),
        },
    )


@require_POST
@in_space
def billing_tier_cancel(request, space):
    _billing_page(request, space)
    try:
        services.pending_tier_change_cancel(space=space, by=request.user)
    except DomainError as error:
        error_banner(request, error)
    else:
        messages.success(request, f"The pending change was cancelled: {space.name} keeps its current tier.")
    return redirect("spaces:billing", space.name)


@in_space
def billing_account_edit(request, space):
    """ "Change AWS billing account"."""
    _billing_page(request, space)
    connections = list(selectors.billing_account_choices(space))
    form = BillingAccountForm(request.POST or None, connections=connections)
    if request.method == "POST" and form.is_valid():
        try:
            connection = services.billing_account_change(
                space=space, connection_id=form.cleaned_data["connection"], by=request.user
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                f"{connection.display_name} ({connection.aws_account_id}) is now the billing account of {space.name}.",
            )
            return redirect("spaces:billing", space.name)
    return render_space(
        request,
        "billing/account_edit.html",
        space,
        NAV,
        {"form": form, "billing": selectors.billing_of(space), "has_choices": bool(connections)},
    )


# Operations: recording usage --------------------------------------------------------------------


@login_required
def record_usage(request):
    """Staff record usage of what the emulator does not run (build compute, Dev Environments,
    storage) in a space's ledger."""
    if not request.user.is_staff:
        raise Forbidden("The operations pages are for operations staff.")
    form = UsageForm(request.POST or None, resources=catalogue().resources)
    if request.method == "POST" and form.is_valid():
        space = selectors.space_named(form.cleaned_data["space"])
        if space is None:
            form.add_error("space", "No space has that name.")
        else:
            try:
                record = services.usage_record(
                    space=space,
                    resource=form.cleaned_data["resource"],
                    quantity=form.cleaned_data["quantity"],
                    by=request.user,
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                resource = catalogue().resources[record.resource]
                messages.success(
                    request,
                    f"Recorded {record.quantity.normalize():f} {resource.unit} of {resource.label} in {space.name}.",
                )
                return redirect("billing:record_usage")
    return render(request, "ops/record_usage.html", {"form": form, "nav": "usage"})
