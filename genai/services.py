"""Writes and rules on generative AI (seed 000, "Enabling or disabling generative AI features for a
space"): the space's setting, with its Region rule and what disabling does, and Amazon Q requests
with their roles, quotas and lifecycle. This emulator runs no language model: a request is
completed by a Celery task after an emulated duration, and its result says so."""

from datetime import timedelta

from celery import signature
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from billing import services as billing_services
from billing.catalogue import catalogue
from catalyst_admin.actors import SYSTEM
from catalyst_admin.errors import DomainError
from genai import selectors
from genai.models import SUBJECT_MAX_LENGTH, AmazonQRequest, GenaiSetting
from spaces import permissions
from spaces.activity import activity_record
from spaces.models import Region

GENAI_RESOURCE = "genai_units"
COMPLETE_TASK = "genai.tasks.amazon_q_request_complete"


def _locked_setting(space) -> GenaiSetting:
    """The space's setting row, created off if it is missing, locked until the transaction ends."""
    GenaiSetting.objects.get_or_create(space=space)
    return GenaiSetting.objects.select_for_update().get(space=space)


@transaction.atomic
def genai_setting_change(*, space, enabled: bool, by) -> int:
    """Turn "Projects in this space can access generative AI features" on or off.

    On: only in US West (Oregon). Off: every request in progress in the space is stopped for good,
    in this transaction ("The work cannot be restarted even if you immediately re-enable the
    generative AI features"). The setting row is locked first, so two quick toggles apply one
    change and one stop; the second is told the setting already is what it asks. Returns how many
    requests were stopped."""
    permissions.require(by, "genai.manage", space=space)
    setting = _locked_setting(space)
    if enabled and space.region != Region.US_WEST_2:
        raise DomainError(
            "Generative AI features are only available in the US West (Oregon) Region. "
            f"{space.name} is in {Region(space.region).label}, so they cannot be turned on for it.",
            field="enabled",
        )
    if setting.enabled == bool(enabled):
        state = "on" if enabled else "off"
        raise DomainError(f"Generative AI features are already {state} for {space.name}.", field="enabled")
    now = timezone.now()
    setting.enabled = bool(enabled)
    setting.changed_at = now
    setting.changed_by = by
    setting.save(update_fields=["enabled", "changed_at", "changed_by"])
    stopped = 0
    if not enabled:
        stopped = AmazonQRequest.objects.filter(space=space, status=AmazonQRequest.Status.IN_PROGRESS).update(
            status=AmazonQRequest.Status.STOPPED,
            finished_at=now,
            result=(
                f"Stopped: generative AI features were turned off for {space.name} by {by.display_name}. "
                "Stopped work cannot be restarted, even after the features are turned on again."
            ),
        )
    activity_record(
        space=space,
        event_name="UpdateGenerativeAISetting",
        description=(
            "Turned on generative AI features for all projects"
            if enabled
            else f"Turned off generative AI features for all projects; stopped {stopped} request"
            f"{'' if stopped == 1 else 's'} in progress"
        ),
        user=by,
    )
    return stopped


def _feature(key: str, space):
    feature = catalogue().genai_features.get(key or "")
    if feature is None:
        names = ", ".join(f.label for f in catalogue().genai_features.values())
        raise DomainError(f"Choose one of the generative AI features: {names}.", field="feature")
    return feature


def _clean_subject(subject: str, feature) -> str:
    subject = " ".join((subject or "").split())
    if not subject:
        raise DomainError(f"Enter the {feature.subject.lower()} for Amazon Q to work on.", field="subject")
    if len(subject) > SUBJECT_MAX_LENGTH:
        raise DomainError(
            f"The {feature.subject.lower()} can have at most {SUBJECT_MAX_LENGTH} characters; "
            f"this one has {len(subject):,}.",
            field="subject",
        )
    return subject


@transaction.atomic
def amazon_q_request_start(*, project, feature: str, subject: str, by) -> AmazonQRequest:
    """Ask Amazon Q for ``feature`` on ``subject`` in ``project``: only while the space's setting is
    on, with the project role the role matrix names for the feature, on a tier that offers it, and
    within the person's Generative AI quota this billing period (billing refuses past it with
    :class:`billing.services.QuotaExceeded`, the API's ServiceQuotaExceeded, 402). The units are
    written to the usage ledger; the worker completes the request after ``GENAI_REQUEST_SECONDS``."""
    space = project.space
    chosen = _feature(feature, space)
    permissions.require(by, f"genai.{chosen.key}", space=space, project=project)
    setting = _locked_setting(space)
    if not setting.enabled:
        raise DomainError(selectors.why_off(space))
    tier = selectors.tier_of(space)
    if chosen.key not in tier.genai_features:
        raise DomainError(
            f"{chosen.label} is not offered on the {tier.name} tier. A Space administrator can change the "
            "billing tier in Settings, Billing.",
            field="feature",
        )
    subject = _clean_subject(subject, chosen)
    now = timezone.now()
    usage = billing_services.usage_record(
        space=space, resource=GENAI_RESOURCE, quantity=chosen.units, by=SYSTEM, project=project, user=by, at=now
    )
    request = AmazonQRequest.objects.create(
        space=space,
        project=project,
        feature=chosen.key,
        subject=subject,
        requested_by=by,
        units=chosen.units,
        usage=usage,
        started_at=now,
        completes_at=now + timedelta(seconds=settings.GENAI_REQUEST_SECONDS),
    )
    activity_record(
        space=space,
        project=project,
        event_name="StartAmazonQRequest",
        description=f"{chosen.label}: {subject}",
        user=by,
    )
    _complete_later(request)
    return request


def _complete_later(request: AmazonQRequest) -> None:
    # By name: the task module imports this one.
    task = signature(COMPLETE_TASK, kwargs={"request_id": request.pk})
    countdown = max((request.completes_at - timezone.now()).total_seconds(), 0)
    transaction.on_commit(lambda: task.apply_async(countdown=countdown))


@transaction.atomic
def amazon_q_request_run_again(*, request: AmazonQRequest, by) -> AmazonQRequest:
    """ "Run again": a new request for the same feature and subject (with all the rules of a start).
    A stopped request is never restarted, even after the setting is turned on again (seed)."""
    permissions.require(by, "project.view", space=request.space, project=request.project)
    if request.status == AmazonQRequest.Status.STOPPED:
        raise DomainError(
            "This request was stopped when generative AI features were turned off for the space. "
            "Stopped work cannot be restarted, even if the features are turned on again: start a new request."
        )
    if request.status == AmazonQRequest.Status.IN_PROGRESS:
        raise DomainError("This request is still in progress. Wait for it to complete before running it again.")
    return amazon_q_request_start(project=request.project, feature=request.feature, subject=request.subject, by=by)


@transaction.atomic
def amazon_q_request_complete(*, request_id: int) -> bool:
    """The emulated work is done (the worker's task): an in-progress request becomes Completed with
    a result that says plainly no model ran. A request that was stopped, completed or deleted
    meanwhile is left as it is. Returns whether it completed now."""
    request = (
        AmazonQRequest.objects.select_for_update()
        .select_related("project", "space")
        .filter(pk=request_id, status=AmazonQRequest.Status.IN_PROGRESS)
        .first()
    )
    if request is None:
        return False
    feature = catalogue().genai_features.get(request.feature)
    label = feature.label if feature else request.feature
    request.status = AmazonQRequest.Status.COMPLETED
    request.finished_at = timezone.now()
    request.result = (
        f"Completed. This emulator does not run Amazon Q: {label} on “{request.subject}” produced no issue, "
        "task, pull request, description or summary. The request, its status and the units it used of the "
        "Generative AI quota are what CodeCatalyst would record."
    )
    request.save(update_fields=["status", "finished_at", "result"])
    activity_record(
        space=request.space,
        project=request.project,
        event_name="CompleteAmazonQRequest",
        description=f"{label}: {request.subject}",
    )
    return True


def genai_space_forget(*, space) -> None:
    """A space is being deleted (``space_teardown``): its setting and requests go with it."""
    AmazonQRequest.objects.filter(space=space).delete()
    GenaiSetting.objects.filter(space=space).delete()
