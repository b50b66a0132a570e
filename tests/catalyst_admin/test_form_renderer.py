"""The console's form renderer writes forms, field groups and the overridden widgets in Python
(catalyst_admin.forms): forms and widgets byte for byte what their templates (templates/forms/form.html,
templates/django/forms/widgets/) write, for every kind of widget, bound and unbound, with errors."""

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting, get_default_renderer

from catalyst_admin.forms import WIDGETS, ConsoleFormRenderer, field_group
from tests.catalyst_admin import test_input_options_rendering, test_select_rendering, test_widget_rendering


class _TemplatesOnly(ConsoleFormRenderer):
    """The same templates, the forms and widgets rendered as templates (the field groups as
    test_widget_rendering checks them: the same but for blank lines)."""

    def render(self, template_name, context, request=None):
        if template_name == self.field_template_name:
            return field_group(context["field"])
        return TemplatesSetting.render(self, template_name, context, request=request)


class _WithHidden(test_widget_rendering._Fields):
    token = forms.CharField(widget=forms.HiddenInput, required=True)

    def clean(self):
        raise forms.ValidationError("Both <together> & apart")


FORMS = [
    (test_widget_rendering._Form, test_widget_rendering.DATA),
    (test_widget_rendering._Fields, {"name": "", "plain_box": "", "kind": "z", "agree": "on"}),
    (_WithHidden, {"name": "n", "plain_box": "on", "kind": "a", "token": ""}),
    (test_select_rendering._Form, {"one": "a&b", "many": ["x", "3"], "disabled": "y"}),
    (test_input_options_rendering._Form, {"one": "a&b", "many": ["x", "3"], "disabled": "y"}),
    (test_input_options_rendering._NoIds, None),
]


def _render_both(form_class, data):
    ours = form_class(data, renderer=get_default_renderer())
    theirs = form_class(data, renderer=_TemplatesOnly())
    return ours, theirs


def test_the_console_renderer_is_the_default():
    assert isinstance(get_default_renderer(), ConsoleFormRenderer)


@pytest.mark.parametrize("bound", [False, True], ids=["unbound", "bound"])
@pytest.mark.parametrize("form_class, data", FORMS, ids=[f.__qualname__ + str(i) for i, (f, _) in enumerate(FORMS)])
def test_a_form_is_written_as_its_templates_write_it(form_class, data, bound):
    ours, theirs = _render_both(form_class, data if bound else None)
    assert str(ours) == str(theirs)
    for name in ours.fields:
        assert str(ours[name]) == str(theirs[name]), name
        assert ours[name].as_field_group() == theirs[name].as_field_group(), name


def test_errors_and_hidden_fields_are_in_the_form():
    html = str(_WithHidden({"name": "", "token": ""}))
    assert '<div class="alert error" role="alert"><p>Both &lt;together&gt; &amp; apart</p></div>' in html
    assert '<input type="hidden" name="token" id="id_token">' in html


def test_every_widget_written_in_python_is_a_template_of_the_console():
    from django.template.loader import get_template

    for name in WIDGETS:
        assert "templates/django/forms/widgets/" in str(get_template(name).origin.name)


@pytest.mark.django_db
def test_the_consoles_own_forms_are_written_as_their_templates_write_them(django_user_model):
    from identity.people.forms import AwsProfileForm, NotificationPreferencesForm, ProfileForm
    from identity.people.models import NotificationPreference

    user = django_user_model.objects.create_user(username="renderer", password="x" * 12)
    for make in (
        lambda renderer, data: ProfileForm(data, user=user, renderer=renderer),
        lambda renderer, data: AwsProfileForm(data, renderer=renderer),
        lambda renderer, data: NotificationPreferencesForm(
            data, events=NotificationPreference.Event.choices, renderer=renderer
        ),
    ):
        for data in (None, {"name": "", "time_zone": "Nowhere/Else", "token": "", "profile": "<x>"}):
            assert str(make(get_default_renderer(), data)) == str(make(_TemplatesOnly(), data))
