"""What the AWS CLI, the SDKs and the AWS Toolkits need to reach this console's codecatalyst API
(My settings → AWS CLI and SDKs): the environment variables, and an ``sso_session`` profile with its
SSO-cache file, the layout botocore's SSO token provider reads. Only text: the server writes
nothing into anyone's home directory."""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime, time

REGION = "us-west-2"


@dataclass(frozen=True)
class Endpoint:
    """This console's HTTPS listener as a client reaches it."""

    host: str
    tls_port: int
    ca_bundle: str

    @property
    def url(self) -> str:
        return f"https://{self.host}:{self.tls_port}/aws-api/codecatalyst"


def endpoint_for(request_host: str, *, tls_port: int, ca_bundle) -> Endpoint:
    """The endpoint on the host the person reached this page by (without the page's port)."""
    host = request_host
    if host.startswith("["):
        host = host[: host.index("]") + 1]
    elif ":" in host:
        host = host.rsplit(":", 1)[0]
    return Endpoint(host=host, tls_port=tls_port, ca_bundle=str(ca_bundle))


def console_endpoint(request_host: str) -> Endpoint:
    """This console's endpoint as the settings describe its HTTPS listener (``TLS_PORT``, the CA
    bundle in ``TLS_DIR``), on the host the person reached it by."""
    from django.conf import settings

    return endpoint_for(request_host, tls_port=settings.TLS_PORT, ca_bundle=(settings.TLS_DIR / "cert.pem").resolve())


def environment_lines(endpoint: Endpoint, token: str = "<your personal access token>") -> list[str]:
    return [
        f"export AWS_ENDPOINT_URL_CODECATALYST={endpoint.url}",
        f"export AWS_CA_BUNDLE={endpoint.ca_bundle}",
        f"export AWS_BEARER_TOKEN_CODECATALYST={token}",
        f"export AWS_REGION={REGION}",
    ]


@dataclass(frozen=True)
class ProfileFiles:
    config_path: str
    config: str
    cache_path: str
    cache: str


def sso_profile_files(endpoint: Endpoint, *, profile: str, secret: str, expires_on) -> ProfileFiles:
    """``~/.aws/config`` (a profile with an ``sso_session``, the codecatalyst endpoint and the CA bundle)
    and ``~/.aws/sso/cache/<sha1 of the session name>.json`` holding the token. Without a
    refreshToken, botocore never tries to refresh it: it is used until it expires."""
    session = profile
    start_url = f"https://{endpoint.host}:{endpoint.tls_port}/"
    config = "\n".join(
        [
            f"[profile {profile}]",
            f"sso_session = {session}",
            f"region = {REGION}",
            f"ca_bundle = {endpoint.ca_bundle}",
            f"services = {profile}-services",
            "",
            f"[sso-session {session}]",
            f"sso_region = {REGION}",
            f"sso_start_url = {start_url}",
            "",
            f"[services {profile}-services]",
            "codecatalyst =",
            f"  endpoint_url = {endpoint.url}",
            "",
        ]
    )
    expires_at = datetime.combine(expires_on, time(23, 59, 59), tzinfo=UTC)
    cache = json.dumps(
        {
            "startUrl": start_url,
            "region": REGION,
            "accessToken": secret,
            "expiresAt": expires_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        },
        indent=2,
    )
    cache_name = hashlib.sha1(session.encode()).hexdigest()  # the file name botocore looks for, not a secret
    return ProfileFiles(
        config_path="~/.aws/config",
        config=config,
        cache_path=f"~/.aws/sso/cache/{cache_name}.json",
        cache=cache + "\n",
    )
