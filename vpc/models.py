"""VPC connections (seed 000, "Connecting an Amazon VPC to an Amazon CodeCatalyst space"): the
configuration a workflow or Dev Environment needs to reach a VPC, the space's one default VPC
connection, and the recorded results of the VPC requirements check."""

from django.conf import settings
from django.core.validators import MaxLengthValidator, MinLengthValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower

# The console's name rules, as for spaces and projects (REFERENCE.md: names 3–63
# ``[a-zA-Z0-9]+(?:[-_\.][a-zA-Z0-9]+)*``).
VPC_CONNECTION_NAME_VALIDATORS = [
    MinLengthValidator(3, "A VPC connection name is 3–63 characters."),
    MaxLengthValidator(63, "A VPC connection name is 3–63 characters."),
    RegexValidator(
        r"^[a-zA-Z0-9]+(?:[-_.][a-zA-Z0-9]+)*$",
        "Use letters and digits, joined by single hyphens, underscores or periods.",
    ),
]


class VpcConnection(models.Model):
    """A VPC connection of a space: an account connection, the VPC role CodeCatalyst assumes in that
    account, and the VPC, subnets (one per Availability Zone, private) and security groups (up to
    five) a workflow action or Dev Environment is attached to.

    ``subnet_ids`` and ``security_group_ids`` are JSON lists of EC2 resource IDs, in the order chosen.
    ``is_default``: at most one per space (a partial unique constraint); never on a project-restricted
    account connection (seed 000: it "cannot be set as default"), which the services enforce.
    ``last_check`` is the newest recorded VPC requirements check.
    """

    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="vpc_connections")
    name = models.CharField(max_length=63, validators=VPC_CONNECTION_NAME_VALIDATORS)
    account_connection = models.ForeignKey(
        "accounts.AccountConnection", on_delete=models.PROTECT, related_name="vpc_connections"
    )
    role_arn = models.CharField(max_length=2048)
    region = models.CharField(max_length=20)
    vpc_id = models.CharField(max_length=32)
    subnet_ids = models.JSONField(default=list)
    security_group_ids = models.JSONField(default=list)
    is_default = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    last_check = models.ForeignKey(
        "VpcRequirementsCheck", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            # Seed 000: "Each VPC connection name must be unique per space."
            models.UniqueConstraint("space", Lower("name"), name="vpc_connection_name_unique_in_space"),
            models.UniqueConstraint(
                fields=["space"], condition=models.Q(is_default=True), name="vpc_one_default_per_space"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def role_name(self) -> str:
        return self.role_arn.rsplit("/", 1)[-1]


class VpcRequirementsCheck(models.Model):
    """One run of the VPC requirements check on a VPC connection: who ran it, when, what was
    checked, each requirement's result (``results``: the ``vpc.requirements.Requirement`` fields as
    dicts, in the check's order) and the verdict."""

    class Verdict(models.TextChoices):
        PASSED = "passed", "Passed"
        WARNING = "warning", "Passed with warnings"
        FAILED = "failed", "Failed"

    vpc_connection = models.ForeignKey(VpcConnection, on_delete=models.CASCADE, related_name="checks")
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField()
    role_arn = models.CharField(max_length=2048)
    vpc_id = models.CharField(max_length=32)
    subnet_ids = models.JSONField(default=list)
    security_group_ids = models.JSONField(default=list)
    results = models.JSONField(default=list)
    verdict = models.CharField(max_length=10, choices=Verdict.choices)

    class Meta:
        ordering = ["-checked_at", "-pk"]

    def __str__(self):
        return f"{self.get_verdict_display()} check of {self.vpc_connection} at {self.checked_at:%Y-%m-%d %H:%M}"

    @property
    def counts(self) -> dict[str, int]:
        """How many requirements of each status (``passed``, ``failed``, ``warning``, ``unverifiable``)."""
        found = {"passed": 0, "failed": 0, "warning": 0, "unverifiable": 0}
        for result in self.results:
            found[result["status"]] = found.get(result["status"], 0) + 1
        return found
