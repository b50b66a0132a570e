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


def _relabel(apps, schema_editor, *, forwards):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for (old, new), models_ in MOVED.items():
        source, target = (old, new) if forwards else (new, old)
        for model in models_:
            if not ContentType.objects.filter(app_label=target, model=model).exists():
                ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


def relabel_forwards(apps, schema_editor):
    _relabel(apps, schema_editor, forwards=True)


def relabel_backwards(apps, schema_editor):
    _relabel(apps, schema_editor, forwards=False)



class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0004_identity_center_moves_here'),
        ('contenttypes', '0002_remove_content_type_name'),
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
