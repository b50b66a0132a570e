"""The AWS accounts table's rows written in Python (spaces.templatetags.space_tables) write what the
template loop they replaced wrote: each status, the billing account, a restricted connection, roles."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.template import Context, Engine
from django.utils import timezone

from accounts.connections import selectors
from accounts.connections.models import AccountConnection, ConnectionRole, ConnectionToken
from tests.factories import AccountConnectionFactory, IamRoleFactory

pytestmark = pytest.mark.django_db

# The loop of templates/spaces/aws_accounts.html before it called {% connection_rows %}.
TEMPLATE_LOOP = (Path(__file__).parent / "connection_rows_loop.html").read_text().removesuffix("\n")


@pytest.fixture
def connections(space, admin):
    now = timezone.now()
    verified = AccountConnectionFactory(
        space=space,
        aws_account_id="111122223333",  # the space's billing account (tests/conftest.py)
        display_name='Prod <"main"> & co',
        status=AccountConnection.Status.VERIFIED,
        verified_at=now,
        project_restricted=True,
    )
    for _ in range(2):
        ConnectionRole.objects.create(connection=verified, role=IamRoleFactory())
    pending = AccountConnectionFactory(space=space, display_name="pending", requested_by=admin)
    expired = AccountConnectionFactory(space=space, display_name="expired")
    for connection, expires_at in [(pending, now + timedelta(hours=1)), (expired, now - timedelta(days=2))]:
        ConnectionToken.objects.create(
            connection=connection,
            selector=connection.display_name,
            secret_hash="-",
            created_at=now,
            expires_at=expires_at,
        )
    AccountConnection.objects.filter(pk=expired.pk).update(created_at=now - timedelta(days=400))
    return list(selectors.connections_of(admin, space))


def test_connection_rows_write_what_the_template_loop_wrote(space, connections):
    context = {"connections": connections, "space": space}
    engine = Engine.get_default()
    old = engine.from_string(TEMPLATE_LOOP).render(Context(context))
    new = engine.from_string("{% load space_tables %}{% connection_rows connections %}").render(Context(context))

    assert new == old
    for shown in ["Verified", "Expired", "Pending verification", "Billing account", "Restricted", ">2</td>"]:
        assert shown in new
    assert "Prod &lt;&quot;main&quot;&gt; &amp; co" in new
