"""Writing the activity log. Every service that changes something calls :func:`activity_record`."""

from django.utils import timezone

from catalyst_admin.request_context import current_source
from spaces.models import ActivityEvent, ActivityFacet


def activity_record(
    *,
    space,
    event_name: str,
    description: str = "",
    user=None,
    aws_account_id: str = "",
    project=None,
    read_only: bool = False,
) -> ActivityEvent:
    """Record who did what to ``space``; source IP and user agent come from the current request."""
    source = current_source()
    if user is not None:
        actor_name = user.display_name
    elif aws_account_id:
        actor_name = f"AWS account {aws_account_id}"
    else:
        actor_name = "CodeCatalyst"
    event = ActivityEvent.objects.create(
        space=space,
        project=project,
        project_name=project.name if project else "",
        event_name=event_name,
        description=description[:300],
        actor_user=user,
        actor_aws_account_id=aws_account_id,
        actor_name=actor_name,
        created_at=timezone.now(),
        source_ip=source.source_ip,
        user_agent=source.user_agent,
        read_only=read_only,
    )
    if space is not None:
        facet_record(space=space, events=[event])
    return event


def facet_record(*, space, events) -> None:
    """Offer the event names of ``events`` in the activity page's filter (each once: a name
    already offered is left alone)."""
    names = {e.event_name for e in events}
    ActivityFacet.objects.bulk_create(
        [ActivityFacet(space=space, kind=ActivityFacet.Kind.EVENT, value=name) for name in names], ignore_conflicts=True
    )
