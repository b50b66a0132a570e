"""Moving models between apps keeps every row: a database at the schema before the move, with a
world in it, migrates to the current schema and the current models find every row, value and
relation where they were.

The move (accounts 0004, identity 0003, catalyst_admin 0003) took IAM Identity Center's models
from ``identity`` to ``accounts`` and the worker heartbeat from ``catalyst_admin`` to ``identity``
without touching a table: only Django's idea of the models moved, and their content types were
relabelled. So the test builds the old world with the historical models at their OLD labels,
migrates forward, and reads it back through the CURRENT model classes (a moved model that lost
its ``db_table`` reads a table that does not exist and fails here). It checks that the content
types follow the models, once, under the new label, and that migrating back to the old schema
leaves the rows readable by the old models.

Each test leaves the database migrated to the leaf nodes, pass or fail.
"""

import datetime as dt

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.aws.console.models import AwsAccount, ConsoleAccess, ConsoleUser, Organization
from accounts.aws.iam.models import IamRole
from accounts.aws.identity_center.models import (
    AccountAssignment,
    DirectoryGroup,
    DirectoryUser,
    GroupMembership,
    IdentityCenterInstance,
    IdentityStore,
    PermissionSet,
)
from accounts.connections.models import (
    AccountConnection,
    ConnectionProjectAccess,
    ConnectionRole,
    ConnectionTag,
    ConnectionToken,
)
from billing.models import SpaceBilling
from identity.federation.models import IdentityCenterApplication
from identity.people.models import PersonalAccessToken, User
from identity.sync.models import SyncLease, SyncRun, WorkerHeartbeat
from spaces.models import ConnectedGroup, Project, Space, SpaceMembership, SsoAdministrator, members_digest

pytestmark = pytest.mark.django_db(transaction=True)

# The schema before the move (Django's own apps and django_celery_beat/results stay at their latest).
BEFORE_THE_MOVE = [
    ("accounts", "0003_connection_tokens_roles_tags_restrictions"),
    ("identity", "0002_directorygroup_directoryuser_identitystore_and_more"),
    ("catalyst_admin", "0002_heartbeat_schedule"),
    ("spaces", "0003_connectedgroup_synced_members"),
    ("billing", "0001_initial"),
    ("genai", None),  # generative AI came later (its requests refer to billing's usage ledger)
    ("vpc", None),  # VPC connections came later (they refer to account connections)
]

# Each model of the world: its label before the move, and its class now.
MODELS = {
    ("accounts", "Organization"): Organization,
    ("accounts", "AwsAccount"): AwsAccount,
    ("accounts", "ConsoleUser"): ConsoleUser,
    ("accounts", "ConsoleAccess"): ConsoleAccess,
    ("accounts", "IamRole"): IamRole,
    ("accounts", "AccountConnection"): AccountConnection,
    ("accounts", "ConnectionToken"): ConnectionToken,
    ("accounts", "ConnectionRole"): ConnectionRole,
    ("accounts", "ConnectionTag"): ConnectionTag,
    ("accounts", "ConnectionProjectAccess"): ConnectionProjectAccess,
    ("identity", "IdentityCenterInstance"): IdentityCenterInstance,
    ("identity", "IdentityStore"): IdentityStore,
    ("identity", "DirectoryUser"): DirectoryUser,
    ("identity", "DirectoryGroup"): DirectoryGroup,
    ("identity", "GroupMembership"): GroupMembership,
    ("identity", "PermissionSet"): PermissionSet,
    ("identity", "AccountAssignment"): AccountAssignment,
    ("identity", "User"): User,
    ("identity", "PersonalAccessToken"): PersonalAccessToken,
    ("identity", "IdentityCenterApplication"): IdentityCenterApplication,
    ("identity", "SyncRun"): SyncRun,
    ("identity", "SyncLease"): SyncLease,
    ("catalyst_admin", "WorkerHeartbeat"): WorkerHeartbeat,
    ("spaces", "Space"): Space,
    ("spaces", "Project"): Project,
    ("spaces", "SpaceMembership"): SpaceMembership,
    ("spaces", "ConnectedGroup"): ConnectedGroup,
    ("spaces", "SsoAdministrator"): SsoAdministrator,
    ("billing", "SpaceBilling"): SpaceBilling,
}

# The content types that move: (old label, new label) -> model names.
MOVED_CONTENT_TYPES = {
    ("identity", "accounts"): [
        "identitycenterinstance",
        "identitystore",
        "directoryuser",
        "directorygroup",
        "groupmembership",
        "permissionset",
        "accountassignment",
    ],
    ("catalyst_admin", "identity"): ["workerheartbeat"],
}

AT = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC)


def _before_the_move() -> list[tuple[str, str]]:
    """The nodes of the schema before the move, every other app at its latest (so that their
    historical models, ``admin.LogEntry`` for one, are in the state too)."""
    apps_before = {label for label, _ in BEFORE_THE_MOVE}
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    return BEFORE_THE_MOVE + [leaf for leaf in leaves if leaf[0] not in apps_before]


def _migrate(targets) -> MigrationExecutor:
    """Migrate the test database to ``targets``; a fresh executor that sees the result."""
    MigrationExecutor(connection).migrate(targets)
    return MigrationExecutor(connection)


def _migrate_to_the_leaves() -> MigrationExecutor:
    return _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.fixture
def old_apps(transactional_db):
    """The historical models of the schema before the move, the database migrated back to it.
    Afterwards, pass or fail, the database is migrated to the leaf nodes again and every table is
    emptied (the test database's own flush only knows the tables of the current models: a moved
    model that lost its ``db_table`` would leave rows behind that block it)."""
    try:
        nodes = _before_the_move()
        yield _migrate(nodes).loader.project_state([n for n in nodes if n[1]]).apps
    finally:
        _migrate_to_the_leaves()
        tables = [table for table in connection.introspection.table_names() if table != "django_migrations"]
        connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), tables, allow_cascade=True))
        ContentType.objects.clear_cache()


def _build_old_world(apps) -> dict:
    """An organization with IAM Identity Center, a federated space on it, an account connection,
    a sync: made with the historical models at their labels before the move. The pks to find."""
    m = {(label, name): apps.get_model(label, name) for label, name in MODELS}

    def model(label, name):
        return m[label, name]

    management = model("accounts", "AwsAccount").objects.create(account_id="111122223333", name="examplecorp-mgmt")
    org = model("accounts", "Organization").objects.create(name="ExampleCorp", management_account=management)
    management.organization = org
    management.save()
    build = model("accounts", "AwsAccount").objects.create(
        account_id="444455556666", name="examplecorp-build", organization=org
    )
    mateo = model("accounts", "ConsoleUser").objects.create(
        user_name="mateo", display_name="Mateo Jackson", password="md5$x$y"
    )
    model("accounts", "ConsoleAccess").objects.create(user=mateo, account=management, is_administrator=True)
    model("accounts", "ConsoleAccess").objects.create(user=mateo, account=build, is_administrator=False)
    role = model("accounts", "IamRole").objects.create(
        account=build,
        name="codecatalyst-build-role",
        description="Build and deploy",
        trust_policy={"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole"}]},
        permissions_policy={"Statement": [{"Effect": "Allow", "Action": ["s3:*"], "Resource": "*"}]},
    )

    instance = model("identity", "IdentityCenterInstance").objects.create(
        organization=org, region="us-west-2", identity_source="identity_center", delegated_administrator=build
    )
    store = model("identity", "IdentityStore").objects.create(instance=instance, sync_source="built_in")
    mary = model("identity", "DirectoryUser").objects.create(
        store=store, user_name="mary.major", display_name="Mary Major", email="mary@example.com", password="md5$a$b"
    )
    li = model("identity", "DirectoryUser").objects.create(
        store=store, user_name="li.juan", display_name="Li Juan", email="li@example.com"
    )
    jorge = model("identity", "DirectoryUser").objects.create(
        store=store, user_name="jorge.souza", display_name="Jorge Souza", enabled=False
    )
    developers = model("identity", "DirectoryGroup").objects.create(
        store=store, display_name="Developers", description="Everyone who builds"
    )
    admins = model("identity", "DirectoryGroup").objects.create(store=store, display_name="Space-Admins")
    memberships = [
        model("identity", "GroupMembership").objects.create(group=developers, user=mary),
        model("identity", "GroupMembership").objects.create(group=developers, user=li),
        model("identity", "GroupMembership").objects.create(group=admins, user=mary),
    ]
    permission_set = model("identity", "PermissionSet").objects.create(
        instance=instance,
        name="CodeWhisperer_administrator",
        description="Administers CodeWhisperer",
        session_duration_hours=4,
        inline_policy={"Statement": [{"Effect": "Allow", "Action": "codewhisperer:*", "Resource": "*"}]},
    )
    by_user = model("identity", "AccountAssignment").objects.create(
        permission_set=permission_set, account=management, user=mary
    )
    by_group = model("identity", "AccountAssignment").objects.create(
        permission_set=permission_set, account=build, group=admins
    )

    ops = model("identity", "User").objects.create(
        username="ops", kind="staff", is_staff=True, is_superuser=True, password="md5$c$d"
    )
    sso_mary = model("identity", "User").objects.create(
        username=f"sso/{store.store_id}/mary.major", kind="sso", name="Mary Major", email="mary@example.com"
    )
    model("identity", "PersonalAccessToken").objects.create(
        user=ops, name="ci", token_hash="f" * 64, hint="abcd", expires_on=dt.date(2027, 1, 1)
    )
    application = model("identity", "IdentityCenterApplication").objects.create(
        name="ExampleCorp-app", display_name="ExampleCorp", store=store, owner_account=management, region="us-west-2"
    )

    space = model("spaces", "Space").objects.create(
        name="examplecorp", kind="federated", created_by=ops, identity_application=application, region="us-west-2"
    )
    project = model("spaces", "Project").objects.create(space=space, name="web-app", created_by=ops)
    model("billing", "SpaceBilling").objects.create(space=space, aws_account_id="111122223333", tier="standard")
    model("spaces", "SpaceMembership").objects.create(space=space, user=sso_mary, role="space_admin", source="sso")
    connected = model("spaces", "ConnectedGroup").objects.create(
        space=space,
        group_id=developers.group_id,
        display_name="Developers",
        role="power_user",
        # The old engine kept each list sorted (the members table gives them back in that order).
        synced_members=sorted([mary.user_id, li.user_id]),
    )
    model("spaces", "SsoAdministrator").objects.create(space=space, user_id=mary.user_id, user_name="mary.major")

    connection_ = model("accounts", "AccountConnection").objects.create(
        space=space,
        aws_account_id="444455556666",
        display_name="Build account",
        status="verified",
        requested_by=ops,
        verified_at=AT,
        verified_by=mateo,
        paid_tiers_authorized=True,
        project_restricted=True,
    )
    model("accounts", "ConnectionToken").objects.create(
        connection=connection_,
        selector="sel123",
        secret_hash="0" * 64,
        created_at=AT,
        expires_at=AT + dt.timedelta(hours=1),
        used_at=AT,
    )
    model("accounts", "ConnectionRole").objects.create(connection=connection_, role=role, added_by=ops)
    model("accounts", "ConnectionTag").objects.create(connection=connection_, key="team", value="platform")
    model("accounts", "ConnectionProjectAccess").objects.create(connection=connection_, project=project, granted_by=ops)

    run = model("identity", "SyncRun").objects.create(
        application=application,
        trigger="manual",
        requested_by=ops,
        status="succeeded",
        started_at=AT,
        finished_at=AT + dt.timedelta(seconds=3),
        users_read=3,
        groups_read=2,
        memberships_read=3,
        members_added=2,
        rows_written=4,
        detail="2 added",
    )
    model("identity", "SyncLease").objects.create(store=store, run=run, expires_at=AT + dt.timedelta(minutes=5))
    model("catalyst_admin", "WorkerHeartbeat").objects.create(hostname="celery@worker-1", seen_at=AT)

    return {
        "org": org.pk,
        "management": management.pk,
        "build": build.pk,
        "mateo": mateo.pk,
        "role": role.pk,
        "instance": instance.pk,
        "store": store.pk,
        "mary": mary.pk,
        "li": li.pk,
        "jorge": jorge.pk,
        "developers": developers.pk,
        "admins": admins.pk,
        "memberships": [membership.pk for membership in memberships],
        "permission_set": permission_set.pk,
        "by_user": by_user.pk,
        "by_group": by_group.pk,
        "ops": ops.pk,
        "sso_mary": sso_mary.pk,
        "application": application.pk,
        "space": space.pk,
        "project": project.pk,
        "connected": connected.pk,
        "connection": connection_.pk,
        "run": run.pk,
    }


def _old_content_types(apps) -> dict:
    """The moved models' content types as a database made before the move has them (at the old
    label only), with a permission on one; their pks by (new label, model)."""
    old_content_type = apps.get_model("contenttypes", "ContentType")
    pks = {}
    for (old, new), names in MOVED_CONTENT_TYPES.items():
        for name in names:
            old_content_type.objects.filter(app_label=new, model=name).delete()
            pks[new, name] = old_content_type.objects.get_or_create(app_label=old, model=name)[0].pk
    directory_user_type = pks["accounts", "directoryuser"]
    apps.get_model("auth", "Permission").objects.get_or_create(
        content_type_id=directory_user_type, codename="add_directoryuser", defaults={"name": "Can add directory user"}
    )
    return pks


def _log_entry(apps, world, content_type_pk) -> int:
    return (
        apps.get_model("admin", "LogEntry")
        .objects.create(
            user_id=world["ops"],
            content_type_id=content_type_pk,
            object_id=str(world["mary"]),
            object_repr="mary.major",
            action_flag=2,
            change_message="Changed email.",
            action_time=AT,
        )
        .pk
    )


def _rows(manager, fields=()) -> list[dict]:
    """Every row as a dict: of all its columns, or of ``fields`` only (the columns the old schema had;
    columns that later migrations add are not the move's business)."""
    return list(manager.order_by("pk").values(*fields))


def _old_rows(apps) -> dict:
    return {key: _rows(apps.get_model(*key)._base_manager) for key in MODELS}


# The connected groups' member table, filled from their JSON lists by spaces 0004, which drops
# the lists (checked below, through the table).
MEMBER_TABLE = "spaces_connectedgroupmember"
COLUMNS_NOW_TABLES = {("spaces", "ConnectedGroup"): {"synced_members"}}
# django-celery-beat's tables, where migrations after the move create schedules (billing's day).
DEFAULT_VPC_TABLES = {
    "accounts_vpc",
    "accounts_subnet",
    "accounts_routetable",
    "accounts_route",
    "accounts_internetgateway",
    "accounts_securitygroup",
    "accounts_securitygrouprule",
    "accounts_networkacl",
    "accounts_networkaclentry",
}

SCHEDULE_TABLES = {
    "django_celery_beat_crontabschedule",
    "django_celery_beat_periodictask",
    "django_celery_beat_periodictasks",
}


def _table_counts() -> dict:
    """Rows in every table but the migration history."""
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            if table == "django_migrations":
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def test_every_row_survives_the_identity_center_move(old_apps):
    world = _build_old_world(old_apps)
    content_types = _old_content_types(old_apps)
    log_entry = _log_entry(old_apps, world, content_types["accounts", "directoryuser"])
    before = _old_rows(old_apps)
    counts_before = _table_counts()
    assert all(before.values()), "the world has a row in every model"

    executor = _migrate_to_the_leaves()
    ContentType.objects.clear_cache()

    # Every table keeps its rows, and every model reads its rows back unchanged through its new
    # class, and through the migration state's model at the new label (what later data migrations use).
    # (Tables that later migrations create, such as identity's email verification codes, start empty.)
    counts_after = _table_counts()
    # Later migrations may add rows of their own (billing's daily schedule); none may lose one.
    grown = {table for table in counts_before if counts_after[table] > counts_before[table]}
    assert grown <= SCHEDULE_TABLES, f"rows appeared in {grown - SCHEDULE_TABLES}"
    assert {table: counts_after[table] for table in counts_before if table not in grown} == {
        table: count for table, count in counts_before.items() if table not in grown
    }
    # New tables start empty, but for the default VPC every account has in each Region (filled for
    # the accounts that already existed by accounts' 0006_default_vpcs) and the connected groups'
    # member table, filled from their JSON lists by spaces 0004 (one row per listed member).
    filled = {table for table, count in counts_after.items() if table not in counts_before and count}
    assert filled <= DEFAULT_VPC_TABLES | {MEMBER_TABLE}, f"rows appeared in {filled - DEFAULT_VPC_TABLES}"
    assert counts_after[MEMBER_TABLE] == 2
    if filled & DEFAULT_VPC_TABLES:
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*), COUNT(DISTINCT account_id) FROM accounts_vpc WHERE is_default")
            vpcs, accounts = cursor.fetchone()
        assert vpcs == 2 * accounts and accounts == counts_before["accounts_awsaccount"]
    new_apps = executor.loader.project_state(executor.loader.graph.leaf_nodes()).apps
    for key, current in MODELS.items():
        moved = f"{key[0]}.{key[1]} -> {current._meta.label}"
        gone = COLUMNS_NOW_TABLES.get(key, set())
        old_columns = [column for column in before[key][0] if column not in gone]
        expected = [{c: v for c, v in row.items() if c not in gone} for row in before[key]]
        assert _rows(current._base_manager, old_columns) == expected, moved
        assert _rows(new_apps.get_model(current._meta.label)._base_manager, old_columns) == expected, moved

    # The relations, through the current models.
    store = IdentityStore.objects.get(pk=world["store"])
    instance = store.instance
    assert instance.pk == world["instance"]
    assert instance.organization.name == "ExampleCorp"
    assert instance.organization.management_account.account_id == "111122223333"
    assert instance.delegated_administrator.account_id == "444455556666"
    assert Organization.objects.get(pk=world["org"]).identity_center == instance
    assert {user.user_name for user in store.users.all()} == {"mary.major", "li.juan", "jorge.souza"}
    assert not DirectoryUser.objects.get(pk=world["jorge"]).enabled
    assert {group.display_name for group in store.groups.all()} == {"Developers", "Space-Admins"}
    assert {(m.user.user_name, m.group.display_name) for m in GroupMembership.objects.all()} == {
        ("mary.major", "Developers"),
        ("li.juan", "Developers"),
        ("mary.major", "Space-Admins"),
    }
    developers = DirectoryGroup.objects.get(pk=world["developers"])
    assert {user.user_name for user in developers.members.all()} == {"mary.major", "li.juan"}
    mary = DirectoryUser.objects.get(pk=world["mary"])
    assert {group.display_name for group in mary.directory_groups.all()} == {"Developers", "Space-Admins"}
    permission_set = instance.permission_sets.get()
    assert permission_set.pk == world["permission_set"]
    assert permission_set.inline_policy["Statement"][0]["Action"] == "codewhisperer:*"
    assert {(a.account.account_id, a.user_id, a.group_id) for a in permission_set.assignments.all()} == {
        ("111122223333", world["mary"], None),
        ("444455556666", None, world["admins"]),
    }

    application = IdentityCenterApplication.objects.get(pk=world["application"])
    assert application.store == store
    assert list(store.applications.all()) == [application]
    assert application.owner_account.pk == world["management"]
    lease = SyncLease.objects.get(pk=world["store"])
    assert lease.store == store
    assert store.sync_lease == lease
    assert lease.run == SyncRun.objects.get(pk=world["run"])
    assert lease.run.application == application
    assert lease.run.requested_by.username == "ops"
    assert WorkerHeartbeat.objects.get().hostname == "celery@worker-1"

    space = Space.all_objects.get(pk=world["space"])
    assert space.identity_application == application
    assert space.identity_application.store == store
    assert space.billing.tier == "standard"
    connected = space.connected_groups.get()
    assert store.groups.get(group_id=connected.group_id) == developers
    # The JSON list became rows of the member table (spaces 0004), with the count and digest.
    synced = [mary.user_id, DirectoryUser.objects.get(pk=world["li"]).user_id]
    assert list(connected.synced_members.values_list("user_id", flat=True)) == sorted(synced)
    assert (connected.member_count, connected.members_digest) == (2, members_digest(synced))
    assert space.sso_administrators.get().user_id == mary.user_id
    assert space.memberships.get().user.username == f"sso/{store.store_id}/mary.major"

    account_connection = space.account_connections.get()
    assert account_connection.verified_by.user_name == "mateo"
    assert account_connection.requested_by.pk == world["ops"]
    assert account_connection.tokens.get().selector == "sel123"
    assert account_connection.roles.get().role.pk == world["role"]
    assert account_connection.roles.get().role.account.account_id == "444455556666"
    assert {tag.key: tag.value for tag in account_connection.tags.all()} == {"team": "platform"}
    assert list(account_connection.allowed_projects.all()) == [Project.objects.get(pk=world["project"])]
    assert {access.account.account_id for access in ConsoleAccess.objects.filter(user_id=world["mateo"])} == {
        "111122223333",
        "444455556666",
    }

    # The content types followed the models, keeping their rows (so permissions and admin history).
    for (old, new), names in MOVED_CONTENT_TYPES.items():
        for name in names:
            assert not ContentType.objects.filter(app_label=old, model=name).exists(), f"{old}.{name} left behind"
            assert ContentType.objects.get(app_label=new, model=name).pk == content_types[new, name]
    assert ContentType.objects.get_for_model(DirectoryUser).pk == content_types["accounts", "directoryuser"]
    assert ContentType.objects.get_for_model(WorkerHeartbeat).pk == content_types["identity", "workerheartbeat"]
    assert Permission.objects.get(codename="add_directoryuser").content_type.app_label == "accounts"
    assert LogEntry.objects.get(pk=log_entry).get_edited_object() == mary


def test_migrating_back_keeps_the_rows_readable_by_the_old_models(old_apps):
    world = _build_old_world(old_apps)
    content_types = _old_content_types(old_apps)
    before = _old_rows(old_apps)
    counts_before = _table_counts()

    _migrate_to_the_leaves()
    nodes = _before_the_move()
    old_apps = _migrate(nodes).loader.project_state([n for n in nodes if n[1]]).apps

    counts_after = _table_counts()
    # A schedule's crontab may stay behind when its later migration is reversed; nothing else differs.
    assert {t: c for t, c in counts_after.items() if t not in SCHEDULE_TABLES} == {
        t: c for t, c in counts_before.items() if t not in SCHEDULE_TABLES
    }
    assert _old_rows(old_apps) == before
    store = old_apps.get_model("identity", "IdentityStore").objects.get(pk=world["store"])
    application = old_apps.get_model("identity", "IdentityCenterApplication").objects.get(pk=world["application"])
    assert application.store == store
    assert old_apps.get_model("identity", "SyncLease").objects.get().store == store
    assert store.instance.organization.name == "ExampleCorp"
    memberships = old_apps.get_model("identity", "GroupMembership").objects.filter(group__store=store)
    assert {(m.user.user_name, m.group.display_name) for m in memberships} == {
        ("mary.major", "Developers"),
        ("li.juan", "Developers"),
        ("mary.major", "Space-Admins"),
    }
    assert old_apps.get_model("catalyst_admin", "WorkerHeartbeat").objects.get().hostname == "celery@worker-1"
    # The content types went back to the old labels, the same rows.
    old_content_type = old_apps.get_model("contenttypes", "ContentType")
    for (old, new), names in MOVED_CONTENT_TYPES.items():
        for name in names:
            assert not old_content_type.objects.filter(app_label=new, model=name).exists(), f"{new}.{name} left"
            assert old_content_type.objects.get(app_label=old, model=name).pk == content_types[new, name]


def test_a_partial_migrate_of_accounts_first_still_leaves_one_content_type_with_its_grants(old_apps):
    """``manage.py migrate accounts`` run alone applies accounts 0004 and then, as every migrate does,
    creates content types (and their permissions) for the models it knows: the new labels. The full
    migrate after it must fold those fresh rows into the old ones, grants and history included,
    not leave the old rows (and what was granted on them) behind."""
    world = _build_old_world(old_apps)
    content_types = _old_content_types(old_apps)
    log_entry = _log_entry(old_apps, world, content_types["accounts", "directoryuser"])
    old_permission = old_apps.get_model("auth", "Permission").objects.get(codename="add_directoryuser")
    old_group = old_apps.get_model("auth", "Group").objects.create(name="directory-admins")
    old_group.permissions.add(old_permission)

    _migrate([("accounts", "0004_identity_center_moves_here")])
    # What the post_migrate signal of that partial run does: rows at the new labels.
    fresh = ContentType.objects.create(app_label="accounts", model="directoryuser")
    Permission.objects.create(content_type=fresh, codename="add_directoryuser", name="Can add directory user")
    Permission.objects.create(content_type=fresh, codename="view_directoryuser", name="Can view directory user")
    _migrate_to_the_leaves()
    ContentType.objects.clear_cache()

    kept = ContentType.objects.get(app_label="accounts", model="directoryuser")
    assert kept.pk == content_types["accounts", "directoryuser"]
    assert not ContentType.objects.filter(app_label="identity", model="directoryuser").exists()
    assert {"add_directoryuser", "view_directoryuser"} <= set(
        Permission.objects.filter(content_type=kept).values_list("codename", flat=True)
    )
    group = Group.objects.get(name="directory-admins")
    assert list(group.permissions.values_list("content_type__app_label", "codename")) == [
        ("accounts", "add_directoryuser")
    ]
    assert LogEntry.objects.get(pk=log_entry).content_type == kept
