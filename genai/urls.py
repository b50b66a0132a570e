"""Settings → Generative AI and a project's Amazon Q page (``codecatalyst_patterns``, mounted by
``spaces.urls`` in the ``spaces`` namespace)."""

from django.urls import path

from genai import views

S = "spaces/<str:space_name>/"
Q = S + "projects/<str:project_name>/amazon-q/"

codecatalyst_patterns = [
    path(S + "settings/generative-ai/", views.genai_settings, name="genai"),
    path(Q, views.amazon_q, name="amazon_q"),
    path(Q + "<int:request_id>/", views.amazon_q_request, name="amazon_q_request"),
    path(Q + "<int:request_id>/run-again/", views.amazon_q_run_again, name="amazon_q_run_again"),
]
