"""Pagination shared by the consoles' lists."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    """A :class:`~django.core.paginator.Paginator` that counts at most ``cap`` rows, so a list that
    grows without bound (the activity log) costs the same to page whatever its size: the count is
    ``SELECT COUNT(*)`` over the first ``cap + 1`` rows, not the whole table, and the pages stop
    at ``cap``. ``capped`` says whether there were more (the page says so, and how to reach them)."""

    def __init__(self, object_list, per_page, *, cap: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def _counted(self) -> int:
        # Unordered: which rows are counted does not matter, and an ORDER BY would sort the whole log.
        return self.object_list.order_by()[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @property
    def capped(self) -> bool:
        return self._counted > self.cap
