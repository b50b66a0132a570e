"""Groups of the identity store: list, Create group, a group's page, edit, delete, members."""

from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from accounts.aws.identity_center import consumers, forms, selectors
from accounts.aws.identity_center import services as directory
from accounts.aws.identity_center.views.base import identity_center_page, paginate, render_page, search_query
from catalyst_admin.errors import DomainError
from catalyst_admin.forms import add_domain_error


@identity_center_page()
def groups(request, instance):
    query = search_query(request)
    listing = paginate(request, selectors.directory_groups(instance.identity_store, query=query), query)
    return render_page(request, "groups.html", instance, "ic_groups", listing)


@identity_center_page(admin=True)
def group_create(request, instance):
    form = forms.DirectoryGroupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            group = directory.directory_group_create(
                store=instance.identity_store, account=request.aws_account, **form.cleaned_data
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"The group {group.display_name} was created. Next, add users to it.")
            return redirect("sso_admin:group", group_id=group.group_id)
    return render_page(request, "group_form.html", instance, "ic_groups", {"form": form})


@identity_center_page()
def group_detail(request, instance, group_id):
    group = selectors.directory_group_for(instance.identity_store, group_id)
    query = search_query(request)
    if query:
        members = selectors.group_members(group).filter(
            pk__in=selectors.directory_users(instance.identity_store, query=query).values("pk")
        )
    else:
        members = selectors.group_member_listing(group)
    paged = paginate(request, members, query)
    # Unsearched, the pages' count is the group's member count (a membership per user, once).
    member_count = group.memberships.count() if query else paged["page_obj"].paginator.count
    return render_page(
        request,
        "group_detail.html",
        instance,
        "ic_groups",
        {
            "group": group,
            "member_count": member_count,
            "assignments": selectors.principal_assignment_list(instance, group=group),
            **paged,
        },
    )


@identity_center_page(admin=True)
def group_edit(request, instance, group_id):
    group = selectors.directory_group_for(instance.identity_store, group_id)
    initial = {"display_name": group.display_name, "description": group.description}
    form = forms.DirectoryGroupForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            directory.directory_group_update(group=group, account=request.aws_account, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Changes to {group.display_name} saved.")
            return redirect("sso_admin:group", group_id=group.group_id)
    return render_page(request, "group_form.html", instance, "ic_groups", {"form": form, "group": group})


@identity_center_page(admin=True)
def group_delete(request, instance, group_id):
    group = selectors.directory_group_for(instance.identity_store, group_id)
    if request.method == "POST":
        try:
            directory.directory_group_delete(group=group, account=request.aws_account)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("sso_admin:group", group_id=group.group_id)
        messages.success(
            request,
            f"The group {group.display_name} was deleted. Its users stay in the identity store; "
            "spaces connected to the group lose its members at the next sync.",
        )
        return redirect("sso_admin:groups")
    return render_page(
        request,
        "group_delete.html",
        instance,
        "ic_groups",
        {
            "group": group,
            "member_count": group.memberships.count(),
            "space_count": consumers.spaces_connected_to_group(group),
        },
    )


@identity_center_page(admin=True)
def group_add_users(request, instance, group_id):
    group = selectors.directory_group_for(instance.identity_store, group_id)
    candidates = selectors.users_not_in_group(group)
    form = forms.AddUsersToGroupForm(request.POST if request.method == "POST" else None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            added = directory.group_memberships_add(
                group=group, users=form.cleaned_data["users"], account=request.aws_account
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Added {added} user{'s' if added != 1 else ''} to {group.display_name}.")
            return redirect("sso_admin:group", group_id=group.group_id)
    query = search_query(request)
    listing = paginate(request, selectors.users_not_in_group(group, query=query), query)
    chosen = set(request.POST.getlist("users")) if request.method == "POST" else set()
    return render_page(
        request,
        "group_add_users.html",
        instance,
        "ic_groups",
        {"group": group, "form": form, "chosen": chosen, **listing},
    )


@identity_center_page(admin=True)
@require_POST
def group_remove_member(request, instance, group_id, user_id):
    group = selectors.directory_group_for(instance.identity_store, group_id)
    user = selectors.directory_user_for(instance.identity_store, user_id)
    try:
        directory.group_membership_remove(group=group, user=user, account=request.aws_account)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Removed {user.user_name} from {group.display_name}.")
    return redirect("sso_admin:group", group_id=group.group_id)
