"""Sign-in throttling shared by every sign-in form, on django-axes (see AXES_* in settings).

Django admin's login goes through ``django.contrib.auth.authenticate()``, where axes' backend and
middleware do everything. The console's own forms (AWS Builder ID, the SSO access portal, the AWS
Management Console) check their own kind of identity, so their views use axes the documented way
for custom sign-ins: ask the handler whether the client may try (``is_allowed``), and send Django's
``user_login_failed`` signal with the credentials after a failure, which axes records, logs, and
turns into a lockout at the limit. Each form names its identity with ``username``: whatever the
person typed, normalized, whether or not such a person exists (so a lockout says nothing about
that).

Library and Django only: the emulated AWS side uses this too and imports nothing from CodeCatalyst.
"""

from datetime import datetime

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_cool_off, get_credentials, get_lockout_response
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db.models import Max, Q
from django.shortcuts import render
from django.utils import timezone


def signin_refused(request, *, username: str, sender: str):
    """Before checking a password: the lockout page if this client may not try as ``username``
    now, else None. A try while locked out counts as one more failure (as on /admin/), so the
    cool-off runs from the last one."""
    credentials = get_credentials(username)
    if AxesProxyHandler.is_allowed(request, credentials):
        return None
    user_login_failed.send(sender=sender, credentials=credentials, request=request)
    return get_lockout_response(request, None, credentials)


def signin_failed(request, *, username: str, sender: str):
    """After a failed sign-in as ``username``: record it (axes logs it); the lockout page if it
    reached the failure limit, else None."""
    credentials = get_credentials(username)
    user_login_failed.send(sender=sender, credentials=credentials, request=request)
    if getattr(request, "axes_locked_out", False):
        return get_lockout_response(request, None, credentials)
    return None


def unlocks_at(request, username: str | None) -> datetime | None:
    """When the lockout of this user name or this client address ends: the cool-off after the
    last failure that counts towards it."""
    cool_off = get_cool_off(request)
    if cool_off is None:
        return None
    ip_address = getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR")
    counted = Q(ip_address=ip_address)
    if username:
        counted |= Q(username=username)
    last = AccessAttempt.objects.filter(counted).aggregate(last=Max("attempt_time"))["last"]
    return (last or timezone.now()) + cool_off


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the lockout page in the look of the console the form belongs to
    (the emulated AWS Management Console under /aws/, CodeCatalyst everywhere else)."""
    username = get_client_username(request, credentials) if credentials else None
    until = unlocks_at(request, username)
    minutes = None
    if until is not None:
        minutes = max(1, -(-int((until - timezone.now()).total_seconds()) // 60))
    template = "aws/signin_locked.html" if request.path.startswith("/aws/") else "signin_locked.html"
    context = {"until": until, "minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT}
    return render(request, template, context, status=settings.AXES_HTTP_RESPONSE_CODE)
