"""The roles of CodeCatalyst: one per person in a space, one per person in a project (seed 002,
"Roles"). What each may do is the matrix in ``spaces.permissions``."""

from django.db import models


class SpaceRole(models.TextChoices):
    SPACE_ADMINISTRATOR = "space_admin", "Space administrator"
    POWER_USER = "power_user", "Power user"
    LIMITED_ACCESS = "limited_access", "Limited access"


class ProjectRole(models.TextChoices):
    PROJECT_ADMINISTRATOR = "project_admin", "Project administrator"
    CONTRIBUTOR = "contributor", "Contributor"
    REVIEWER = "reviewer", "Reviewer"
    READ_ONLY = "read_only", "Read only"
