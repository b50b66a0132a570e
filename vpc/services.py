"""Writes on VPC connections (seed 000, "Adding VPC connections for a space", "Managing a default VPC
connection for a space", "Editing VPC connections for a space", "Removing VPC connections for a
space"). Each is atomic, keyword-only and checks its actor: the Space administrator or Power user
role ("vpc.manage"), else Forbidden naming the roles.

Bad input raises a DomainError whose ``errors`` holds every invalid field at once (field names
``account_connection``, ``role_arn``, ``vpc_id``, ``subnet_ids``, ``security_group_ids``, ``name``,
``typed_name``); a failed VPC requirement refuses with field ``None`` and the report on
``error.report`` (``RequirementsRefused``). A quota is a QuotaExceeded; EC2 that cannot be reached a
DomainError saying so. Nothing is written on any refusal.

Changes to this interface (for the pages built on it) are listed here:
- (none yet)
"""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.connections.models import AccountConnection
from catalyst_admin.errors import Conflict, DomainError, FieldErrors, QuotaExceeded, unique_or
from spaces import permissions
from spaces.activity import activity_record
from spaces.models import Space
from vpc.models import VPC_CONNECTION_NAME_VALIDATORS, VpcConnection, VpcRequirementsCheck
from vpc.requirements import (
    REQUIREMENT_FIELDS,
    RequirementsReport,
    check_vpc,
    missing_actions_message,
    role_check,
)

# REFERENCE.md, quotas: at most 100 VPC connections per space; seed 000: up to five security groups.
MAX_VPC_CONNECTIONS_PER_SPACE = 100
MAX_SECURITY_GROUPS = 5

_IDS = {
    "vpc_id": (re.compile(r"^vpc-[0-9a-f]{8,17}$"), "VPC ID", "vpc-0a1b2c3d4e5f60718"),
    "subnet_ids": (re.compile(r"^subnet-[0-9a-f]{8,17}$"), "subnet ID", "subnet-0a1b2c3d4e5f60718"),
    "security_group_ids": (re.compile(r"^sg-[0-9a-f]{8,17}$"), "security group ID", "sg-0a1b2c3d4e5f60718"),
}


class RequirementsRefused(DomainError):
    """A VPC requirement failed: ``report`` is the whole RequirementsReport, for the page to show.
    ``errors`` puts each failed requirement's message on the field it is about (the CIDR block on
    ``vpc_id``, a public subnet on ``subnet_ids``, closed security groups on ``security_group_ids``,
    the rest on None)."""

    def __init__(self, report: RequirementsReport):
        errors: dict[str | None, list[str]] = {}
        for result in report.failed:
            text = f"{result.title}: failed. {result.detail}"
            if result.troubleshooting:
                text += f" {result.troubleshooting}"
            errors.setdefault(REQUIREMENT_FIELDS.get(result.key), []).append(text)
        first = report.failed[0]
        message = (
            f"The VPC requirements check failed ({len(report.failed)} of {len(report.results)}): {first.detail}"
            + (f" {first.troubleshooting}" if first.troubleshooting else "")
            + " Fix the VPC in the Amazon VPC console, or choose another, and check again."
        )
        super().__init__(message, field=REQUIREMENT_FIELDS.get(first.key), errors=errors)
        self.report = report


def _require(by, space) -> None:
    permissions.require(by, "vpc.manage", space=space)


def _id_list(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    return [str(item).strip() for item in value if str(item).strip()]


def _check_ids(errors: FieldErrors, field: str, ids: list[str]) -> None:
    pattern, words, example = _IDS[field]
    for value in ids:
        if not pattern.match(value):
            errors.add(field, f"{value[:64]} is not a {words}; it looks like {example}.")
    twice = sorted({value for value in ids if ids.count(value) > 1})
    if twice:
        errors.add(field, f"{', '.join(twice)} is chosen more than once. Choose each one once.")


def _check_choices(errors: FieldErrors, *, subnet_ids: list[str], security_group_ids: list[str]) -> None:
    if not subnet_ids:
        errors.add("subnet_ids", "Choose a private subnet in each Availability Zone.")
    _check_ids(errors, "subnet_ids", subnet_ids)
    if not security_group_ids:
        errors.add("security_group_ids", "Choose at least one security group.")
    elif len(security_group_ids) > MAX_SECURITY_GROUPS:
        errors.add(
            "security_group_ids",
            f"You can select up to {MAX_SECURITY_GROUPS} security groups; {len(security_group_ids)} are selected.",
        )
    _check_ids(errors, "security_group_ids", security_group_ids)


def _check_name(errors: FieldErrors, *, space, name: str) -> None:
    if not name:
        errors.add("name", "Enter a VPC connection name.")
        return
    for validator in VPC_CONNECTION_NAME_VALIDATORS:
        try:
            validator(name)
        except ValidationError as exc:
            for message in exc.messages:
                errors.add("name", message)
            return
    if space.vpc_connections.filter(name__iexact=name).exists():
        errors.add("name", _name_taken(name))


def _name_taken(name: str) -> str:
    return (
        f"A VPC connection named {name} already exists in this space. Each VPC connection name must be unique "
        "per space; choose another name."
    )


def _check_account_connection(errors: FieldErrors, *, space, account_connection) -> bool:
    if account_connection is None:
        errors.add("account_connection", "Choose an AWS account connection.")
        return False
    if account_connection.space_id != space.pk:
        errors.add("account_connection", f"That AWS account connection is not one of the connections of {space.name}.")
        return False
    if not account_connection.is_verified:
        errors.add(
            "account_connection",
            f"AWS account {account_connection.aws_account_id} is pending verification. Complete setup in the AWS "
            "Management Console before you use it for a VPC connection.",
        )
        return False
    return True


def _role_and_vpc(errors: FieldErrors, *, space, account_connection, role_arn, vpc_id, subnet_ids, security_group_ids):
    """Check the role, then (when it and the IDs can be read) the VPC; the report, or None."""
    if not role_arn:
        errors.add("role_arn", "Choose a VPC role.")
        return None
    with errors.collect():
        check = role_check(account_connection=account_connection, role_arn=role_arn, space=space)
        if check.missing_actions:
            errors.add("role_arn", missing_actions_message(check))
            return None
        if errors.errors.keys() & {"vpc_id", "subnet_ids", "security_group_ids"}:
            return None
        return check_vpc(
            role_arn=check.role_arn,
            region=space.region,
            vpc_id=vpc_id,
            subnet_ids=subnet_ids,
            security_group_ids=security_group_ids,
        )
    return None


def _record_check(*, vpc_connection: VpcConnection, report: RequirementsReport, by) -> VpcRequirementsCheck:
    check = VpcRequirementsCheck.objects.create(
        vpc_connection=vpc_connection,
        checked_by=by,
        checked_at=timezone.now(),
        role_arn=vpc_connection.role_arn,
        vpc_id=vpc_connection.vpc_id,
        subnet_ids=list(vpc_connection.subnet_ids),
        security_group_ids=list(vpc_connection.security_group_ids),
        results=[result.as_dict() for result in report.results],
        verdict=report.verdict,
    )
    VpcConnection.objects.filter(pk=vpc_connection.pk).update(last_check=check)
    vpc_connection.last_check = check
    return check


def _locked(vpc_connection: VpcConnection) -> VpcConnection:
    found = (
        VpcConnection.objects.select_for_update()
        .select_related("space", "account_connection")
        .filter(pk=vpc_connection.pk)
        .first()
    )
    if found is None:
        raise DomainError(f"The VPC connection {vpc_connection.name} no longer exists.")
    return found


def _describe(vpc_connection: VpcConnection) -> str:
    return (
        f"{vpc_connection.name} ({vpc_connection.vpc_id} in AWS account "
        f"{vpc_connection.account_connection.aws_account_id})"
    )


@transaction.atomic
def vpc_connection_add(
    *, space, account_connection, role_arn: str, vpc_id: str, subnet_ids, security_group_ids, name: str, by
) -> VpcConnection:
    """ "Add VPC connection": check the role (``role_check``: the seed's seven actions) and the input
    (name rules and uniqueness, the space's Region, one private subnet per Availability Zone of this
    VPC, one to five security groups of this VPC, at most 100 per space), run the VPC requirements
    check, refuse on a failed requirement, then save the connection with its recorded check."""
    _require(by, space)
    if space.vpc_connections.count() >= MAX_VPC_CONNECTIONS_PER_SPACE:
        raise QuotaExceeded(_quota_message())
    name = (name or "").strip()
    role_arn = (role_arn or "").strip()
    vpc_id = (vpc_id or "").strip()
    subnet_ids, security_group_ids = _id_list(subnet_ids), _id_list(security_group_ids)
    errors = FieldErrors()
    _check_name(errors, space=space, name=name)
    if not vpc_id:
        errors.add("vpc_id", "Choose a VPC.")
    elif not _IDS["vpc_id"][0].match(vpc_id):
        errors.add("vpc_id", f"{vpc_id[:64]} is not a VPC ID; it looks like vpc-0a1b2c3d4e5f60718.")
    _check_choices(errors, subnet_ids=subnet_ids, security_group_ids=security_group_ids)
    report = None
    if _check_account_connection(errors, space=space, account_connection=account_connection):
        report = _role_and_vpc(
            errors,
            space=space,
            account_connection=account_connection,
            role_arn=role_arn,
            vpc_id=vpc_id,
            subnet_ids=subnet_ids,
            security_group_ids=security_group_ids,
        )
    elif not role_arn:
        errors.add("role_arn", "Choose a VPC role.")
    if errors.errors == {"name": [_name_taken(name)]}:
        raise Conflict(_name_taken(name), field="name")  # the same answer as when two adds race
    errors.raise_if_any()
    if report.blocks:
        raise RequirementsRefused(report)
    # The space's row is the lock: adds in one space queue here, so the count is the count at commit.
    # EC2 was read before it, so no lock is held while AWS answers.
    Space.objects.select_for_update().filter(pk=space.pk).first()
    if space.vpc_connections.count() >= MAX_VPC_CONNECTIONS_PER_SPACE:
        raise QuotaExceeded(_quota_message())
    if space.vpc_connections.filter(name__iexact=name).exists():
        raise Conflict(_name_taken(name), field="name")
    with unique_or(Conflict(_name_taken(name), field="name")):
        vpc_connection = VpcConnection.objects.create(
            space=space,
            name=name,
            account_connection=account_connection,
            role_arn=role_arn,
            region=space.region,
            vpc_id=vpc_id,
            subnet_ids=subnet_ids,
            security_group_ids=security_group_ids,
            created_by=by,
        )
    _record_check(vpc_connection=vpc_connection, report=report, by=by)
    activity_record(
        space=space,
        event_name="CreateVpcConnection",
        description=f"Added VPC connection {_describe(vpc_connection)}",
        user=by,
    )
    return vpc_connection


def _quota_message() -> str:
    return (
        f"A space can have at most {MAX_VPC_CONNECTIONS_PER_SPACE} VPC connections. Remove one you no longer "
        "need first."
    )


@transaction.atomic
def vpc_connection_update(
    *, vpc_connection: VpcConnection, role_arn: str, subnet_ids, security_group_ids, by
) -> VpcConnection:
    """ "Edit": change the role, subnets or security groups (the VPC, account connection and name
    stay); the same checks as adding run again, and the new check is recorded."""
    space = vpc_connection.space
    _require(by, space)
    role_arn = (role_arn or "").strip()
    subnet_ids, security_group_ids = _id_list(subnet_ids), _id_list(security_group_ids)
    errors = FieldErrors()
    _check_choices(errors, subnet_ids=subnet_ids, security_group_ids=security_group_ids)
    report = _role_and_vpc(
        errors,
        space=space,
        account_connection=vpc_connection.account_connection,
        role_arn=role_arn,
        vpc_id=vpc_connection.vpc_id,
        subnet_ids=subnet_ids,
        security_group_ids=security_group_ids,
    )
    errors.raise_if_any()
    if report.blocks:
        raise RequirementsRefused(report)
    vpc_connection = _locked(vpc_connection)
    changed = [
        label
        for label, before, after in (
            ("VPC role", vpc_connection.role_arn, role_arn),
            ("subnets", list(vpc_connection.subnet_ids), subnet_ids),
            ("security groups", list(vpc_connection.security_group_ids), security_group_ids),
        )
        if before != after
    ]
    vpc_connection.role_arn = role_arn
    vpc_connection.subnet_ids = subnet_ids
    vpc_connection.security_group_ids = security_group_ids
    vpc_connection.save(update_fields=["role_arn", "subnet_ids", "security_group_ids", "updated_at"])
    _record_check(vpc_connection=vpc_connection, report=report, by=by)
    activity_record(
        space=space,
        event_name="UpdateVpcConnection",
        description=f"Updated VPC connection {vpc_connection.name}: {', '.join(changed) or 'nothing changed'}",
        user=by,
    )
    return vpc_connection


@transaction.atomic
def vpc_connection_remove(*, vpc_connection: VpcConnection, typed_name: str, by) -> None:
    """ "Remove VPC connection": ``typed_name`` must be the connection's name exactly."""
    space = vpc_connection.space
    _require(by, space)
    if (typed_name or "").strip() != vpc_connection.name:
        raise DomainError(
            f"To confirm, type the VPC connection name {vpc_connection.name} exactly.", field="typed_name"
        )
    vpc_connection = _locked(vpc_connection)
    description = _describe(vpc_connection)
    default = " (the space's default)" if vpc_connection.is_default else ""
    VpcConnection.objects.filter(pk=vpc_connection.pk).update(last_check=None)
    vpc_connection.delete()
    activity_record(
        space=space,
        event_name="DeleteVpcConnection",
        description=f"Removed VPC connection {description}{default}",
        user=by,
    )


@transaction.atomic
def vpc_connection_default_set(*, vpc_connection: VpcConnection, by) -> VpcConnection:
    """ "Manage default" → "Set as default": this one becomes the space's default (the previous
    default, if any, stops being it). Refused on a project-restricted account connection."""
    space = vpc_connection.space
    _require(by, space)
    # The space's row is the lock: two "Set as default" in one space take turns, and one wins.
    Space.objects.select_for_update().filter(pk=space.pk).first()
    vpc_connection = _locked(vpc_connection)
    # Locked too: "Enable project restrictions" on the account waits, and then sees this default.
    account = AccountConnection.objects.select_for_update().get(pk=vpc_connection.account_connection_id)
    if account.project_restricted:
        raise DomainError(
            f"{vpc_connection.name} uses the project-restricted AWS account connection {account.display_name} "
            f"({account.aws_account_id}): it has access only to specific projects and cannot be set as default. "
            "Disable project restrictions on the account connection first, or choose another VPC connection."
        )
    if vpc_connection.is_default:
        raise DomainError(f"{vpc_connection.name} is already the default VPC connection of {space.name}.")
    previous = space.vpc_connections.filter(is_default=True).first()
    if previous is not None:
        VpcConnection.objects.filter(pk=previous.pk).update(is_default=False)
    with unique_or(DomainError("Another VPC connection was just set as the default. Reload the page and try again.")):
        VpcConnection.objects.filter(pk=vpc_connection.pk).update(is_default=True)
    vpc_connection.is_default = True
    replaced = f", in place of {previous.name}" if previous is not None else ""
    activity_record(
        space=space,
        event_name="SetDefaultVpcConnection",
        description=f"Set VPC connection {vpc_connection.name} as the default{replaced}",
        user=by,
    )
    return vpc_connection


@transaction.atomic
def vpc_connection_default_remove(*, vpc_connection: VpcConnection, by) -> VpcConnection:
    """ "Manage default" → "Remove as default"."""
    space = vpc_connection.space
    _require(by, space)
    vpc_connection = _locked(vpc_connection)
    if not vpc_connection.is_default:
        raise DomainError(f"{vpc_connection.name} is not the default VPC connection, so there is nothing to remove.")
    VpcConnection.objects.filter(pk=vpc_connection.pk).update(is_default=False)
    vpc_connection.is_default = False
    activity_record(
        space=space,
        event_name="RemoveDefaultVpcConnection",
        description=f"Removed VPC connection {vpc_connection.name} as the default",
        user=by,
    )
    return vpc_connection


@transaction.atomic
def vpc_connection_check(*, vpc_connection: VpcConnection, by) -> VpcRequirementsCheck:
    """ "Check VPC connection": run the VPC requirements check again and record the result (also
    when it fails: the point is to see what changed, e.g. someone deleted the NAT gateway). A
    subnet or security group that no longer exists is a DomainError naming it; nothing is recorded
    then, nor when EC2 cannot be reached."""
    space = vpc_connection.space
    _require(by, space)
    report = check_vpc(
        role_arn=vpc_connection.role_arn,
        region=vpc_connection.region,
        vpc_id=vpc_connection.vpc_id,
        subnet_ids=vpc_connection.subnet_ids,
        security_group_ids=vpc_connection.security_group_ids,
    )
    vpc_connection = _locked(vpc_connection)
    check = _record_check(vpc_connection=vpc_connection, report=report, by=by)
    activity_record(
        space=space,
        event_name="CheckVpcConnection",
        description=f"Checked VPC connection {vpc_connection.name}: {check.get_verdict_display().lower()}",
        user=by,
    )
    return check
