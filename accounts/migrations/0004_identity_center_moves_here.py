"""The emulated IAM Identity Center's models move from ``identity`` to the AWS side (``accounts``)."""

import accounts.aws.identity_center.models
import django.db.models.deletion
import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_connection_tokens_roles_tags_restrictions'),
    ]

    operations = [
        # The tables stay where they are (``db_table``): only Django's idea of the model moves.
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='DirectoryGroup',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('group_id', models.CharField(default=accounts.aws.identity_center.models.new_directory_id, editable=False, max_length=47)),
                        ('display_name', models.CharField(max_length=1024)),
                        ('description', models.CharField(blank=True, max_length=1024)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                    ],
                    options={
                        'db_table': 'identity_directorygroup',
                        'ordering': ['display_name'],
                    },
                ),
                migrations.CreateModel(
                    name='DirectoryUser',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('user_id', models.CharField(default=accounts.aws.identity_center.models.new_directory_id, editable=False, max_length=47)),
                        ('user_name', models.CharField(max_length=128)),
                        ('display_name', models.CharField(max_length=1024)),
                        ('email', models.EmailField(blank=True, max_length=254)),
                        ('password', models.CharField(blank=True, max_length=128)),
                        ('enabled', models.BooleanField(default=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                    ],
                    options={
                        'db_table': 'identity_directoryuser',
                        'ordering': ['user_name'],
                    },
                ),
                migrations.CreateModel(
                    name='GroupMembership',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('membership_id', models.CharField(default=accounts.aws.identity_center.models.new_directory_id, editable=False, max_length=47)),
                        ('group', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='accounts.directorygroup')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='accounts.directoryuser')),
                    ],
                    options={
                        'db_table': 'identity_groupmembership',
                    },
                ),
                migrations.AddField(
                    model_name='directorygroup',
                    name='members',
                    field=models.ManyToManyField(related_name='directory_groups', through='accounts.GroupMembership', to='accounts.directoryuser'),
                ),
                migrations.CreateModel(
                    name='IdentityCenterInstance',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('region', models.CharField(max_length=20)),
                        ('instance_id', models.CharField(default=accounts.aws.identity_center.models.new_instance_id, editable=False, max_length=30, unique=True)),
                        ('identity_source', models.CharField(choices=[('identity_center', 'Identity Center directory'), ('active_directory', 'Active Directory'), ('external_idp', 'External identity provider')], default='identity_center', max_length=20)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('delegated_administrator', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='accounts.awsaccount')),
                        ('organization', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='identity_center', to='accounts.organization')),
                    ],
                    options={
                        'db_table': 'identity_identitycenterinstance',
                    },
                ),
                migrations.CreateModel(
                    name='IdentityStore',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('store_id', models.CharField(default=accounts.aws.identity_center.models.new_identity_store_id, max_length=12, unique=True)),
                        ('sync_source', models.CharField(choices=[('built_in', 'Built-in identity store'), ('aws', 'AWS IAM Identity Center (boto3)')], default='built_in', max_length=20)),
                        ('aws_region', models.CharField(blank=True, max_length=20)),
                        ('aws_endpoint_url', models.URLField(blank=True)),
                        ('instance', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='identity_store', to='accounts.identitycenterinstance')),
                    ],
                    options={
                        'db_table': 'identity_identitystore',
                    },
                ),
                migrations.AddField(
                    model_name='directoryuser',
                    name='store',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='users', to='accounts.identitystore'),
                ),
                migrations.AddField(
                    model_name='directorygroup',
                    name='store',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='groups', to='accounts.identitystore'),
                ),
                migrations.CreateModel(
                    name='PermissionSet',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('permission_set_id', models.CharField(default=accounts.aws.identity_center.models.new_permission_set_id, editable=False, max_length=20)),
                        ('name', models.CharField(max_length=32)),
                        ('description', models.CharField(blank=True, max_length=700)),
                        ('session_duration_hours', models.PositiveSmallIntegerField(default=8)),
                        ('inline_policy', models.JSONField(blank=True, default=dict)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('instance', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='permission_sets', to='accounts.identitycenterinstance')),
                    ],
                    options={
                        'db_table': 'identity_permissionset',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='AccountAssignment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('account', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='accounts.awsaccount')),
                        ('group', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='accounts.directorygroup')),
                        ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='accounts.directoryuser')),
                        ('permission_set', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='assignments', to='accounts.permissionset')),
                    ],
                    options={
                        'db_table': 'identity_accountassignment',
                    },
                ),
                migrations.AddConstraint(
                    model_name='groupmembership',
                    constraint=models.UniqueConstraint(fields=('group', 'user'), name='identity_group_member_once'),
                ),
                migrations.AddConstraint(
                    model_name='directoryuser',
                    constraint=models.UniqueConstraint(fields=('store', 'user_id'), name='identity_directory_user_id_unique'),
                ),
                migrations.AddConstraint(
                    model_name='directoryuser',
                    constraint=models.UniqueConstraint(models.F('store'), django.db.models.functions.text.Lower('user_name'), name='identity_directory_user_name_unique'),
                ),
                migrations.AddConstraint(
                    model_name='directorygroup',
                    constraint=models.UniqueConstraint(fields=('store', 'group_id'), name='identity_directory_group_id_unique'),
                ),
                migrations.AddConstraint(
                    model_name='directorygroup',
                    constraint=models.UniqueConstraint(models.F('store'), django.db.models.functions.text.Lower('display_name'), name='identity_directory_group_name_unique'),
                ),
                migrations.AddConstraint(
                    model_name='permissionset',
                    constraint=models.UniqueConstraint(fields=('instance', 'name'), name='identity_permission_set_name'),
                ),
                migrations.AddConstraint(
                    model_name='accountassignment',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('group__isnull', True), ('user__isnull', False)), models.Q(('group__isnull', False), ('user__isnull', True)), _connector='OR'), name='identity_assignment_one_principal'),
                ),
                migrations.AddConstraint(
                    model_name='accountassignment',
                    constraint=models.UniqueConstraint(fields=('permission_set', 'account', 'user'), name='identity_assignment_user_once'),
                ),
                migrations.AddConstraint(
                    model_name='accountassignment',
                    constraint=models.UniqueConstraint(fields=('permission_set', 'account', 'group'), name='identity_assignment_group_once'),
                ),
            ],
        ),
    ]
