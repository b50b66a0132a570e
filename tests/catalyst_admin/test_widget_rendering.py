"""The consoles' widget templates (templates/django/forms/widgets/: attributes and ``<input>``
written in Python by catalyst_admin.templatetags.console_forms) write what Django's own write."""

import datetime
import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils.safestring import mark_safe

TRICKY = "a \"quoted\" <b>&amp; 'apostrophe'"


class _Form(forms.Form):
    text = forms.CharField(widget=forms.TextInput(attrs={"autocomplete": "name", "autofocus": True, "hidden": False}))
    email = forms.EmailField(widget=forms.EmailInput(attrs={"data-x": TRICKY, "maxlength": 200}))
    password = forms.CharField(widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(widget=forms.HiddenInput)
    number = forms.IntegerField(min_value=1, max_value=10)
    url = forms.URLField(required=False, assume_scheme="https")
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    check = forms.BooleanField(required=False)
    area = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "aria-describedby": mark_safe("a&b")}))
    radio = forms.ChoiceField(choices=[("a", "A <1>"), ("b", "B")], widget=forms.RadioSelect)
    boxes = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple)
    split = forms.SplitDateTimeField(required=False)
    upload = forms.FileField(required=False)


DATA = {
    "text": TRICKY,
    "email": "x@example.com",
    "password": "p<w>",
    "hidden": "h&h",
    "number": "11",
    "url": "",
    "date": "2026-12-02",
    "check": "on",
    "area": TRICKY,
    "radio": "b",
    "boxes": ["a", "b"],
    "split_0": "2026-12-02",
    "split_1": "10:00",
}


def _compact(html: str) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


@pytest.mark.parametrize("data", [None, DATA], ids=["unbound", "bound"])
@pytest.mark.parametrize("name", list(_Form.base_fields))
def test_a_widget_renders_as_django_renders_it(name, data):
    ours = _Form(data, renderer=get_default_renderer())[name].as_widget()
    djangos = _Form(data, renderer=DjangoTemplates())[name].as_widget()
    assert "<" in ours
    assert _compact(ours) == _compact(djangos)


def test_an_initial_value_is_written_as_django_writes_it():
    class Form(forms.Form):
        when = forms.DateTimeField(initial=datetime.datetime(2026, 12, 2, 10, 30))
        count = forms.IntegerField(initial=3)

    for name in ("when", "count"):
        ours = Form(renderer=get_default_renderer())[name].as_widget()
        assert _compact(ours) == _compact(Form(renderer=DjangoTemplates())[name].as_widget())
    assert 'value="2026-12-02 10:30:00"' in str(Form()["when"])


class _Fields(forms.Form):
    name = forms.CharField(label="Name <yours>", help_text="3–100 letters & digits")
    nickname = forms.CharField(label="Nickname", required=False)
    schedule = forms.CharField(label="Cron", required=False)
    agree = forms.BooleanField(label="I agree", help_text="Read it <first>", required=False)
    plain_box = forms.BooleanField(label="Plain")
    kind = forms.ChoiceField(label="Kind", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect, help_text="One")
    tags = forms.MultipleChoiceField(label="Tags", choices=[("x", "X")], widget=forms.CheckboxSelectMultiple)
    zone = forms.ChoiceField(label="Zone", choices=[("", "—"), ("u", "UTC")])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["schedule"].required_when = "Cron <expression>"


@pytest.mark.parametrize(
    "data", [None, {"name": "", "plain_box": "", "kind": "z", "agree": "on"}], ids=["fresh", "errors"]
)
@pytest.mark.parametrize("auto_id", ["id_%s", False])
@pytest.mark.parametrize("name", list(_Fields.base_fields))
def test_a_field_group_is_what_the_consoles_field_template_writes(name, data, auto_id):
    from django.template.loader import get_template

    from catalyst_admin.forms import field_group

    field = _Fields(data, auto_id=auto_id)[name]
    ours = field.as_field_group()
    template = get_template("forms/field.html").render({"field": field})
    assert ours == field_group(field)
    assert _compact(ours) == _compact(template)
    if data is not None and field.errors:
        assert 'role="alert"' in ours
