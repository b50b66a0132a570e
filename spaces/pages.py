"""What every page about a space shares, whichever room it belongs to (spaces, account
connections, identity federation …): loading the space for a member, rendering in the space's
layout, an error banner."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from catalyst_admin.errors import DomainError
from spaces import permissions, selectors


def in_space(view):
    """Load the space named in the URL for a signed-in member; anyone else gets a 404."""

    @login_required
    @wraps(view)
    def wrapper(request, space_name, *args, **kwargs):
        space = selectors.space_for(request.user, space_name)
        # An error page raised further in (a 403, a 404 of something in the space) keeps the
        # space's navigation and switcher: catalyst_admin.views.error_page reads this.
        request.space_page_context = lambda: _space_context(request, space)
        return view(request, space, *args, **kwargs)

    return wrapper


def _space_context(request, space) -> dict:
    perms = {
        action.replace(".", "_"): permissions.can(request.user, action, space=space)
        for action in permissions.SPACE_ACTIONS
    }
    return {"space": space, "space_perms": perms}


def render_space(request, template, space, nav, context=None):
    return render(request, template, {**_space_context(request, space), "nav": nav, **(context or {})})


def error_banner(request, error: DomainError):
    messages.error(request, error.message)
