"""IAM policy documents: the one parser every page that takes a policy uses, and what a trust
policy lets assume a role."""

import json

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
