"""Every stored document and PDF goes through this storage: encrypted at rest.

`EncryptedStorage` wraps the storage that actually keeps the bytes (the filesystem by
default, an S3-compatible object store in production: settings.STORAGES) and encrypts
each file with AES-256-GCM, an authenticated cipher: a changed byte fails to decrypt
instead of reading as something else. Each stored file starts with a header naming the
key it was written under, so keys can be rotated: files under an older key still read,
and `manage.py storage_reencrypt` rewrites them under the newest.

Stored layout: b"SJE1" | key id length (1 byte) | key id | nonce (12 bytes) | ciphertext.
The header is bound to the ciphertext as associated data.
"""

from __future__ import annotations

import base64
import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.utils.deconstruct import deconstructible
from django.utils.module_loading import import_string

MAGIC = b"SJE1"
NONCE_BYTES = 12


class Undecryptable(Exception):
    """A stored file that is not ours, was changed, or is under a key we no longer have."""


def parse_keys(value: str) -> dict[str, bytes]:
    """SEJOUR_STORAGE_KEYS: "id:key,id:key", each key 32 bytes in url-safe base64; the
    first one encrypts, every one decrypts."""
    keys: dict[str, bytes] = {}
    for item in (part.strip() for part in value.split(",")):
        if not item:
            continue
        key_id, sep, encoded = item.partition(":")
        if not sep or not key_id or len(key_id.encode()) > 255:
            raise ImproperlyConfigured("SEJOUR_STORAGE_KEYS: each entry is id:base64key.")
        try:
            key = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
        except ValueError as exc:
            raise ImproperlyConfigured(f"SEJOUR_STORAGE_KEYS: key {key_id} is not base64.") from exc
        if len(key) != 32:
            raise ImproperlyConfigured(f"SEJOUR_STORAGE_KEYS: key {key_id} is not 32 bytes.")
        keys[key_id] = key
    return keys


def new_key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip("=")


def key_id_of(data: bytes) -> str:
    if not data.startswith(MAGIC) or len(data) < len(MAGIC) + 1:
        raise Undecryptable("not an encrypted sejour file")
    length = data[len(MAGIC)]
    return data[len(MAGIC) + 1 : len(MAGIC) + 1 + length].decode()


class Cipher:
    def __init__(self, keys: dict[str, bytes]) -> None:
        if not keys:
            raise ImproperlyConfigured("SEJOUR_STORAGE_KEYS is empty: stored files need a key.")
        self.keys = keys
        self.current = next(iter(keys))

    def encrypt(self, plain: bytes) -> bytes:
        key_id = self.current.encode()
        header = MAGIC + bytes([len(key_id)]) + key_id
        nonce = os.urandom(NONCE_BYTES)
        return header + nonce + AESGCM(self.keys[self.current]).encrypt(nonce, plain, header)

    def decrypt(self, data: bytes) -> bytes:
        key_id = key_id_of(data)
        key = self.keys.get(key_id)
        if key is None:
            raise Undecryptable(f"stored under key {key_id!r}, which is not configured")
        start = len(MAGIC) + 1 + len(key_id.encode())
        header, nonce, body = (
            data[:start],
            data[start : start + NONCE_BYTES],
            data[start + NONCE_BYTES :],
        )
        try:
            return AESGCM(key).decrypt(nonce, body, header)
        except Exception as exc:  # cryptography's InvalidTag: changed or wrong key
            raise Undecryptable("the stored file fails its authentication") from exc


@deconstructible
class NoDirectAccess(NotImplementedError):
    """A deliberate refusal, not a missing feature: an encrypted document has neither a
    public URL nor a plaintext path. It is a NotImplementedError because that is how
    Django's Storage API says "this storage has no such thing" to the code that asks."""


class EncryptedStorage(Storage):
    """Encrypts on save, decrypts on open; the inner storage sees only ciphertext."""

    def __init__(self, inner: dict | None = None, keys: str | None = None) -> None:
        inner = inner or settings.SEJOUR_STORAGE_INNER
        options = dict(inner.get("OPTIONS", {}))
        self.inner: Storage = import_string(inner["BACKEND"])(**options)
        self.cipher = Cipher(parse_keys(keys if keys is not None else settings.SEJOUR_STORAGE_KEYS))

    # Reading and writing
    def _open(self, name: str, mode: str = "rb"):
        if "w" in mode or "a" in mode or "+" in mode:
            raise SuspiciousFileOperation("Encrypted files are written with save(), not open().")
        with self.inner.open(name, "rb") as stored:
            data = stored.read()
        return ContentFile(self.cipher.decrypt(data), name=name)

    def _save(self, name: str, content) -> str:
        if hasattr(content, "seek"):
            content.seek(0)
        plain = content.read()
        if isinstance(plain, str):
            plain = plain.encode()
        return self.inner.save(name, ContentFile(self.cipher.encrypt(plain)))

    def stored_bytes(self, name: str) -> bytes:
        """The bytes as kept by the inner storage (ciphertext): for tests and rotation."""
        with self.inner.open(name, "rb") as stored:
            return stored.read()

    # Everything else is the inner storage's
    def delete(self, name: str) -> None:
        self.inner.delete(name)

    def exists(self, name: str) -> bool:
        return self.inner.exists(name)

    def listdir(self, path: str):
        return self.inner.listdir(path)

    def size(self, name: str) -> int:
        return len(self.open(name).read())

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        return self.inner.get_available_name(name, max_length=max_length)

    def generate_filename(self, filename: str) -> str:
        return self.inner.generate_filename(filename)

    def get_modified_time(self, name: str):
        return self.inner.get_modified_time(name)

    def get_created_time(self, name: str):
        return self.inner.get_created_time(name)

    def get_accessed_time(self, name: str):
        return self.inner.get_accessed_time(name)

    def url(self, name: str | None) -> str:
        # Documents are served only by views that check permissions and record the read.
        raise NoDirectAccess("Stored documents have no public URL.")

    def path(self, name: str) -> str:
        raise NoDirectAccess("Stored documents are read decrypted, through open().")
