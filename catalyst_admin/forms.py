"""Shared form plumbing: the console's field rendering and turning a DomainError into a form error."""

from django.forms.renderers import TemplatesSetting

from catalyst_admin.errors import DomainError


class ConsoleFormRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


def add_domain_error(form, error: DomainError) -> None:
    """Show a service's refusal next to the field it concerns, or above the form: every problem
    it carries, so each invalid field is reported on the first submit."""
    for name, messages in error.errors.items():
        field = name if name in form.fields else None
        for message in messages:
            form.add_error(field, message)
