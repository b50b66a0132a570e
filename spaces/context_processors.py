from spaces.selectors import console_spaces, invitation_count_for


class _Console(dict):
    """What the shared layout needs, read on first use (pages in other layouts never ask): the
    space switcher's spaces and the count of pending invitations. A dict, so that the template's
    ``console.spaces`` finds it at the first lookup."""

    def __init__(self, user):
        super().__init__()
        self.user = user

    def __missing__(self, key):
        if key == "spaces":
            value = console_spaces(self.user)
        elif key == "invitation_count":
            value = invitation_count_for(self.user)
        else:
            raise KeyError(key)
        self[key] = value
        return value


def console(request):
    """The shared layout's ``console`` (see :class:`_Console`), and ``user`` as the signed-in
    person itself rather than the request's lazy wrapper: the layout reads a dozen of its
    attributes, each a detour through the wrapper otherwise."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"console": {}}
    return {"console": _Console(user), "user": getattr(user, "_wrapped", user)}
