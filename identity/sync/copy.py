"""Writing many new rows at the speed of the database: on PostgreSQL through ``COPY … FROM STDIN``
(psycopg2's ``copy_expert``), elsewhere through Django's ``bulk_create`` (issue 17 §1).

``copy_insert`` takes the new rows as dicts of field values (by field name or attname: ``user`` or
``user_id``; every row the same fields); what the rows leave out gets the field's default
(``default=``, ``auto_now_add``: now, NULL for a nullable field), as Django would give it.

No model instance is made and Django's per-field conversion is not run: that path was most of the
sync's write time (a profile of a first sync of 10,000 users: 7 of 12 s in ``get_db_prep_save``
and ``Model.__init__``, 0.8 s in COPY). Each column's converter is chosen once, and a constant
default is converted once.

It runs in the caller's transaction (the sync's, under its lease): a failing row — a unique
constraint, a foreign key — raises Django's ``IntegrityError`` and the whole transaction rolls
back, exactly as with ``bulk_create``. It returns no primary keys.
"""

import datetime
import decimal
import enum
import io
import uuid

from django.db import connection
from django.utils import timezone

CHUNK = 50_000  # rows per COPY: bounds the memory of the CSV buffer


def _csv_value(value) -> str:
    if value is None:
        return ""  # unquoted empty: NULL in PostgreSQL's CSV format
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, str):
        return '"' + value.replace('"', '""') + '"'
    if isinstance(value, int | float | decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    raise TypeError(f"copy_insert cannot write a {type(value).__name__}")


def _fields(model):
    """Every column but an auto-incremented primary key (the database numbers the rows)."""
    auto = ("AutoField", "BigAutoField", "SmallAutoField")
    return [f for f in model._meta.concrete_fields if not (f.primary_key and f.get_internal_type() in auto)]


def _text(value) -> str:
    if value.__class__ is str:  # the common case first: one check per value
        return '"' + value.replace('"', '""') + '"'
    if value is None:
        return ""
    if isinstance(value, enum.Enum):
        value = value.value
    return '"' + str(value).replace('"', '""') + '"'


INTEGERS = {
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveBigIntegerField",
    "PositiveSmallIntegerField",
}
STRINGS = {"CharField", "EmailField", "TextField", "SlugField", "URLField", "UUIDField"}


def _integer(value) -> str:
    if value.__class__ is int:
        return str(value)
    return "" if value is None else str(getattr(value, "pk", value))


def _converter(field):
    """One field's value → its CSV text, chosen once per column (not per value)."""
    kind = field.get_internal_type()
    if kind == "BooleanField":
        return lambda v: "" if v is None else ("t" if v else "f")
    if field.is_relation or kind in INTEGERS:
        return _integer
    if kind in STRINGS:
        return _text
    return _csv_value


def _column(field, keys: set, now):
    """How one column's CSV text is made: ``("row", key, converter)`` for a column the rows give,
    ``("call", None, function of nothing)`` for a default computed per row, or ``("constant", text,
    None)`` for a constant default, converted once."""
    convert = _converter(field)
    for key in (field.attname, field.name):
        if key in keys:
            return "row", key, convert
    if getattr(field, "auto_now_add", False) or getattr(field, "auto_now", False):
        return "constant", convert(now), None
    if field.has_default():
        default = field.default
        if callable(default):
            return "call", None, lambda: convert(default())
        return "constant", convert(default), None
    # NULL for a nullable field, "" for a string; NOT NULL without a default: the database refuses it.
    return "constant", convert("" if field.empty_strings_allowed and not field.null else None), None


def _line_maker(plan):
    """A function of a row giving its CSV line: the constants are written into a template once."""
    template, variable = [], []
    for kind, key, convert in plan:
        if kind == "constant":
            template.append(key.replace("%", "%%"))
        else:
            template.append("%s")
            variable.append((key, convert))
    template = ",".join(template) + "\n"

    def line(row: dict) -> str:
        return template % tuple([convert(row[key]) if key is not None else convert() for key, convert in variable])

    return line


def copy_insert(model, rows, *, batch_size: int = 2000) -> int:
    """Insert ``rows`` (dicts of field values) into ``model``'s table; returns how many were written."""
    rows = list(rows)
    if not rows:
        return 0
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**row) for row in rows], batch_size=batch_size)
        return len(rows)
    fields = _fields(model)
    keys = set(rows[0])  # every row gives the same fields
    line = _line_maker([_column(field, keys, timezone.now()) for field in fields])
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN WITH (FORMAT csv)"
    with connection.cursor() as cursor, connection.wrap_database_errors:
        for start in range(0, len(rows), CHUNK):
            buffer = io.StringIO()
            buffer.writelines(map(line, rows[start : start + CHUNK]))
            buffer.seek(0)
            cursor.cursor.copy_expert(sql, buffer)
    return len(rows)


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


def pks_of(model, field: str, values) -> dict:
    """The primary keys of the rows whose ``field`` is one of ``values``: value -> pk. On PostgreSQL
    one ``= ANY(%s)`` query (an array parameter; no statement with a placeholder per value)."""
    values = list(values)
    if not values:
        return {}
    if connection.vendor != "postgresql":
        found = {}
        for start in range(0, len(values), 10_000):
            chunk = values[start : start + 10_000]
            found.update(model.objects.filter(**{f"{field}__in": chunk}).values_list(field, "pk"))
        return found
    meta = model._meta
    quote = connection.ops.quote_name
    column = quote(meta.get_field(field).column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {column}, {quote(meta.pk.column)} FROM {quote(meta.db_table)} WHERE {column} = ANY(%s)", [values]
        )
        return dict(cursor.fetchall())
