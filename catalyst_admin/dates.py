"""Dates as Django's ``date`` filter writes them, for a fraction of its cost: the filter splits its
format string with a regular expression on every call and translates each month and weekday name
anew (a lazy string per call), about 50 µs a date — a list page of 25 or 50 rows spent 1–2.5 ms on
its dates (issue 17, profiled). Here a format is parsed once and the names are looked up once per
language. ``date_filter`` is installed as the template builtin ``date``
(``catalyst_admin.templatetags.console_dates``), so every ``{{ value|date:"…" }}`` is this one; the
tables written in Python call ``format_date``. tests/catalyst_admin/test_dates.py compares both with
Django's, format character by format character and in other languages."""

import datetime
from functools import lru_cache

from django.utils import dateformat
from django.utils.dates import MONTHS, MONTHS_3, MONTHS_ALT, MONTHS_AP, WEEKDAYS, WEEKDAYS_ABBR
from django.utils.formats import FORMAT_SETTINGS, get_format
from django.utils.translation import get_language

_TIME_CHARACTERS = frozenset(c for c in "aAbcdDeEfFgGhHiIjlLmMnNoOPrsStTUuwWyYzZ" if hasattr(dateformat.TimeFormat, c))


@lru_cache(maxsize=512)
def _pieces(format_string: str) -> tuple[tuple[bool, str], ...]:
    """The format as Django's ``Formatter.format`` reads it: (True, character) for a format
    character, (False, text) for literal text, escapes removed."""
    pieces = []
    for i, piece in enumerate(dateformat.re_formatchars.split(format_string)):
        if i % 2:
            pieces.append((True, piece))
        elif piece:
            pieces.append((False, dateformat.re_escaped.sub(r"\1", piece)))
    return tuple(pieces)


@lru_cache(maxsize=64)
def _names(language) -> dict[str, dict[int, str]]:
    """The month and weekday names of ``language``, translated once (``language`` is the active
    one: the lazy names translate into it)."""
    return {
        "b": {k: str(v) for k, v in MONTHS_3.items()},
        "M": {k: str(v).title() for k, v in MONTHS_3.items()},
        "E": {k: str(v) for k, v in MONTHS_ALT.items()},
        "F": {k: str(v) for k, v in MONTHS.items()},
        "N": {k: str(v) for k, v in MONTHS_AP.items()},
        "D": {k: str(v) for k, v in WEEKDAYS_ABBR.items()},
        "l": {k: str(v) for k, v in WEEKDAYS.items()},
    }


# The characters that are a plain number of the value, as Django's DateFormat writes them; the
# others are its methods' (time zones, week numbers and the like).
_NUMBERS = {
    "d": lambda v: f"{v.day:02d}",
    "j": lambda v: str(v.day),
    "m": lambda v: f"{v.month:02d}",
    "n": lambda v: str(v.month),
    "Y": lambda v: f"{v.year:04d}",
    "y": lambda v: f"{v.year % 100:02d}",
    "H": lambda v: f"{v.hour:02d}",
    "G": lambda v: str(v.hour),
    "i": lambda v: f"{v.minute:02d}",
    "s": lambda v: f"{v.second:02d}",
}


def format_date(value, format_string: str) -> str:
    """``django.utils.dateformat.format(value, format_string)``, the same text."""
    pieces = _pieces(str(format_string))
    if type(value) is datetime.date:
        for is_character, piece in pieces:
            if is_character and piece in _TIME_CHARACTERS:
                raise TypeError(
                    f"The format for date objects may not contain time-related format specifiers (found '{piece}')."
                )
    formatter = names = None
    parts = []
    for is_character, piece in pieces:
        if not is_character:
            parts.append(piece)
        elif number := _NUMBERS.get(piece):
            parts.append(number(value))
        elif piece in "bMEFN":
            names = names or _names(get_language())
            parts.append(names[piece][value.month])
        elif piece in "Dl":
            names = names or _names(get_language())
            parts.append(names[piece][value.weekday()])
        else:
            formatter = formatter or dateformat.DateFormat(value)
            parts.append(str(getattr(formatter, piece)()))
    return "".join(parts)


def date_filter(value, arg=None):
    """Django's ``date`` filter (``django.template.defaultfilters.date``) on ``format_date``."""
    if value in (None, ""):
        return ""
    try:
        # A format setting's name is looked up for the language; any other text is the format.
        format_string = get_format(arg or "DATE_FORMAT") if not arg or arg in FORMAT_SETTINGS else arg
        return format_date(value, format_string)
    except AttributeError:
        try:
            return dateformat.format(value, arg)
        except AttributeError:
            return ""
