"""Uploaded documents are checked by their content, not their name: PDF, JPEG or PNG
only; size and page limits; images re-encoded (which drops hidden content and
metadata); PDFs refused when encrypted or carrying scripts or embedded files."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
_DANGEROUS = (
    b"/JavaScript",
    b"/JS ",
    b"/JS(",
    b"/JS<",
    b"/Launch",
    b"/EmbeddedFile",
    b"/RichMedia",
    b"/XFA",
)
MAX_PIXELS = 40_000_000


@dataclass(frozen=True)
class Checked:
    content: bytes
    content_type: str
    extension: str
    sha256: str


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


def check(data: bytes) -> Checked:
    if not data:
        raise Refused(_("Le fichier est vide : choisissez le bon fichier."))
    if len(data) > settings.UPLOAD_MAX_BYTES:
        limit = settings.UPLOAD_MAX_BYTES // (1024 * 1024)
        raise Refused(
            _(
                "Le fichier est trop lourd : %(mb)s Mo au plus. Photographiez le document en qualité moyenne, ou réduisez le PDF."
            )
            % {"mb": limit}
        )
    kind = sniff(data[:16])
    if kind is None:
        raise Refused(
            _(
                "Ce fichier n'est ni un PDF ni une photo JPEG ou PNG (son contenu a été vérifié, pas seulement son nom)."
            )
        )
    if kind == PDF:
        return _check_pdf(data)
    return _reencode(data, kind)


def _check_pdf(data: bytes) -> Checked:
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise Refused(
                _("Ce PDF est protégé par un mot de passe : envoyez une version sans protection.")
            )
        pages = len(reader.pages)
    except PdfReadError:
        raise Refused(
            _(
                "Ce PDF est abîmé et ne peut pas être lu : enregistrez-le à nouveau ou envoyez une photo."
            )
        ) from None
    if pages == 0:
        raise Refused(_("Ce PDF n'a aucune page."))
    if pages > settings.UPLOAD_MAX_PDF_PAGES:
        raise Refused(
            _("Ce PDF a trop de pages : %(max)s au plus.") % {"max": settings.UPLOAD_MAX_PDF_PAGES}
        )
    if any(marker in data for marker in _DANGEROUS):
        raise Refused(
            _(
                "Ce PDF contient des scripts ou des fichiers joints : enregistrez-le en « PDF simple » ou envoyez une photo."
            )
        )
    return Checked(data, PDF, "pdf", hashlib.sha256(data).hexdigest())


def _reencode(data: bytes, kind: str) -> Checked:
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            fmt = "PNG" if kind == PNG else "JPEG"
            out = io.BytesIO()
            clean = image.convert(
                "RGBA" if fmt == "PNG" and image.mode in ("RGBA", "LA", "P") else "RGB"
            )
            clean.save(
                out, format=fmt, **({"quality": 85, "optimize": True} if fmt == "JPEG" else {})
            )
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError):
        raise Refused(_("Cette image est abîmée ou trop grande : reprenez la photo.")) from None
    content = out.getvalue()
    return Checked(
        content, kind, "png" if kind == PNG else "jpg", hashlib.sha256(content).hexdigest()
    )
