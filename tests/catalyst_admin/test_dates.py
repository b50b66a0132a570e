"""``|date`` is the console's (catalyst_admin/dates.py) in every template, and writes what Django's
``date`` filter writes: every format character, the console's own formats, dates and datetimes, in
UTC and in a time zone with summer time (an ambiguous hour included), in other languages, and the
odd values (None, text) as Django treats them."""

import datetime
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Engine, engines
from django.template.defaultfilters import date as django_date
from django.utils import timezone, translation

from catalyst_admin.dates import date_filter, format_date

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
CHARACTERS = "aAbcdDeEfFgGhHiIjlLmMnNoOPrsStTUuwWyYzZ"
BERLIN = ZoneInfo("Europe/Berlin")

MOMENTS = [
    datetime.datetime(2026, 12, 3, 6, 5, 9, 123456, tzinfo=datetime.UTC),
    datetime.datetime(2026, 1, 1, 0, 0, tzinfo=datetime.UTC),  # midnight
    datetime.datetime(2026, 7, 14, 12, 0, tzinfo=datetime.UTC),  # noon
    datetime.datetime(2024, 2, 29, 23, 59, 59, tzinfo=BERLIN),  # leap day, winter time
    datetime.datetime(2026, 10, 25, 2, 30, tzinfo=BERLIN),  # the ambiguous hour
    datetime.datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=BERLIN),
    datetime.datetime(2026, 3, 29, 2, 30, tzinfo=BERLIN),  # the hour that does not exist
    datetime.datetime(2026, 9, 2, 21, 7),  # naive
]


def console_formats() -> list[str]:
    """Every format string the console's templates pass to ``|date``."""
    found = set()
    for path in TEMPLATES.rglob("*.html"):
        found.update(re.findall(r'\|date:"([^"]*)"', path.read_text()))
    return sorted(found)


def test_the_console_uses_formats_at_all():
    assert "M j, Y, H:i T" in console_formats()


@pytest.mark.parametrize("language", ["en-us", "de", "fr", "ja"])
@pytest.mark.parametrize("moment", MOMENTS, ids=str)
def test_every_format_character_and_every_console_format_as_django_writes_it(moment, language):
    formats = [*CHARACTERS, *console_formats(), r"\Y\e\s: Y", "jS \\o\\f F", "l, N d"]
    with translation.override(language):
        for format_string in formats:
            assert date_filter(moment, format_string) == django_date(moment, format_string), format_string


@pytest.mark.parametrize("moment", [datetime.date(2026, 12, 3), datetime.date(2024, 2, 29)], ids=str)
def test_dates(moment):
    for format_string in ["F j, Y", "M j, Y", "D, d M Y", "l jS F", "N E b z L W t o"]:
        assert date_filter(moment, format_string) == django_date(moment, format_string)
    for formatter in (format_date, date_filter, django_date):  # a time of a date: an error, as Django's
        with pytest.raises(TypeError, match="time-related format specifiers"):
            formatter(moment, "F j, Y, H:i")


def test_default_and_named_formats_and_odd_values():
    moment = MOMENTS[0]
    assert date_filter(moment) == django_date(moment)  # DATE_FORMAT
    assert date_filter(moment, "SHORT_DATETIME_FORMAT") == django_date(moment, "SHORT_DATETIME_FORMAT")
    for value in [None, "", "not a date", 42]:
        assert date_filter(value, "M j, Y") == django_date(value, "M j, Y")


def test_every_template_s_date_filter_is_this_one_and_writes_the_local_time():
    source = '{{ moment|date:"M j, Y, H:i T" }}|{{ moment|date }}'
    moment = MOMENTS[0]
    django_engine = Engine(builtins=[])  # Django's default builtins only
    for zone in ["UTC", "Europe/Berlin", "Asia/Tokyo"]:
        with timezone.override(zone):
            expected = django_engine.from_string(source).render(Context({"moment": moment}))
            assert engines["django"].from_string(source).render({"moment": moment}) == expected
    template = engines["django"].from_string("{{ moment|date }}")
    assert template.template.nodelist[0].filter_expression.filters[0][0] is date_filter
