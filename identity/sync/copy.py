"""Writing many new rows at the speed of the database: on PostgreSQL through ``COPY … FROM STDIN``
(psycopg2's ``copy_expert``), elsewhere through Django's ``bulk_create`` (issue 17 §1).

``copy_rows`` takes the new rows as tuples of field values in the order of the field names it is
given (by field name or attname: ``user`` or ``user_id``), and ``same``, values every row shares;
``copy_insert`` takes dicts and hands their values to it. What the rows leave out gets the field's
default (``default=``, ``auto_now_add``: now, NULL for a nullable field), as Django would give it;
a field with a ``db_default`` is left to the database.

No model instance is made and Django's per-field conversion is not run: that path was most of the
sync's write time (a profile of a first sync of 10,000 users: 7 of 12 s in ``get_db_prep_save``
and ``Model.__init__``, 0.8 s in COPY). The CSV is written by the C ``csv`` module, a batch of
rows at a time, streamed to ``copy_expert`` (:class:`_CsvStream`): a Python function per value
was the next half of it (3.7 of 7.4 s of a 100k first sync's COPY, session 5). Values are
converted in Python only in a column that needs it, told by the types its values have: ``None``,
an enum member, a model instance given for a foreign key (its primary key); a value the CSV
writer has no spelling for (a dict for a JSON field) is refused before the COPY starts.

NULL: every string is quoted (``QUOTE_NONNUMERIC``), so ``""`` stays an empty string, and ``None``
is written as an unquoted empty field, which PostgreSQL's CSV format reads as NULL (Python 3.12's
``csv.QUOTE_NOTNULL``; on 3.11 a ``None`` is replaced, in the columns that have one, by
``_NULL``, a number whose text is empty).

It runs in the caller's transaction (the sync's, under its lease): a failing row — a unique
constraint, a foreign key — raises Django's ``IntegrityError`` and the whole transaction rolls
back, exactly as with ``bulk_create``. COPY returns no primary keys: ``copy_rows_returning_pks``
takes them from the table's sequence first.
"""

import csv
import datetime
import decimal
import enum
import io
import os
import queue
import threading
import uuid
from collections.abc import Iterable, Sequence
from contextlib import closing
from operator import add, itemgetter

from django.db import connection, models
from django.db.models import NOT_PROVIDED
from django.utils import timezone

STREAM_BATCH = 5_000  # rows made into CSV text at a time, while PostgreSQL takes in the ones before
STREAM_AHEAD = 2  # batches written ahead of the COPY at most: two batches of text held, not the whole CSV


class _Null(int):
    """``None`` for the CSV writer: a number (so ``QUOTE_NONNUMERIC`` leaves it unquoted) whose
    text is empty: an unquoted empty field, NULL in PostgreSQL's CSV format."""

    def __str__(self):
        return ""

    __repr__ = __str__


_NULL = _Null()

# What the CSV writer spells as PostgreSQL reads it: str (quoted; a str enum by its value), int (bool
# as True/False), float (repr), Decimal, UUID, datetime/date/time (ISO 8601 with the offset).
SPELLED = (str, int, float, decimal.Decimal, uuid.UUID, datetime.date, datetime.time)


def _spelled(value):
    """One value as the CSV writer must be given it: ``None`` as NULL, an enum member as its value,
    a model instance (for a foreign key) as its primary key; anything else it cannot spell is refused."""
    if isinstance(value, SPELLED):
        return value
    if value is None:
        return _NULL
    if isinstance(value, enum.Enum):
        return _spelled(value.value)
    if isinstance(value, models.Model):
        return _spelled(value.pk)
    raise TypeError(f"copy_insert cannot write a {type(value).__name__}")


def _text_once(value):
    """A constant as the text the CSV writer would make of it, made once rather than per row."""
    if isinstance(value, datetime.date | datetime.time | uuid.UUID):
        return str(value)
    return _spelled(value)


# os.urandom's bytes with the version and variant bits of RFC 4122, as uuid.uuid4 sets them.
_UUID4_VERSION = bytes((b & 0x0F) | 0x40 for b in range(256))
_UUID4_VARIANT = bytes((b & 0x3F) | 0x80 for b in range(256))


def _uuid4_texts(count: int) -> list[str]:
    """``count`` random UUIDs (version 4) as 32 hex digits, made 16 random bytes at a time in C."""
    data = bytearray(os.urandom(16 * count))
    data[6::16] = data[6::16].translate(_UUID4_VERSION)
    data[8::16] = data[8::16].translate(_UUID4_VARIANT)
    text = data.hex()
    return [text[i : i + 32] for i in range(0, 32 * count, 32)]


def _fields(model):
    """Every column but an auto-incremented primary key (the database numbers the rows)."""
    auto = ("AutoField", "BigAutoField", "SmallAutoField")
    return [f for f in model._meta.concrete_fields if not (f.primary_key and f.get_internal_type() in auto)]


def _default(field, now):
    """A left-out column: ``("constant", value)``, ``("call", function of nothing)``, or None
    when the database gives it (``db_default``)."""
    if getattr(field, "auto_now_add", False) or getattr(field, "auto_now", False):
        return "constant", now
    if field.has_default():
        default = field.default
        if default is timezone.now:
            # One time for every row of the write, as auto_now_add gives it (and PostgreSQL's now()).
            return "constant", now
        return ("call", default) if callable(default) else ("constant", default)
    if getattr(field, "db_default", NOT_PROVIDED) is not NOT_PROVIDED:
        return None
    # NULL for a nullable field, "" for a string; NOT NULL without a default: the database refuses it.
    return "constant", "" if field.empty_strings_allowed and not field.null else None


def _plan(model, names: Sequence[str], same: dict, now):
    """The COPY's columns, and how each row's values are made: the given columns in the order of
    ``names``, then the computed defaults (called per row), then the constants (``same`` and the
    constant defaults)."""
    pk = model._meta.pk
    by_key = {pk.attname: pk, pk.name: pk}  # given only by copy_rows_returning_pks
    for field in _fields(model):
        by_key[field.attname] = by_key[field.name] = field
    given = [by_key[name] for name in names]
    constant = {by_key[name]: value for name, value in same.items()}
    taken = {*given, *constant}
    computed = []
    for field in _fields(model):
        if field in taken:
            continue
        default = _default(field, now)
        if default is None:
            continue
        kind, value = default
        if kind == "call":
            computed.append((field, value))
        else:
            constant[field] = value
    constants = tuple(map(_text_once, constant.values()))
    columns = given + [f for f, _ in computed] + list(constant)
    return columns, computed, constants


def _computed(call, count: int) -> list:
    """A computed default's values for ``count`` rows: uuid4's made in bulk, any other called per row."""
    if call is uuid.uuid4:
        return _uuid4_texts(count)
    return [_spelled(call()) for _ in range(count)]


def _converted(rows: list, width: int) -> list:
    """``rows`` with the values of each column that needs it made spellable (:func:`_spelled`); the
    rows as they came when none does. A column needs it when a value of it is of a type the writer
    cannot take as it is — told by the set of the column's types, made in C (no column is copied
    out of the rows unless one needs it)."""
    needing = [
        i
        for i in range(width)
        if not all(issubclass(kind, SPELLED) for kind in set(map(type, map(itemgetter(i), rows))))
    ]
    if not needing:
        return rows
    columns = [list(map(itemgetter(i), rows)) for i in range(width)]
    for i in needing:
        columns[i] = list(map(_spelled, columns[i]))
    return list(zip(*columns, strict=True))


def _line_end(constants: tuple, *, after_values: bool) -> str:
    """What ends each line of the CSV: the shared values as the writer spells them (after a comma
    when the row has values of its own), then the newline."""
    if not constants:
        return "\n"
    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n").writerow(constants)
    return ("," if after_values else "") + buffer.getvalue()


class _CsvStream:
    """The file ``copy_expert`` reads the COPY's data from. A thread of its own writes the rows as
    CSV, a batch at a time, at most ``STREAM_AHEAD`` batches ahead of the COPY: psycopg2 lets go of
    the GIL while it hands a batch to PostgreSQL, so the next batch is written meanwhile, on the
    other core, instead of the two waiting on each other turn by turn. ``close`` stops the thread
    (a COPY that failed reads no further) and waits for it.

    The values every row shares (the last columns) are written once, as text, and end each line:
    the writer's line terminator is that text, so no row is extended and no constant quoted per row."""

    def __init__(self, rows: list, line_end: str):
        self._batches: queue.Queue = queue.Queue(maxsize=STREAM_AHEAD)
        self._stopped = threading.Event()
        self._done = False
        self._thread = threading.Thread(target=self._write, args=(rows, line_end), daemon=True)
        self._thread.start()

    def _write(self, rows: list, line_end: str) -> None:
        buffer = io.StringIO()
        writer = csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC, lineterminator=line_end)
        try:
            for start in range(0, len(rows), STREAM_BATCH):
                batch = rows[start : start + STREAM_BATCH]
                buffer.seek(0)
                buffer.truncate()
                writer.writerows(batch)
                if not self._put(buffer.getvalue()):
                    return
            self._put("")
        except BaseException as exc:  # handed to the reader, which raises it in the COPY
            self._put(exc)

    def _put(self, item) -> bool:
        """Queue ``item`` for the reader; False once the stream is closed."""
        while not self._stopped.is_set():
            try:
                self._batches.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def read(self, size: int = -1) -> str:
        if self._done:
            return ""
        item = self._batches.get()
        if isinstance(item, BaseException):
            self._done = True
            raise item
        self._done = item == ""
        return item

    def close(self) -> None:
        self._stopped.set()
        self._thread.join()


def copy_rows(model, names: Sequence[str], rows: Iterable[tuple], *, same: dict | None = None, batch_size=2000) -> int:
    """Insert ``rows`` (tuples of the values of the fields ``names``, in that order; ``same``: field
    values every row shares) into ``model``'s table; returns how many were written."""
    rows = rows if isinstance(rows, list) else list(rows)
    same = same or {}
    if not rows:
        return 0
    if connection.vendor != "postgresql":
        objs = [model(**dict(zip(names, row, strict=True)), **same) for row in rows]
        model.objects.bulk_create(objs, batch_size=batch_size)
        return len(rows)
    now = timezone.now()
    columns, computed, constants = _plan(model, names, same, now)
    quote = connection.ops.quote_name
    sql = (
        f"COPY {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in columns)}) "
        "FROM STDIN WITH (FORMAT csv)"
    )
    # Every value is converted and checked before the COPY starts: a value that cannot be written
    # stops it before anything is sent.
    rows = _converted(rows, len(names))
    if computed:  # a default computed per row, as Django computes it per object
        values = [_computed(call, len(rows)) for _, call in computed]
        rows = list(map(add, rows, zip(*values, strict=True)))
    line_end = _line_end(constants, after_values=bool(len(names) + len(computed)))
    with connection.cursor() as cursor, connection.wrap_database_errors, closing(_CsvStream(rows, line_end)) as data:
        cursor.cursor.copy_expert(sql, data)
    return len(rows)


def copy_rows_returning_pks(model, names: Sequence[str], rows: Iterable[tuple], *, same=None, batch_size=2000) -> list:
    """:func:`copy_rows`, returning the new rows' primary keys in the order of ``rows``. COPY returns
    nothing, so on PostgreSQL the keys are taken first from the table's sequence (one ``nextval``
    query for all of them) and copied with the rows; reading them back was a query of every new
    row. Elsewhere ``bulk_create`` gives them back. For a table numbered by its sequence."""
    rows = rows if isinstance(rows, list) else list(rows)
    if not rows:
        return []
    pk = model._meta.pk
    if connection.vendor != "postgresql":
        objs = [model(**dict(zip(names, row, strict=True)), **(same or {})) for row in rows]
        model.objects.bulk_create(objs, batch_size=batch_size)
        return [obj.pk for obj in objs]
    with connection.cursor() as cursor:
        # The sequence is named first and given to nextval as a constant: pg_get_serial_sequence in
        # the same query runs again for every row, a catalog search each (77k keys: 0.7 s, not 0.1 s).
        table = connection.ops.quote_name(model._meta.db_table)
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, pk.column])
        (sequence,) = cursor.fetchone()
        cursor.execute("SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [sequence, len(rows)])
        pks = [pk for (pk,) in cursor.fetchall()]
    copy_rows(model, [pk.attname, *names], list(map(add, zip(pks), rows)), same=same, batch_size=batch_size)
    return pks


def copy_insert(model, rows, *, batch_size: int = 2000) -> int:
    """Insert ``rows`` (dicts of field values, every row the same fields) into ``model``'s table;
    returns how many were written."""
    rows = list(rows)
    if not rows:
        return 0
    names = list(rows[0])
    if len(names) == 1:
        key = names[0]
        tuples = [(row[key],) for row in rows]
    else:
        tuples = list(map(itemgetter(*names), rows))
    return copy_rows(model, names, tuples, batch_size=batch_size)


def bulk_set(model, changes: dict, fields: list[str], *, batch_size: int = 2000) -> int:
    """Set ``fields`` of the rows ``changes`` names (primary key -> tuple of the fields' new values,
    in the order of ``fields``); returns how many rows it set. On PostgreSQL one
    ``UPDATE … FROM (VALUES …)`` per batch (Django's ``bulk_update`` builds a ``CASE`` per field
    that the database walks for every row); elsewhere ``bulk_update``."""
    if not changes:
        return 0
    if connection.vendor != "postgresql":
        objs = [model(pk=pk, **dict(zip(fields, values, strict=True))) for pk, values in changes.items()]
        model.objects.bulk_update(objs, fields, batch_size=batch_size)
        return len(objs)
    meta = model._meta
    quote = connection.ops.quote_name
    pk_field = meta.pk
    columns = [meta.get_field(name) for name in fields]
    casts = [f"%s::{pk_field.db_type(connection)}"] + [f"%s::{f.db_type(connection)}" for f in columns]
    row_sql = "(" + ", ".join(casts) + ")"
    names = ", ".join(["pk"] + [f"c{i}" for i in range(len(columns))])
    assignments = ", ".join(f"{quote(f.column)} = v.c{i}" for i, f in enumerate(columns))
    table = quote(meta.db_table)
    items = list(changes.items())
    with connection.cursor() as cursor:
        for start in range(0, len(items), batch_size):
            chunk = items[start : start + batch_size]
            params = []
            for pk, values in chunk:
                params.append(pk)
                params.extend(f.get_db_prep_save(v, connection) for f, v in zip(columns, values, strict=True))
            cursor.execute(
                f"UPDATE {table} SET {assignments} FROM (VALUES {', '.join([row_sql] * len(chunk))}) AS v({names}) "
                f"WHERE {table}.{quote(pk_field.column)} = v.pk",
                params,
            )
    return len(items)
