"""The console's password backend (``AUTHENTICATION_BACKENDS``): Django's ``ModelBackend``, with the
person of a signed-in request read by one plain SQL statement.

Every signed-in request loads its person (``request.user``). ``ModelBackend.get_user`` does it with
``User.objects.get(pk=…)``, about 0.5 ms of Python building the query before the database is asked
(issue 17, ``bench/pages.py``); here one plain SELECT of every column (``catalyst_admin.rows``)
makes the same model instance, every field loaded and converted: 36 µs a request, where ``raw()``
cost 90. Signing in, the permission checks and ``user_can_authenticate`` (an inactive person is no
one) are Django's own.
"""

from functools import cache

from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.db import router

from catalyst_admin import rows
from identity.people.models import User

# The path ``login()`` is given where the console signs a person in after checking who they are
# itself (SSO, sign-up, password reset); it is the one in settings.AUTHENTICATION_BACKENDS.
MODEL_BACKEND = "identity.people.backends.ModelBackend"


class ModelBackend(DjangoModelBackend):
    def get_user(self, user_id):
        using = router.db_for_read(User)
        found = rows.fetch(_user_sql(), [user_id], using)
        user = rows.from_row(User, found[0], 0, using)[0] if found else None
        return user if user is not None and self.user_can_authenticate(user) else None


@cache
def _user_sql() -> str:
    return f"SELECT {rows.columns(User, 'u')} FROM {User._meta.db_table} u WHERE u.{User._meta.pk.column} = %s"
