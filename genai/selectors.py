"""Reads on generative AI, already scoped: the space's setting, a project's Amazon Q requests, the
features a person may start there, the space's usage this billing period (for its administrators)
and a person's usage against their quota in each space they belong to (My settings)."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Sum
from django.http import Http404

from billing import selectors as billing
from billing.catalogue import GenaiFeature, catalogue
from billing.models import SpaceBilling, UsageRecord
from catalyst_admin import rows
from genai.models import AmazonQRequest, GenaiSetting
from spaces import permissions
from spaces.models import Region, Space, SpaceMembership

RESOURCE = "genai_units"

tier_of = billing.tier_of
next_period_start = billing.next_period_start
period_start = billing.period_start


def genai_enabled(space) -> bool:
    return GenaiSetting.objects.filter(space=space, enabled=True).exists()


def setting_of(space) -> GenaiSetting | None:
    return GenaiSetting.objects.filter(space=space).select_related("changed_by").first()


@dataclass(frozen=True)
class SettingsPage:
    """What Settings → Generative AI shows of a space besides its usage, read together."""

    setting: GenaiSetting | None
    in_progress: int
    quota: int


def _settings_page_sql() -> str:
    # setting_of(space); space.amazon_q_requests.filter(status="in_progress").count();
    # the billing record's tier, for billing.person_quota(space, RESOURCE).
    user = GenaiSetting._meta.get_field("changed_by").related_model
    request = AmazonQRequest._meta.get_field
    return (
        f"SELECT {rows.columns(GenaiSetting, 'g')}, {rows.columns(user, 'u')}, "
        f"(SELECT COUNT(*) FROM {AmazonQRequest._meta.db_table} r "
        f"WHERE r.{request('space').column} = s.id AND r.{request('status').column} = %s), "
        f"b.{SpaceBilling._meta.get_field('tier').column} "
        f"FROM {Space._meta.db_table} s "
        f"LEFT OUTER JOIN {GenaiSetting._meta.db_table} g ON g.{GenaiSetting._meta.get_field('space').column} = s.id "
        f"LEFT OUTER JOIN {user._meta.db_table} u ON u.id = g.{GenaiSetting._meta.get_field('changed_by').column} "
        f"LEFT OUTER JOIN {SpaceBilling._meta.db_table} b ON b.{SpaceBilling._meta.get_field('space').column} = s.id "
        f"WHERE s.id = %s"
    )


def settings_page_of(space) -> SettingsPage:
    """The space's setting (with who changed it), its requests in progress and each person's quota,
    in one plain-SQL query (``catalyst_admin.rows``), each as the read named beside it in the SQL."""
    row = rows.fetch(_settings_page_sql(), [AmazonQRequest.Status.IN_PROGRESS, space.pk])[0]
    setting, start = rows.from_row(GenaiSetting, row, 0)
    changed_by, start = rows.from_row(GenaiSetting._meta.get_field("changed_by").related_model, row, start)
    in_progress, tier = row[start:]
    if setting is not None:
        GenaiSetting._meta.get_field("changed_by").set_cached_value(setting, changed_by)
    return SettingsPage(setting, in_progress, billing.person_quota_on(tier, RESOURCE) or 0)


def region_allows(space) -> bool:
    """ "Generative AI features are only available in the US West (Oregon) Region." """
    return space.region == Region.US_WEST_2


def why_off(space) -> str:
    """Why nobody can start a request in ``space`` now, and who can change that."""
    if not region_allows(space):
        return (
            "Generative AI features are only available in the US West (Oregon) Region, and "
            f"{space.name} is in {Region(space.region).label}."
        )
    return (
        f"Generative AI features are turned off for {space.name}. A Space administrator can turn them on in "
        "Settings, Generative AI (Projects in this space can access generative AI features)."
    )


def features() -> list[GenaiFeature]:
    return list(catalogue().genai_features.values())


def feature_label(key: str) -> str:
    feature = catalogue().genai_features.get(key)
    return feature.label if feature else key


@dataclass(frozen=True)
class FeatureChoice:
    """A feature on a project's Amazon Q page: whether this person may start it, and if not why."""

    feature: GenaiFeature
    allowed: bool
    reason: str


def feature_choices(user, project) -> list[FeatureChoice]:
    """The features ``user`` may start in ``project`` as the role matrix and the tier say (the
    space's setting is shown apart)."""
    tier = tier_of(project.space)
    choices = []
    for feature in features():
        action = f"genai.{feature.key}"
        if feature.key not in tier.genai_features:
            choices.append(FeatureChoice(feature, False, f"not offered on the {tier.name} tier"))
        elif not permissions.can(user, action, space=project.space, project=project):
            roles = permissions.roles_for(action)
            named = roles[0] if len(roles) == 1 else ", ".join(roles[:-1]) + " or " + roles[-1]
            choices.append(FeatureChoice(feature, False, f"needs the {named} role"))
        else:
            choices.append(FeatureChoice(feature, True, ""))
    return choices


def requests_of(user, project):
    """The project's Amazon Q requests, newest first, for someone who may open the project."""
    permissions.require(user, "project.view", space=project.space, project=project)
    return project.amazon_q_requests.select_related("requested_by").order_by("-started_at", "-id")


def request_for(user, project, request_id) -> AmazonQRequest:
    """One request of ``project``; a request of another project or space is a 404."""
    request = requests_of(user, project).filter(pk=request_id).first()
    if request is None:
        raise Http404("No Amazon Q request with that ID in this project.")
    return request


# Usage --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UsageLine:
    """One bar: units used against a quota."""

    label: str
    used: Decimal
    quota: int
    requests: int = 0

    @property
    def percent(self) -> int:
        if self.quota <= 0:
            return 100 if self.used > 0 else 0
        return int(self.used * 100 / self.quota)

    @property
    def state(self) -> str:
        """``ok``; ``warning`` from 80 %; ``maximum`` at or past 100 %."""
        if self.percent >= 100:
            return "maximum"
        return "warning" if self.percent >= 80 else "ok"

    @property
    def remaining(self) -> Decimal:
        return max(Decimal(self.quota) - self.used, Decimal(0))


@dataclass(frozen=True)
class PersonUsage:
    """A person's generative AI usage in one space this billing period."""

    space: Space
    enabled: bool
    total: UsageLine
    features: list[UsageLine]
    resets_on: date


def _by_feature(requests) -> dict[str, dict]:
    """Feature key -> its ``units`` and request ``count``, in one query."""
    return {
        row["feature"]: row
        for row in requests.values("feature").annotate(units=Sum("usage__quantity"), count=Count("id"))
    }


def _feature_lines(by_feature: dict[str, dict], quota: int) -> list[UsageLine]:
    return [
        UsageLine(
            f.label,
            by_feature.get(f.key, {}).get("units") or Decimal(0),
            quota,
            by_feature.get(f.key, {}).get("count", 0),
        )
        for f in features()
    ]


def person_usage(space, user, *, day: date | None = None) -> PersonUsage:
    """``user``'s usage in ``space`` this billing period: the total from the usage ledger (what the
    quota counts) and each feature's share, each against the person's quota."""
    requests = AmazonQRequest.objects.filter(space=space, requested_by=user, usage__period=period_start(day))
    return _person_usage(
        space,
        quota=billing.person_quota(space, RESOURCE) or 0,
        used=billing.person_usage(space, user=user, resource=RESOURCE, day=day),
        by_feature=_by_feature(requests),
        enabled=genai_enabled(space),
        day=day,
    )


def _person_usage(space, *, quota: int, used: Decimal, by_feature: dict, enabled: bool, day) -> PersonUsage:
    # Every request is of one feature: their counts add up to all.
    return PersonUsage(
        space=space,
        enabled=enabled,
        total=UsageLine("All features", used, quota, sum(row["count"] for row in by_feature.values())),
        features=_feature_lines(by_feature, quota),
        resets_on=next_period_start(day),
    )


def _my_spaces_sql() -> str:
    # Space.objects.filter(memberships__user=user).order_by("name"), with each space's billing tier
    # (billing.person_quotas), whether generative AI is on (GenaiSetting … enabled=True) and the
    # person's total in the usage ledger (billing.person_usages) beside it.
    usage = UsageRecord._meta.get_field
    return (
        f"SELECT {rows.columns(Space, 's')}, b.{SpaceBilling._meta.get_field('tier').column}, "
        f"g.{GenaiSetting._meta.get_field('enabled').column}, "
        f"(SELECT SUM(u.{usage('quantity').column}) FROM {UsageRecord._meta.db_table} u "
        f"WHERE u.{usage('space').column} = s.id AND u.{usage('user').column} = %s "
        f"AND u.{usage('resource').column} = %s AND u.{usage('period').column} = %s) "
        f"FROM {Space._meta.db_table} s "
        f"INNER JOIN {SpaceMembership._meta.db_table} m ON m.{SpaceMembership._meta.get_field('space').column} = s.id "
        f"LEFT OUTER JOIN {SpaceBilling._meta.db_table} b ON b.{SpaceBilling._meta.get_field('space').column} = s.id "
        f"LEFT OUTER JOIN {GenaiSetting._meta.db_table} g ON g.{GenaiSetting._meta.get_field('space').column} = s.id "
        f"WHERE m.{SpaceMembership._meta.get_field('user').column} = %s AND s.deleted_at IS NULL ORDER BY s.name"
    )


def _my_requests_sql(spaces: int) -> str:
    # AmazonQRequest.objects.filter(space__in=spaces, requested_by=user, usage__period=period)
    #     .values("space", "feature").annotate(units=Sum("usage__quantity"), count=Count("id"))
    request, usage = AmazonQRequest._meta.get_field, UsageRecord._meta.get_field
    return (
        f"SELECT r.{request('space').column}, r.{request('feature').column}, "
        f"SUM(u.{usage('quantity').column}), COUNT(r.id) "
        f"FROM {AmazonQRequest._meta.db_table} r "
        f"INNER JOIN {UsageRecord._meta.db_table} u ON u.id = r.{request('usage').column} "
        f"WHERE r.{request('space').column} IN ({', '.join(['%s'] * spaces)}) "
        f"AND r.{request('requested_by').column} = %s AND u.{usage('period').column} = %s "
        f"GROUP BY r.{request('space').column}, r.{request('feature').column}"
    )


def my_usage(user, *, day: date | None = None) -> list[PersonUsage]:
    """My settings, "Generative AI feature usage": one block per live space ``user`` belongs to, as
    :func:`person_usage` computes it, in the same two queries for any number of spaces, in plain SQL
    (``catalyst_admin.rows``): the page reads them on every visit. (The page shell has read the same
    spaces, but ``spaces.selectors`` imports ``identity.people``, whose page calls this: reading them
    from there would close an import cycle.)"""
    if not getattr(user, "is_authenticated", False):
        return []
    period = period_start(day)
    found = rows.fetch(_my_spaces_sql(), [user.pk, RESOURCE, period, user.pk])
    if not found:
        return []
    spaces = []
    for row in found:
        space, start = rows.from_row(Space, row, 0)
        tier, enabled, used = row[start:]
        spaces.append((space, tier, bool(enabled), billing.ledger_sum(used)))
    by_space = defaultdict(dict)
    ids = [space.pk for space, *_ in spaces]
    for space_id, feature, units, count in rows.fetch(_my_requests_sql(len(ids)), [*ids, user.pk, period]):
        by_space[space_id][feature] = {"units": billing.ledger_sum(units), "count": count}
    return [
        _person_usage(
            space,
            quota=billing.person_quota_on(tier, RESOURCE) or 0,
            used=used,
            by_feature=by_space[space.pk],
            enabled=enabled,
            day=day,
        )
        for space, tier, enabled, used in spaces
    ]


@dataclass(frozen=True)
class PersonLine:
    name: str
    used: Decimal
    quota: int
    requests: int

    @property
    def percent(self) -> int:
        return UsageLine("", self.used, self.quota).percent

    @property
    def state(self) -> str:
        return UsageLine("", self.used, self.quota).state


def _space_requests_from() -> str:
    # AmazonQRequest.objects.filter(space=space, usage__period=period)
    request, usage = AmazonQRequest._meta.get_field, UsageRecord._meta.get_field
    return (
        f"FROM {AmazonQRequest._meta.db_table} r "
        f"INNER JOIN {UsageRecord._meta.db_table} q ON q.id = r.{request('usage').column} "
        f"WHERE r.{request('space').column} = %s AND q.{usage('period').column} = %s"
    )


def _space_people_sql() -> str:
    # … .values("requested_by", "requested_by__name", "requested_by__username")
    #     .annotate(units=Sum("usage__quantity"), count=Count("id")).order_by("-units", "requested_by__name")
    user = AmazonQRequest._meta.get_field("requested_by").related_model
    by = AmazonQRequest._meta.get_field("requested_by").column
    quantity = UsageRecord._meta.get_field("quantity").column
    from_ = _space_requests_from().replace(
        " WHERE ", f" LEFT OUTER JOIN {user._meta.db_table} u ON u.id = r.{by} WHERE ", 1
    )
    name, username = user._meta.get_field("name").column, user._meta.get_field("username").column
    return (
        f"SELECT u.{name}, u.{username}, SUM(q.{quantity}), COUNT(r.id) {from_} "
        f"GROUP BY r.{by}, u.{name}, u.{username} ORDER BY SUM(q.{quantity}) DESC, u.{name} ASC"
    )


def _space_features_sql() -> str:
    # … .values("feature").annotate(units=Sum("usage__quantity"), count=Count("id")) (_by_feature)
    feature = AmazonQRequest._meta.get_field("feature").column
    quantity = UsageRecord._meta.get_field("quantity").column
    return f"SELECT r.{feature}, SUM(q.{quantity}), COUNT(r.id) {_space_requests_from()} GROUP BY r.{feature}"


def space_usage(user, space, *, day: date | None = None, quota: int | None = None) -> dict:
    """The space's usage this billing period per feature and per person (Space administrators), each
    against ``quota`` (a person's, read here unless the page has it already)."""
    permissions.require(user, "genai.manage", space=space)
    period = period_start(day)
    quota = (billing.person_quota(space, RESOURCE) or 0) if quota is None else quota
    people = [
        {"name": name, "username": username, "units": billing.ledger_sum(units), "count": count}
        for name, username, units, count in rows.fetch(_space_people_sql(), [space.pk, period])
    ]
    by_feature = {
        feature: {"units": billing.ledger_sum(units), "count": count}
        for feature, units, count in rows.fetch(_space_features_sql(), [space.pk, period])
    }
    return {
        "features": [
            {"label": line.label, "used": line.used, "requests": line.requests}
            for line in _feature_lines(by_feature, quota)
        ],
        "people": [
            PersonLine(
                row["name"] or row["username"] or "A former member",
                row["units"],
                quota,
                row["count"],
            )
            for row in people
        ],
        # Every request is of one feature: the features' units add up to the whole period's.
        "total": sum((row["units"] or Decimal(0) for row in by_feature.values()), Decimal(0)),
        "quota": quota,
        "resets_on": next_period_start(day),
        "period": period,
    }
