from django import forms


class ScheduleForm(forms.Form):
    """A sync schedule: every N minutes, or a cron expression in a time zone."""

    kind = forms.ChoiceField(
        label="Schedule type",
        choices=[("interval", "Every N minutes"), ("cron", "Cron expression")],
        widget=forms.RadioSelect,
    )
    every_minutes = forms.IntegerField(label="Interval in minutes", required=False, min_value=1, max_value=1440)
    cron = forms.CharField(
        label="Cron expression",
        required=False,
        help_text="Five fields: minute hour day-of-month month day-of-week, e.g. */30 * * * * or 0 6 * * 1-5.",
    )
    timezone = forms.CharField(label="Time zone", required=False, initial="UTC", help_text="e.g. UTC or Europe/Dublin.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Which fields matter depends on the schedule type; the service says what is missing.
        self.fields["every_minutes"].required_when = "Every N minutes"
        for name in ("cron", "timezone"):
            self.fields[name].required_when = "Cron expression"
