"""Project-restricted connections (seed 000, "Enabling or disabling project-restricted account
connections") and the selectors the workflow and VPC pages rely on."""

import pytest
from django.urls import reverse

from accounts.connections import selectors, services
from accounts.connections.models import AccountConnection
from catalyst_admin.errors import DomainError, Forbidden
from spaces.models import ActivityEvent
from spaces.roles import ProjectRole
from tests.connections.conftest import banners, snapshot
from tests.factories import ProjectFactory, ProjectMembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(space, power):
    """A project the Power user is a member of (``project``, web-app, is one they are not)."""
    api = ProjectFactory(space=space, name="api")
    ProjectMembershipFactory(project=api, user=power, role=ProjectRole.CONTRIBUTOR)
    return api


def _enable(connection, projects, by):
    return services.connection_project_access_enable(connection=connection, projects=projects, by=by)


def _allowed(connection):
    return set(connection.project_access.values_list("project__name", flat=True))


def test_enabling_restricts_the_connection_to_the_chosen_projects(verified, project, api, admin):
    added = _enable(verified, [project], admin)
    verified.refresh_from_db()
    assert verified.project_restricted and added == [project]
    assert _allowed(verified) == {"web-app"}
    assert ActivityEvent.objects.filter(event_name="EnableProjectRestrictions").count() == 1
    assert ActivityEvent.objects.get(event_name="EnableProjectAccessToConnection").project == project


def test_enabling_more_projects_later_adds_them(verified, project, api, admin):
    _enable(verified, [project], admin)
    _enable(verified, [api, project], admin)
    assert _allowed(verified) == {"web-app", "api"}
    assert ActivityEvent.objects.filter(event_name="EnableProjectRestrictions").count() == 1


def test_disabling_one_project_keeps_the_others(verified, project, api, admin):
    _enable(verified, [project, api], admin)
    services.connection_project_access_disable(connection=verified, project=api, by=admin)
    assert _allowed(verified) == {"web-app"}
    assert ActivityEvent.objects.get(event_name="DisableProjectAccessToConnection").project == api


def test_disabling_project_restrictions_opens_the_account_to_every_project(verified, project, api, admin):
    _enable(verified, [project], admin)
    services.connection_restrictions_disable(connection=verified, by=admin)
    verified.refresh_from_db()
    assert not verified.project_restricted and _allowed(verified) == set()
    assert ActivityEvent.objects.filter(event_name="DisableProjectRestrictions").exists()


def test_choosing_no_project_is_refused(verified, admin):
    before = snapshot()
    with pytest.raises(DomainError, match="at least one project"):
        _enable(verified, [], admin)
    assert snapshot() == before


def test_a_project_of_another_space_is_refused(verified, other_space, admin):
    stranger = ProjectFactory(space=other_space, name="elsewhere")
    before = snapshot()
    with pytest.raises(DomainError, match="not a project of acme"):
        _enable(verified, [stranger], admin)
    assert snapshot() == before


def test_a_power_user_enables_projects_they_are_a_member_of(verified, api, power):
    _enable(verified, [api], power)
    assert _allowed(verified) == {"api"}


def test_a_power_user_may_not_restrict_a_project_they_are_not_in(verified, project, api, power):
    before = snapshot()
    with pytest.raises(Forbidden, match="not a member of web-app"):
        _enable(verified, [api, project], power)
    assert snapshot() == before


def test_a_power_user_may_not_disable_a_project_they_are_not_in(verified, project, admin, power):
    _enable(verified, [project], admin)
    before = snapshot()
    with pytest.raises(Forbidden, match="not a member of web-app"):
        services.connection_project_access_disable(connection=verified, project=project, by=power)
    assert snapshot() == before


def test_a_power_user_may_disable_project_restrictions(verified, project, admin, power):
    # Seed 000: "With the Power user role, you can enable or disable project restrictions for an account".
    _enable(verified, [project], admin)
    services.connection_restrictions_disable(connection=verified, by=power)
    assert not AccountConnection.objects.get(pk=verified.pk).project_restricted


@pytest.mark.parametrize("who", ["contributor", "outsider"])
def test_others_may_not_configure_restrictions(verified, project, admin, cast, who):
    with pytest.raises(Forbidden):
        _enable(verified, [project], cast[who])
    _enable(verified, [project], admin)
    before = snapshot()
    with pytest.raises(Forbidden):
        services.connection_project_access_disable(connection=verified, project=project, by=cast[who])
    with pytest.raises(Forbidden):
        services.connection_restrictions_disable(connection=verified, by=cast[who])
    assert snapshot() == before


def test_disabling_restrictions_that_are_not_enabled_is_refused(verified, admin):
    with pytest.raises(DomainError, match="not enabled"):
        services.connection_restrictions_disable(connection=verified, by=admin)


# Selectors --------------------------------------------------------------------------------------------


def test_a_restricted_connection_is_offered_only_to_the_allowed_projects(verified, project, api, admin, space):
    open_connection = AccountConnection.objects.create(
        space=space, aws_account_id="123456789012", display_name="open", status="verified"
    )
    AccountConnection.objects.create(space=space, aws_account_id="210987654321", display_name="waiting")
    _enable(verified, [project], admin)
    assert list(selectors.connections_available_to_project(project)) == [verified, open_connection]
    assert list(selectors.connections_available_to_project(api)) == [open_connection]
    newcomer = ProjectFactory(space=space, name="newcomer")
    assert list(selectors.connections_available_to_project(newcomer)) == [open_connection]


def test_a_restricted_connection_is_never_a_default_vpc_connections_account(verified, project, admin, space):
    assert list(selectors.connections_for_default_vpc(space)) == [verified]
    _enable(verified, [project], admin)
    assert list(selectors.connections_for_default_vpc(space)) == []
    services.connection_restrictions_disable(connection=verified, by=admin)
    assert list(selectors.connections_for_default_vpc(space)) == [verified]


def test_pending_connections_are_offered_to_nobody(pending, project, space):
    assert not selectors.connections_available_to_project(project).exists()
    assert not selectors.connections_for_default_vpc(space).exists()


# The pages ---------------------------------------------------------------------------------------------


def _urls(connection, project=None):
    args = [connection.space.name, connection.connection_id]
    return {
        "enable": reverse("spaces:aws_account_restrict", args=args),
        "disable_all": reverse("spaces:aws_account_unrestrict", args=args),
        "disable": reverse("spaces:aws_account_project_disable", args=[*args, project.pk]) if project else None,
        "detail": reverse("spaces:aws_account", args=args),
    }


def test_the_enable_page_lets_an_admin_choose_any_project(cc, verified, project, api, admin):
    client = cc(admin)
    html = client.get(_urls(verified)["enable"]).content.decode()
    assert "Enable project restrictions" in html and "Only specified projects will be able to access" in html
    assert "web-app" in html and "api" in html
    response = client.post(_urls(verified)["enable"], {"projects": [project.pk]})
    assert response.status_code == 302
    page = client.get(response.url)
    assert any("restricted to chosen projects" in text for text in banners(page, "success"))
    html = page.content.decode()
    assert "Disable project restrictions" in html and "Disable web-app" in html


def test_the_enable_page_offers_a_power_user_only_their_projects(cc, verified, project, api, power):
    client = cc(power)
    html = client.get(_urls(verified)["enable"]).content.decode()
    assert "api" in html and "web-app" not in html
    response = client.post(_urls(verified)["enable"], {"projects": [project.pk]})
    assert response.status_code == 200  # not a choice offered to them: a form error, nothing written
    assert not AccountConnection.objects.get(pk=verified.pk).project_restricted


def test_the_detail_page_offers_disable_only_for_projects_the_power_user_is_in(
    cc, verified, project, api, admin, power
):
    _enable(verified, [project, api], admin)
    html = cc(power).get(_urls(verified)["detail"]).content.decode()
    assert "Disable api" in html and "Disable web-app" not in html


def test_a_forged_disable_by_a_power_user_not_in_the_project_is_a_403(cc, verified, project, admin, power):
    _enable(verified, [project], admin)
    response = cc(power).post(_urls(verified, project)["disable"])
    assert response.status_code == 403
    assert "not a member of web-app" in response.content.decode()
    assert _allowed(verified) == {"web-app"}


def test_disable_and_disable_project_restrictions_buttons(cc, verified, project, api, admin):
    _enable(verified, [project, api], admin)
    client = cc(admin)
    client.post(_urls(verified, api)["disable"])
    assert _allowed(verified) == {"web-app"}
    response = client.post(_urls(verified)["disable_all"])
    assert any("Project restrictions disabled." in text for text in banners(client.get(response.url), "success"))
    assert not AccountConnection.objects.get(pk=verified.pk).project_restricted


@pytest.mark.parametrize("who,status", [("contributor", 403), ("outsider", 404)])
def test_the_restriction_pages_are_refused_to_others(cc, verified, project, admin, cast, who, status):
    _enable(verified, [project], admin)
    client = cc(cast[who])
    urls = _urls(verified, project)
    assert client.get(urls["enable"]).status_code == status
    assert client.post(urls["disable"]).status_code == status
    assert client.post(urls["disable_all"]).status_code == status
    assert _allowed(verified) == {"web-app"}


def test_disable_by_get_is_not_allowed(cc, verified, project, admin):
    assert cc(admin).get(_urls(verified, project)["disable"]).status_code == 405
