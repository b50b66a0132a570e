"""My settings: profile, personal access tokens, notifications."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def my_settings(request):
    return render(request, "identity/settings.html", {})
