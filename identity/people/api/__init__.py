"""The REST API of CodeCatalyst people: bearer authentication by personal access token, and the
caller's own tokens, profile and notification preferences (``/api/v1/me/…``)."""
