"""`make run` serves what production serves: compressed static files, and SQLite set up
so that the web server and the task worker writing together never meet "database is
locked" (issue 15)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.core.management import call_command
from django.test import Client, override_settings

ROOT = Path(__file__).resolve().parents[1]


def dev_settings(probe: str, **env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    clean |= {"DJANGO_SETTINGS_MODULE": "config.settings.dev", **env}
    done = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {probe}"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def test_make_run_stores_static_files_hashed_and_compressed_as_production() -> None:
    probe = (
        "from django.conf import settings; "
        "print(settings.STORAGES['staticfiles']['BACKEND']); "
        "print('whitenoise.runserver_nostatic' in settings.INSTALLED_APPS and "
        "settings.INSTALLED_APPS.index('whitenoise.runserver_nostatic') < "
        "settings.INSTALLED_APPS.index('django.contrib.staticfiles')); "
        "print(settings.WHITENOISE_USE_FINDERS, settings.WHITENOISE_AUTOREFRESH)"
    )
    storage, nostatic, finders = dev_settings(probe).splitlines()
    assert storage == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert nostatic == "True"  # runserver leaves static files to whitenoise
    # the collected files, with their compressed copies, never the uncompressed sources
    assert finders == "False False"


BUNDLE = "dsfr/dist/bundle/sejour-dsfr.css"  # the design system's, 400 KiB and more


def stylesheet() -> Path:
    from django.contrib.staticfiles import finders

    found = finders.find(BUNDLE)
    assert found, "the stylesheet bundle is built by make setup"
    return Path(found)


def test_the_stylesheet_is_served_compressed(tmp_path, settings) -> None:
    # The same compression as make run's storage, without the manifest: hashing would
    # need every file the stylesheet names, and collecting them all takes minutes.
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
    }
    assert stylesheet().stat().st_size > 400_000
    with override_settings(
        STATIC_ROOT=tmp_path / "static",
        STORAGES=storages,
        STATICFILES_DIRS=[settings.ASSETS_BUILD_DIR],
        STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"],
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
        client = Client()  # a new client: whitenoise reads the files collected above
        plain = client.get(f"/static/{BUNDLE}")
        assert plain.status_code == 200 and not plain.get("Content-Encoding")
        for encoding in ("gzip", "br"):
            response = client.get(f"/static/{BUNDLE}", HTTP_ACCEPT_ENCODING=encoding)
            assert response.status_code == 200
            assert response["Content-Encoding"] == encoding
            size = int(response["Content-Length"])
            assert size < int(plain["Content-Length"]) / 2


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout_and_immediate_transactions(
    tmp_path,
) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    probe = (
        "from django.db import connection; c = connection.cursor(); "
        "print(c.execute('PRAGMA journal_mode').fetchone()[0]); "
        "print(c.execute('PRAGMA busy_timeout').fetchone()[0]); "
        "print(connection.settings_dict['OPTIONS'].get('transaction_mode'))"
    )
    mode, busy, transactions = dev_settings(probe, DATABASE_URL=url).splitlines()
    assert mode == "wal" and int(busy) >= 5000 and transactions == "IMMEDIATE"


def test_emails_in_the_terminal_show_each_link_on_a_line_of_its_own(settings) -> None:
    import io

    from django.core import mail

    probe = "from django.conf import settings; print(settings.EMAIL_BACKEND)"
    backend = dev_settings(probe)
    stream = io.StringIO()
    link = "http://127.0.0.1:8000/compte/creer/verifier/" + "a1B2c3" * 12 + "/"
    connection = mail.get_connection(backend, stream=stream)
    mail.EmailMessage(
        "Confirmez votre adresse",
        f"Bonjour,\nPour continuer, ouvrez ce lien : {link} (valable 24 heures).",
        to=["amal@example.org"],
        connection=connection,
    ).send()
    out = stream.getvalue().splitlines()
    assert any(line.startswith("E-MAIL to amal@example.org: Confirmez") for line in out)
    assert link in [line.strip() for line in out]
