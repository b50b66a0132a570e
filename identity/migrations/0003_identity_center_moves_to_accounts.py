"""The emulated IAM Identity Center's models now live in ``accounts`` and the worker heartbeat here
(``identity.sync``); their tables keep their names."""

import django.db.models.deletion
from django.db import migrations, models


# Content types (and so permissions and admin history) follow the models to their new app.
MOVED = {
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


def _merge(apps, db, stale, kept):
    """Fold the content type ``stale`` into ``kept``: its permissions (and who was granted them)
    and its admin history move over, then ``stale`` goes."""
    Permission = apps.get_model("auth", "Permission")
    LogEntry = apps.get_model("admin", "LogEntry")
    grants = [
        apps.get_model("auth", "Group").permissions.through,
        apps.get_model("identity", "User").user_permissions.through,
    ]
    kept_codenames = dict(Permission.objects.using(db).filter(content_type=kept).values_list("codename", "pk"))
    for permission in Permission.objects.using(db).filter(content_type=stale):
        twin = kept_codenames.get(permission.codename)
        if twin is None:
            permission.content_type = kept
            permission.save(update_fields=["content_type"])
            continue
        for through in grants:
            owner = next(f.name for f in through._meta.fields if f.is_relation and f.related_model is not Permission)
            already = set(through.objects.using(db).filter(permission_id=twin).values_list(f"{owner}_id", flat=True))
            through.objects.using(db).filter(permission=permission).exclude(**{f"{owner}_id__in": already}).update(
                permission_id=twin
            )
        permission.delete()
    LogEntry.objects.using(db).filter(content_type=stale).update(content_type=kept)
    stale.delete()


def _relabel(apps, schema_editor, *, forwards):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for (old, new), models_ in MOVED.items():
        source, target = (old, new) if forwards else (new, old)
        for model in models_:
            moving = ContentType.objects.using(db).filter(app_label=source, model=model).first()
            if moving is None:
                continue
            # A partial `migrate accounts` lets Django create the new label's row before this runs:
            # fold that fresh row into the one that carries the grants and the history.
            fresh = ContentType.objects.using(db).filter(app_label=target, model=model).first()
            if fresh is not None:
                _merge(apps, db, stale=fresh, kept=moving)
            moving.app_label = target
            moving.save(update_fields=["app_label"])


def relabel_forwards(apps, schema_editor):
    _relabel(apps, schema_editor, forwards=True)


def relabel_backwards(apps, schema_editor):
    _relabel(apps, schema_editor, forwards=False)



class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0004_identity_center_moves_here'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('admin', '0003_logentry_add_action_flag_choices'),
        ('identity', '0002_directorygroup_directoryuser_identitystore_and_more'),
    ]

    operations = [
        # The tables stay where they are (``db_table``): only Django's idea of the model moves.
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='WorkerHeartbeat',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('hostname', models.CharField(max_length=255, unique=True)),
                        ('seen_at', models.DateTimeField()),
                    ],
                    options={
                        'db_table': 'catalyst_admin_workerheartbeat',
                        'ordering': ['-seen_at'],
                    },
                ),
                migrations.RemoveField(
                    model_name='directorygroup',
                    name='members',
                ),
                migrations.RemoveField(
                    model_name='directorygroup',
                    name='store',
                ),
                migrations.RemoveField(
                    model_name='groupmembership',
                    name='group',
                ),
                migrations.RemoveField(
                    model_name='directoryuser',
                    name='store',
                ),
                migrations.RemoveField(
                    model_name='groupmembership',
                    name='user',
                ),
                migrations.RemoveField(
                    model_name='identitycenterinstance',
                    name='delegated_administrator',
                ),
                migrations.RemoveField(
                    model_name='identitycenterinstance',
                    name='organization',
                ),
                migrations.RemoveField(
                    model_name='permissionset',
                    name='instance',
                ),
                migrations.RemoveField(
                    model_name='identitystore',
                    name='instance',
                ),
                migrations.AlterField(
                    model_name='identitycenterapplication',
                    name='store',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='applications', to='accounts.identitystore'),
                ),
                migrations.AlterField(
                    model_name='synclease',
                    name='store',
                    field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='sync_lease', serialize=False, to='accounts.identitystore'),
                ),
                migrations.DeleteModel(
                    name='AccountAssignment',
                ),
                migrations.DeleteModel(
                    name='DirectoryGroup',
                ),
                migrations.DeleteModel(
                    name='DirectoryUser',
                ),
                migrations.DeleteModel(
                    name='GroupMembership',
                ),
                migrations.DeleteModel(
                    name='PermissionSet',
                ),
                migrations.DeleteModel(
                    name='IdentityCenterInstance',
                ),
                migrations.DeleteModel(
                    name='IdentityStore',
                ),
            ],
        ),
        migrations.RunPython(relabel_forwards, relabel_backwards),
    ]
