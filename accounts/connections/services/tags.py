"""Tags on a connection resource, managed in the AWS console's "Manage tags" (seed 000, "Tagging
account connections"). The whole set is saved at once: a rejected save changes nothing."""

import unicodedata

from django.db import transaction

from accounts.aws.console.models import AwsAccount, ConsoleUser
from accounts.aws.console.services import require_console_administrator
from accounts.connections.models import AccountConnection, ConnectionTag
from accounts.connections.services.requests import own_connection
from catalyst_admin.errors import DomainError
from spaces.activity import activity_record

# AWS tag rules (Tagging AWS resources, "Tag naming limits and requirements").
MAX_TAGS = 50
MAX_KEY_CHARS = 128
MAX_VALUE_CHARS = 256
TAG_SYMBOLS = "+-=._:/@"
RESERVED_PREFIX = "aws:"
ALLOWED_TEXT = "letters, digits, spaces and + - = . _ : / @"


class TagRejected(DomainError):
    """One row of the tag set breaks a rule; ``row`` (0-based) and ``part`` ("key" or "value") say where."""

    def __init__(self, message: str, *, row: int | None = None, part: str | None = None):
        super().__init__(message, field="tags")
        self.row = row
        self.part = part


def _bad_character(text: str) -> str | None:
    for char in text:
        category = unicodedata.category(char)
        if category[0] in "LN" or category == "Zs" or char in TAG_SYMBOLS:
            continue
        return char
    return None


def _describe(char: str) -> str:
    return repr(char) if char.isprintable() else f"the control character U+{ord(char):04X}"


def tags_validate(rows) -> list[tuple[str, str]]:
    """The (key, value) pairs of ``rows`` if every one follows the AWS tag rules, blank rows dropped."""
    tags: list[tuple[str, str]] = []
    seen: dict[str, int] = {}
    for index, (raw_key, raw_value) in enumerate(rows):
        key, value = (raw_key or "").strip(), (raw_value or "").strip()
        number = index + 1
        if not key and not value:
            continue
        if not key:
            raise TagRejected(
                f"Tag {number}: enter a key. A tag needs a key; its value may be empty.",
                row=index,
                part="key",
            )
        if len(key) > MAX_KEY_CHARS:
            raise TagRejected(
                f"Tag {number}: the key is {len(key)} characters long; a key is at most {MAX_KEY_CHARS}.",
                row=index,
                part="key",
            )
        if len(value) > MAX_VALUE_CHARS:
            raise TagRejected(
                f"Tag {number}: the value is {len(value)} characters long; a value is at most {MAX_VALUE_CHARS}.",
                row=index,
                part="value",
            )
        if key.lower().startswith(RESERVED_PREFIX):
            raise TagRejected(
                f"Tag {number}: keys cannot start with {RESERVED_PREFIX}, which is reserved for AWS use.",
                row=index,
                part="key",
            )
        for part, text in (("key", key), ("value", value)):
            bad = _bad_character(text)
            if bad is not None:
                raise TagRejected(
                    f"Tag {number}: the {part} contains {_describe(bad)}. Tags may use {ALLOWED_TEXT}.",
                    row=index,
                    part=part,
                )
        if key in seen:
            raise TagRejected(
                f"Tag {number}: the key {key} is already used by tag {seen[key] + 1}. "
                "Each key may appear once "
                "(keys are case-sensitive).",
                row=index,
                part="key",
            )
        seen[key] = index
        tags.append((key, value))
    if len(tags) > MAX_TAGS:
        raise TagRejected(f"A resource can have at most {MAX_TAGS} tags; remove {len(tags) - MAX_TAGS}.")
    return tags


@transaction.atomic
def connection_tags_replace(
    *, connection: AccountConnection, rows, account: AwsAccount, console_user: ConsoleUser
) -> dict[str, list[str]]:
    """Replace the connection's tags with ``rows`` ("Save changes"); returns what changed."""
    require_console_administrator(console_user=console_user, account=account, to="manage tags")
    connection = own_connection(connection, account)
    wanted = dict(tags_validate(rows))
    current = dict(connection.tags.values_list("key", "value"))
    changes = {
        "added": sorted(k for k in wanted if k not in current),
        "changed": sorted(k for k in wanted if k in current and current[k] != wanted[k]),
        "removed": sorted(k for k in current if k not in wanted),
    }
    if not any(changes.values()):
        return changes
    connection.tags.filter(key__in=changes["removed"] + changes["changed"]).delete()
    ConnectionTag.objects.bulk_create(
        [ConnectionTag(connection=connection, key=k, value=wanted[k]) for k in changes["added"] + changes["changed"]]
    )
    summary = "; ".join(f"{what} {', '.join(keys)}" for what, keys in changes.items() if keys)
    activity_record(
        space=connection.space,
        event_name="UpdateConnectionTags",
        description=f"Tags of the connection to AWS account {account.account_id}: {summary}",
        aws_account_id=account.account_id,
    )
    return changes
