"""Users of the identity store: list and search, Add user, a user's page, edit, disable, delete."""

from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from accounts.aws.identity_center import forms, selectors
from accounts.aws.identity_center import services as directory
from accounts.aws.identity_center.views.base import identity_center_page, paginate, render_page, search_query
from catalyst_admin.errors import DomainError
from catalyst_admin.forms import add_domain_error


@identity_center_page()
def users(request, instance):
    query = search_query(request)
    listing = paginate(request, selectors.directory_user_listing(instance.identity_store, query=query), query)
    return render_page(request, "users.html", instance, "ic_users", listing)


@identity_center_page(admin=True)
def user_create(request, instance):
    form = forms.DirectoryUserCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user = directory.directory_user_create(
                store=instance.identity_store, account=request.aws_account, **form.cleaned_data
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"The user {user.user_name} was added to identity store {user.store}.")
            return redirect("sso_admin:user", user_id=user.user_id)
    return render_page(request, "user_form.html", instance, "ic_users", {"form": form})


@identity_center_page()
def user_detail(request, instance, user_id):
    user = selectors.directory_user_for(instance.identity_store, user_id)
    return render_page(
        request,
        "user_detail.html",
        instance,
        "ic_users",
        {
            "person": user,
            "groups": selectors.groups_of_user(user),
            "assignments": selectors.principal_assignment_list(instance, user=user),
        },
    )


@identity_center_page(admin=True)
def user_edit(request, instance, user_id):
    user = selectors.directory_user_for(instance.identity_store, user_id)
    initial = {"display_name": user.display_name, "email": user.email}
    form = forms.DirectoryUserEditForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            directory.directory_user_update(
                user=user, enabled=user.enabled, account=request.aws_account, **form.cleaned_data
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Changes to {user.user_name} saved.")
            return redirect("sso_admin:user", user_id=user.user_id)
    return render_page(request, "user_form.html", instance, "ic_users", {"form": form, "person": user})


@identity_center_page(admin=True)
@require_POST
def user_status(request, instance, user_id):
    user = selectors.directory_user_for(instance.identity_store, user_id)
    enabled = request.POST.get("enabled") == "true"
    try:
        directory.directory_user_enabled_set(user=user, enabled=enabled, account=request.aws_account)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if enabled:
            messages.success(request, f"User access for {user.user_name} is enabled.")
        else:
            messages.success(
                request,
                f"User access for {user.user_name} is disabled. They can no longer sign in to the AWS access "
                "portal or to CodeCatalyst.",
            )
    return redirect("sso_admin:user", user_id=user.user_id)


@identity_center_page(admin=True)
def user_delete(request, instance, user_id):
    user = selectors.directory_user_for(instance.identity_store, user_id)
    if request.method == "POST":
        try:
            directory.directory_user_delete(user=user, account=request.aws_account)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("sso_admin:user", user_id=user.user_id)
        messages.success(
            request,
            f"The user {user.user_name} was deleted, with their group memberships and account assignments.",
        )
        return redirect("sso_admin:users")
    return render_page(
        request,
        "user_delete.html",
        instance,
        "ic_users",
        {"person": user, "groups": selectors.groups_of_user(user)},
    )
