"""``{% url %}`` is the console's remembering one (catalyst_admin/templatetags/console_urls.py) in
every template, and answers as Django's own tag does."""

import pytest
from django.template import Context, Engine, engines
from django.urls import NoReverseMatch, reverse

from catalyst_admin.templatetags import console_urls


def _render(source: str, **context) -> str:
    return engines["django"].from_string(source).render(context)


def test_every_template_s_url_tag_is_the_remembering_one():
    template = engines["django"].from_string("{% url 'spaces:list' %}")
    assert isinstance(template.template.nodelist[0], console_urls.CachedURLNode)


@pytest.mark.parametrize(
    "source",
    [
        "{% url 'spaces:list' %}",
        "{% url 'spaces:overview' name %}",
        "{% url 'spaces:overview' space_name=name %}",
        "{% url 'spaces:overview' 'a&b' %}",
        "{% url view name %}",
        "{% url 'spaces:overview' name as link %}[{{ link }}]",
        "{% url 'no-such-view' as link %}[{{ link }}]",
    ],
)
def test_it_answers_as_django_s_tag(source):
    context = {"name": "my-space", "view": "spaces:overview"}
    django_engine = Engine(builtins=[])  # Django's default builtins only
    expected = django_engine.from_string(source).render(Context(context))
    assert _render(source, **context) == expected
    assert _render(source, **context) == expected  # and again, from what it remembers


def test_an_unknown_view_is_an_error_as_with_django_s_tag():
    with pytest.raises(NoReverseMatch):
        _render("{% url 'no-such-view' %}")


def test_a_model_instance_argument_is_reversed_every_time(db):
    from tests.factories import SpaceFactory

    space = SpaceFactory(name="first")
    source = "{% url 'spaces:overview' space %}"
    first = _render(source, space=space)
    space.name = "second"
    assert first == reverse("spaces:overview", args=["first"])
    assert _render(source, space=space) == reverse("spaces:overview", args=["second"])
