"""What the console's SessionWizardViews (django-formtools) share: each step keeps what the person
entered — shown again on Previous, Next or a refresh without errors before they act — and the end
keeps every step when the service refuses, so the wizard can send the person back to the step
concerned with all they entered (formtools' own ``render_done`` resets the storage first)."""


class KeptStepsWizardMixin:
    def get_form_step_data(self, form):
        # Keep only this step's fields (not the CSRF token or the management form).
        prefix = f"{form.prefix}-"
        return {key: values for key, values in form.data.lists() if key.startswith(prefix)}

    def get_form_initial(self, step):
        """What the person entered on ``step`` before, so that a form shown again (Previous, Next,
        a refresh) keeps it without showing errors before they act."""
        data = self.storage.get_step_data(step)
        if not data:
            return {}
        form_class = self.get_form_list()[step]
        prefix = self.get_form_prefix(step, form_class)
        return {
            name: field.widget.value_from_datadict(data, None, f"{prefix}-{name}")
            for name, field in form_class.base_fields.items()
        }

    def render_next_step(self, form, **kwargs):
        next_step = self.steps.next
        self.storage.current_step = next_step
        return self.render(self.get_form(next_step), **kwargs)

    def render_goto_step(self, goto_step, **kwargs):
        leaving = self.request.POST.get(f"{self.prefix}-current_step")
        if leaving in self.get_form_list() and leaving != goto_step:
            # "Previous" keeps what was entered on the step being left, valid or not: it is
            # checked again when the person moves on, and once more before anything is written.
            form = self.get_form(leaving, data=self.request.POST)
            self.storage.set_step_data(leaving, self.get_form_step_data(form))
        self.storage.current_step = goto_step
        return self.render(self.get_form(goto_step), **kwargs)

    def render_done(self, form, **kwargs):
        # Like formtools' own, but the stored steps are reset only by ``done`` once it succeeded.
        final_forms = {}
        for step in self.get_form_list():
            step_form = self.get_form(step, data=self.storage.get_step_data(step))
            if not step_form.is_valid():
                return self.render_revalidation_failure(step, step_form, **kwargs)
            final_forms[step] = step_form
        return self.done(list(final_forms.values()), form_dict=final_forms, **kwargs)
