""" "Add VPC connection" (seed 000, "To add VPC connections"): django-formtools' SessionWizardView
with three named steps — "AWS account connection", "VPC connection details", review with the VPC
requirements check. Nothing is written before the last step, and then only through one service
call (:func:`vpc.services.vpc_connection_add`), which checks everything again."""

from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.shortcuts import redirect
from formtools.wizard.views import SessionWizardView

from catalyst_admin.errors import DomainError
from catalyst_admin.wizards import KeptStepsWizardMixin
from spaces import permissions
from spaces.pages import in_space
from vpc import forms, requirements, selectors, services
from vpc.views import MANAGE, NAV, TROUBLESHOOTING_INTRO, Inventory, actions_needed, roles_of

STEP_TITLES = {
    "account": "AWS account connection",
    "details": "VPC connection details",
    "review": "Review and add",
}
# Where each service error belongs: the step whose form has the field.
ERROR_STEPS = {
    "account_connection": "account",
    "role_arn": "account",
    "vpc_id": "details",
    "subnet_ids": "details",
    "security_group_ids": "details",
    "name": "details",
}
# Seed 000, step 5's note.
RESTRICTED_NOTE = (
    "If you associate your VPC connection with a project-restricted AWS account connection, your VPC connection "
    "will only have access to specific projects and cannot be set as default."
)
SPACE_LEVEL_NOTE = (
    "Understand that VPC connections are a space level resource, meaning that your VPC can be accessed by "
    "different projects. You can restrict access by configuring your VPC role trust policy with a specific "
    "projectId instead of *."
)


class AddVpcConnectionWizard(KeptStepsWizardMixin, SessionWizardView):
    """Three steps kept in the session (one wizard per space and person), one service call at the end."""

    form_list = [
        ("account", forms.AccountRoleForm),
        ("details", forms.DetailsForm),
        ("review", forms.ReviewForm),
    ]
    template_name = "vpc/wizard.html"

    def dispatch(self, request, *args, **kwargs):
        @in_space
        def inside(request, space, *args, **kwargs):
            self.space = space
            self._inventory = None
            permissions.require(request.user, MANAGE, space=space)
            return super(AddVpcConnectionWizard, self).dispatch(request, *args, **kwargs)

        return inside(request, *args, **kwargs)

    def get_prefix(self, request, *args, **kwargs):
        # One stored wizard per space: an add in another space's tab does not mix with this one.
        return f"vpc_add_{self.space.pk}"

    def get_step_url(self):
        return self.request.path

    # Requests -----------------------------------------------------------------------------------

    def get(self, request, *args, **kwargs):
        if "restart" in request.GET or self.storage.current_step not in self.get_form_list():
            self.storage.reset()
            self.storage.current_step = self.steps.first
            if "restart" in request.GET:
                return redirect(self.get_step_url())
        # A refresh shows the step the person is on, with what they entered.
        return self.render(self.get_form())

    def post(self, request, *args, **kwargs):
        posted_step = request.POST.get(f"{self.prefix}-current_step", "")
        if posted_step not in self.get_form_list():
            raise SuspiciousOperation("The wizard's step is missing or not one of its steps.")
        if posted_step != self.steps.first and not self.storage.get_step_data(self.steps.first):
            messages.warning(
                request, "Your VPC connection set-up was interrupted (its session expired) and nothing was added."
            )
            self.storage.reset()
            return redirect("spaces:vpc_connection_add", self.space.name)
        return super().post(request, *args, **kwargs)

    # Forms --------------------------------------------------------------------------------------

    def _account_step(self) -> dict:
        return self.get_cleaned_data_for_step("account") or {}

    def inventory(self) -> Inventory | None:
        account = self._account_step()
        if not account:
            return None
        if self._inventory is None:
            self._inventory = Inventory(role_arn=account["role_arn"], region=self.space.region)
        return self._inventory

    def get_form_kwargs(self, step=None):
        if step == "account":
            accounts = selectors.accounts_for_vpc(self.space)
            return {
                "accounts": accounts,
                "roles_by_account": {
                    connection: [(role.arn, role.name) for role in roles_of(connection)] for connection in accounts
                },
                "role_check": lambda connection, role_arn: requirements.role_check(
                    account_connection=connection, role_arn=role_arn, space=self.space
                ),
            }
        if step == "details":
            inventory = self.inventory()
            if inventory is None:
                return {}
            return {
                "vpcs": inventory.vpcs,
                "subnets": inventory.subnets,
                "security_groups": inventory.security_groups,
            }
        return {}

    def render_next_step(self, form, **kwargs):
        # "Next" on VPC connection details runs every check of "Add VPC connection" (writing nothing),
        # so two subnets in one zone, six security groups or a taken name show on this step's first
        # submit; a failed VPC requirement is not bad input: the review step shows it.
        if self.steps.current == "details":
            account = self._account_step()
            details = form.cleaned_data
            try:
                services.vpc_connection_validate(
                    space=self.space,
                    account_connection=account.get("account_connection"),
                    role_arn=account.get("role_arn", ""),
                    vpc_id=details["vpc_id"],
                    subnet_ids=details["subnet_ids"],
                    security_group_ids=details["security_group_ids"],
                    name=details["name"],
                    by=self.request.user,
                )
            except DomainError as error:
                return self._back_to_step(error, unplaced="details")
        return super().render_next_step(form, **kwargs)

    # The end ------------------------------------------------------------------------------------

    def done(self, form_list, form_dict, **kwargs):
        account = form_dict["account"].cleaned_data
        details = form_dict["details"].cleaned_data
        try:
            vpc_connection = services.vpc_connection_add(
                space=self.space,
                account_connection=account["account_connection"],
                role_arn=account["role_arn"],
                vpc_id=details["vpc_id"],
                subnet_ids=details["subnet_ids"],
                security_group_ids=details["security_group_ids"],
                name=details["name"],
                by=self.request.user,
            )
        except DomainError as error:
            return self._back_to_step(error)
        self.storage.reset()
        messages.success(self.request, f"VPC connection {vpc_connection.name} was added to {self.space.name}.")
        return redirect("spaces:vpc_connection", self.space.name, vpc_connection.pk)

    def _back_to_step(self, error: DomainError, unplaced: str = "review"):
        """The earliest step with a field the service refused, showing every refusal of that step;
        refusals of no field (EC2 unreachable, a failed requirement) on the ``unplaced`` step."""
        steps = list(self.get_form_list())
        concerned = [ERROR_STEPS.get(field, unplaced) for field in error.errors]
        step = min(concerned, key=steps.index) if concerned else unplaced
        self.storage.current_step = step
        form = self.get_form(step, data=self.storage.get_step_data(step))
        form.is_valid()
        for field, messages_ in error.errors.items():
            if ERROR_STEPS.get(field, unplaced) != step:
                continue
            for message in messages_:
                form.add_error(field if field in form.fields else None, message)
        return self.render(form)

    # Pages ----------------------------------------------------------------------------------------

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form=form, **kwargs)
        current = self.steps.current
        steps = list(self.get_form_list())
        context.update(self.request.space_page_context())
        context.update(
            {
                "nav": NAV,
                "step_name": current,
                "step_title": STEP_TITLES[current],
                "step_list": [
                    {
                        "number": i,
                        "title": STEP_TITLES[s],
                        "current": s == current,
                        "done": steps.index(s) < steps.index(current),
                    }
                    for i, s in enumerate(steps, start=1)
                ],
                "restricted_note": RESTRICTED_NOTE,
                "space_level_note": SPACE_LEVEL_NOTE,
                "required_actions": requirements.REQUIRED_ROLE_ACTIONS,
                "troubleshooting_intro": TROUBLESHOOTING_INTRO,
            }
        )
        account = self._account_step()
        if current in ("details", "review") and account:
            context["account"] = account
            context["inventory"] = self.inventory()
            context["role_check"] = self._role_check(account)
        if current == "review":
            context.update(self.review(account))
        return context

    def _role_check(self, account):
        try:
            return requirements.role_check(
                account_connection=account["account_connection"], role_arn=account["role_arn"], space=self.space
            )
        except DomainError:
            return None

    def review(self, account) -> dict:
        details = self.get_cleaned_data_for_step("details") or {}
        if not details:
            return {}
        inventory = self.inventory()
        vpcs = {v["VpcId"]: forms.vpc_label(v) for v in inventory.vpcs} if inventory else {}
        summary = {"details": details, "vpc_label": vpcs.get(details["vpc_id"], details["vpc_id"])}
        try:
            summary["report"] = requirements.check_vpc(
                role_arn=account["role_arn"],
                region=self.space.region,
                vpc_id=details["vpc_id"],
                subnet_ids=details["subnet_ids"],
                security_group_ids=details["security_group_ids"],
            )
        except DomainError as error:
            summary["check_error"] = error.message
        summary["actions_needed"] = actions_needed(summary.get("report"))
        summary["blocked"] = "report" not in summary or summary["report"].blocks
        return summary
