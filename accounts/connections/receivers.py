"""What account connections do when another room tells them something."""

from accounts.connections.models import AccountConnection


def space_deleting(sender, *, space, **kwargs) -> None:
    """A deleted space keeps no connection to any AWS account: the accounts can be connected to
    other spaces, and nothing of the space is reachable through them."""
    AccountConnection.objects.filter(space=space).delete()
