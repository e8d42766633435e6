import uuid

from django.db import migrations, models

import sejour.notifications.models


def fill(apps, schema_editor):
    """Messages already sent are "sent"; every message gets its own Message-ID."""
    Message = apps.get_model("notifications", "OutboxMessage")
    Message.objects.filter(sent_at__isnull=False).update(status="sent")
    for message in Message.objects.filter(message_id__isnull=True).only("pk").iterator():
        Message.objects.filter(pk=message.pk).update(
            message_id=f"<{uuid.uuid4().hex}@sejour.localhost>"
        )


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="outboxmessage",
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "à envoyer"),
                    ("sending", "en cours d'envoi"),
                    ("sent", "envoyé"),
                    ("failed", "non délivré"),
                ],
                db_index=True,
                default="pending",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="outboxmessage",
            name="message_id",
            field=models.CharField(max_length=255, null=True),  # noqa: DJ001 (filled below)
        ),
        migrations.AddField(
            model_name="outboxmessage",
            name="next_attempt_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="outboxmessage",
            name="lease_until",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="outboxmessage",
            name="claimed_by",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name="outboxmessage",
            name="failed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="outboxmessage",
            name="message_id",
            field=models.CharField(
                default=sejour.notifications.models.new_message_id, max_length=255, unique=True
            ),
        ),
        migrations.CreateModel(
            name="WorkerHeartbeat",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("worker_id", models.CharField(max_length=64, unique=True)),
                ("pid", models.PositiveIntegerField()),
                ("started_at", models.DateTimeField()),
                ("beat_at", models.DateTimeField(db_index=True)),
                ("task_id", models.CharField(blank=True, max_length=64)),
            ],
        ),
    ]
