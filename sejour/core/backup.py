"""Backup and restore: the PostgreSQL database (pg_dump's custom format) and the uploads,
together in one archive, so a document is never restored without its row nor a row
without its document. docs/operations.md gives the procedure."""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
import tempfile
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

from sejour.core.task_release import release_running_tasks

DUMP = "database.dump"
UPLOADS = "uploads"


class BackupError(Exception):
    pass


def _pg(tool: str, *args: str) -> list[str]:
    db = connection.settings_dict
    argv = [tool, "--no-password", "--dbname", db["NAME"]]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            argv += [flag, str(db[key])]
    return [*argv, *args]


def _run(argv: list[str]) -> None:
    env = {**os.environ}
    if connection.settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = connection.settings_dict["PASSWORD"]
    try:
        result = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError:
        raise BackupError(
            f"{argv[0]} is not installed (apt-get install postgresql-client)"
        ) from None
    if result.returncode != 0:
        raise BackupError(f"{argv[0]} failed: {result.stderr.strip()[-2000:]}")


def _postgresql_only() -> None:
    if connection.vendor != "postgresql":
        raise BackupError("backup and restore need PostgreSQL (DATABASE_URL=postgres://...)")


def backup(directory: Path) -> Path:
    """Write sejour-<UTC time>.tar.gz into `directory` (only the service's user may read
    it: it holds identity documents) and return its path."""
    _postgresql_only()
    directory.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    target = directory / f"sejour-{stamp}.tar.gz"
    partial = directory / f".{target.name}.part"  # never a half archive under the real name
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / DUMP
        _run(_pg("pg_dump", "--format", "custom", "--file", str(dump)))
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
            archive.add(dump, arcname=DUMP)
            media = Path(settings.MEDIA_ROOT)
            if media.exists():
                archive.add(media, arcname=UPLOADS)
    os.replace(partial, target)
    return target


def restore(archive_path: Path) -> int:
    """Replace the database and the uploads by the archive's; the tasks the backup caught
    running are released. The web and the worker must be stopped. Returns the number of
    tasks released."""
    _postgresql_only()
    with tempfile.TemporaryDirectory() as work:
        with tarfile.open(archive_path, mode="r:gz") as archive:
            archive.extractall(work, filter="data")
        dump = Path(work) / DUMP
        if not dump.exists():
            raise BackupError(f"{archive_path}: no {DUMP} in this archive")
        connections.close_all()
        _run(
            _pg("pg_restore", "--clean", "--if-exists", "--no-owner", "--exit-on-error", str(dump))
        )
        media = Path(settings.MEDIA_ROOT)
        restored = Path(work) / UPLOADS
        if media.exists():
            shutil.rmtree(media)
        if restored.exists():
            shutil.copytree(restored, media)
        else:
            media.mkdir(parents=True)
    return release_running_tasks(older_than=timedelta(0))
