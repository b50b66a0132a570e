"""Helpers for the spaces tests; the cast lives in ``tests/conftest.py`` and ``tests/fixtures_codecatalyst.py``."""

from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext

from spaces.models import ActivityEvent, Invitation, Project, ProjectMembership, Space, SpaceMembership, Team


def banners(response) -> list[tuple[str, str]]:
    """The (level, text) of every message banner queued by the request behind ``response``."""
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


def error_banners(response) -> list[str]:
    return [text for level, text in banners(response) if level == "error"]


def success_banners(response) -> list[str]:
    return [text for level, text in banners(response) if level == "success"]


def count_queries(callable_) -> int:
    with CaptureQueriesContext(connection) as ctx:
        callable_()
    return len(ctx.captured_queries)


def snapshot() -> dict[str, int]:
    """Row counts of everything a spaces service may write, to prove nothing was half-written."""
    from accounts.connections.models import AccountConnection
    from billing.models import SpaceBilling

    return {
        "spaces": Space.all_objects.count(),
        "memberships": SpaceMembership.objects.count(),
        "projects": Project.objects.count(),
        "project_memberships": ProjectMembership.objects.count(),
        "invitations": Invitation.objects.count(),
        "teams": Team.objects.count(),
        "billing": SpaceBilling.objects.count(),
        "connections": AccountConnection.objects.count(),
        "activity": ActivityEvent.objects.count(),
    }
