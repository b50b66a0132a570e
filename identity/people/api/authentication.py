"""``Authorization: Bearer <PAT>``: a personal access token as the REST API's credential (the same
tokens as the AWS-compatible API). Named in ``settings.REST_FRAMEWORK`` by dotted path."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from identity.people.selectors import access_token_user


class PersonalAccessTokenAuthentication(authentication.BaseAuthentication):
    """A valid, unexpired token of an active person authenticates as that person; any other bearer
    token is a 401 (never a fall-back to the session)."""

    keyword = "bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        scheme, _, secret = header.partition(" ")
        if scheme.lower() != self.keyword:
            return None
        secret = secret.strip()
        if not secret or len(secret) > 200:
            raise exceptions.AuthenticationFailed("Send a personal access token as Authorization: Bearer <token>.")
        user = access_token_user(secret)
        if user is None:
            raise exceptions.AuthenticationFailed(
                "The personal access token is not valid: it may have expired or been deleted. Create a new one "
                "in My settings → Personal access tokens."
            )
        return user, None

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class PersonalAccessTokenScheme(OpenApiAuthenticationExtension):
    """The bearer scheme in the OpenAPI document (and Swagger UI's Authorize dialog)."""

    target_class = PersonalAccessTokenAuthentication
    name = "personalAccessToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal access token from My settings → Personal access tokens.",
        }
