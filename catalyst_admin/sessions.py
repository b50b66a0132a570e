"""The console's session engine (``SESSION_ENGINE``): Django's database sessions, the same table and
the same signed encoding, read with one plain SQL statement.

Every signed-in request reads its session. Through the ORM (``Session.objects.get(...)``) that read
cost about 0.5 ms of Python building the query, three times what the statement and the signature
check cost together (issue 17, ``bench/pages.py``); the SQL below is what the ORM wrote, so what a
session is — unexpired, its key matched exactly — does not change. Writing, creating, deleting and
``clearsessions`` are Django's own.
"""

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


class SessionStore(db.SessionStore):
    def load(self):
        model = self.model
        connection = connections[router.db_for_read(model)]
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {quote('session_data')} FROM {quote(model._meta.db_table)} "
                f"WHERE {quote('session_key')} = %s AND {quote('expire_date')} > %s",
                [self.session_key, connection.ops.adapt_datetimefield_value(timezone.now())],
            )
            row = cursor.fetchone()
        if row is None:
            # As Django's: an unknown or expired key is forgotten, and a new one is made on save.
            self._session_key = None
            return {}
        return self.decode(row[0])
