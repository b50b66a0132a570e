from django import forms

from genai.models import SUBJECT_MAX_LENGTH


class GenaiSettingForm(forms.Form):
    enabled = forms.BooleanField(label="Projects in this space can access generative AI features", required=False)


class FeatureSelect(forms.Select):
    """The features, with those the person may not start shown but disabled (and why)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.unavailable: set[str] = set()

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value in self.unavailable:
            option["attrs"]["disabled"] = True
        return option


class AmazonQStartForm(forms.Form):
    """The feature and subject go to the service as typed: it is the one place that checks them."""

    feature = forms.CharField(
        label="Feature", widget=FeatureSelect(), error_messages={"required": "Choose a generative AI feature."}
    )
    subject = forms.CharField(
        label="Subject",
        error_messages={"required": "Enter the issue title or pull request name for Amazon Q to work on."},
        strip=True,
        help_text=f"The issue title or pull request name Amazon Q works on, up to {SUBJECT_MAX_LENGTH} characters.",
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        widget = self.fields["feature"].widget
        widget.choices = [(c.feature.key, c.feature.label + ("" if c.allowed else f" ({c.reason})")) for c in choices]
        widget.unavailable = {c.feature.key for c in choices if not c.allowed}
        allowed = [c.feature.key for c in choices if c.allowed]
        if allowed and not self.is_bound:
            self.initial.setdefault("feature", allowed[0])
