"""Correction requests written before they had a state: those already answered in the
inbox are answered (else they would hold up a decision as if still waiting)."""

from django.db import migrations
from django.db.models import F


def answered(apps, schema_editor):
    CorrectionRequest = apps.get_model("dossiers", "CorrectionRequest")
    CorrectionRequest.objects.filter(handled_at__isnull=False, step="", state="pending").update(
        state="answered", answered_at=F("handled_at")
    )


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0009_h5_correction_request_state")]

    operations = [migrations.RunPython(answered, migrations.RunPython.noop)]
