"""The five-step wizard "Create a space for identity federation" (seed 000), posted step by step."""

from contextlib import contextmanager

import pytest
from django.db.models import signals
from django.test import Client
from django.utils import timezone

from accounts.aws.identity_center import services as directory
from billing.models import SpaceBilling
from catalyst_admin.actors import SYSTEM
from identity.federation.forms import NOT_IN_GROUPS
from identity.federation.models import IdentityCenterApplication
from spaces.models import (
    ActivityEvent,
    ConnectedGroup,
    Invitation,
    ProjectMembership,
    Space,
    SpaceMembership,
    SsoAdministrator,
)
from tests.factories import SpaceBillingFactory, SpaceFactory
from tests.federation.conftest import HOME, WIZARD, sign_in
from tests.federation.wizard import WizardDriver, errors_of, step_of

pytestmark = pytest.mark.django_db

APP = {"display_name": "Acme", "application_name": "acme-sso", "region": "us-west-2"}


@pytest.fixture
def wizard(aws, store, people):
    driver = WizardDriver(aws)
    driver.start()
    return driver


def ids(people, *names):
    return [people["users"][name].user_id for name in names]


def fill_to_review(wizard, people, *, space=None, groups=None, admins=("li.juan",), app=None):
    assert step_of(wizard.post("application", **(app or APP))) == "space"
    assert step_of(wizard.post("space", **(space or {"choice": "new", "space_name": "acme-fed"}))) == "groups"
    groups = groups if groups is not None else [people["developers"].group_id]
    assert step_of(wizard.post("groups", groups=groups)) == "administrators"
    response = wizard.post("administrators", administrators=ids(people, *admins))
    assert step_of(response) == "review"
    return response


def written():
    return (
        Space.all_objects.count(),
        IdentityCenterApplication.objects.count(),
        ConnectedGroup.objects.count(),
        SsoAdministrator.objects.count(),
        SpaceMembership.objects.count(),
        ActivityEvent.objects.count(),
        SpaceBilling.objects.count(),
    )


# The whole way ---------------------------------------------------------------------------------


def test_the_wizard_creates_a_federated_space_and_says_how_many_members_it_got(wizard, people, management):
    review = fill_to_review(wizard, people)
    html = review.content.decode()
    assert "Step 5: Review and create" in html
    assert "acme-fed" in html and "acme-sso" in html and "Developers" in html and "li.juan" in html
    assert "you will not be able to reuse the space name, even if the space is deleted" in html
    assert ">Create space</button>" in html

    response = wizard.post("review", follow=True)
    assert response.redirect_chain == [(HOME, 302)]
    page = response.content.decode()
    assert "Space acme-fed was created for identity federation with 3 members" in page

    space = Space.objects.get(name="acme-fed")
    assert space.kind == Space.Kind.FEDERATED and space.region == "us-west-2"
    assert space.identity_application.name == "acme-sso"
    assert space.identity_application.display_name == "Acme"
    assert space.billing.aws_account_id == management.account_id
    assert list(space.connected_groups.values_list("display_name", flat=True)) == ["Developers"]
    assert list(space.sso_administrators.values_list("user_name", flat=True)) == ["li.juan"]
    assert space.memberships.count() == 3
    assert IdentityCenterApplication.objects.filter(name="acme-sso").count() == 1


def test_nothing_is_written_before_the_last_step(wizard, people):
    before = written()
    wizard.post("application", **APP)
    assert written() == before
    wizard.post("space", choice="new", space_name="acme-fed")
    assert written() == before
    wizard.post("groups", groups=[people["developers"].group_id])
    assert written() == before
    wizard.post("administrators", administrators=ids(people, "li.juan"))
    assert written() == before
    wizard.back("review", "groups")
    assert written() == before
    wizard.post("groups", groups=[people["developers"].group_id])
    wizard.post("administrators", administrators=ids(people, "li.juan"))
    wizard.post("review")
    after = written()
    assert after[0] == before[0] + 1 and after[1] == before[1] + 1


def test_the_delegated_administrator_creates_a_space_billed_to_the_management_account(
    client, mateo, delegated, management, store, people
):
    driver = WizardDriver(sign_in(client, mateo, delegated))
    driver.start()
    page = driver.client.get(WIZARD).content.decode()
    assert "a new space is billed to your organization's management account, examplecorp-management" in page
    fill_to_review(driver, people)
    driver.post("review")
    space = Space.objects.get(name="acme-fed")
    assert space.billing.aws_account_id == management.account_id
    assert space.identity_application.owner_account == delegated
    assert "acme-fed" in driver.client.get(HOME).content.decode()
    # The person acting for the organization verified the billing connection, and it says who.
    billing = space.account_connections.get(aws_account_id=management.account_id)
    assert billing.is_verified and billing.verified_by == mateo and billing.verified_at is not None
    entry = space.activity.get(event_name="VerifyAccountConnection")
    assert "as IAM user mateo, acting for the organization" in entry.description
    assert delegated.account_id in entry.description


def test_a_member_account_that_does_not_administer_identity_center_is_refused(client, mateo, build, store, people):
    """Issue 9: a member account refused on the IAM Identity Center pages could still create an
    application and a federated space billed to the management account, its billing connection
    marked verified by nobody."""
    before = written()
    response = sign_in(client, mateo, build).get(WIZARD + "?restart=1")
    assert response.status_code == 403
    assert "management account or its delegated administrator account" in response.content.decode()
    posted = client.post(
        WIZARD,
        {"federated_space_wizard-current_step": "application", **{f"application-{k}": v for k, v in APP.items()}},
    )
    assert posted.status_code == 403
    assert written() == before


def test_the_billing_connection_of_a_new_space_records_who_verified_it(wizard, mateo, management, people):
    fill_to_review(wizard, people)
    wizard.post("review")
    billing = Space.objects.get(name="acme-fed").account_connections.get()
    assert billing.aws_account_id == management.account_id
    assert billing.verified_by == mateo
    assert billing.verified_at is not None


# Back, Next and refresh keep what was entered -------------------------------------------------------


def test_previous_and_next_keep_what_was_entered(wizard, people):
    wizard.post("application", display_name="Acme", application_name="acme-sso", region="eu-west-1")
    wizard.post("space", choice="new", space_name="acme-fed")
    # On step 3, tick Developers, then choose Previous: step 2 shows the space name again.
    back = wizard.back("groups", "space", groups=[people["developers"].group_id])
    assert step_of(back) == "space"
    assert back.context["wizard"]["form"]["space_name"].value() == "acme-fed"
    assert not back.context["wizard"]["form"].is_bound  # no error shown before the person acts
    # Previous again: step 1 has its three values.
    first = wizard.back("space", "application", choice="new", space_name="acme-fed")
    form = first.context["wizard"]["form"]
    assert (form["display_name"].value(), form["application_name"].value(), form["region"].value()) == (
        "Acme",
        "acme-sso",
        "eu-west-1",
    )
    # Next, Next: step 3 still has Developers ticked.
    wizard.post("application", display_name="Acme", application_name="acme-sso", region="eu-west-1")
    groups = wizard.post("space", choice="new", space_name="acme-fed")
    assert step_of(groups) == "groups"
    assert groups.context["wizard"]["form"]["groups"].value() == [people["developers"].group_id]
    assert f'value="{people["developers"].group_id}"' in groups.content.decode()
    assert "checked" in groups.content.decode().split(f'value="{people["developers"].group_id}"')[1][:40]


def test_previous_keeps_an_unfinished_step_and_checks_it_when_moving_on(wizard, people):
    wizard.post("application", **APP)
    wizard.post("space", choice="new", space_name="acme-fed")
    wizard.back("groups", "space", groups=[])  # nothing ticked yet
    groups = wizard.post("space", choice="new", space_name="acme-fed")
    assert groups.context["wizard"]["form"]["groups"].value() in ([], None)
    refused = wizard.post("groups")
    assert step_of(refused) == "groups"
    assert errors_of(refused)["groups"] == ["Choose at least one group to connect to the space."]


def test_a_refresh_mid_way_loses_nothing(wizard, people):
    wizard.post("application", **APP)
    wizard.post("space", choice="new", space_name="acme-fed")
    wizard.post("groups", groups=[people["developers"].group_id])
    refreshed = wizard.client.get(WIZARD)
    assert step_of(refreshed) == "administrators"
    assert "li.juan" in refreshed.content.decode()
    wizard.post("administrators", administrators=ids(people, "li.juan"))
    again = wizard.client.get(WIZARD)
    assert step_of(again) == "review"
    assert "acme-fed" in again.content.decode()
    wizard.post("review")
    assert Space.objects.filter(name="acme-fed").exists()


def test_reposting_an_earlier_step_after_a_refresh_continues_from_it(wizard, people):
    wizard.post("application", **APP)
    wizard.post("space", choice="new", space_name="acme-fed")
    # The browser re-sends step 2 (the person refreshed the page that answered it).
    response = wizard.post("space", choice="new", space_name="acme-fed")
    assert step_of(response) == "groups"


def test_connect_starts_over(wizard, people):
    wizard.post("application", **APP)
    wizard.post("space", choice="new", space_name="acme-fed")
    first = wizard.start()
    assert step_of(first) == "application"
    assert first.context["wizard"]["form"]["application_name"].value() in (None, "")


# Each step validates before moving on ----------------------------------------------------------------


@pytest.mark.parametrize("name", ["examplecorp-codecatalyst", "ExampleCorp-CodeCatalyst", " EXAMPLECORP-codecatalyst "])
def test_a_taken_application_name_is_refused_at_step_one_whatever_its_case(wizard, federated_space, name):
    response = wizard.post("application", display_name="Acme", application_name=name, region="us-west-2")
    assert step_of(response) == "application"
    assert (
        "is already in use. Identity Center application names must be globally unique"
        in (errors_of(response)["application_name"][0])
    )


def test_step_one_needs_a_display_name_and_a_listed_region(wizard):
    response = wizard.post("application", display_name="  ", application_name="acme-sso", region="ap-south-1")
    assert step_of(response) == "application"
    errors = errors_of(response)
    assert "display_name" in errors
    assert errors["region"] == ["Choose one of the listed AWS Regions."]


def test_a_region_other_than_identity_centers_shows_the_notice(wizard, people):
    page = wizard.client.get(WIZARD).content.decode()
    assert "For IAM Identity Center resources, choose the same Region as your CodeCatalyst space." in page
    assert 'data-region-notice="us-west-2" hidden' in page
    fill_to_review(wizard, people, app={**APP, "region": "eu-west-1"})
    review = wizard.client.get(WIZARD).content.decode()
    assert "IAM Identity Center is in us-west-2; the space is in eu-west-1" in review
    first = wizard.back("review", "application").content.decode()
    assert 'data-region-notice="us-west-2">' in first  # shown, not hidden


def test_step_one_shows_the_identity_store_with_a_link_to_identity_center(wizard, store):
    page = wizard.client.get(WIZARD).content.decode()
    assert store.store_id in page
    assert '<a href="/aws/identity-center/">go to IAM Identity Center</a>' in page


@pytest.mark.parametrize(
    "space_name, message",
    [
        ("examplecorp", "The space name examplecorp is not available"),
        ("EXAMPLECORP", "The space name EXAMPLECORP is not available"),
        ("gone-space", "names of deleted spaces cannot be reused"),
        ("", "Enter a name for your CodeCatalyst space."),
        ("no spaces allowed", "Use letters and digits"),
    ],
)
def test_a_taken_deleted_or_malformed_space_name_is_refused_at_step_two(wizard, federated_space, space_name, message):
    SpaceFactory(name="gone-space", deleted_at=timezone.now())
    wizard.post("application", **APP)
    response = wizard.post("space", choice="new", space_name=space_name)
    assert step_of(response) == "space"
    assert message in errors_of(response)["space_name"][0]


def test_existing_needs_a_space_chosen(wizard):
    wizard.post("application", **APP)
    response = wizard.post("space", choice="existing", existing_space="")
    assert errors_of(response)["existing_space"] == ["Choose the existing space to set up for identity federation."]


def test_converting_an_already_federated_space_is_refused(wizard, federated_space, sandbox):
    wizard.post("application", **APP)
    page = wizard.client.get(WIZARD).content.decode()
    assert f'value="{sandbox.pk}"' in page and f'value="{federated_space.pk}"' not in page
    response = wizard.post("space", choice="existing", existing_space=str(federated_space.pk))  # crafted
    assert step_of(response) == "space"
    assert "That space cannot be set up here" in errors_of(response)["existing_space"][0]


def test_converting_a_space_the_account_does_not_bill_is_refused(client, mateo, delegated, store, people, sandbox):
    driver = WizardDriver(sign_in(client, mateo, delegated))
    driver.start()
    driver.post("application", **APP)
    response = driver.post("space", choice="existing", existing_space=str(sandbox.pk))
    assert step_of(response) == "space"
    assert "That space cannot be set up here" in errors_of(response)["existing_space"][0]
    assert sandbox.pk not in [s.pk for s in response.context["wizard"]["form"].fields["existing_space"].queryset]


def test_connect_groups_needs_at_least_one_group_of_the_store(wizard, people):
    wizard.post("application", **APP)
    wizard.post("space", choice="new", space_name="acme-fed")
    none = wizard.post("groups")
    assert errors_of(none)["groups"] == ["Choose at least one group to connect to the space."]
    foreign = wizard.post("groups", groups=["0123456789-not-a-group"])
    assert step_of(foreign) == "groups" and "groups" in errors_of(foreign)


def test_the_administrator_step_lists_only_users_of_the_chosen_groups(wizard, people):
    wizard.post("application", **APP)
    wizard.post("space", choice="new", space_name="acme-fed")
    response = wizard.post("groups", groups=[people["admins"].group_id])  # Space-Admins: mary only
    listed = [user.user_name for user in response.context["wizard"]["form"].user_list]
    assert listed == ["mary.major"]


def test_the_administrator_step_needs_someone(wizard, people):
    wizard.post("application", **APP)
    wizard.post("space", choice="new", space_name="acme-fed")
    wizard.post("groups", groups=[people["developers"].group_id])
    response = wizard.post("administrators")
    assert errors_of(response)["administrators"] == ["Choose at least one user for the Space administrator role."]


def test_an_administrator_outside_the_chosen_groups_is_refused(wizard, people):
    wizard.post("application", **APP)
    wizard.post("space", choice="new", space_name="acme-fed")
    wizard.post("groups", groups=[people["developers"].group_id])
    # jorge.souza is in no group: a crafted POST.
    response = wizard.post("administrators", administrators=ids(people, "li.juan", "jorge.souza"))
    assert step_of(response) == "administrators"
    assert "not in any of the chosen groups" in errors_of(response)["administrators"][0]
    assert Space.all_objects.filter(name="acme-fed").count() == 0


def test_changing_the_groups_afterwards_drops_administrators_no_longer_in_them(wizard, people):
    fill_to_review(wizard, people, groups=[people["developers"].group_id], admins=("li.juan",))
    wizard.back("review", "groups")
    admins = wizard.post("groups", groups=[people["admins"].group_id])
    assert step_of(admins) == "administrators"
    assert not admins.context["wizard"]["form"].errors  # li.juan is just no longer offered
    # Skipping the administrators step with a crafted "Create space" still checks everything again.
    response = wizard.post("review")
    assert step_of(response) == "administrators"
    assert Space.all_objects.filter(name="acme-fed").count() == 0


# The end ---------------------------------------------------------------------------------------------


def test_a_double_submit_creates_one_space_and_explains(wizard, people):
    fill_to_review(wizard, people)
    first = wizard.post("review")
    assert first.status_code == 302
    second = wizard.post("review", follow=True)
    assert second.redirect_chain == [(HOME, 302)]
    assert "The space acme-fed was already created; the form was submitted twice" in second.content.decode()
    assert Space.all_objects.filter(name="acme-fed").count() == 1
    assert IdentityCenterApplication.objects.filter(name="acme-sso").count() == 1


def test_a_step_posted_after_the_session_was_lost_says_so(aws, store, people):
    driver = WizardDriver(aws)
    response = driver.client.post(
        WIZARD, driver.data("groups", {"groups": [people["developers"].group_id]}), follow=True
    )
    assert response.redirect_chain == [(HOME, 302)]
    assert "Your space set-up was interrupted" in response.content.decode()


def test_switching_accounts_mid_way_starts_over(wizard, people, delegated):
    wizard.post("application", **APP)
    wizard.post("space", choice="new", space_name="acme-fed")
    wizard.client.post("/aws/switch/", {"account_id": delegated.account_id})
    response = wizard.post("groups", groups=[people["developers"].group_id], follow=True)
    assert "Your space set-up was interrupted" in response.content.decode()
    assert step_of(wizard.client.get(WIZARD)) == "application"


def test_a_name_taken_between_the_steps_sends_the_person_back_to_step_two(wizard, people):
    fill_to_review(wizard, people)
    SpaceFactory(name="acme-fed")  # someone else took it meanwhile
    response = wizard.post("review")
    assert step_of(response) == "space"
    assert "The space name acme-fed is not available" in errors_of(response)["space_name"][0]
    assert IdentityCenterApplication.objects.filter(name="acme-sso").count() == 0
    # Everything else is still there: a new name and Next, Next, Next, Create.
    assert step_of(wizard.post("space", choice="new", space_name="acme-fed-2")) == "groups"
    assert step_of(wizard.post("groups", groups=[people["developers"].group_id])) == "administrators"
    assert step_of(wizard.post("administrators", administrators=ids(people, "li.juan"))) == "review"
    assert wizard.post("review").status_code == 302
    assert Space.objects.filter(name="acme-fed-2", identity_application__name="acme-sso").exists()


@contextmanager
def name_taken_just_before_insert(model, name: str, other_row):
    """Another request takes ``name`` after the service checked it was free and just before the service
    inserts its own ``model`` row: a ``pre_save`` receiver (Django's hook, nothing of ours replaced)
    inserts ``other_row(instance)`` first, so the database's unique constraint refuses the service's
    insert as it would when two requests race. The other row goes with the service's rolled-back work."""

    def take(sender, instance, **kwargs):
        if instance.pk is None and instance.name == name:
            model.objects.bulk_create([other_row(instance)])  # bulk_create sends no pre_save

    signals.pre_save.connect(take, sender=model, weak=False)
    try:
        yield
    finally:
        signals.pre_save.disconnect(take, sender=model)


def other_space(space: Space) -> Space:
    # In capitals: space names are unique whatever their case.
    return Space(name=space.name.upper(), region=space.region)


def other_application(application: IdentityCenterApplication) -> IdentityCenterApplication:
    return IdentityCenterApplication(
        name=application.name.upper(),
        display_name="Someone else's",
        store=application.store,
        owner_account=application.owner_account,
        region=application.region,
    )


@pytest.mark.parametrize(
    "model, name, other_row, step, form_field, message",
    [
        (Space, "acme-fed", other_space, "space", "space_name", "The space name acme-fed is not available."),
        (
            IdentityCenterApplication,
            "acme-sso",
            other_application,
            "application",
            "application_name",
            "The application name acme-sso is already in use.",
        ),
    ],
    ids=["space name", "application name"],
)
def test_a_name_taken_while_create_runs_goes_back_to_the_step_concerned_and_writes_nothing(
    wizard, people, model, name, other_row, step, form_field, message
):
    """The service's own refusal at Create (the database's unique constraint, after every check passed)
    is shown on the step where the name was entered, with the name still in its field."""
    fill_to_review(wizard, people)
    before = written()
    with name_taken_just_before_insert(model, name, other_row):
        response = wizard.post("review")
    assert step_of(response) == step
    # The service's words: the steps' own checks say more ("... Choose another name.").
    assert errors_of(response)[form_field] == [message]
    assert message in response.content.decode()
    assert response.context["wizard"]["form"][form_field].value() == name
    assert written() == before


def leave_the_groups(people, management):
    directory.group_membership_remove(group=people["developers"], user=people["users"]["li.juan"], account=SYSTEM)


def delete_the_group(people, management):
    directory.directory_group_delete(group=people["developers"], account=SYSTEM)


def take_the_application_name(people, management):
    IdentityCenterApplication.objects.create(
        name="acme-sso", display_name="Someone else's", owner_account=management, region="us-west-2"
    )


@pytest.mark.parametrize(
    "change, step, form_field, message",
    [
        (leave_the_groups, "administrators", "administrators", NOT_IN_GROUPS),
        (delete_the_group, "groups", "groups", "One of the chosen groups is not in this identity store."),
        (take_the_application_name, "application", "application_name", "The application name acme-sso is already"),
    ],
    ids=["administrator left the groups", "group deleted", "application name taken"],
)
def test_a_change_made_elsewhere_before_create_sends_the_person_back_to_the_step_concerned(
    wizard, people, management, change, step, form_field, message
):
    """Create checks every step again before calling the service: what changed since the step was
    filled in is refused on that step, and nothing is written."""
    fill_to_review(wizard, people)
    change(people, management)
    before = written()
    response = wizard.post("review")
    assert step_of(response) == step
    [error] = errors_of(response)[form_field]
    assert error.startswith(message)
    assert written() == before


def test_converting_a_builder_id_space_keeps_its_projects_and_removes_its_builder_id_members(wizard, people, sandbox):
    builder_members = list(sandbox.memberships.values_list("user_id", flat=True))
    review = fill_to_review(wizard, people, space={"choice": "existing", "existing_space": str(sandbox.pk)})
    html = review.content.decode()
    assert "Its AWS Builder ID members will be removed" in html
    assert "you will not be able to reuse the space name" not in html
    response = wizard.post("review", follow=True)
    page = response.content.decode()
    assert "sandbox now supports identity federation through acme-sso, with 3 members" in page
    assert "Its 1 project was kept and its 2 AWS Builder ID members were removed." in page
    sandbox.refresh_from_db()
    assert sandbox.kind == Space.Kind.FEDERATED
    assert sandbox.identity_application.name == "acme-sso"
    assert list(sandbox.projects.values_list("name", flat=True)) == ["hello-world"]
    assert not sandbox.memberships.filter(user_id__in=builder_members).exists()
    assert set(sandbox.memberships.values_list("source", flat=True)) == {SpaceMembership.Source.SSO}
    assert not ProjectMembership.objects.filter(project__space=sandbox, user_id__in=builder_members).exists()
    assert not sandbox.invitations.filter(status=Invitation.Status.PENDING).exists()
    # It is no longer offered for conversion.
    wizard.start()
    wizard.post("application", display_name="Other", application_name="other-sso", region="us-west-2")
    assert f'value="{sandbox.pk}"' not in wizard.client.get(WIZARD).content.decode()


# Who may use it -----------------------------------------------------------------------------------------


def test_signed_out_visitors_are_sent_to_the_console_sign_in(client, store):
    response = client.get(WIZARD)
    assert response.status_code == 302 and response["Location"].startswith("/aws/signin/?next=")
    response = client.post(WIZARD, {"federated_space_wizard-current_step": "application"})
    assert response.status_code == 302 and response["Location"].startswith("/aws/signin/")


def test_an_account_outside_any_organization_is_told_what_to_do(client, mateo, outside):
    sign_in(client, mateo, outside)
    page = client.get(WIZARD).content.decode()
    assert "globex-prod is not part of an organization in AWS Organizations." in page
    assert 'href="/aws/identity-center/"' in page
    response = client.post(
        WIZARD,
        {
            "federated_space_wizard-current_step": "application",
            **{f"application-{k}": v for k, v in APP.items()},
        },
    )
    assert response.status_code == 200 and "not part of an organization" in response.content.decode()
    assert not IdentityCenterApplication.objects.exists()


def test_an_organization_without_identity_center_is_told_to_enable_it(client, mateo, build):
    sign_in(client, mateo, build)
    page = client.get(WIZARD).content.decode()
    assert "IAM Identity Center is not enabled for ExampleCorp." in page
    assert "Enable IAM Identity Center" in page


def test_a_post_without_csrf_token_is_refused(mateo, management, store, people):
    client = sign_in(Client(enforce_csrf_checks=True), mateo, management)
    client.get(f"{WIZARD}?restart=1")
    response = client.post(
        WIZARD,
        {
            "federated_space_wizard-current_step": "application",
            **{f"application-{k}": v for k, v in APP.items()},
        },
    )
    assert response.status_code == 403


def test_a_tampered_step_name_is_a_bad_request_not_a_crash(wizard):
    response = wizard.client.post(WIZARD, {"federated_space_wizard-current_step": "application"})
    assert response.status_code == 200
    assert wizard.client.post(WIZARD, {"federated_space_wizard-current_step": "nope"}).status_code == 400
    assert wizard.client.post(WIZARD, {"wizard_goto_step": "nope"}).status_code == 400
    assert wizard.client.post(WIZARD, {}).status_code == 400


def test_the_wizard_is_not_offered_to_a_space_billed_elsewhere(client, mateo, delegated, store, people):
    other = SpaceFactory(name="elsewhere")
    SpaceBillingFactory(space=other, aws_account_id="123412341234")
    driver = WizardDriver(sign_in(client, mateo, delegated))
    driver.start()
    driver.post("application", **APP)
    assert "elsewhere" not in driver.client.get(WIZARD).content.decode()


def test_set_up_in_aws_from_a_builder_id_spaces_sso_page_starts_with_that_space_chosen(aws, store, people, sandbox):
    from django.urls import reverse

    codecatalyst = Client()
    codecatalyst.force_login(sandbox.memberships.get(role="space_admin").user)
    sso_page = codecatalyst.get(reverse("spaces:sso", args=[sandbox.name])).content.decode()
    link = f"{WIZARD}?restart=1&amp;space=sandbox"
    assert f'href="{link}">Set up in AWS</a>' in sso_page
    assert aws.get(link.replace("&amp;", "&")).status_code == 302
    wizard = WizardDriver(aws)
    response = wizard.post("application", **APP)
    assert step_of(response) == "space"
    form = response.context["wizard"]["form"]
    assert form["choice"].value() == "existing"
    assert str(form["existing_space"].value()) == str(sandbox.pk)
    # A space this account may not convert is not chosen: the step starts as usual.
    aws.get(f"{WIZARD}?restart=1&space=no-such-space")
    form = wizard.post("application", **APP).context["wizard"]["form"]
    assert form["existing_space"].value() in (None, "")
