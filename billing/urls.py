"""Settings → Billing (``codecatalyst_patterns``, mounted by ``spaces.urls`` in the ``spaces``
namespace) and the operations page that records usage (``urlpatterns``, at ``/ops/usage/``)."""

from django.urls import path

from billing import aws_views, views

S = "spaces/<str:space_name>/settings/billing/"

codecatalyst_patterns = [
    path(S, views.billing_details, name="billing"),
    path(S + "tiers/", views.billing_tiers, name="billing_tiers"),
    path(S + "tiers/cancel/", views.billing_tier_cancel, name="billing_tier_cancel"),
    path(S + "account/", views.billing_account_edit, name="billing_account"),
]

# The AWS console's Billing dashboard, mounted by ``accounts.urls`` in the ``aws`` namespace.
aws_console_patterns = [
    path("billing/", aws_views.billing_dashboard, name="billing_dashboard"),
    path("billing/charges.csv", aws_views.billing_dashboard_csv, name="billing_dashboard_csv"),
]

app_name = "billing"

# /ops/usage/ (namespace ``billing``), for operations staff.
urlpatterns = [
    path("", views.record_usage, name="record_usage"),
]
