"""The shell every space page shares: the person's spaces and role read once, the navigation the
role shows, and nothing carried over from an earlier request or from before a membership changed."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from spaces import permissions, selectors
from spaces.roles import SpaceRole
from tests.factories import InvitationFactory, SpaceFactory, SpaceMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

CAST = ("admin", "power", "contributor", "outsider")
ROLE_OF = {"admin": "space_admin", "power": "power_user", "contributor": "limited_access"}


@pytest.mark.parametrize("who", CAST)
def test_the_layouts_permissions_are_what_the_role_matrix_answers(space, other_space, cast, who):
    user = cast[who]
    assert permissions.space_perms(ROLE_OF.get(who)) == {
        action.replace(".", "_"): permissions.can(user, action, space=space) for action in permissions.SPACE_ACTIONS
    }


def test_the_layouts_permissions_are_a_copy_the_page_cannot_change_for_the_next(space):
    permissions.space_perms("power_user")["space_edit"] = True
    assert permissions.space_perms("power_user")["space_edit"] is False


def _sidenav(response) -> list[tuple[str, str, bool]]:
    """(label, href, is current) of each link of the space navigation."""
    nav = re.search(r'<nav class="sidenav".*?</nav>', response.content.decode(), re.S).group(0)
    return [
        (label, href, bool(current))
        for href, current, label in re.findall(r'<a href="([^"]+)"( aria-current="page")?>([^<]+)</a>', nav)
    ]


def test_an_administrator_sees_every_link_and_the_page_they_are_on_marked(client_for, space, admin):
    response = client_for(admin).get(reverse("spaces:members", args=["acme"]))
    assert _sidenav(response) == [
        ("Overview", "/spaces/acme/", False),
        ("Projects", "/spaces/acme/projects/", False),
        ("Members", "/spaces/acme/members/", True),
        ("Teams", "/spaces/acme/teams/", False),
        ("Activity", "/spaces/acme/activity/", False),
        ("General", "/spaces/acme/settings/", False),
        ("SSO", "/spaces/acme/settings/sso/", False),
        ("AWS accounts", "/spaces/acme/settings/aws-accounts/", False),
        ("VPC connections", "/spaces/acme/settings/vpc-connections/", False),
        ("Billing", "/spaces/acme/settings/billing/", False),
        ("Generative AI", "/spaces/acme/settings/generative-ai/", False),
    ]


def test_limited_access_sees_only_the_links_of_their_role(client_for, space, contributor):
    response = client_for(contributor).get(reverse("spaces:settings", args=["acme"]))
    assert [(label, current) for label, _, current in _sidenav(response)] == [
        ("Overview", False),
        ("Projects", False),
        ("Members", False),
        ("Teams", False),
        ("General", True),
    ]


def test_a_refusal_inside_a_space_keeps_its_navigation_with_no_page_marked(client_for, space, contributor):
    response = client_for(contributor).get(reverse("spaces:activity", args=["acme"]))
    assert response.status_code == 403
    links = _sidenav(response)
    assert [label for label, _, _ in links] == ["Overview", "Projects", "Members", "Teams", "General"]
    assert not any(current for _, _, current in links)


def test_a_role_change_shows_in_the_navigation_on_the_next_request(client_for, space, power):
    client = client_for(power)
    url = reverse("spaces:overview", args=["acme"])
    assert "Billing" not in [label for label, _, _ in _sidenav(client.get(url))]
    space.memberships.filter(user=power).update(role=SpaceRole.SPACE_ADMINISTRATOR)
    assert "Billing" in [label for label, _, _ in _sidenav(client.get(url))]


def test_a_removed_member_loses_the_space_and_its_switcher_entry_on_the_next_request(client_for, space, power):
    SpaceMembershipFactory(space=SpaceFactory(name="zeta"), user=power)
    client = client_for(power)
    assert client.get(reverse("spaces:overview", args=["acme"])).status_code == 200
    space.memberships.filter(user=power).delete()
    assert client.get(reverse("spaces:overview", args=["acme"])).status_code == 404
    switcher = client.get(reverse("spaces:overview", args=["zeta"])).content.decode()
    assert 'href="/spaces/zeta/"' in switcher
    assert 'href="/spaces/acme/"' not in switcher


def test_a_space_page_reads_the_persons_spaces_and_role_in_one_query(client_for, space, admin):
    SpaceMembershipFactory(space=SpaceFactory(name="zeta"), user=admin, role=SpaceRole.POWER_USER)
    InvitationFactory(space=SpaceFactory(name="omega"), email=admin.email)
    client = client_for(admin)
    url = reverse("spaces:settings", args=["acme"])
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    membership_reads = [q["sql"] for q in ctx.captured_queries if "spaces_spacemembership" in q["sql"]]
    assert len(membership_reads) == 1, membership_reads
    # …and the switcher still lists both spaces, the page's own marked.
    assert '<a href="/spaces/acme/" class="current" aria-current="true">acme</a>' in response.content.decode()
    assert '<a href="/spaces/zeta/">zeta</a>' in response.content.decode()


def test_forgetting_roles_also_forgets_the_shells_spaces(space, power):
    assert [s.name for s in selectors.console_spaces(power)] == ["acme"]
    SpaceMembershipFactory(space=SpaceFactory(name="zeta"), user=power, role=SpaceRole.SPACE_ADMINISTRATOR)
    assert [s.name for s in selectors.console_spaces(power)] == ["acme"]  # read once per request
    permissions.forget_roles(power)
    spaces = selectors.console_spaces(power)
    assert [(s.name, s.my_role) for s in spaces] == [("acme", "power_user"), ("zeta", "space_admin")]
    assert permissions.can(power, "billing.manage", space=spaces[1]) is True


def test_the_shells_space_is_one_the_person_belongs_to(space, other_space, power, outsider):
    from django.http import Http404

    assert selectors.console_space_for(power, "acme").my_role == "power_user"
    with pytest.raises(Http404):
        selectors.console_space_for(power, "globex")
    with pytest.raises(Http404):
        selectors.console_space_for(power, "ACME")


def test_the_shells_spaces_are_the_spaces_visible_to_the_person_with_their_roles(space, other_space, power):
    from django.utils import timezone

    SpaceMembershipFactory(space=SpaceFactory(name="beta"), user=power, role=SpaceRole.SPACE_ADMINISTRATOR)
    SpaceMembershipFactory(space=SpaceFactory(name="zeta"), user=power, role=SpaceRole.LIMITED_ACCESS)
    SpaceMembershipFactory(space=SpaceFactory(name="gone", deleted_at=timezone.now()), user=power)
    SpaceMembershipFactory(space=other_space, user=SpaceFactory().created_by)

    def rows(spaces):
        return [({f.attname: getattr(s, f.attname) for f in s._meta.concrete_fields}, s.my_role) for s in spaces]

    assert rows(selectors.console_spaces(power)) == rows(selectors.spaces_visible_to(power))
    assert [s.name for s in selectors.console_spaces(power)] == ["acme", "beta", "zeta"]


def test_the_invitation_badge_counts_what_the_invitations_list_lists(space, admin, power):
    from django.utils import timezone

    from spaces.models import Invitation

    now = timezone.now()
    InvitationFactory(space=SpaceFactory(), email=admin.email)
    InvitationFactory(space=SpaceFactory(), email=admin.email.upper())  # the same address
    InvitationFactory(space=SpaceFactory(), email=admin.email, expires_at=now - timezone.timedelta(seconds=1))
    InvitationFactory(space=SpaceFactory(), email=admin.email, status=Invitation.Status.ACCEPTED)
    InvitationFactory(space=SpaceFactory(deleted_at=now), email=admin.email)
    InvitationFactory(space=SpaceFactory(), email=power.email)
    underscore = UserFactory(email="a_b@example.com")
    InvitationFactory(space=SpaceFactory(), email="A_B@example.com")
    InvitationFactory(space=SpaceFactory(), email="axb@example.com")  # "_" is no wildcard

    assert selectors.invitation_count_for(admin) == selectors.invitations_for(admin).count() == 2
    assert selectors.invitation_count_for(power) == selectors.invitations_for(power).count() == 1
    assert selectors.invitation_count_for(underscore) == selectors.invitations_for(underscore).count() == 1
    admin.email_verified_at = None  # an address not proven theirs answers no invitation
    assert selectors.invitation_count_for(admin) == selectors.invitations_for(admin).count() == 0


def test_the_layout_shows_the_invitation_count(client_for, space, admin):
    InvitationFactory(space=SpaceFactory(), email=admin.email)
    InvitationFactory(space=SpaceFactory(), email=admin.email)
    response = client_for(admin).get(reverse("spaces:overview", args=["acme"]))
    assert '<a href="/spaces/#invitations" class="badge pending">2 invitations</a>' in response.content.decode()
