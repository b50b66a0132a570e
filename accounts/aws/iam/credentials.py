"""Requests signed with an IAM user's access key: who signed them.

An access key resolves to its IAM user and the user's account; only an active key's secret is ever
decrypted, and only to verify a signature (``accounts.aws.sigv4``).
"""

from dataclasses import dataclass

from django.utils import timezone

from accounts.aws.console.models import AwsAccount
from accounts.aws.iam import selectors
from accounts.aws.iam.models import AccessKey, IamUser
from accounts.aws.sigv4 import SignedBy, sigv4_verify
from catalyst_admin.secrets import secret_decrypt


@dataclass(frozen=True)
class Caller:
    """The verified signer of a request: the access key, its user and account, and the Region the
    request was signed for."""

    key: AccessKey
    user: IamUser
    account: AwsAccount
    signed: SignedBy

    @property
    def region(self) -> str:
        return self.signed.region


def request_caller(request) -> Caller:
    """The IAM user who signed ``request`` (a Django request) with Signature Version 4.

    Raises ``accounts.aws.sigv4.SignatureError`` for an unsigned request, a wrong signature, an
    unknown or deactivated access key, or a request dated more than 15 minutes off.
    """
    found: dict[str, AccessKey] = {}

    def secret_for(access_key_id: str) -> str | None:
        key = selectors.access_key_by_id(access_key_id)
        if key is None or not key.is_active:
            return None
        found["key"] = key
        return secret_decrypt(key.secret_encrypted)

    signed = sigv4_verify(
        method=request.method,
        path=request.path,
        query_string=request.META.get("QUERY_STRING", ""),
        meta=request.META,
        body=request.body,
        secret_for=secret_for,
    )
    key = found["key"]
    AccessKey.objects.filter(pk=key.pk).update(last_used_at=timezone.now())
    return Caller(key=key, user=key.user, account=key.user.account, signed=signed)
