"""Billing details, Change tier and Change billing account, through billing's services; and the
operations page that records usage (staff)."""

from django.urls import path
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers, status
from rest_framework.response import Response

from billing import selectors, services
from billing.catalogue import catalogue
from billing.forms import MAX_TEAM_MEMBERS
from billing.models import Tier
from catalyst_admin.errors import NotFound
from catalyst_admin.rest import StaffApi, StrictSerializer, documented
from spaces import permissions
from spaces.rest import SpaceApi


class SubscriptionOutput(serializers.Serializer):
    """As the AWS ``GetSubscription`` operation returns it."""

    subscriptionType = serializers.CharField(help_text="FREE, STANDARD or ENTERPRISE.")  # noqa: N815
    awsAccountName = serializers.CharField()  # noqa: N815
    pendingSubscriptionType = serializers.CharField(required=False)  # noqa: N815
    pendingSubscriptionStartTime = serializers.DateTimeField(required=False)  # noqa: N815


class UsageOutput(serializers.Serializer):
    resource = serializers.CharField(source="resource.key")
    label = serializers.CharField(source="resource.label")
    unit = serializers.CharField(source="resource.unit")
    used = serializers.DecimalField(max_digits=20, decimal_places=2, coerce_to_string=False)
    allowance = serializers.IntegerField()
    percent = serializers.IntegerField()
    state = serializers.ChoiceField(choices=["ok", "warning", "maximum"])


class UsageListOutput(serializers.Serializer):
    period_start = serializers.DateField()
    resources = UsageOutput(many=True)


class BillingOutput(serializers.Serializer):
    subscription = SubscriptionOutput()
    tier = serializers.ChoiceField(choices=Tier.choices)
    billing_account_id = serializers.CharField(allow_null=True)
    billable_users = serializers.IntegerField()
    usage = UsageListOutput()


class TierInput(StrictSerializer):
    tier = serializers.ChoiceField(choices=Tier.choices)


class TierChangeOutput(serializers.Serializer):
    result = serializers.ChoiceField(
        choices=["changed", "pending"], help_text="An upgrade is changed at once; a downgrade pending."
    )
    subscription = SubscriptionOutput()


class BillingAccountInput(StrictSerializer):
    connection_id = serializers.UUIDField(help_text="A verified account connection of this space.")


def _usage(space) -> dict:
    return {"period_start": selectors.period_start(), "resources": selectors.usage_this_period(space)}


class BillingApi(SpaceApi):
    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        permissions.require(request.user, "billing.manage", space=self.space)

    def details(self) -> dict:
        billing = selectors.billing_of(self.space)
        return {
            "subscription": selectors.subscription(self.space),
            "tier": billing.tier if billing else Tier.FREE,
            "billing_account_id": billing.aws_account_id if billing else None,
            "billable_users": selectors.billable_users(self.space),
            "usage": _usage(self.space),
        }


class BillingDetailsApi(BillingApi):
    @documented(
        "Billing details: tier, billing account and this period's usage",
        responses={200: BillingOutput},
        errors=(403, 404),
    )
    def get(self, request, space_name):
        return Response(BillingOutput(self.details()).data)


class BillingUsageApi(BillingApi):
    @documented(
        "This billing period's usage against the tier's allowances", responses={200: UsageListOutput}, errors=(403, 404)
    )
    def get(self, request, space_name):
        return Response(UsageListOutput(_usage(self.space)).data)


class BillingTierApi(BillingApi):
    @documented(
        "Change tier (an upgrade at once, a downgrade at the next billing period)",
        request=TierInput,
        responses={200: TierChangeOutput},
        errors=(403, 404),
    )
    def put(self, request, space_name):
        data = TierInput(data=request.data)
        data.is_valid(raise_exception=True)
        result = services.billing_tier_change(space=self.space, tier=data.validated_data["tier"], by=request.user)
        return Response(TierChangeOutput({"result": result, "subscription": selectors.subscription(self.space)}).data)

    @documented("Cancel a pending downgrade", responses={204: None}, errors=(400, 403, 404))
    def delete(self, request, space_name):
        services.pending_tier_change_cancel(space=self.space, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TierAllowanceOutput(serializers.Serializer):
    resource = serializers.CharField()
    label = serializers.CharField()
    unit = serializers.CharField()
    amount = serializers.IntegerField(help_text="The tier's figure: per space, or per billable user.")
    per = serializers.ChoiceField(choices=["space", "user"])
    total = serializers.IntegerField(help_text="What the space gets each billing period for the members asked about.")


class TierOutput(serializers.Serializer):
    key = serializers.ChoiceField(choices=Tier.choices)
    name = serializers.CharField()
    current = serializers.BooleanField()
    price_per_user = serializers.DecimalField(max_digits=10, decimal_places=2, coerce_to_string=False)
    monthly_price = serializers.DecimalField(max_digits=14, decimal_places=2, coerce_to_string=False)
    halts_at_maximum = serializers.BooleanField(help_text="A resource at its maximum is halted until the next period.")
    allowances = TierAllowanceOutput(many=True)
    genai_features = serializers.ListField(child=serializers.CharField())
    emulator_defaults = serializers.ListField(
        child=serializers.CharField(),
        help_text="Which of this tier's figures are the emulator's own (AWS publishes none).",
    )


class TierListOutput(serializers.Serializer):
    members = serializers.IntegerField(help_text="The number of team members the prices and totals are for.")
    next_period = serializers.DateField(help_text="When a downgrade would take effect.")
    tiers = TierOutput(many=True)


class TierQuery(serializers.Serializer):
    members = serializers.IntegerField(
        min_value=1,
        max_value=MAX_TEAM_MEMBERS,
        required=False,
        error_messages={
            "min_value": f"Enter 1 to {MAX_TEAM_MEMBERS:,} team members.",
            "max_value": f"Enter 1 to {MAX_TEAM_MEMBERS:,} team members.",
            "invalid": f"Enter 1 to {MAX_TEAM_MEMBERS:,} team members.",
        },
    )


class BillingTierListApi(BillingApi):
    @documented(
        "Compare tiers: each tier's price and allowances for the space's billable users, or for ?members=",
        responses={200: TierListOutput},
        errors=(400, 403, 404),
        parameters=[
            OpenApiParameter(
                "members",
                int,
                OpenApiParameter.QUERY,
                description=f"Number of team members, 1 to {MAX_TEAM_MEMBERS:,} (default: the billable users).",
            )
        ],
    )
    def get(self, request, space_name):
        query = TierQuery(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        members = query.validated_data.get("members") or selectors.billable_users(self.space)
        current = selectors.tier_of(self.space)
        resources = catalogue().resources
        tiers = [
            {
                "key": tier.key,
                "name": tier.name,
                "current": tier.key == current.key,
                "price_per_user": tier.price_per_user,
                "monthly_price": tier.monthly_price(members),
                "halts_at_maximum": tier.halts_at_maximum,
                "allowances": [
                    {
                        "resource": key,
                        "label": resources[key].label,
                        "unit": resources[key].unit,
                        "amount": allowance.amount,
                        "per": allowance.per,
                        "total": allowance.total(members),
                    }
                    for key, allowance in tier.allowances.items()
                ],
                "genai_features": list(tier.genai_features),
                "emulator_defaults": tier.emulator_defaults(resources),
            }
            for tier in catalogue().tiers.values()
        ]
        return Response(
            TierListOutput({"members": members, "next_period": selectors.next_period_start(), "tiers": tiers}).data
        )


class BillingAccountApi(BillingApi):
    @documented(
        "Change billing account (to a verified account connection of the space)",
        request=BillingAccountInput,
        responses={200: BillingOutput},
        errors=(402, 403, 404),
    )
    def put(self, request, space_name):
        data = BillingAccountInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.billing_account_change(
            space=self.space, connection_id=data.validated_data["connection_id"], by=request.user
        )
        return Response(BillingOutput(self.details()).data)


class UsageRecordInput(StrictSerializer):
    # The resource is one of the tier catalogue's (read when the serializer is made, as the page's form does).
    space = serializers.CharField(max_length=63, help_text="The space's name.")
    resource = serializers.ChoiceField(choices=[])
    quantity = serializers.CharField(max_length=20, help_text="In the resource's unit: minutes, hours, GB or units.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        resources = catalogue().resources
        field = self.fields["resource"]
        field.choices = [(key, f"{r.label} ({r.unit})") for key, r in resources.items()]
        field.error_messages["invalid_choice"] = f"Choose one of the resources: {', '.join(resources)}."


class UsageRecordOutput(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    space = serializers.CharField(source="space.name")
    resource = serializers.CharField()
    quantity = serializers.DecimalField(max_digits=14, decimal_places=3, coerce_to_string=False)
    period = serializers.DateField(help_text="The first day of the billing period it counts in.")
    recorded_at = serializers.DateTimeField()


class UsageRecordApi(StaffApi):
    @documented(
        "Record usage of a resource the emulator does not run (build compute, Dev Environments, storage) in a "
        "space's ledger (staff; on the Free tier a resource at its maximum is halted: 402)",
        request=UsageRecordInput,
        responses={201: UsageRecordOutput},
        errors=(402, 403, 404),
    )
    def post(self, request):
        data = UsageRecordInput(data=request.data)
        data.is_valid(raise_exception=True)
        space = selectors.space_named(data.validated_data["space"])
        if space is None:
            raise NotFound("No space has that name.")
        record = services.usage_record(
            space=space,
            resource=data.validated_data["resource"],
            quantity=data.validated_data["quantity"],
            by=request.user,
        )
        return Response(UsageRecordOutput(record).data, status=status.HTTP_201_CREATED)


S = "spaces/<str:space_name>/billing/"

urlpatterns = [
    path(S, BillingDetailsApi.as_view(), name="billing"),
    path(S + "usage/", BillingUsageApi.as_view(), name="billing-usage"),
    path(S + "tiers/", BillingTierListApi.as_view(), name="billing-tiers"),
    path(S + "tier/", BillingTierApi.as_view(), name="billing-tier"),
    path(S + "account/", BillingAccountApi.as_view(), name="billing-account"),
    path("ops/usage/", UsageRecordApi.as_view(), name="ops-usage"),
]
