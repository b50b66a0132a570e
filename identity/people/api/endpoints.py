"""``/api/v1/me/…``: the caller's profile, personal access tokens, notification preferences and
the AWS CLI profile for a token, through the same services as My settings."""

from django.urls import path
from django.utils.cache import add_never_cache_headers
from rest_framework import serializers, status
from rest_framework.response import Response

from catalyst_admin.errors import DomainError
from catalyst_admin.rest import CatalystApi, StrictSerializer, documented, page_of
from identity.people import aws_setup, selectors, services
from identity.people.models import NotificationPreference


class ProfileOutput(serializers.Serializer):
    username = serializers.CharField()
    name = serializers.CharField()
    nickname = serializers.CharField()
    alias = serializers.CharField(allow_null=True)
    email = serializers.CharField()
    kind = serializers.CharField()
    display_name = serializers.CharField()
    time_zone = serializers.CharField(help_text="Times in the console are shown in this time zone.")


class ProfileInput(StrictSerializer):
    # Each field is optional: one left out stays as it is (an SSO user's name and nickname come from the
    # directory: they may change only the time zone).
    name = serializers.CharField(max_length=200, allow_blank=True, required=False)
    nickname = serializers.CharField(max_length=100, allow_blank=True, required=False)
    time_zone = serializers.CharField(
        max_length=64, required=False, help_text="An IANA time zone, such as Europe/Paris."
    )

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError("Send at least one of name, nickname and time_zone.")
        return attrs


class MeApi(CatalystApi):
    @documented("Your profile", responses={200: ProfileOutput})
    def get(self, request):
        return Response(ProfileOutput(request.user).data)

    @documented(
        "Change your name, nickname and time zone (the fields you send)",
        request=ProfileInput,
        responses={200: ProfileOutput},
    )
    def patch(self, request):
        data = ProfileInput(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.profile_update(user=request.user, **data.validated_data)
        return Response(ProfileOutput(user).data)


class TokenOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    hint = serializers.CharField(help_text="The last characters of the secret, to tell tokens apart.")
    expires_on = serializers.DateField()
    created_at = serializers.DateTimeField()
    is_expired = serializers.BooleanField()


class TokenCreatedOutput(TokenOutput):
    secret = serializers.CharField(help_text="The token itself: shown in this response only, never again.")


class TokenInput(StrictSerializer):
    name = serializers.CharField(max_length=100, allow_blank=True)
    expires_on = serializers.DateField(required=False, allow_null=True, help_text="Default: one year from today.")


class AccessTokenListApi(CatalystApi):
    cursor_ordering = ("expires_on", "pk")

    @documented("List your personal access tokens", responses={200: page_of(TokenOutput)})
    def get(self, request):
        return self.paginated(request.user.access_tokens.all(), TokenOutput)

    @documented(
        "Create a personal access token (its secret is in this response only)",
        request=TokenInput,
        responses={201: TokenCreatedOutput},
        errors=(402,),
    )
    def post(self, request):
        data = TokenInput(data=request.data)
        data.is_valid(raise_exception=True)
        token, secret = services.access_token_create(user=request.user, **data.validated_data)
        response = Response({**TokenOutput(token).data, "secret": secret}, status=status.HTTP_201_CREATED)
        add_never_cache_headers(response)  # the secret is in this response only
        return response


class AccessTokenApi(CatalystApi):
    @documented("Delete one of your personal access tokens", responses={204: None}, errors=(404,))
    def delete(self, request, token_id):
        services.access_token_delete(user=request.user, token_id=token_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PreferenceSerializer(serializers.Serializer):
    event = serializers.ChoiceField(choices=NotificationPreference.Event.choices)
    label = serializers.CharField(read_only=True)
    email = serializers.BooleanField()
    slack = serializers.BooleanField()


class PreferenceInput(StrictSerializer):
    event = serializers.ChoiceField(choices=NotificationPreference.Event.choices)
    email = serializers.BooleanField()
    slack = serializers.BooleanField()


class PreferencesOutput(serializers.Serializer):
    preferences = PreferenceSerializer(many=True)


class PreferencesInput(StrictSerializer):
    preferences = PreferenceInput(many=True, allow_empty=False)


class NotificationPreferencesApi(CatalystApi):
    @documented("Your notification preferences (every event, email and Slack)", responses={200: PreferencesOutput})
    def get(self, request):
        return Response({"preferences": selectors.notification_preferences(request.user)})

    @documented(
        "Change your notification preferences (the events named; others stay as they are)",
        request=PreferencesInput,
        responses={200: PreferencesOutput},
    )
    def put(self, request):
        data = PreferencesInput(data=request.data)
        data.is_valid(raise_exception=True)
        choices = {
            row["event"]: {"email": row["email"], "slack": row["slack"]} for row in data.validated_data["preferences"]
        }
        services.notification_preferences_save(user=request.user, choices=choices)
        return Response({"preferences": selectors.notification_preferences(request.user)})


class AwsProfileInput(StrictSerializer):
    token = serializers.CharField(
        max_length=4000, help_text="The secret of one of your personal access tokens. It is checked, never stored."
    )
    profile = serializers.RegexField(
        r"^[A-Za-z0-9_-]{1,64}$",
        required=False,
        default="codecatalyst",
        help_text="The profile and SSO session name in ~/.aws/config: letters, digits, hyphens, underscores.",
        error_messages={"invalid": "Use 1–64 letters, digits, hyphens or underscores."},
    )


class AwsProfileOutput(serializers.Serializer):
    endpoint_url = serializers.CharField(help_text="This console's codecatalyst API.")
    ca_bundle = serializers.CharField()
    environment = serializers.ListField(
        child=serializers.CharField(), help_text="The environment variables, with the token left for you to fill in."
    )
    config_path = serializers.CharField()
    config = serializers.CharField()
    cache_path = serializers.CharField()
    cache = serializers.CharField(help_text="The SSO-cache file: it holds the token.")


class AwsProfileApi(CatalystApi):
    @documented(
        "The ~/.aws/config profile and SSO-cache file for one of your tokens (My settings → AWS CLI and SDKs; "
        "nothing is stored)",
        request=AwsProfileInput,
        responses={200: AwsProfileOutput},
    )
    def post(self, request):
        data = AwsProfileInput(data=request.data)
        data.is_valid(raise_exception=True)
        secret = data.validated_data["token"].strip()
        token = selectors.access_token_of(request.user, secret)
        if token is None:
            raise DomainError("That is not one of your personal access tokens, or it has expired.", field="token")
        endpoint = aws_setup.console_endpoint(request.get_host())
        files = aws_setup.sso_profile_files(
            endpoint, profile=data.validated_data["profile"], secret=secret, expires_on=token.expires_on
        )
        response = Response(
            AwsProfileOutput(
                {
                    "endpoint_url": endpoint.url,
                    "ca_bundle": endpoint.ca_bundle,
                    "environment": aws_setup.environment_lines(endpoint),
                    "config_path": files.config_path,
                    "config": files.config,
                    "cache_path": files.cache_path,
                    "cache": files.cache,
                }
            ).data
        )
        add_never_cache_headers(response)  # the token is in the cache file
        return response


urlpatterns = [
    path("me/", MeApi.as_view(), name="me"),
    path("me/access-tokens/", AccessTokenListApi.as_view(), name="access-tokens"),
    path("me/access-tokens/<int:token_id>/", AccessTokenApi.as_view(), name="access-token"),
    path("me/notification-preferences/", NotificationPreferencesApi.as_view(), name="notification-preferences"),
    path("me/aws-profile/", AwsProfileApi.as_view(), name="aws-profile"),
]
