"""The queue's search columns (issue 16): the holder's birth date, and the search column
the model maintains (names without accents, lower case, then the number), filled for
the files already there; on PostgreSQL, the `unaccent` and `pg_trgm` extensions when
the database allows creating them, and a trigram index on the search column."""

import re
import unicodedata
from contextlib import suppress
from datetime import date

from django.db import DatabaseError, migrations, models, transaction

import sejour.dossiers.models

TRIGRAM_INDEX = "dossier_search_trgm"


def _key(text):
    # A copy of sejour.dossiers.models.search_key as it was when this ran.
    plain = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    return " ".join(re.split(r"[^0-9a-z]+", plain)).strip()


def _born(dossier):
    minor = ((dossier.snapshot or {}).get("identity") or {}).get("minor") or {}
    if dossier.filed_by == "parent" and minor.get("birth_date"):
        try:
            return date.fromisoformat(minor["birth_date"])
        except ValueError:
            return None
    return dossier.applicant.birth_date


def fill(apps, schema_editor):
    Dossier = apps.get_model("dossiers", "Dossier")
    changed = []
    rows = Dossier.objects.exclude(state="draft").select_related("applicant")
    for dossier in rows.iterator(chunk_size=2000):
        number = (dossier.subject or "").removeprefix("visa:")
        number = "" if number.startswith("user:") else number
        dossier.search_text = f"{_key(dossier.holder_name)} {_key(number)}".strip()[:300]
        dossier.holder_born = _born(dossier)
        changed.append(dossier)
        if len(changed) >= 2000:
            Dossier.objects.bulk_update(changed, ["search_text", "holder_born"])
            changed = []
    Dossier.objects.bulk_update(changed, ["search_text", "holder_born"])


def trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite: the search scans the prefecture's files
    with schema_editor.connection.cursor() as cursor:
        for extension in ("unaccent", "pg_trgm"):
            # Not allowed to this role: the search still works, through plain scans.
            with (
                suppress(DatabaseError),
                transaction.atomic(using=schema_editor.connection.alias),
            ):
                cursor.execute(f"CREATE EXTENSION IF NOT EXISTS {extension}")
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        if cursor.fetchone():
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON dossiers_dossier "
                "USING gin (search_text gin_trgm_ops)"
            )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0010_merge_0009_h3_one_open_request_0009_h7_document_scan"),
    ]

    operations = [
        migrations.AddField(
            model_name="dossier",
            name="holder_born",
            field=models.DateField(blank=True, null=True, verbose_name="titulaire né le"),
        ),
        migrations.AddField(
            model_name="dossier",
            name="search_text",
            field=sejour.dossiers.models.SearchTextField(
                blank=True, editable=False, max_length=300
            ),
        ),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(fields=["subject"], name="dossier_subject_idx"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(trigram_index, drop_trigram_index),
    ]
