"""Uploaded documents are checked by their content, not their name: PDF, JPEG or PNG
only, within size limits; scanned by the antivirus (`sejour.integrations.antivirus`:
refused when infected, kept in quarantine when the scanner cannot answer); a PDF read
object by object (`pdf_inspect`); an image's pixel count bounded before it is decoded,
then re-encoded from its pixels alone, so its metadata (EXIF, GPS position, XMP,
comments) is not kept."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from sejour.dossiers.models import Scan
from sejour.dossiers.pdf_inspect import PdfRefused, inspect
from sejour.integrations.antivirus import Verdict, get_antivirus

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
CLEAN, QUARANTINE, INFECTED = Scan.CLEAN.value, Scan.QUARANTINE.value, Scan.INFECTED.value


@dataclass(frozen=True)
class Checked:
    content: bytes
    content_type: str
    extension: str
    sha256: str
    scan: str = CLEAN  # QUARANTINE while the antivirus could not answer


class Refused(ValueError):
    pass


def sniff(head: bytes) -> str | None:
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    return None


def too_heavy(limit_bytes: int) -> str:
    return _(
        "Le fichier est trop lourd : %(mb)s Mo au plus. Photographiez le document en qualité moyenne, ou réduisez le PDF."
    ) % {"mb": limit_bytes // (1024 * 1024)}


def check(data: bytes) -> Checked:
    if not data:
        raise Refused(_("Le fichier est vide : choisissez le bon fichier."))
    if len(data) > settings.UPLOAD_MAX_BYTES:
        raise Refused(too_heavy(settings.UPLOAD_MAX_BYTES))
    # The bytes as received are scanned first: a virus is named as such, whatever the
    # file claims to be.
    verdict = get_antivirus().scan(data)
    if verdict.verdict is Verdict.INFECTED:
        raise Refused(
            _(
                "L'antivirus a trouvé un virus dans ce fichier : il n'est pas enregistré. Analysez votre appareil, puis envoyez une autre copie du document."
            )
        )
    kind = sniff(data[:16])
    if kind is None:
        raise Refused(
            _(
                "Ce fichier n'est ni un PDF ni une photo JPEG ou PNG (son contenu a été vérifié, pas seulement son nom)."
            )
        )
    if kind == PDF:
        try:
            inspect(data)
        except PdfRefused as refused:
            raise Refused(str(refused)) from None
        checked = Checked(data, PDF, "pdf", hashlib.sha256(data).hexdigest())
    else:
        checked = _reencode(data, kind)
    if verdict.verdict is Verdict.UNAVAILABLE:
        # Never skipped: kept aside, shown to nobody, until a later scan answers.
        return replace(checked, scan=QUARANTINE)
    return checked


def too_many_pixels() -> str:
    return _(
        "Cette image a trop de pixels : %(max)s mégapixels au plus. Reprenez la photo en qualité normale ou réduisez-la."
    ) % {"max": settings.UPLOAD_MAX_PIXELS // 1_000_000}


DAMAGED = _("Cette image est abîmée et ne peut pas être lue : reprenez la photo.")


def _reencode(data: bytes, kind: str) -> Checked:
    Image.MAX_IMAGE_PIXELS = settings.UPLOAD_MAX_PIXELS  # Pillow's own guard, as a backstop
    try:
        with Image.open(io.BytesIO(data)) as image:
            # Opening reads the header only: the size is known before any decoding.
            width, height = image.size
            if width * height > settings.UPLOAD_MAX_PIXELS:
                raise Refused(too_many_pixels())
            image.load()
            upright = ImageOps.exif_transpose(image)  # the photo as it was seen
            fmt = "PNG" if kind == PNG else "JPEG"
            mode = "RGBA" if fmt == "PNG" and upright.mode in ("RGBA", "LA", "P", "PA") else "RGB"
            clean = Image.new(mode, upright.size)
            clean.paste(upright.convert(mode))  # pixels only: no info, EXIF, XMP, ICC
            out = io.BytesIO()
            clean.save(
                out, format=fmt, **({"quality": 85, "optimize": True} if fmt == "JPEG" else {})
            )
    except Refused:
        raise
    except Image.DecompressionBombError:  # Pillow's guard, at twice the bound: same answer
        raise Refused(too_many_pixels()) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise Refused(DAMAGED) from None
    content = out.getvalue()
    return Checked(
        content, kind, "png" if kind == PNG else "jpg", hashlib.sha256(content).hexdigest()
    )


EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png"}


def download_name(code: str, content_type: str) -> str:
    """The name a downloaded document gets: its label in the reader's language and the
    extension of what it is ("Décision de protection.pdf"), never the storage path.
    Django's FileResponse writes it as filename*=utf-8'' when it is not ASCII."""
    from sejour.simulator import labels

    label = str(labels.DOCUMENTS.get(code, (code, ""))[0])
    safe = "".join(c if c.isalnum() or c in " -_'(),." else "-" for c in label).strip(" .")
    return f"{safe or 'document'}.{EXTENSIONS.get(content_type, 'bin')}"


class RequestBudget(FileUploadHandler):
    """First of FILE_UPLOAD_HANDLERS: no uploaded file is kept past UPLOAD_MAX_BYTES + 1
    bytes, nor a request's files past UPLOAD_MAX_REQUEST_BYTES + 1 in all. The rest is
    read and dropped, so a huge body costs neither memory nor disk, and the checks above
    still see that the file was too heavy and say so."""

    total = kept = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.total = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.kept = 0

    def receive_data_chunk(self, raw_data, start):
        room = min(
            settings.UPLOAD_MAX_BYTES + 1 - self.kept,
            settings.UPLOAD_MAX_REQUEST_BYTES + 1 - self.total,
        )
        piece = raw_data[: max(room, 0)]
        self.kept += len(piece)
        self.total += len(piece)
        return piece or None

    def file_complete(self, file_size):
        return None


@contextmanager
def files_kept_on_commit(storage) -> Iterator[list[str]]:
    """An atomic block that writes uploads for the rows it saves: the names written are
    appended to the list it yields; if the block fails (a row, its audit event, or the
    commit itself), those files are removed at once. A file left by a killed process, or
    by an outer transaction rolled back later, has no row: the sweep
    (sejour.dossiers.sweep) removes it after its grace period, so an identity document
    never stays on disk without its row."""
    names: list[str] = []
    try:
        with transaction.atomic():
            yield names
    except BaseException:
        for name in names:
            storage.delete(name)
        raise
