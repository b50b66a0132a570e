"""Recording usage from the command line and from the operations page."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from billing.models import UsageRecord

pytestmark = pytest.mark.django_db


def test_record_usage_adds_to_the_ledger(space, capsys):
    call_command("record_usage", "acme", "build_minutes", "120.5")
    assert "Recorded 120.5 minutes of build_minutes in acme." in capsys.readouterr().out
    assert UsageRecord.objects.get().quantity == 120.5


@pytest.mark.parametrize(
    "args, message",
    [
        (["nowhere", "build_minutes", "1"], "No space is called nowhere"),
        (["acme", "build_minutes", "-1"], "greater than zero"),
    ],
)
def test_record_usage_refuses_bad_input_with_the_reason(space, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("record_usage", *args)
    assert not UsageRecord.objects.exists()


def test_staff_record_usage_on_the_operations_page(client, staff, space):
    client.force_login(staff)
    url = reverse("billing:record_usage")
    assert "Record usage" in client.get(url).content.decode()
    response = client.post(url, {"space": "acme", "resource": "dev_environment_hours", "quantity": "3"}, follow=True)
    assert "Recorded 3 hours of Dev Environment compute in acme." in response.content.decode()
    assert UsageRecord.objects.get().resource == "dev_environment_hours"


def test_a_bad_usage_form_writes_nothing(client, staff, space):
    client.force_login(staff)
    response = client.post(
        reverse("billing:record_usage"), {"space": "acme", "resource": "build_minutes", "quantity": "0"}
    )
    assert response.status_code == 200 and "greater than zero" in response.content.decode()
    assert not UsageRecord.objects.exists()


def test_only_staff_open_the_usage_form(client, admin, space):
    client.force_login(admin)
    assert client.get(reverse("billing:record_usage")).status_code == 403
