"""Pagination shared by the consoles' lists."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    """A :class:`~django.core.paginator.Paginator` that counts at most ``cap`` rows, so a list that
    grows without bound (the activity log) costs the same to page whatever its size: the count is
    ``SELECT COUNT(*)`` over the first ``cap + 1`` rows, not the whole table, and the pages stop
    at ``cap``. ``capped`` says whether there were more (the page says so, and how to reach them).
    ``count_field`` is the field those rows are read by (the primary key unless told): one that the
    indexes of the list's filters cover lets the database count from an index alone, without
    reading ``cap`` rows of the table (the activity log: 1.6 → 0.3 ms at 50,000 entries on SQLite)."""

    def __init__(self, object_list, per_page, *, cap: int, count_field: str = "pk", **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap
        self.count_field = count_field

    @cached_property
    def _counted(self) -> int:
        upto = getattr(self.object_list, "count_upto", None)
        if upto is not None:  # a list read in plain SQL (catalyst_admin.rows.Listing) counts itself
            return upto(self.cap + 1)
        # Unordered: which rows are counted does not matter, and an ORDER BY would sort the whole log.
        return self.object_list.order_by().values(self.count_field)[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @property
    def capped(self) -> bool:
        return self._counted > self.cap
