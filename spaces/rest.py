"""What every space-scoped REST endpoint shares, whichever room it belongs to (spaces, account
connections, SSO, billing), as ``spaces.pages`` is for the pages: the space from the URL for a
member (anyone else: 404), and one lookup helper that turns "not in this space" into a 404.
It imports no services, so any room's ``api`` may use it without an import cycle."""

from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from catalyst_admin.errors import NotFound
from catalyst_admin.rest import CatalystApi
from spaces import selectors

SPACE_NAME = OpenApiParameter("space_name", str, OpenApiParameter.PATH, description="The space's name.")


class SpaceApi(CatalystApi):
    """An endpoint under ``spaces/<space_name>/``: ``self.space`` is the caller's space of that name."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.space = selectors.space_for(request.user, kwargs["space_name"])


def one_of(queryset, message: str, **lookup):
    """The object of ``queryset`` (already scoped to the space) matching ``lookup``, or a 404."""
    found = queryset.filter(**lookup).first()
    if found is None:
        raise NotFound(message)
    return found


class PersonOutput(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    username = serializers.CharField()
    display_name = serializers.CharField()
