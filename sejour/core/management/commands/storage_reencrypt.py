"""Re-encrypts every stored file under the newest key of SEJOUR_STORAGE_KEYS.

After a new key is put first in SEJOUR_STORAGE_KEYS (the old ones kept after it), this
rewrites each file still under an older key: the new copy is saved under a new name, the
row is pointed at it in a transaction, then the old copy is deleted. Run again, it does
nothing for files already under the newest key; once it reports 0, the old keys can go.
"""

from __future__ import annotations

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction

from sejour.audit.services import audit_record
from sejour.core.storage import EncryptedStorage, key_id_of


def file_fields():
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                yield model, field


class Command(BaseCommand):
    help = "Re-encrypts stored documents under the newest storage key."

    def handle(self, *args, **options) -> None:
        storage = default_storage
        if not isinstance(storage, EncryptedStorage):  # a LazyObject passes isinstance
            raise CommandError("The default storage is not sejour.core.storage.EncryptedStorage.")
        newest = storage.cipher.current
        rewritten = 0
        for model, field in file_fields():
            rows = model.objects.exclude(**{field.name: ""}).values_list("pk", field.name)
            for pk, name in rows.iterator():
                if not storage.exists(name) or key_id_of(storage.stored_bytes(name)) == newest:
                    continue
                plain = storage.open(name).read()
                new_name = storage.save(name, ContentFile(plain))
                with transaction.atomic():
                    moved = model.objects.filter(pk=pk, **{field.name: name})
                    if not moved.update(**{field.name: new_name}):  # changed meanwhile
                        storage.delete(new_name)
                        continue
                    audit_record(
                        actor=None,
                        action="storage.reencrypted",
                        target=model.objects.get(pk=pk),
                        data={"field": field.name, "key": newest},
                    )
                # Deleted only once the row points to the new copy.
                storage.delete(name)
                rewritten += 1
        self.stdout.write(f"{rewritten} file(s) re-encrypted under key {newest}.")
