"""IAM policy documents: the one parser every page that takes a policy uses, and what a trust
policy lets assume a role."""

import json
import re

from catalyst_admin.errors import DomainError

# The service principals CodeCatalyst uses: workflows run as the first, CodeCatalyst itself as the
# second (seed 001, "Step 4: Add IAM roles to your connection").
CODECATALYST_SERVICE_PRINCIPAL = "codecatalyst-runner.amazonaws.com"
CODECATALYST_PRINCIPALS = (CODECATALYST_SERVICE_PRINCIPAL, "codecatalyst.amazonaws.com")
# The trust statement a role needs for CodeCatalyst to assume it.
CODECATALYST_TRUST_STATEMENT = {
    "Effect": "Allow",
    "Principal": {"Service": list(CODECATALYST_PRINCIPALS)},
    "Action": "sts:AssumeRole",
}

# IAM's own quotas: a role trust policy of at most 2,048 characters by default (4,096 at most),
# inline role policies of at most 10,240 characters, whitespace not counted.
TRUST_POLICY_MAX_CHARS = 4096
PERMISSIONS_POLICY_MAX_CHARS = 10240


def _reject_constant(name: str):
    raise ValueError(f"{name} is not allowed in JSON")


def policy_parse(text: str, *, field: str, label: str, max_chars: int, needs_principal: bool) -> dict:
    try:
        policy = json.loads(text, parse_constant=_reject_constant)
    except RecursionError:
        raise DomainError(f"The {label} is nested too deeply to be a policy document.", field=field) from None
    except (TypeError, ValueError) as exc:
        raise DomainError(f"The {label} is not valid JSON: {exc}. Correct it and try again.", field=field) from None
    if not isinstance(policy, dict) or "Statement" not in policy:
        raise DomainError(
            f'The {label} must be a JSON object with a "Statement" list, like an IAM policy document.',
            field=field,
        )
    compact = json.dumps(policy, separators=(",", ":"), ensure_ascii=False)
    if "\\u0000" in compact:  # PostgreSQL's jsonb cannot store NUL characters
        raise DomainError(f"The {label} contains a NUL character (\\u0000); remove it.", field=field)
    if len(compact) > max_chars:
        raise DomainError(
            f"The {label} is {len(compact)} characters long without whitespace; "
            f"IAM allows at most {max_chars}. Shorten it.",
            field=field,
        )
    statements = policy["Statement"]
    if isinstance(statements, dict):
        statements = [statements]
    if not isinstance(statements, list) or not statements:
        raise DomainError(f'The {label} needs at least one statement in "Statement".', field=field)
    for statement in statements:
        if not isinstance(statement, dict) or statement.get("Effect") not in ("Allow", "Deny"):
            raise DomainError(f'Every statement of the {label} needs "Effect": "Allow" or "Deny".', field=field)
        if needs_principal and "Principal" not in statement:
            raise DomainError(
                f'Every statement of the {label} needs a "Principal" naming who may assume the role, '
                'for example {"Service": "codecatalyst-runner.amazonaws.com"}.',
                field=field,
            )
    return policy


def trusted_service_principals(trust_policy) -> list[str]:
    """The service principals a trust policy lets assume the role, in order, each once."""
    statements = trust_policy.get("Statement", []) if isinstance(trust_policy, dict) else []
    if isinstance(statements, dict):
        statements = [statements]
    found: list[str] = []
    for statement in statements if isinstance(statements, list) else []:
        principal = statement.get("Principal") if isinstance(statement, dict) else None
        services = principal.get("Service", []) if isinstance(principal, dict) else []
        for service in [services] if isinstance(services, str) else services:
            if isinstance(service, str) and service not in found:
                found.append(service)
    return found


# Evaluation ----------------------------------------------------------------------------------
# What AWS decides for an identity-based policy (IAM user guide, "Policy evaluation logic"): an
# explicit Deny in any statement wins, then any Allow; with neither the request is implicitly
# denied. Actions match case-insensitively with the wildcards * and ?; resources match the ARN
# asked about (the EC2 Describe actions take no resource-level permissions: their resource is
# "*", so only a statement whose Resource is "*" covers them). Conditions are not evaluated: a
# statement with a Condition never allows (fail closed) and always denies.

ALLOWED = "allowed"
EXPLICIT_DENY = "explicit_deny"
IMPLICIT_DENY = "implicit_deny"


def _as_list(value) -> list:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value) if isinstance(value, list) else []


def _wildcard_match(pattern, value: str, *, case_sensitive: bool) -> bool:
    if not isinstance(pattern, str):
        return False
    if not case_sensitive:
        pattern, value = pattern.lower(), value.lower()
    # A small glob of IAM's own: only * and ? are special (fnmatch would also treat [ ] as a set).
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, value, flags=re.DOTALL) is not None


def _covers(statement: dict, key: str, not_key: str, value: str, *, case_sensitive: bool) -> bool:
    if key in statement:
        return any(_wildcard_match(p, value, case_sensitive=case_sensitive) for p in _as_list(statement[key]))
    if not_key in statement:
        return not any(_wildcard_match(p, value, case_sensitive=case_sensitive) for p in _as_list(statement[not_key]))
    return False


def _statements(policy) -> list[dict]:
    statements = policy.get("Statement", []) if isinstance(policy, dict) else []
    statements = [statements] if isinstance(statements, dict) else statements
    return [s for s in statements if isinstance(s, dict)] if isinstance(statements, list) else []


def policy_decision(policies, *, action: str, resource: str = "*") -> str:
    """What identity-based ``policies`` (a list of policy documents) decide for ``action`` (for
    example ``ec2:DescribeVpcs``) on ``resource``: ALLOWED, EXPLICIT_DENY or IMPLICIT_DENY."""
    allowed = False
    for policy in policies:
        for statement in _statements(policy):
            effect = statement.get("Effect")
            matches = _covers(statement, "Action", "NotAction", action, case_sensitive=False) and (
                _covers(statement, "Resource", "NotResource", resource, case_sensitive=True)
            )
            if not matches:
                continue
            if effect == "Deny":
                return EXPLICIT_DENY
            if effect == "Allow" and "Condition" not in statement:
                allowed = True
    return ALLOWED if allowed else IMPLICIT_DENY


def denial_message(*, principal_arn: str, action: str, decision: str) -> str:
    """The sentence AWS gives for a refused action, naming who, what and why."""
    why = (
        "with an explicit deny in an identity-based policy"
        if decision == EXPLICIT_DENY
        else f"because no identity-based policy allows the {action} action"
    )
    return f"User: {principal_arn} is not authorized to perform: {action} {why}"
