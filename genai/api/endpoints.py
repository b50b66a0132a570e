"""Settings → Generative AI and a project's Amazon Q page as endpoints, through the same services
and selectors as the pages (``genai.views``): the space's setting (Space administrators), the
space's usage this billing period (Space administrators), and in a project the features the caller
may start, the requests, one request, a start and a Run again (whoever may open the project, each
feature with the role the role matrix names for it). The caller's own usage in every space is
``me/generative-ai/usage/`` (My settings, "Generative AI feature usage")."""

from django.urls import path
from rest_framework import serializers, status
from rest_framework.response import Response

from catalyst_admin.rest import CatalystApi, StrictSerializer, documented, page_of
from genai import selectors, services
from genai.models import SUBJECT_MAX_LENGTH, AmazonQRequest
from spaces import permissions
from spaces import selectors as space_selectors
from spaces.rest import PersonOutput, SpaceApi

UNITS = {"max_digits": 20, "decimal_places": 2, "coerce_to_string": False}


# The space's setting ---------------------------------------------------------------------------------


class GenaiSettingOutput(serializers.Serializer):
    enabled = serializers.BooleanField(help_text="Projects in this space can access generative AI features.")
    region_allows = serializers.BooleanField(
        help_text="Generative AI features are only available in the US West (Oregon) Region."
    )
    why_off = serializers.CharField(allow_blank=True, help_text="Why nobody can start a request now (empty when on).")
    changed_at = serializers.DateTimeField(allow_null=True)
    changed_by = serializers.CharField(allow_null=True)
    in_progress = serializers.IntegerField(help_text="Requests in progress: turning the features off stops them.")


class GenaiSettingChangedOutput(GenaiSettingOutput):
    stopped = serializers.IntegerField(help_text="Requests in progress that this change stopped (for good).")


class GenaiSettingInput(StrictSerializer):
    enabled = serializers.BooleanField(
        help_text="true to turn the features on (US West (Oregon) only); false to turn them off, which stops "
        "every request in progress in the space for good."
    )


class GenaiSpaceApi(SpaceApi):
    # Settings → Generative AI: Space administrators only (genai.manage).

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        permissions.require(request.user, "genai.manage", space=self.space)


def _setting(space) -> dict:
    setting = selectors.setting_of(space)
    enabled = bool(setting and setting.enabled)
    return {
        "enabled": enabled,
        "region_allows": selectors.region_allows(space),
        "why_off": "" if enabled else selectors.why_off(space),
        "changed_at": setting.changed_at if setting else None,
        "changed_by": setting.changed_by.display_name if setting and setting.changed_by else None,
        "in_progress": space.amazon_q_requests.filter(status=AmazonQRequest.Status.IN_PROGRESS).count(),
    }


class GenaiSettingApi(GenaiSpaceApi):
    @documented(
        "The space's generative AI setting (Space administrators)",
        responses={200: GenaiSettingOutput},
        errors=(403, 404),
    )
    def get(self, request, space_name):
        return Response(GenaiSettingOutput(_setting(self.space)).data)

    @documented(
        "Turn generative AI features on or off for all projects of the space (Space administrators; off stops "
        "every request in progress, for good)",
        request=GenaiSettingInput,
        responses={200: GenaiSettingChangedOutput},
        errors=(403, 404),
    )
    def put(self, request, space_name):
        data = GenaiSettingInput(data=request.data)
        data.is_valid(raise_exception=True)
        stopped = services.genai_setting_change(
            space=self.space, enabled=data.validated_data["enabled"], by=request.user
        )
        return Response(GenaiSettingChangedOutput({**_setting(self.space), "stopped": stopped}).data)


# Usage -------------------------------------------------------------------------------------------------


class GenaiFeatureUsageOutput(serializers.Serializer):
    label = serializers.CharField()
    used = serializers.DecimalField(**UNITS)
    requests = serializers.IntegerField()


class GenaiPersonLineOutput(serializers.Serializer):
    name = serializers.CharField()
    used = serializers.DecimalField(**UNITS)
    quota = serializers.IntegerField(help_text="Each person's Generative AI units this billing period.")
    requests = serializers.IntegerField()
    percent = serializers.IntegerField()
    state = serializers.ChoiceField(choices=["ok", "warning", "maximum"])


class GenaiSpaceUsageOutput(serializers.Serializer):
    period = serializers.DateField(help_text="The first day of this billing period.")
    resets_on = serializers.DateField()
    quota = serializers.IntegerField(help_text="Each person's Generative AI units this billing period.")
    total = serializers.DecimalField(**UNITS)
    features = GenaiFeatureUsageOutput(many=True)
    people = GenaiPersonLineOutput(many=True)


class GenaiUsageApi(GenaiSpaceApi):
    @documented(
        "The space's generative AI usage this billing period, per feature and per person (Space administrators)",
        responses={200: GenaiSpaceUsageOutput},
        errors=(403, 404),
    )
    def get(self, request, space_name):
        return Response(GenaiSpaceUsageOutput(selectors.space_usage(request.user, self.space)).data)


class GenaiUsageLineOutput(serializers.Serializer):
    label = serializers.CharField()
    used = serializers.DecimalField(**UNITS)
    quota = serializers.IntegerField()
    requests = serializers.IntegerField()
    percent = serializers.IntegerField()
    remaining = serializers.DecimalField(**UNITS)
    state = serializers.ChoiceField(choices=["ok", "warning", "maximum"])


class GenaiPersonUsageOutput(serializers.Serializer):
    space = serializers.CharField(source="space.name")
    enabled = serializers.BooleanField()
    total = GenaiUsageLineOutput(help_text="Units used this billing period against your quota in the space.")
    features = GenaiUsageLineOutput(many=True)
    resets_on = serializers.DateField()


class MyGenaiUsageOutput(serializers.Serializer):
    spaces = GenaiPersonUsageOutput(many=True)


class MyGenaiUsageApi(CatalystApi):
    @documented(
        "Your generative AI usage this billing period in each space you belong to (My settings)",
        responses={200: MyGenaiUsageOutput},
    )
    def get(self, request):
        return Response(MyGenaiUsageOutput({"spaces": selectors.my_usage(request.user)}).data)


# A project's Amazon Q ------------------------------------------------------------------------------------


class ProjectGenaiApi(SpaceApi):
    # Under a project's amazon-q/: self.project is a project the caller may open (else 404 or 403).

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.project = space_selectors.project_for(request.user, self.space, kwargs["project_name"])


class AmazonQFeatureOutput(serializers.Serializer):
    key = serializers.CharField(source="feature.key")
    label = serializers.CharField(source="feature.label")
    subject = serializers.CharField(source="feature.subject", help_text="What the subject names.")
    units = serializers.IntegerField(source="feature.units", help_text="Units of your quota one request uses.")
    allowed = serializers.BooleanField(help_text="Whether you may start it here (role and tier).")
    reason = serializers.CharField(allow_blank=True, help_text="Why not, when not allowed.")


class AmazonQOutput(serializers.Serializer):
    enabled = serializers.BooleanField(help_text="The space's setting.")
    why_off = serializers.CharField(allow_blank=True)
    features = AmazonQFeatureOutput(many=True)
    usage = GenaiPersonUsageOutput(help_text="Your usage in this space this billing period.")


class AmazonQFeaturesApi(ProjectGenaiApi):
    @documented(
        "Amazon Q in a project: whether it is on, the features you may start and your usage against your quota",
        responses={200: AmazonQOutput},
        errors=(403, 404),
    )
    def get(self, request, space_name, project_name):
        return Response(
            AmazonQOutput(
                {
                    "enabled": (enabled := selectors.genai_enabled(self.space)),
                    "why_off": "" if enabled else selectors.why_off(self.space),
                    "features": selectors.feature_choices(request.user, self.project),
                    "usage": selectors.person_usage(self.space, request.user),
                }
            ).data
        )


class AmazonQRequestOutput(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    feature = serializers.CharField()
    label = serializers.SerializerMethodField()
    subject = serializers.CharField()
    status = serializers.ChoiceField(choices=AmazonQRequest.Status.choices)
    requested_by = PersonOutput(allow_null=True)
    units = serializers.IntegerField()
    started_at = serializers.DateTimeField()
    completes_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    result = serializers.CharField(allow_blank=True)

    def get_label(self, item) -> str:
        return selectors.feature_label(item.feature)


class AmazonQRequestInput(StrictSerializer):
    # The feature is one of the tier catalogue's (read when the serializer is made, so the schema's
    # enum is the catalogue in use); the subject's rules (not blank, at most 200 characters) are the
    # service's, with its wording.

    feature = serializers.ChoiceField(choices=[])
    subject = serializers.CharField(
        allow_blank=True,
        trim_whitespace=False,
        help_text=f"The issue title or pull request name Amazon Q works on, up to {SUBJECT_MAX_LENGTH} characters.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        features = selectors.features()
        field = self.fields["feature"]
        field.choices = [(f.key, f.label) for f in features]
        field.error_messages["invalid_choice"] = (
            "Choose one of the generative AI features: " + ", ".join(f.key for f in features) + "."
        )


class AmazonQRequestListApi(ProjectGenaiApi):
    cursor_ordering = ("-started_at", "-id")

    @documented(
        "A project's Amazon Q requests, newest first", responses={200: page_of(AmazonQRequestOutput)}, errors=(403, 404)
    )
    def get(self, request, space_name, project_name):
        return self.paginated(selectors.requests_of(request.user, self.project), AmazonQRequestOutput)

    @documented(
        "Ask Amazon Q for a feature on a subject (the feature's project role, the space's setting on, the tier, "
        "and your Generative AI quota this billing period: 402 past it)",
        request=AmazonQRequestInput,
        responses={201: AmazonQRequestOutput},
        errors=(402, 403, 404),
    )
    def post(self, request, space_name, project_name):
        data = AmazonQRequestInput(data=request.data)
        data.is_valid(raise_exception=True)
        started = services.amazon_q_request_start(project=self.project, by=request.user, **data.validated_data)
        return Response(AmazonQRequestOutput(started).data, status=status.HTTP_201_CREATED)


class AmazonQRequestApi(ProjectGenaiApi):
    @documented("One Amazon Q request of a project", responses={200: AmazonQRequestOutput}, errors=(403, 404))
    def get(self, request, space_name, project_name, request_id):
        return Response(AmazonQRequestOutput(selectors.request_for(request.user, self.project, request_id)).data)


class AmazonQRunAgainApi(ProjectGenaiApi):
    @documented(
        "Run again: a new request for the same feature and subject (not for one in progress or stopped)",
        request=None,
        responses={201: AmazonQRequestOutput},
        errors=(400, 402, 403, 404),
    )
    def post(self, request, space_name, project_name, request_id):
        item = selectors.request_for(request.user, self.project, request_id)
        started = services.amazon_q_request_run_again(request=item, by=request.user)
        return Response(AmazonQRequestOutput(started).data, status=status.HTTP_201_CREATED)


S = "spaces/<str:space_name>/"
Q = S + "projects/<str:project_name>/amazon-q/"

urlpatterns = [
    path(S + "generative-ai/", GenaiSettingApi.as_view(), name="genai"),
    path(S + "generative-ai/usage/", GenaiUsageApi.as_view(), name="genai-usage"),
    path("me/generative-ai/usage/", MyGenaiUsageApi.as_view(), name="my-genai-usage"),
    path(Q, AmazonQFeaturesApi.as_view(), name="amazon-q"),
    path(Q + "requests/", AmazonQRequestListApi.as_view(), name="amazon-q-requests"),
    path(Q + "requests/<int:request_id>/", AmazonQRequestApi.as_view(), name="amazon-q-request"),
    path(Q + "requests/<int:request_id>/run-again/", AmazonQRunAgainApi.as_view(), name="amazon-q-run-again"),
]
