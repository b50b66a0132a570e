"""The REST API of spaces (``/api/v1/spaces/…``): spaces, projects and their members, members and
invitations, teams and the activity log. Thin: each endpoint parses, calls the service or selector
the page calls, and renders."""
