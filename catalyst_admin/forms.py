"""Shared form plumbing: the console's field rendering and turning a DomainError into a form error."""

from django.forms.renderers import TemplatesSetting
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from catalyst_admin.errors import DomainError
from catalyst_admin.templatetags.console_forms import input_options, input_tag, select_options, widget_attrs


def _select(widget: dict) -> str:
    name = conditional_escape(widget["name"])
    return f'<select name="{name}"{widget_attrs(widget)}>\n{select_options(widget)}\n</select>'


def _multiple_input(widget: dict) -> str:
    id_ = widget["attrs"].get("id")
    class_ = widget["attrs"].get("class")
    return "".join(
        (
            "<div",
            f' id="{conditional_escape(id_)}"' if id_ else "",
            f' class="{conditional_escape(class_)}"' if class_ else "",
            f">{input_options(widget)}\n</div>",
        )
    )


# The console's widget templates (templates/django/forms/widgets/), each written as its file writes
# it and the renderer strips it (tests/catalyst_admin/test_form_renderer.py renders both).
WIDGETS = {
    **{
        f"django/forms/widgets/{kind}.html": input_tag
        for kind in ("input", "checkbox", "text", "email", "hidden", "number", "password", "url")
    },
    "django/forms/widgets/select.html": _select,
    # A radio list and a checkbox list are each an include of multiple_input.html.
    **{f"django/forms/widgets/{kind}.html": _multiple_input for kind in ("multiple_input", "radio", "checkbox_select")},
}


class ConsoleFormRenderer(TemplatesSetting):
    """Django's renderer with the console's form and field templates. A form (``forms/form.html``),
    a field group (label, hint, widget, errors: ``forms/field.html``) and the widgets the console
    overrides are written in Python, as their templates write them: a template render per form, field
    and widget was most of a page's form cost."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
    FORM_CONTEXT = {"form", "fields", "hidden_fields", "errors"}

    def render(self, template_name, context, request=None):
        if request is None:
            keys = set(context)
            if keys == {"widget"} and template_name in WIDGETS:
                return WIDGETS[template_name](context["widget"])
            if template_name == self.field_template_name and keys == {"field"}:
                return field_group(context["field"])
            if template_name == self.form_template_name and keys == self.FORM_CONTEXT:
                return form_fields(context["form"])
        return super().render(template_name, context, request=request)


def form_fields(form) -> str:
    """templates/forms/form.html, in Python: the form's own errors, its hidden fields, then a field
    group per visible field."""
    e = conditional_escape
    errors = form.non_field_errors()
    parts = []
    if errors:
        parts.append('<div class="alert error" role="alert">')
        parts.extend(f"<p>{e(error)}</p>" for error in errors)
        parts.append("</div>")
    parts.append("\n")
    parts.extend(str(field) for field in form.hidden_fields())
    parts.append("\n")
    parts.extend(field.as_field_group() for field in form.visible_fields())
    # The renderer strips what a template writes.
    return mark_safe("".join(parts).strip())


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
