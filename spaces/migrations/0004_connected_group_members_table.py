"""The connected groups' synced members move from a JSON list on each group to a table, a row per
member, so that a sync writes only the members that changed (issue 17 §1). Each group also keeps
how many members it has and a digest of them. Reversible: back, the table's rows become the JSON
lists again (sorted, as the sync wrote them)."""

import hashlib

from django.db import migrations, models

BATCH = 5000


def _digest(user_ids) -> str:
    # Frozen copy of spaces.models.members_digest.
    if not user_ids:
        return ""
    return hashlib.blake2b("\n".join(sorted(user_ids)).encode(), digest_size=16).hexdigest()


def lists_to_rows(apps, schema_editor):
    ConnectedGroup = apps.get_model("spaces", "ConnectedGroup")
    ConnectedGroupMember = apps.get_model("spaces", "ConnectedGroupMember")
    db = schema_editor.connection.alias
    for group in ConnectedGroup.objects.using(db).iterator(chunk_size=500):
        members = sorted(set(group.synced_members or []))
        ConnectedGroupMember.objects.using(db).bulk_create(
            [ConnectedGroupMember(group_id=group.pk, user_id=uid) for uid in members], batch_size=BATCH
        )
        group.member_count = len(members)
        group.members_digest = _digest(members)
        group.save(update_fields=["member_count", "members_digest"])


def rows_to_lists(apps, schema_editor):
    ConnectedGroup = apps.get_model("spaces", "ConnectedGroup")
    ConnectedGroupMember = apps.get_model("spaces", "ConnectedGroupMember")
    db = schema_editor.connection.alias
    lists: dict[int, list[str]] = {}
    rows = ConnectedGroupMember.objects.using(db).order_by("group_id", "user_id").values_list("group_id", "user_id")
    for group_id, user_id in rows.iterator(chunk_size=BATCH):
        lists.setdefault(group_id, []).append(user_id)
    for group in ConnectedGroup.objects.using(db).iterator(chunk_size=500):
        group.synced_members = lists.get(group.pk, [])
        group.save(update_fields=["synced_members"])


class Migration(migrations.Migration):

    dependencies = [
        ("spaces", "0003_connectedgroup_synced_members"),
    ]

    operations = [
        migrations.CreateModel(
            name="ConnectedGroupMember",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("user_id", models.CharField(max_length=47)),
                (
                    "group",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=models.deletion.CASCADE,
                        related_name="synced_member_rows",
                        to="spaces.connectedgroup",
                    ),
                ),
            ],
            options={"ordering": ["group", "user_id"]},
        ),
        migrations.AddConstraint(
            model_name="connectedgroupmember",
            constraint=models.UniqueConstraint(fields=("group", "user_id"), name="spaces_connected_group_member_once"),
        ),
        migrations.AddField(
            model_name="connectedgroup",
            name="member_count",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="connectedgroup",
            name="members_digest",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.RunPython(lists_to_rows, rows_to_lists),
        migrations.RemoveField(
            model_name="connectedgroup",
            name="synced_members",
        ),
        migrations.AlterField(
            model_name="connectedgroupmember",
            name="group",
            field=models.ForeignKey(
                db_index=False,
                on_delete=models.deletion.CASCADE,
                related_name="synced_members",
                to="spaces.connectedgroup",
            ),
        ),
    ]
