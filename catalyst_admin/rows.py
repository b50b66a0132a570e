"""Plain-SQL reads of a row and the rows it refers to, for the few reads every console page
makes (the console session, the organization's IAM Identity Center): building such a query with
the ORM costs about twenty times running it (issue 17, profiled). Each caller names the queryset it
stands for; tests compare the two.

``columns`` writes a model's columns for a SELECT, ``from_row`` makes the instance back from them,
with the database's converters applied as the ORM applies them (SQLite's datetimes, for one).
"""

from functools import cache, lru_cache

from django.db import connections
from django.db.models import Model
from django.db.models.base import ModelState
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import post_init, pre_init


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


@lru_cache(maxsize=1024)
def _converters(model, connection) -> tuple:
    # Per model and connection (a connection belongs to its thread; each thread keeps its own
    # for its life): asking every field for its converters per row was 60 % of from_row (profiled).
    converters = []
    for index, column in enumerate(_fields(model)[2]):
        functions = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if functions:
            converters.append((index, tuple(functions), column))
    return tuple(converters)


@cache
def _made_as_django_makes_it(model) -> bool:
    """Whether an instance of ``model`` with every field loaded is exactly its attributes and a
    ``_state``: the model keeps Django's ``__init__`` and ``from_db``, and each field's attribute is
    Django's own (a foreign key's ``…_id`` sets only itself on a new instance). Signals are asked
    on every call (``pre_init``/``post_init`` receivers see each instance made)."""
    if model.__init__ is not Model.__init__ or model.from_db.__func__ is not Model.from_db.__func__:
        return False
    attributes = (model.__dict__.get(name) for name in _fields(model)[0])
    return all(type(a) in (DeferredAttribute, ForeignKeyDeferredAttribute) for a in attributes)


def _instance(model, names, values, using: str):
    # What Model.from_db makes of a full row, without Model.__init__'s per-field work: about 10 µs
    # an instance of the console's models, most of a page of 25 rows' plain-SQL read.
    if not _made_as_django_makes_it(model) or pre_init.has_listeners(model) or post_init.has_listeners(model):
        return model.from_db(using, names, values)
    instance = model.__new__(model)
    instance.__dict__.update(zip(names, values, strict=True))
    state = instance._state = ModelState()
    state.adding, state.db = False, using
    return instance


def from_row(model, row, start: int, using: str = "default"):
    """The ``model`` instance whose columns (as ``columns`` lists them) start at ``row[start]``, or
    None when its primary key is NULL (an outer join that found nothing); and where the next
    model's columns start. The instance is what ``Model.from_db`` makes of the same values
    (tests/catalyst_admin/test_rows.py compares them for every model)."""
    names, pk_index, _ = _fields(model)
    end = start + len(names)
    values = list(row[start:end])
    if values[pk_index] is None:
        return None, end
    connection = connections[using]
    for index, functions, column in _converters(model, connection):
        for function in functions:
            values[index] = function(values[index], column, connection)
    return _instance(model, names, values, using), end


def fetch(sql: str, params, using: str = "default") -> list[tuple]:
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


class Listing:
    """A list that Django's ``Paginator`` pages (``count()`` and slices), read in plain SQL: ``count``
    is a ``SELECT COUNT(*)``, ``page`` a SELECT ending in ``LIMIT %s OFFSET %s``, both taking
    ``params`` (the page's limit and offset after them; ``count_params`` for ``count`` where they
    differ; ``upto`` a COUNT of at most so many, for ``CappedPaginator``); ``make`` turns a row of
    ``page`` into the item listed. For the lists a page reads on
    every request: building a paged queryset with the ORM costs more than the two queries themselves."""

    ordered = True  # the SELECT has its ORDER BY: Paginator's unordered-list warning does not apply

    def __init__(self, *, count: str, page: str, params, make, count_params=None, upto=None, using="default"):
        self.count_sql, self.page_sql, self.params, self.make, self.using = count, page, list(params), make, using
        self.count_params = self.params if count_params is None else list(count_params)
        self.upto_sql = upto

    def count(self) -> int:
        return fetch(self.count_sql, self.count_params, self.using)[0][0]

    def count_upto(self, limit: int) -> int:
        """How many rows, counting at most ``limit`` (``upto``: a COUNT over a subquery ending in
        ``LIMIT %s``, taking ``count_params`` and the limit); the whole count without one."""
        if self.upto_sql is None:
            return min(self.count(), limit)
        return fetch(self.upto_sql, [*self.count_params, limit], self.using)[0][0]

    def __getitem__(self, key: slice) -> list:
        if not isinstance(key, slice) or key.step is not None or key.start is None or key.stop is None:
            raise TypeError("A Listing is read a page at a time: listing[start:stop].")
        if key.stop <= key.start:
            return []
        found = fetch(self.page_sql, [*self.params, key.stop - key.start, key.start], self.using)
        return [self.make(row) for row in found]
