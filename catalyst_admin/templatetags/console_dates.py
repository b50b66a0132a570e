"""``date`` with its formats parsed once and its names translated once per language
(``catalyst_admin.dates``). Installed as a template builtin (``TEMPLATES[0]["OPTIONS"]["builtins"]``),
so every template's ``|date`` is this one; it writes what Django's writes."""

from django.template import Library

from catalyst_admin.dates import date_filter

register = Library()
register.filter("date", date_filter, expects_localtime=True, is_safe=False)
