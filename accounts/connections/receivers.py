"""What account connections do when another room tells them something."""

from accounts.connections.models import AccountConnection


def space_deleting(sender, *, space, **kwargs) -> None:
    """A deleted space keeps no connection to any AWS account: the accounts can be connected to
    other spaces, and nothing of the space is reachable through them.

    The space's VPC connections go first: each holds its account connection (PROTECT, so that
    removing a connection in use is refused), and this receiver runs before any the VPC connections'
    app could connect. Reached through the reverse relation: this app imports nothing of ``vpc``."""
    space.vpc_connections.all().delete()
    AccountConnection.objects.filter(space=space).delete()
