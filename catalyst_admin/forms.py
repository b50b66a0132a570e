"""Shared form plumbing: the console's field rendering and turning a DomainError into a form error."""

from django.forms.renderers import TemplatesSetting
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from catalyst_admin.errors import DomainError


class ConsoleFormRenderer(TemplatesSetting):
    """Django's renderer with the console's form and field templates. A field group (label, hint,
    widget, errors: ``forms/field.html``) is written by :func:`field_group`, which writes what that
    template writes: a template render per field was most of a form's cost."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"

    def render(self, template_name, context, request=None):
        if template_name == self.field_template_name and request is None and set(context) == {"field"}:
            return field_group(context["field"])
        return super().render(template_name, context, request=request)


def _hint(field) -> str:
    if not field.help_text:
        return ""
    return (
        f'<p class="hint" id="{conditional_escape(field.auto_id)}_helptext">{conditional_escape(field.help_text)}</p>'
    )


def field_group(field) -> str:
    """templates/forms/field.html, in Python (tests/catalyst_admin/test_widget_rendering.py compares
    the two for every kind of field)."""
    e = conditional_escape
    errors = field.errors
    parts = [f'<div class="field{" has-error" if errors else ""}">\n']
    if field.widget_type == "checkbox":
        parts.append(
            f'  <div class="checkbox">{field} <label for="{e(field.id_for_label)}">{e(field.label)}</label></div>\n'
        )
        parts.append(f"  {_hint(field)}\n")
    elif field.use_fieldset:
        described = f' aria-describedby="{e(field.auto_id)}_helptext"' if field.help_text else ""
        parts.append(f"  <fieldset{described}>\n    <legend>{e(field.label)}</legend>\n")
        parts.append(f"    {_hint(field)}\n    {field}\n  </fieldset>\n")
    else:
        required_when = getattr(field.field, "required_when", None)
        if required_when:
            marker = f' <span class="hint">- for {e(required_when)}</span>'
        elif not field.field.required:
            marker = ' <span class="hint">- optional</span>'
        else:
            marker = ""
        parts.append(f'  <label for="{e(field.id_for_label)}">{e(field.label)}{marker}</label>\n')
        parts.append(f"  {_hint(field)}\n  {field}\n")
    parts.extend(f'<p class="error" role="alert">{e(error)}</p>' for error in errors)
    parts.append("\n</div>")
    return mark_safe("".join(parts))


def add_domain_error(form, error: DomainError) -> None:
    """Show a service's refusal next to the field it concerns, or above the form: every problem
    it carries, so each invalid field is reported on the first submit."""
    for name, messages in error.errors.items():
        field = name if name in form.fields else None
        for message in messages:
            form.add_error(field, message)
