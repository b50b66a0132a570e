"""The IAM Identity Center Users table's rows written in Python (``{% directory_user_rows %}``,
accounts/templatetags/aws_console.py) write what the template loop they replaced wrote: names that
need escaping, no email, a disabled user, the time in the current time zone."""

from pathlib import Path

import pytest
from django.template import Context, Engine
from django.utils import timezone

from accounts.aws.identity_center.models import DirectoryUser

pytestmark = pytest.mark.django_db

# The loop of templates/aws/identity_center/users.html before it called {% directory_user_rows %}.
TEMPLATE_LOOP = (Path(__file__).parent / "user_rows_loop.html").read_text().removesuffix("\n")


@pytest.fixture
def users(store, people):
    DirectoryUser.objects.create(
        store=store, user_name='o"brien<&>', display_name="Ó <b>Brien</b> & co", email="", enabled=False
    )
    return list(store.users.order_by("user_name", "pk"))


@pytest.mark.parametrize("zone", ["UTC", "Asia/Kolkata"])
def test_user_rows_write_what_the_template_loop_wrote(users, zone):
    engine = Engine.get_default()
    with timezone.override(zone):
        old = engine.from_string(TEMPLATE_LOOP).render(Context({"page_obj": users}))
        new = engine.from_string("{% load aws_console %}{% directory_user_rows page_obj %}").render(
            Context({"page_obj": users})
        )
    assert new == old
    assert len(users) > 2 and new.count("<tr>") == len(users)
    for shown in [
        "Disabled",
        "Enabled",
        "o&quot;brien&lt;&amp;&gt;",
        "Ó &lt;b&gt;Brien&lt;/b&gt; &amp; co",
        "<td>-</td>",
    ]:
        assert shown in new
