"""Form rendering the consoles share, where Django's own templates cost too much: the widget
templates under templates/django/forms/widgets/ call these filters, which write what Django's
templates write (tests/catalyst_admin/test_select_rendering.py, test_widget_rendering.py)."""

from html import escape

from django import template
from django.template.loader import get_template
from django.utils.html import format_html
from django.utils.safestring import SafeData, mark_safe

register = template.Library()

OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _escape(value) -> str:
    # What {{ value }} does (conditional_escape), without format_html's cost on every call.
    return value if isinstance(value, SafeData) else escape(str(value))


def _attrs(attrs: dict) -> str:
    # django/forms/widgets/attrs.html: a True attribute by its name alone, a False one left out.
    return "".join(
        f" {_escape(name)}" if value is True else f' {_escape(name)}="{_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{_escape(widget["value"])}"'
    return f'<input type="{_escape(widget["type"])}" name="{_escape(widget["name"])}"{value}{_attrs(widget["attrs"])}>'


def _option(option: dict) -> str:
    if option["template_name"] != OPTION_TEMPLATE:
        return get_template(option["template_name"]).render({"widget": option})
    return f'<option value="{_escape(option["value"])}"{_attrs(option["attrs"])}>{_escape(option["label"])}</option>'


@register.filter
def widget_attrs(widget: dict) -> str:
    """A widget's attributes as Django's ``attrs.html`` writes them (included by every widget
    template: a loop and two conditions per attribute there)."""
    return mark_safe(_attrs(widget["attrs"]))


@register.filter
def input_tag(widget: dict) -> str:
    """An ``<input>`` as Django's ``input.html`` writes it (text, email, password, hidden, number,
    checkbox, date … all render through it)."""
    return mark_safe(_input(widget))


@register.filter
def select_options(widget: dict) -> str:
    """The ``<option>`` (and ``<optgroup>``) elements of a select widget's context, as Django's
    ``select.html`` and ``select_option.html`` render them, in Python: a template include per
    option made a list of a few hundred (the time zones of My settings) cost about 100 ms."""
    parts = []
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(format_html('<optgroup label="{}">', group_name))
        parts.extend(_option(option) for option in options)
        if group_name:
            parts.append("</optgroup>")
    return mark_safe("\n".join(parts))


INPUT_OPTION_TEMPLATES = {"django/forms/widgets/radio_option.html", "django/forms/widgets/checkbox_option.html"}


def _input_option(option: dict) -> str:
    # Django's input_option.html (the label around input.html and the option's label), in Python.
    if option["template_name"] not in INPUT_OPTION_TEMPLATES:
        return get_template(option["template_name"]).render({"widget": option})
    field = _input(option) + "\n"
    if not option["wrap_label"]:
        return f"{field}\n\n"
    label_for = f' for="{_escape(option["attrs"]["id"])}"' if option["attrs"].get("id") else ""
    return f"<label{label_for}>{field} {_escape(option['label'])}</label>\n\n"


@register.filter
def input_options(widget: dict) -> str:
    """The options of a radio or checkbox list (``multiple_input.html``), each in its ``<div>``, as
    Django's ``multiple_input.html`` and ``input_option.html`` render them, in Python: three
    template includes per option made Create endpoint's list of services cost about 5 ms."""
    parts = []
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(format_html("\n  <div><label>{}</label>", group_name))
        parts.extend(f"<div>\n    {_input_option(option)}</div>" for option in options)
        if group_name:
            parts.append("\n  </div>")
    return mark_safe("".join(parts))
