"""Input of the Billing pages. The rules live in the services."""

from django import forms

MAX_TEAM_MEMBERS = 10_000


class TeamSizeForm(forms.Form):
    """The Enterprise calculator's "Number of team members"."""

    members = forms.IntegerField(
        label="Number of team members",
        min_value=1,
        max_value=MAX_TEAM_MEMBERS,
        help_text=f"1 to {MAX_TEAM_MEMBERS:,} people, to see what the Enterprise tier includes for them.",
        error_messages={
            "invalid": "Enter a whole number of team members, such as 10.",
            "min_value": "Enter at least 1 team member.",
            "max_value": f"Enter at most {MAX_TEAM_MEMBERS:,} team members.",
            "required": "Enter a number of team members.",
        },
    )


class BillingAccountForm(forms.Form):
    """ "Change AWS billing account"."""

    connection = forms.ChoiceField(label="Choose from AWS accounts already associated with your space")

    def __init__(self, *args, connections, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["connection"].choices = [("", "Choose an AWS account")] + [
            (str(c.connection_id), f"{c.display_name} ({c.aws_account_id})") for c in connections
        ]


class UsageForm(forms.Form):
    """Record usage of a resource (operations)."""

    space = forms.CharField(label="Space name", max_length=63)
    resource = forms.ChoiceField(label="Resource")
    quantity = forms.CharField(
        label="Quantity", max_length=20, help_text="In the resource's unit: minutes, hours, GB or units."
    )

    def __init__(self, *args, resources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resource"].choices = [(key, f"{r.label} ({r.unit})") for key, r in resources.items()]
