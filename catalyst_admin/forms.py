"""Shared form plumbing: the console's field rendering and turning a DomainError into a form error."""

from django.forms.renderers import TemplatesSetting

from catalyst_admin.errors import DomainError


class ConsoleFormRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


def add_domain_error(form, error: DomainError) -> None:
    """Show a service's refusal next to the field it concerns, or above the form."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)
