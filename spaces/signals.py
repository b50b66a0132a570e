"""What other rooms hear about a space.

``space_deleting`` is sent by ``spaces.services.space_teardown`` with ``space=``, inside the
deleting transaction and before the space's own rows go: receivers remove what they keep for the
space (account connections, SSO groups and members, VPC connections, generative AI settings …).
Receivers connect in their app's ``ready()``.
"""

from django.dispatch import Signal

space_deleting = Signal()
