"""Identity federation in the CodeCatalyst console: Sign in with SSO (choose the company, then sign
in on its emulated AWS access portal), and Settings → SSO (the space's Identity Center
application, connected groups, administrators and the group sync: "Sync now", with its progress
shown as it runs)."""

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from catalyst_admin import signin_throttle
from catalyst_admin.errors import DomainError
from catalyst_admin.forms import add_domain_error
from identity.federation import selectors as federation_selectors
from identity.federation import services as federation
from identity.federation.models import IdentityCenterApplication
from identity.people.backends import MODEL_BACKEND
from identity.sync import selectors as sync_selectors
from identity.sync.heartbeat import worker_health
from identity.sync.models import SyncRun
from identity.sync.runs import active_run, space_sync_request
from spaces import permissions, selectors
from spaces.pages import in_space, render_space


class CompanyForm(forms.Form):
    application = forms.ModelChoiceField(
        label="Choose your company",
        queryset=IdentityCenterApplication.objects.none(),
        empty_label="Choose a company",
        to_field_name="application_id",
        help_text="Your company's name as your administrator set it up for CodeCatalyst.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = federation_selectors.sso_applications()
        self.fields["application"].label_from_instance = lambda app: app.display_name


class AccessPortalForm(forms.Form):
    user_name = forms.CharField(
        label="Username", max_length=128, widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True})
    )
    password = forms.CharField(label="Password", widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


def choose_company(request):
    form = CompanyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return redirect("identity:sso_portal", form.cleaned_data["application"].application_id)
    return render(request, "identity/sso_company.html", {"form": form})


def access_portal(request, application_id):
    application = get_object_or_404(federation_selectors.sso_applications(), application_id=application_id)
    form = AccessPortalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Throttled per application and user name typed (known or not) and per client address.
        throttle_name = f"sso:{application.application_id}:{form.cleaned_data['user_name'].strip().lower()}"
        if locked := signin_throttle.signin_refused(request, username=throttle_name, sender=__name__):
            return locked
        try:
            user = federation.sso_authenticate(application=application, **form.cleaned_data)
        except DomainError as error:
            if locked := signin_throttle.signin_failed(request, username=throttle_name, sender=__name__):
                return locked
            add_domain_error(form, error)
        else:
            login(request, user, backend=MODEL_BACKEND)
            messages.success(request, f"Signed in to {application.display_name} as {user.display_name}.")
            return redirect("spaces:list")
    return render(request, "identity/sso_portal.html", {"form": form, "application": application})


# Settings → SSO --------------------------------------------------------------------------------

GROUP_USERS_SHOWN = 100


def _run_json(run: SyncRun) -> dict:
    return {
        "id": run.pk,
        "status": run.status,
        "status_label": run.get_status_display(),
        "finished": run.status in SyncRun.FINISHED,
        "members_added": run.members_added,
        "members_updated": run.members_updated,
        "members_removed": run.members_removed,
        "users_read": run.users_read,
        "detail": run.detail,
        "error": run.error,
        "finished_at": run.finished_at.isoformat() if run.finished_at else None,
    }


@in_space
def sso_settings(request, space):
    permissions.require(request.user, "sso.manage", space=space)
    application = space.identity_application
    context = {"application": application}
    if application is not None:
        groups = list(space.connected_groups.all())
        users = selectors.sso_users_of_groups(space, groups, per_group=GROUP_USERS_SHOWN)
        context.update(
            {
                "groups": [
                    {"group": group, "users": users[group.group_id], "count": group.member_count} for group in groups
                ],
                "administrators": space.sso_administrators.all(),
                "last_run": application.sync_runs.filter(status__in=SyncRun.FINISHED).first(),
                "active_run": active_run(application) if application.store else None,
                "worker_health": worker_health(),
                "instance": application.store.instance if application.store else None,
            }
        )
    return render_space(request, "spaces/sso.html", space, "sso", context)


@require_POST
@in_space
def sso_sync_now(request, space):
    try:
        run = space_sync_request(space=space, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.info(
            request,
            f"Sync requested at {timezone.localtime(run.created_at):%H:%M:%S %Z}. It starts when a worker picks it "
            "up; results appear below when it finishes.",
        )
    return redirect("spaces:sso", space.name)


@in_space
def sso_run_detail(request, space, run_id):
    """A run of the space's application: who it added, updated and removed in this space (or would
    have, if held). Space administrators of the space only; another application's run is a 404."""
    permissions.require(request.user, "sso.manage", space=space)
    run = get_object_or_404(SyncRun, pk=run_id, application_id=space.identity_application_id or -1)
    context = {"run": run, "changes": sync_selectors.run_changes(run, space=space), "show_space": False}
    return render_space(request, "spaces/sso_run.html", space, "sso", context)


@in_space
def sso_sync_status(request, space, run_id):
    permissions.require(request.user, "sso.manage", space=space)
    run = get_object_or_404(SyncRun, pk=run_id, application_id=space.identity_application_id or -1)
    return JsonResponse(_run_json(run))
