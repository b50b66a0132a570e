"""``{% url %}`` with its answers remembered: a page of either console reverses 20–40 URLs for its
navigation alone (the same ones on every page), and Django's ``reverse`` costs more than the rest of
the tag. Installed as a template builtin (``TEMPLATES[0]["OPTIONS"]["builtins"]``), so every
template's ``{% url %}`` is this one; it behaves as Django's, ``as var`` and errors included."""

import functools

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import Library
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape

register = Library()

# Only arguments whose text cannot change behind the cache's back (a model instance's str() can).
_PLAIN = (str, int)


@functools.lru_cache(maxsize=8192)
def _reverse(urlconf, prefix, view_name, args, kwargs, current_app):
    return reverse(view_name, urlconf=urlconf, args=args, kwargs=dict(kwargs), current_app=current_app)


def reverse_remembered(view_name: str, args: tuple = ()) -> str:
    """``reverse(view_name, args=args)`` for plain arguments (text and numbers), remembered as the
    tag remembers it: for links a view computes once per page, as the space navigation does."""
    return _reverse(get_urlconf(), get_script_prefix(), view_name, tuple(args), (), None)


@receiver(setting_changed)
def _forget(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _reverse.cache_clear()


class CachedURLNode(URLNode):
    def render(self, context):
        args = tuple(arg.resolve(context) for arg in self.args)
        kwargs = tuple((k, v.resolve(context)) for k, v in self.kwargs.items())
        view_name = self.view_name.resolve(context)
        if not isinstance(view_name, str) or not all(isinstance(a, _PLAIN) for a in args + tuple(v for _, v in kwargs)):
            return super().render(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        try:
            url = _reverse(get_urlconf(), get_script_prefix(), view_name, args, kwargs, current_app)
        except Exception:
            # NoReverseMatch and the like: Django's tag raises or, with "as var", answers "".
            return super().render(context)
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    node = django_url(parser, token)
    return CachedURLNode(node.view_name, node.args, node.kwargs, node.asvar)
