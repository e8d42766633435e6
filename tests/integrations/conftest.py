"""A real ClamAV daemon for the tests: Debian's clamd, started in a temporary folder
with its own configuration, on a signature database written at test time (no signature
is downloaded: the EICAR test file, by its MD5 and as a byte pattern anywhere)."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import time

import pytest

from sejour.integrations.antivirus import EICAR, Clamd

CONFIG = """\
Foreground yes
LocalSocket {root}/clamd.sock
DatabaseDirectory {root}/db
TemporaryDirectory {root}/tmp
LogFile {root}/clamd.log
PidFile {root}/clamd.pid
StreamMaxLength 12M
MaxThreads 2
Bytecode no
"""


def write_database(folder) -> None:
    folder.mkdir()
    md5 = hashlib.md5(EICAR, usedforsecurity=False).hexdigest()
    (folder / "sejour-test.hdb").write_text(f"{md5}:{len(EICAR)}:Sejour.Test.EICAR\n")
    (folder / "sejour-test.ndb").write_text(f"Sejour.Test.EICAR.Anywhere:0:*:{EICAR.hex()}\n")


@pytest.fixture(scope="session")
def clamd_address(tmp_path_factory):
    """The address (unix socket) of a clamd running for this test session."""
    binary = shutil.which("clamd") or "/usr/sbin/clamd"
    if not shutil.which(binary):
        pytest.fail("clamd is missing: `make test` installs it (apt-get install clamav-daemon)")
    root = tmp_path_factory.mktemp("clamd")
    write_database(root / "db")
    (root / "tmp").mkdir()
    config = root / "clamd.conf"
    config.write_text(CONFIG.format(root=root))
    process = subprocess.Popen(
        [binary, f"--config-file={config}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    address = f"unix://{root}/clamd.sock"
    deadline = time.monotonic() + 60
    while not Clamd(address, timeout=2).ping():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            log = (root / "clamd.log").read_text() if (root / "clamd.log").exists() else ""
            pytest.fail(f"clamd did not start:\n{log[-2000:]}")
        time.sleep(0.1)
    yield address
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture
def real_clamd(settings, clamd_address):
    """Uploads scanned by the test clamd, as production does with the organisation's."""
    settings.SEJOUR_ANTIVIRUS = "sejour.integrations.antivirus.Clamd"
    settings.SEJOUR_CLAMD = clamd_address
    return clamd_address
