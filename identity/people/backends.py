"""The console's password backend (``AUTHENTICATION_BACKENDS``): Django's ``ModelBackend``, with the
person of a signed-in request read by one plain SQL statement.

Every signed-in request loads its person (``request.user``). ``ModelBackend.get_user`` does it with
``User.objects.get(pk=…)``, about 0.5 ms of Python building the query before the database is asked
(issue 17, ``bench/pages.py``); ``raw()`` runs the statement the ORM would have written and makes
the same model instance, every field loaded and converted. Signing in, the permission checks and
``user_can_authenticate`` (an inactive person is no one) are Django's own.
"""

from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.db import connections, router

from identity.people.models import User

# The path ``login()`` is given where the console signs a person in after checking who they are
# itself (SSO, sign-up, password reset); it is the one in settings.AUTHENTICATION_BACKENDS.
MODEL_BACKEND = "identity.people.backends.ModelBackend"


class ModelBackend(DjangoModelBackend):
    def get_user(self, user_id):
        using = router.db_for_read(User)
        quote = connections[using].ops.quote_name
        people = User._default_manager.db_manager(using).raw(
            f"SELECT * FROM {quote(User._meta.db_table)} WHERE {quote(User._meta.pk.column)} = %s", [user_id]
        )
        user = next(iter(people), None)
        return user if user is not None and self.user_can_authenticate(user) else None
