"""Settings → Generative AI (Space administrators) and a project's Amazon Q page (seed 000,
"Enabling or disabling generative AI features for a space")."""

from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from catalyst_admin.errors import DomainError
from catalyst_admin.forms import add_domain_error
from genai import selectors, services
from genai.forms import AmazonQStartForm, GenaiSettingForm
from spaces import permissions
from spaces import selectors as space_selectors
from spaces.pages import error_banner, in_space, render_space


@in_space
def genai_settings(request, space):
    permissions.require(request.user, "genai.manage", space=space)
    page = selectors.settings_page_of(space)
    setting = page.setting
    enabled = bool(setting and setting.enabled)
    form = GenaiSettingForm(request.POST if request.method == "POST" else None, initial={"enabled": enabled})
    confirming = False
    if request.method == "POST" and form.is_valid():
        wanted = form.cleaned_data["enabled"]
        if enabled and not wanted and request.POST.get("confirm") != "disable":
            confirming = True  # the seed's warning first; nothing changes until it is confirmed
        else:
            try:
                stopped = services.genai_setting_change(space=space, enabled=wanted, by=request.user)
            except DomainError as error:
                error_banner(request, error)
            else:
                if wanted:
                    messages.success(request, f"Generative AI features are on for all projects in {space.name}.")
                else:
                    messages.success(
                        request,
                        f"Generative AI features are off for all projects in {space.name}. "
                        f"{stopped} request{'' if stopped == 1 else 's'} in progress "
                        f"{'was' if stopped == 1 else 'were'} stopped.",
                    )
            return redirect("spaces:genai", space.name)
    return render_space(
        request,
        "genai/settings.html",
        space,
        "genai",
        {
            "form": form,
            "enabled": enabled,
            "setting": setting,
            "confirming": confirming,
            "region_allows": selectors.region_allows(space),
            "in_progress": page.in_progress,
            "usage": selectors.space_usage(request.user, space, quota=page.quota),
        },
    )


@in_space
def amazon_q(request, space, project_name):
    project = space_selectors.project_for(request.user, space, project_name)
    choices = selectors.feature_choices(request.user, project)
    form = AmazonQStartForm(request.POST or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            started = services.amazon_q_request_start(project=project, by=request.user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                f"Amazon Q is working on {selectors.feature_label(started.feature)}: {started.subject}.",
            )
            return redirect("spaces:amazon_q", space.name, project.name)
    enabled = selectors.genai_enabled(space)
    return render_space(
        request,
        "genai/amazon_q.html",
        space,
        "projects",
        {
            "project": project,
            "form": form,
            "enabled": enabled,
            "why_off": "" if enabled else selectors.why_off(space),
            "can_start": any(c.allowed for c in choices),
            "requests": _labelled(selectors.requests_of(request.user, project)[:100]),
            "usage": selectors.person_usage(space, request.user),
        },
    )


def _labelled(requests) -> list:
    requests = list(requests)
    for item in requests:
        item.label = selectors.feature_label(item.feature)
    return requests


@in_space
def amazon_q_request(request, space, project_name, request_id):
    project = space_selectors.project_for(request.user, space, project_name)
    item = selectors.request_for(request.user, project, request_id)
    return render_space(
        request,
        "genai/request.html",
        space,
        "projects",
        {"project": project, "item": item, "label": selectors.feature_label(item.feature)},
    )


@require_POST
@in_space
def amazon_q_run_again(request, space, project_name, request_id):
    project = space_selectors.project_for(request.user, space, project_name)
    item = selectors.request_for(request.user, project, request_id)
    try:
        started = services.amazon_q_request_run_again(request=item, by=request.user)
    except DomainError as error:
        error_banner(request, error)
        return redirect("spaces:amazon_q_request", space.name, project.name, item.pk)
    messages.success(request, f"Amazon Q is working on {selectors.feature_label(started.feature)}: {started.subject}.")
    return redirect("spaces:amazon_q", space.name, project.name)
