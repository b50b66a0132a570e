"""Tags on a connection (seed 000, "Tagging account connections"): the AWS tag rules, one form,
and a rejected save changes nothing."""

import pytest
from django.urls import reverse

from accounts.aws.console.models import ConsoleAccess
from accounts.connections import services
from accounts.connections.models import ConnectionTag
from catalyst_admin.errors import DomainError, NotFound
from spaces.models import ActivityEvent
from tests.connections.conftest import BUILD, banners, snapshot

pytestmark = pytest.mark.django_db


def _save(connection, rows, account, user):
    return services.connection_tags_replace(connection=connection, rows=rows, account=account, console_user=user)


@pytest.fixture
def tagged(verified, build, mateo):
    _save(verified, [("team", "build"), ("env", "prod")], build, mateo)
    return verified


def _tags(connection):
    return dict(connection.tags.values_list("key", "value"))


def test_saving_adds_edits_and_removes_tags_in_one_go(tagged, build, mateo):
    changes = _save(tagged, [("team", "platform"), ("cost-center", "42")], build, mateo)
    assert _tags(tagged) == {"team": "platform", "cost-center": "42"}
    assert changes == {"added": ["cost-center"], "changed": ["team"], "removed": ["env"]}
    event = ActivityEvent.objects.get(event_name="UpdateConnectionTags", description__contains="cost-center")
    assert event.actor_aws_account_id == BUILD and "removed env" in event.description


def test_saving_the_same_tags_writes_nothing(tagged, build, mateo):
    before = snapshot()
    _save(tagged, [("env", "prod"), ("team", "build")], build, mateo)
    assert snapshot() == before


def test_fifty_tags_are_allowed(verified, build, mateo):
    _save(verified, [(f"k{i}", "v") for i in range(50)], build, mateo)
    assert verified.tags.count() == 50


BAD = {
    "a 51st tag": ([(f"k{i}", "v") for i in range(51)], "at most 50 tags"),
    "the aws: prefix": ([("aws:owner", "x")], "reserved for AWS use"),
    "the AWS: prefix in capitals": ([("AWS:owner", "x")], "reserved for AWS use"),
    "a 129-character key": ([("k" * 129, "v")], "a key is at most 128"),
    "a 257-character value": ([("k", "v" * 257)], "a value is at most 256"),
    "a bad character in a key": ([("cost#center", "1")], "contains '#'"),
    "a bad character in a value": ([("k", "a;b")], "contains ';'"),
    "a control character": ([("k", "a\tb")], "control character"),
    "a duplicate key": ([("env", "a"), ("env", "b")], "key env is already used by tag 2"),
    "a value without a key": ([("", "orphan")], "enter a key"),
}


@pytest.mark.parametrize("rows,message", BAD.values(), ids=BAD.keys())
def test_a_rejected_save_changes_nothing(tagged, build, mateo, rows, message):
    before = snapshot()
    with pytest.raises(services.TagRejected, match=message):
        _save(tagged, [("team", "changed")] + rows, build, mateo)
    assert snapshot() == before
    assert _tags(tagged) == {"team": "build", "env": "prod"}


def test_limits_are_inclusive(verified, build, mateo):
    _save(verified, [("k" * 128, "v" * 256)], build, mateo)
    assert verified.tags.get().key == "k" * 128


def test_keys_are_case_sensitive(verified, build, mateo):
    _save(verified, [("Env", "a"), ("env", "b"), ("ENV", "c")], build, mateo)
    assert _tags(verified) == {"Env": "a", "env": "b", "ENV": "c"}


def test_allowed_characters_include_letters_of_any_script_and_the_symbols(verified, build, mateo):
    _save(verified, [("équipe name", "+-=._:/@ ünïcødé 42")], build, mateo)
    assert _tags(verified) == {"équipe name": "+-=._:/@ ünïcødé 42"}


def test_blank_rows_are_ignored_and_an_empty_value_is_allowed(verified, build, mateo):
    _save(verified, [("", ""), ("flag", "")], build, mateo)
    assert _tags(verified) == {"flag": ""}


def test_the_rejection_says_which_row(tagged, build, mateo):
    with pytest.raises(services.TagRejected) as rejected:
        _save(tagged, [("ok", "1"), ("aws:no", "2")], build, mateo)
    assert rejected.value.row == 1 and rejected.value.part == "key"


def test_tags_of_another_accounts_connection_cannot_be_saved(verified, network, mateo):
    with pytest.raises(NotFound):
        _save(verified, [("a", "b")], network, mateo)
    assert not ConnectionTag.objects.exists()


def test_only_an_administrator_of_the_account_manages_tags(verified, build, mateo):
    ConsoleAccess.objects.filter(user=mateo, account=build).update(is_administrator=False)
    with pytest.raises(DomainError, match="administrator permissions"):
        _save(verified, [("a", "b")], build, mateo)


# The "Manage tags" page ------------------------------------------------------------------------------


def _url(connection):
    return reverse("aws:codecatalyst_space_tags", args=[connection.space.name])


def test_the_page_shows_each_tag_in_an_editable_row(aws, tagged):
    html = aws.get(_url(tagged)).content.decode()
    assert "Manage tags" in html and "Add tag" in html and "Save changes" in html
    assert 'name="key" value="env"' in html and 'name="value" value="prod"' in html
    assert html.count(">Remove</button>") == 2


def test_add_tag_adds_an_empty_row_without_saving(aws, tagged):
    before = snapshot()
    response = aws.post(_url(tagged), {"key": ["env", "team"], "value": ["prod", "build"], "add": ""})
    assert response.status_code == 200
    assert response.content.decode().count('name="key"') == 3
    assert snapshot() == before


def test_remove_drops_the_row_without_saving(aws, tagged):
    before = snapshot()
    response = aws.post(_url(tagged), {"key": ["env", "team"], "value": ["prod", "build"], "remove": "0"})
    html = response.content.decode()
    assert 'value="env"' not in html and 'value="team"' in html
    assert snapshot() == before


def test_save_changes_saves_every_row(aws, tagged):
    response = aws.post(_url(tagged), {"key": ["env", "owner"], "value": ["staging", "mateo"], "save": ""})
    assert response.status_code == 302
    assert response.url == reverse("aws:codecatalyst_space", args=[tagged.space.name])
    assert "Tags saved." in banners(aws.get(response.url), "success")
    assert _tags(tagged) == {"env": "staging", "owner": "mateo"}


def test_a_rejected_save_shows_the_message_and_keeps_what_was_typed(aws, tagged):
    before = snapshot()
    response = aws.post(_url(tagged), {"key": ["env", "aws:x"], "value": ["new", "1"], "save": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "The tags were not saved." in html and "reserved for AWS use" in html
    assert 'value="aws:x"' in html and 'aria-invalid="true"' in html
    assert snapshot() == before


def test_another_accounts_space_is_a_404_naming_the_account(aws_network, tagged):
    response = aws_network.post(_url(tagged), {"key": ["a"], "value": ["b"], "save": ""})
    assert response.status_code == 404
    assert "examplecorp-network (7777-8888-9999)" in response.content.decode()
    assert _tags(tagged) == {"team": "build", "env": "prod"}


def test_the_page_sends_anonymous_visitors_to_the_aws_sign_in(client, tagged):
    response = client.get(_url(tagged))
    assert response.status_code == 302 and response.url.startswith("/aws/signin/")


def test_saving_without_the_csrf_token_is_refused(mateo, build, tagged):
    from django.test import Client

    from tests.fixtures_aws import sign_in_session

    client = sign_in_session(Client(enforce_csrf_checks=True), mateo, build)
    assert client.post(_url(tagged), {"key": ["x"], "value": ["y"], "save": ""}).status_code == 403
    assert _tags(tagged) == {"team": "build", "env": "prod"}
