"""The generative AI endpoints of the REST API (``endpoints.urlpatterns``, collected by
``catalyst_admin.api``)."""
