"""``/api/v1/me/…``: the caller's profile, personal access tokens and notification preferences,
through the same services as My settings."""

from django.urls import path
from rest_framework import serializers, status
from rest_framework.response import Response

from catalyst_admin.rest import CatalystApi, StrictSerializer, documented, page_of
from identity.people import selectors, services
from identity.people.models import NotificationPreference


class ProfileOutput(serializers.Serializer):
    username = serializers.CharField()
    name = serializers.CharField()
    nickname = serializers.CharField()
    alias = serializers.CharField(allow_null=True)
    email = serializers.CharField()
    kind = serializers.CharField()
    display_name = serializers.CharField()


class ProfileInput(StrictSerializer):
    name = serializers.CharField(max_length=200, allow_blank=True)
    nickname = serializers.CharField(max_length=100, allow_blank=True, required=False, default="")


class MeApi(CatalystApi):
    @documented("Your profile", responses={200: ProfileOutput})
    def get(self, request):
        return Response(ProfileOutput(request.user).data)

    @documented("Change your name and nickname", request=ProfileInput, responses={200: ProfileOutput})
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
        return Response({**TokenOutput(token).data, "secret": secret}, status=status.HTTP_201_CREATED)


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


urlpatterns = [
    path("me/", MeApi.as_view(), name="me"),
    path("me/access-tokens/", AccessTokenListApi.as_view(), name="access-tokens"),
    path("me/access-tokens/<int:token_id>/", AccessTokenApi.as_view(), name="access-token"),
    path("me/notification-preferences/", NotificationPreferencesApi.as_view(), name="notification-preferences"),
]
