from django import forms

from genai.models import SUBJECT_MAX_LENGTH


class GenaiSettingForm(forms.Form):
    enabled = forms.BooleanField(label="Projects in this space can access generative AI features", required=False)


class AmazonQStartForm(forms.Form):
    """The feature and subject go to the service as typed: it is the one place that checks them."""

    feature = forms.CharField(
        label="Feature", widget=forms.Select(), error_messages={"required": "Choose a generative AI feature."}
    )
    subject = forms.CharField(
        label="Subject",
        error_messages={"required": "Enter the issue title or pull request name for Amazon Q to work on."},
        strip=True,
        help_text=f"The issue title or pull request name Amazon Q works on, up to {SUBJECT_MAX_LENGTH} characters.",
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["feature"].widget.choices = [
            (c.feature.key, c.feature.label + ("" if c.allowed else f" ({c.reason})")) for c in choices
        ]
