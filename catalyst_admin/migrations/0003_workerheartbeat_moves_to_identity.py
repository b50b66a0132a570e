"""The worker heartbeat moves to ``identity`` (the group sync's room); its table keeps its name."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('catalyst_admin', '0002_heartbeat_schedule'),
        ('identity', '0003_identity_center_moves_to_accounts'),
    ]

    operations = [
        # The tables stay where they are (``db_table``): only Django's idea of the model moves.
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(
                    name='WorkerHeartbeat',
                ),
            ],
        ),
    ]
