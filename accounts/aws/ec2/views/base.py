"""What every Amazon VPC page shares: the console session, the Region chosen in the top bar, and
finding one resource of the signed-in account in that Region (anything else is a 404)."""

from functools import wraps

from django.shortcuts import render

from accounts.aws.console.views import console_login_required
from catalyst_admin.errors import NotFound

T = "aws/vpc/"


def vpc_page(view):
    """A VPC page: signed in to the console; ``request.aws_region`` is the Region shown."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    return console_login_required(wrapper)


def scope(request) -> dict:
    return {"account": request.aws_account, "region": request.aws_region.code}


def one(request, finder, resource_id: str, words: str):
    """The resource ``resource_id`` of the signed-in account in the chosen Region, or a 404 page."""
    found = finder(request.aws_account, request.aws_region.code, resource_id)
    if found is None:
        raise NotFound(
            f"The {words} {resource_id} does not exist in this account in {request.aws_region.name}. "
            "Check the ID and the Region chosen in the top bar."
        )
    return found


def render_vpc(request, template, nav, context=None, status=200):
    return render(request, T + template, {"nav": nav, **(context or {})}, status=status)
