"""Plain-SQL reads of a row and the rows it refers to, for the few reads every console page
makes (the console session, the organization's IAM Identity Center): building such a query with
the ORM costs about twenty times running it (issue 17, profiled). Each caller names the queryset it
stands for; tests compare the two.

``columns`` writes a model's columns for a SELECT, ``from_row`` makes the instance back from them,
with the database's converters applied as the ORM applies them (SQLite's datetimes, for one).
"""

from functools import cache

from django.db import connections


def columns(model, alias: str) -> str:
    """``alias.column, …`` for every concrete field of ``model``, in the order ``from_row`` reads."""
    return ", ".join(f"{alias}.{field.column}" for field in model._meta.concrete_fields)


@cache
def _fields(model):
    fields = model._meta.concrete_fields
    return (
        [field.attname for field in fields],
        fields.index(model._meta.pk),
        [field.get_col(model._meta.db_table) for field in fields],
    )


def _converters(model, connection):
    # Per call, not cached: a connection belongs to its thread.
    converters = []
    for index, column in enumerate(_fields(model)[2]):
        functions = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if functions:
            converters.append((index, functions, column))
    return converters


def from_row(model, row, start: int, using: str = "default"):
    """The ``model`` instance whose columns (as ``columns`` lists them) start at ``row[start]``, or
    None when its primary key is NULL (an outer join that found nothing); and where the next
    model's columns start."""
    names, pk_index, _ = _fields(model)
    end = start + len(names)
    values = list(row[start:end])
    if values[pk_index] is None:
        return None, end
    connection = connections[using]
    for index, functions, column in _converters(model, connection):
        for function in functions:
            values[index] = function(values[index], column, connection)
    return model.from_db(using, names, values), end


def fetch(sql: str, params, using: str = "default") -> list[tuple]:
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
