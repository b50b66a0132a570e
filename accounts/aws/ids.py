"""AWS account IDs: twelve digits, shown by the console as 4444-5555-6666."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator

from catalyst_admin.errors import DomainError

ACCOUNT_ID_VALIDATOR = RegexValidator(r"^\d{12}$", "An AWS account ID is exactly twelve digits.")


def format_account_id(account_id: str) -> str:
    """An account ID the way the AWS console shows it: 4444-5555-6666."""
    return f"{account_id[:4]}-{account_id[4:8]}-{account_id[8:]}"


def validate_account_id(value: str) -> str:
    """``value`` as an account ID, or a DomainError saying how to write one."""
    value = (value or "").strip()
    try:
        ACCOUNT_ID_VALIDATOR(value)
    except ValidationError:
        raise DomainError(
            "Enter the twelve-digit AWS account ID, digits only (for example 111122223333).",
            field="aws_account_id",
        ) from None
    return value
