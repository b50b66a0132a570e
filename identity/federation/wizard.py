"""The five-step wizard "Create a space for identity federation" and "Connect space" (seed 000,
"Creating a space for identity federation"): django-formtools' SessionWizardView with named steps.
Nothing is written before the last step, and then only through one service call.
"""

from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from formtools.wizard.views import SessionWizardView

from accounts.aws.console.views import console_login_required
from accounts.aws.identity_center import selectors as directory_selectors
from catalyst_admin.errors import DomainError
from catalyst_admin.wizards import KeptStepsWizardMixin
from identity.federation import forms
from identity.federation import selectors as federation_selectors
from identity.federation import services as federation
from identity.federation.aws_views import DONE_KEY, IDENTITY_CENTER_CONSOLE, TEMPLATES, count_of, region_label, store_of
from spaces.models import Region

STEP_TITLES = {
    "application": "Choose application name",
    "space": "Choose or create a CodeCatalyst space",
    "groups": "Connect groups",
    "administrators": "Assign users to the CodeCatalyst Space administrator role",
    "review": "Review and create",
}
# Where each service error belongs: (step, field of that step's form).
ERROR_STEPS = {
    "display_name": ("application", "display_name"),
    "application_name": ("application", "application_name"),
    "region": ("application", "region"),
    "existing_space": ("space", "existing_space"),
    "new_space_name": ("space", "space_name"),
    "name": ("space", "space_name"),
    "groups": ("groups", "groups"),
    "administrators": ("administrators", "administrators"),
}


def _creates_application(wizard) -> bool:
    return wizard.application is None


@method_decorator(console_login_required, name="dispatch")
class FederatedSpaceWizard(KeptStepsWizardMixin, SessionWizardView):
    """Create a space for identity federation: five steps kept in the session, one service call
    at the end (:func:`identity.federation.federated_space_create`)."""

    form_list = [
        ("application", forms.ApplicationForm),
        ("space", forms.SpaceForm),
        ("groups", forms.GroupsForm),
        ("administrators", forms.AdministratorsForm),
        ("review", forms.ReviewForm),
    ]
    condition_dict = {"application": _creates_application}
    template_name = TEMPLATES + "wizard.html"
    application = None

    # Set-up ---------------------------------------------------------------------------------

    def dispatch(self, request, *args, **kwargs):
        self.account = request.aws_account
        refusal = self.resolve(request, **kwargs)
        if refusal is not None:
            return refusal
        # A member account of the organization is refused here as on the IAM Identity Center
        # administration pages (a 403 naming the accounts that may), and again by the service.
        federation.require_federation_admin(store=self.store, account=self.account, console_user=request.aws_user)
        return super().dispatch(request, *args, **kwargs)

    def resolve(self, request, **kwargs):
        """Find the identity store to work with, or answer with a page saying what is missing."""
        self.store = store_of(self.account)
        if self.store is None:
            return render(
                request,
                TEMPLATES + "prerequisites.html",
                {
                    "nav": "federation",
                    "organization": self.account.organization,
                    "identity_center_url": IDENTITY_CENTER_CONSOLE,
                },
            )
        return None

    def _owner(self) -> dict:
        return {"account": self.account.pk, "application": self.application.pk if self.application else None}

    def _start(self):
        self.storage.reset()
        self.storage.current_step = self.steps.first
        self.storage.extra_data = self._owner()
        self.request.session.pop(DONE_KEY, None)

    def _choose_space(self, name: str) -> None:
        """ "Set up in AWS" on a Builder ID space's SSO page: start with that space chosen on the
        space step, when it is one this account may convert (otherwise the step starts empty)."""
        if not name or "space" not in self.get_form_list():
            return
        kwargs = self.get_form_kwargs("space")
        space = kwargs["spaces"].filter(name=name).first()
        if space is not None:
            self.storage.set_step_data(
                "space", {"space-choice": [forms.EXISTING], "space-existing_space": [str(space.pk)]}
            )

    def _storage_is_ours(self) -> bool:
        return self.storage.current_step in self.get_form_list() and self.storage.extra_data == self._owner()

    def get_step_url(self):
        return self.request.path

    # Requests ---------------------------------------------------------------------------------

    def get(self, request, *args, **kwargs):
        if "restart" in request.GET:
            self._start()
            self._choose_space(request.GET.get("space", ""))
            return redirect(self.get_step_url())
        if not self._storage_is_ours():
            self._start()
        # A refresh shows the step the person is on, with what they entered: nothing is lost.
        return self.render(self.get_form())

    def post(self, request, *args, **kwargs):
        posted_step = request.POST.get(f"{self.prefix}-current_step", "")
        if not self._storage_is_ours():
            if posted_step == self.steps.first and not request.POST.get("wizard_goto_step"):
                self._start()
            else:
                return self._stale()
        if posted_step not in self.get_form_list():
            raise SuspiciousOperation("The wizard's step is missing or not one of its steps.")
        return super().post(request, *args, **kwargs)

    def _stale(self):
        """A step posted after the wizard was finished (a double submit) or its session was lost."""
        created = self.request.session.pop(DONE_KEY, None)
        if created:
            messages.info(
                self.request,
                f"The space {created} was already created; the form was submitted twice and nothing else was changed.",
            )
        else:
            messages.warning(
                self.request,
                "Your space set-up was interrupted (it expired, or you switched AWS accounts), and nothing "
                "was created. Choose Connect to start again.",
            )
        return redirect("federation:home")

    # Forms --------------------------------------------------------------------------------------

    def get_form_kwargs(self, step=None):
        if step == "space":
            spaces = (
                federation_selectors.associable_spaces(self.account)
                if self.application
                else federation_selectors.convertible_spaces(self.account)
            )
            return {
                "spaces": spaces,
                "ask_region": self.application is not None,
                "pending_spaces": federation_selectors.unverified_billed_spaces(
                    self.account, associating=self.application is not None
                ),
            }
        if step == "groups":
            return {"store": self.store}
        if step == "administrators":
            groups = self.get_cleaned_data_for_step("groups") or {}
            return {"store": self.store, "group_ids": groups.get("groups", [])}
        return {}

    # The end -----------------------------------------------------------------------------------

    def done(self, form_list, form_dict, **kwargs):
        space_data = form_dict["space"].cleaned_data
        existing = space_data["existing_space"] if space_data["choice"] == forms.EXISTING else None
        try:
            space = self.create(form_dict, existing)
        except DomainError as error:
            return self._back_to_step(error)
        self.storage.reset()
        self.request.session[DONE_KEY] = space.name
        messages.success(self.request, self.success_message(space, existing, space.builder_id_members_removed))
        return redirect("federation:home")

    def create(self, form_dict, existing):
        application = form_dict["application"].cleaned_data
        space = form_dict["space"].cleaned_data
        return federation.federated_space_create(
            account=self.account,
            console_user=self.request.aws_user,
            store=self.store,
            display_name=application["display_name"],
            application_name=application["application_name"],
            region=application["region"],
            group_ids=form_dict["groups"].cleaned_data["groups"],
            admin_user_ids=form_dict["administrators"].cleaned_data["administrators"],
            new_space_name="" if existing else space["space_name"],
            existing_space=existing,
        )

    def success_message(self, space, existing, builder_id_members) -> str:
        members = count_of(space.memberships.count(), "member")
        application = space.identity_application
        if existing:
            projects = space.projects.count()
            return (
                f"{space.name} now supports identity federation through {application.name}, with {members} "
                f"from IAM Identity Center. Its {count_of(projects, 'project')} "
                f"{'was' if projects == 1 else 'were'} kept and its "
                f"{count_of(builder_id_members, 'AWS Builder ID member')} "
                f"{'was' if builder_id_members == 1 else 'were'} removed."
            )
        return (
            f"Space {space.name} was created for identity federation with {members} from IAM Identity "
            f"Center, through the Identity Center application {application.name}."
        )

    def _back_to_step(self, error: DomainError):
        step, field = ERROR_STEPS.get(error.field, (self.steps.last, None))
        if step == "application" and step not in self.get_form_list():
            step = "space"  # "Connect space" asks the Region on its space step
        if step not in self.get_form_list():
            step, field = self.steps.last, None
        self.storage.current_step = step
        form = self.get_form(step, data=self.storage.get_step_data(step))
        if form.is_valid():  # if not, the form already says what is wrong
            form.add_error(field if field in form.fields else None, error.message)
        return self.render(form)

    # Pages --------------------------------------------------------------------------------------

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form=form, **kwargs)
        current = self.steps.current
        steps = list(self.get_form_list())
        context.update(
            {
                "nav": "federation",
                "store": self.store,
                "instance": self.store.instance,
                "application": self.application,
                "identity_center_url": IDENTITY_CENTER_CONSOLE,
                "step_name": current,
                "step_title": STEP_TITLES[current],
                "step_list": [
                    {
                        "name": s,
                        "number": i,
                        "title": STEP_TITLES[s],
                        "current": s == current,
                        "done": steps.index(s) < steps.index(current),
                    }
                    for i, s in enumerate(steps, start=1)
                ],
                "step_numbers": {s: i for i, s in enumerate(steps, start=1)},
                "page_title": self.page_title(),
                "create_label": "Create space" if self.application is None else "Connect space",
                "billing_account": federation._billing_account_for(self.account),
                "region_choice": self._chosen_region(form),
            }
        )
        if current == "review":
            context["summary"] = self.summary()
        return context

    def page_title(self) -> str:
        return "Create a space for identity federation"

    def _chosen_region(self, form) -> str:
        """The Region the person has chosen for the space so far (for the Region notice)."""
        if form.prefix == "application" or (form.prefix == "space" and "region" in form.fields):
            value = form["region"].value()
            if value:
                return value
        step = self.get_cleaned_data_for_step("application") if self.application is None else None
        if step:
            return step["region"]
        space = self.get_cleaned_data_for_step("space")
        if space and space.get("region"):
            return space["region"]
        return ""

    def summary(self) -> dict:
        application = self.get_cleaned_data_for_step("application") if self.application is None else None
        space = self.get_cleaned_data_for_step("space") or {}
        groups = (self.get_cleaned_data_for_step("groups") or {}).get("groups", [])
        admins = (self.get_cleaned_data_for_step("administrators") or {}).get("administrators", [])
        existing = space.get("existing_space") if space.get("choice") == forms.EXISTING else None
        if existing:
            region = existing.region
        elif application:
            region = application["region"]
        else:
            region = space.get("region", "")
        return {
            "application": application,
            "space": space,
            "existing": existing,
            "region": region,
            "region_label": region_label(region),
            "region_differs": bool(region) and region != self.store.instance.region,
            "groups": directory_selectors.groups_with_user_counts(self.store, groups),
            "administrators": [
                user for user in directory_selectors.users_of_groups(self.store, groups) if user.user_id in admins
            ],
        }


class ConnectSpaceWizard(FederatedSpaceWizard):
    """ "Connect space": associate another space, new or existing, with an Identity Center
    application (:func:`identity.federation.space_associate`). The same steps, without the first."""

    def resolve(self, request, application_id=None, **kwargs):
        self.application = get_object_or_404(
            federation_selectors.applications_visible_to(self.account).select_related("store__instance"),
            application_id=application_id,
        )
        self.store = self.application.store
        if self.store is None or self.store.instance is None:
            messages.error(
                request,
                f"The identity store of {self.application.name} was deleted, so no space can be connected to it.",
            )
            return redirect("federation:home")
        return None

    def page_title(self) -> str:
        return f"Connect space to {self.application.display_name}"

    def create(self, form_dict, existing):
        space = form_dict["space"].cleaned_data
        return federation.space_associate(
            application=self.application,
            account=self.account,
            console_user=self.request.aws_user,
            group_ids=form_dict["groups"].cleaned_data["groups"],
            admin_user_ids=form_dict["administrators"].cleaned_data["administrators"],
            existing_space=existing,
            new_space_name="" if existing else space["space_name"],
            region=space.get("region") or Region.US_WEST_2,
        )

    def success_message(self, space, existing, builder_id_members) -> str:
        message = (
            f"{space.name} is now associated with {self.application.name}, with "
            f"{count_of(space.memberships.count(), 'member')} from IAM Identity Center."
        )
        if existing and builder_id_members:
            message += (
                f" Its {count_of(builder_id_members, 'AWS Builder ID member')} "
                f"{'was' if builder_id_members == 1 else 'were'} removed."
            )
        return message
