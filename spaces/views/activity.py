"""Activity: the space's activity log, filtered and paginated."""

from catalyst_admin.pagination import CappedPaginator
from spaces import permissions, selectors
from spaces.forms import ActivityFilterForm
from spaces.pages import in_space, render_space

PAGE_SIZE = 25
# The newest entries matching the filters that are counted and paged; older ones by the time range.
COUNTED = 1_000


@in_space
def activity(request, space):
    permissions.require(request.user, "activity.view", space=space)
    form = ActivityFilterForm(request.GET or None, **selectors.activity_facets(space))
    filters = {}
    if form.is_bound and not form.is_valid():
        # Keep the filters that are valid; a bad time range drops only the time range.
        filters = {k: v for k, v in form.cleaned_data.items() if k not in form.errors and k not in ("since", "until")}
    elif form.is_bound:
        filters = form.cleaned_data
    events = selectors.activity_listing(space, **{k: v for k, v in filters.items() if v})
    page = CappedPaginator(events, PAGE_SIZE, cap=COUNTED).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render_space(
        request, "spaces/activity.html", space, "activity", {"form": form, "page_obj": page, "query": query.urlencode()}
    )
