"""Stored documents go through Django's storage API, encrypted at rest, on the
filesystem or an S3-compatible object store (issue 17)."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from sejour.core.storage import EncryptedStorage, Undecryptable, key_id_of, new_key
from tests.core.s3 import s3_server

PLAIN = b"%PDF-1.7 Decision de protection: Amina EXEMPLE, nee le 01/02/1990 " * 20


@pytest.fixture(params=["filesystem", "s3"])
def inner(request, tmp_path):
    if request.param == "filesystem":
        yield {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        }
    else:
        with s3_server() as options:
            yield {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def _keys(*pairs: tuple[str, str]) -> str:
    return ",".join(f"{key_id}:{key}" for key_id, key in pairs)


def test_a_stored_document_reads_back_and_its_stored_bytes_hold_no_plaintext(inner) -> None:
    storage = EncryptedStorage(inner=inner, keys=_keys(("k1", new_key())))
    name = storage.save("dossiers/S-1/doc", ContentFile(PLAIN))
    with storage.open(name) as stored:
        assert stored.read() == PLAIN
    raw = storage.stored_bytes(name)
    assert b"Amina" not in raw and b"%PDF" not in raw and b"1990" not in raw
    assert key_id_of(raw) == "k1"


def test_a_changed_byte_or_another_key_refuses_to_read(inner) -> None:
    storage = EncryptedStorage(inner=inner, keys=_keys(("k1", new_key())))
    name = storage.save("doc", ContentFile(PLAIN))
    raw = bytearray(storage.stored_bytes(name))
    raw[-1] ^= 1
    tampered = storage.inner.save("tampered", ContentFile(bytes(raw)))
    with pytest.raises(Undecryptable):
        storage.open(tampered)
    stranger = EncryptedStorage(inner=inner, keys=_keys(("k1", new_key())))
    with pytest.raises(Undecryptable):
        stranger.open(name)


def test_after_a_rotation_old_files_still_read_and_new_ones_use_the_newest_key(inner) -> None:
    old, newer = new_key(), new_key()
    before = EncryptedStorage(inner=inner, keys=_keys(("k1", old)))
    name = before.save("doc", ContentFile(PLAIN))
    after = EncryptedStorage(inner=inner, keys=_keys(("k2", newer), ("k1", old)))
    assert after.open(name).read() == PLAIN
    assert key_id_of(after.stored_bytes(after.save("new", ContentFile(b"x")))) == "k2"


def test_the_default_storage_is_encrypted() -> None:
    name = default_storage.save("probe", ContentFile(PLAIN))
    try:
        assert default_storage.open(name).read() == PLAIN
        assert b"Amina" not in default_storage.stored_bytes(name)
    finally:
        default_storage.delete(name)


def test_an_encrypted_document_has_no_url_and_no_plaintext_path() -> None:
    from django.core.files.storage import default_storage

    from sejour.core.storage import NoDirectAccess

    with pytest.raises(NoDirectAccess):
        default_storage.url("dossiers/any.pdf")
    with pytest.raises(NoDirectAccess):
        default_storage.path("dossiers/any.pdf")
