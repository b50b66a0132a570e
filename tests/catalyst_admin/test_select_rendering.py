"""The consoles' select widget (templates/django/forms/widgets/select.html, its options rendered in
Python by catalyst_admin.templatetags.console_forms) writes what Django's own templates write."""

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer

CHOICES = [
    ("", "Any <one>"),
    ("a&b", "Quote \" and apostrophe '"),
    ("Group <1>", [("x", "Ex"), ("y", "Why")]),
    (3, "Three"),
]


class _Form(forms.Form):
    one = forms.ChoiceField(label="One", choices=CHOICES, required=False)
    many = forms.MultipleChoiceField(label="Many", choices=CHOICES, required=False)
    disabled = forms.ChoiceField(
        label="Disabled", choices=CHOICES, widget=forms.Select(attrs={"disabled": True, "data-x": "<y>"})
    )


def _compact(html: str) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


@pytest.mark.parametrize("data", [None, {"one": "a&b", "many": ["x", "3"], "disabled": "y"}])
@pytest.mark.parametrize("name", ["one", "many", "disabled"])
def test_a_select_renders_as_django_renders_it(name, data):
    ours = _Form(data, renderer=get_default_renderer())[name].as_widget()
    djangos = _Form(data, renderer=DjangoTemplates())[name].as_widget()
    assert "<option" in ours
    assert _compact(ours) == _compact(djangos)
