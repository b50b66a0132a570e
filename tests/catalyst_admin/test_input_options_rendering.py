"""The consoles' radio and checkbox lists (templates/django/forms/widgets/multiple_input.html, their
options rendered in Python by catalyst_admin.templatetags.console_forms) write what Django's own
templates write."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer

from tests.catalyst_admin.test_select_rendering import CHOICES  # the same awkward choices: escaping, a group, a number


class _Form(forms.Form):
    one = forms.ChoiceField(label="One", choices=CHOICES, widget=forms.RadioSelect, required=False)
    many = forms.MultipleChoiceField(
        label="Many", choices=CHOICES, widget=forms.CheckboxSelectMultiple(attrs={"class": "c<"}), required=False
    )
    disabled = forms.ChoiceField(
        label="Disabled", choices=CHOICES, widget=forms.RadioSelect(attrs={"disabled": True, "data-x": "<y>"})
    )


class _NoIds(_Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id=False, **kwargs)


@pytest.mark.parametrize("form_class", [_Form, _NoIds])
@pytest.mark.parametrize("data", [None, {"one": "a&b", "many": ["x", "3"], "disabled": "y"}])
@pytest.mark.parametrize("name", ["one", "many", "disabled"])
def test_a_radio_or_checkbox_list_renders_as_django_renders_it(form_class, name, data):
    ours = form_class(data, renderer=get_default_renderer())[name].as_widget()
    djangos = form_class(data, renderer=DjangoTemplates())[name].as_widget()
    assert "<input" in ours and "<label" in ours
    assert str(ours) == str(djangos)
