from django.utils.functional import SimpleLazyObject

from spaces.selectors import invitations_for, spaces_visible_to


def console(request):
    """What the shared layout needs: the space switcher and pending invitations (lazily)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"console": {}}
    return {
        "console": {
            "spaces": SimpleLazyObject(lambda: list(spaces_visible_to(user).select_related(None).only("id", "name"))),
            "invitation_count": SimpleLazyObject(lambda: invitations_for(user).count()),
        }
    }
