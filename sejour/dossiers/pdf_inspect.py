"""A PDF is read object by object (pypdf: names decoded, so `/J#61vaScript` is
`/JavaScript`; object streams decompressed, within pypdf's own output limits) before it is
kept, and refused when anything in it can act on its own (scripts, actions run at opening,
programs launched, links, forms sent, embedded files), when it is encrypted, unreadable,
or when its pages are too many or too large to draw."""

from __future__ import annotations

import io
import logging

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader
from pypdf.errors import DependencyError
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NullObject,
    StreamObject,
    TextStringObject,
)

logger = logging.getLogger(__name__)

# Names that let a PDF act rather than be read: wherever they appear, as a key or as a
# value (the type of an action is a value: /S /Launch). /OpenAction is refused when it is
# an action; a mere destination (the page shown first: fpdf2 and most writers set one)
# only moves the view.
ACTIVE = frozenset(
    {
        "/JavaScript",
        "/JS",
        "/AA",  # actions run when a page opens, a field is touched…
        "/Launch",
        "/URI",
        "/SubmitForm",
        "/ImportData",
        "/GoToR",
        "/GoToE",
        "/EmbeddedFiles",
        "/EmbeddedFile",
        "/EF",
        "/FileAttachment",
        "/RichMedia",
        "/XFA",
    }
)
MAX_ITEMS = 2_000_000  # values visited: beyond, the file is built to exhaust the reader
POINTS_PER_CM = 72 / 2.54

MALFORMED = _(
    "Ce PDF est abîmé et ne peut pas être lu : enregistrez-le à nouveau ou envoyez une photo."
)
ENCRYPTED = _(
    "Ce PDF est chiffré ou protégé par un mot de passe : enregistrez-en une copie sans protection (« Imprimer » puis « Enregistrer au format PDF ») ou envoyez une photo."
)
ACTIVE_CONTENT = _(
    "Ce PDF contient des scripts, des liens, des actions ou des fichiers joints : enregistrez-en une copie simple (« Imprimer » puis « Enregistrer au format PDF ») ou envoyez une photo."
)


class PdfRefused(ValueError):
    pass


def inspect(data: bytes) -> int:
    """The number of pages of an acceptable PDF; PdfRefused (with the message to show)
    otherwise."""
    try:
        try:
            reader = PdfReader(io.BytesIO(data))
        except DependencyError:
            # pypdf stops at an AES /Encrypt dictionary (it would need `cryptography` to
            # try the empty password): the file is encrypted all the same.
            raise PdfRefused(ENCRYPTED) from None
        if reader.is_encrypted:
            raise PdfRefused(ENCRYPTED)
        _refuse_active(reader)
        pages = list(reader.pages)
        for page in pages:
            _check_size(page)
    except PdfRefused:
        raise
    except Exception as error:
        # pypdf is a parser of hostile input: whatever it raises (its own errors, but
        # also KeyError, RecursionError, missing AES support…) means "cannot be read".
        logger.info("PDF refused as unreadable: %s: %s", type(error).__name__, error)
        raise PdfRefused(MALFORMED) from None
    if not pages:
        raise PdfRefused(_("Ce PDF n'a aucune page."))
    if len(pages) > settings.UPLOAD_MAX_PDF_PAGES:
        raise PdfRefused(
            _("Ce PDF a trop de pages : %(max)s au plus.") % {"max": settings.UPLOAD_MAX_PDF_PAGES}
        )
    return len(pages)


def _objects(reader: PdfReader):
    yield reader.trailer
    for generation, table in reader.xref.items():
        for number in table:
            value = reader.get_object(IndirectObject(number, generation, reader))
            if isinstance(value, NullObject | None):
                # pypdf passes over an object it cannot parse; another reader may not
                raise PdfRefused(MALFORMED)
            if isinstance(value, StreamObject) and value.get("/Type") == "/ObjStm":
                _check_packed(reader, number, value)
            yield value
    for number in reader.xref_objStm:  # objects packed in compressed object streams
        yield reader.get_object(IndirectObject(number, 0, reader))


def _check_packed(reader: PdfReader, number: int, stream: StreamObject) -> None:
    """Every object an object stream declares must be readable: pypdf passes over one it
    cannot unpack, and what is not read cannot be checked."""
    inside = [inner for inner, where in reader.xref_objStm.items() if where[0] == number]
    if len(inside) < int(stream.get("/N", 0)):
        raise PdfRefused(MALFORMED)
    for inner in inside:
        if isinstance(reader.get_object(IndirectObject(inner, 0, reader)), NullObject | None):
            raise PdfRefused(MALFORMED)


def _refuse_active(reader: PdfReader) -> None:
    visited = 0
    for root in _objects(reader):
        stack = [root]
        while stack:
            value = stack.pop()
            visited += 1
            if visited > MAX_ITEMS:
                raise PdfRefused(MALFORMED)
            if isinstance(value, DictionaryObject):  # a stream's dictionary too
                for key, item in value.items():
                    if key in ACTIVE or (key == "/OpenAction" and _is_action(item)):
                        raise PdfRefused(ACTIVE_CONTENT)
                    if not isinstance(item, IndirectObject):  # those are objects of their own
                        stack.append(item)
                if value.get("/Subtype") == "/Image":
                    _check_image(value)
            elif isinstance(value, ArrayObject):
                stack.extend(item for item in value if not isinstance(item, IndirectObject))
            elif isinstance(value, NameObject) and value in ACTIVE:
                raise PdfRefused(ACTIVE_CONTENT)


def _is_action(value) -> bool:
    value = value.get_object() if isinstance(value, IndirectObject) else value
    return not isinstance(value, ArrayObject | NameObject | TextStringObject | ByteStringObject)


def _number(value) -> float:
    value = value.get_object() if isinstance(value, IndirectObject) else value
    return float(value)


def _check_image(image: DictionaryObject) -> None:
    """An image drawn in a page is decoded whole by the viewer: bounded like a photo."""
    pixels = _number(image.get("/Width", 0)) * _number(image.get("/Height", 0))
    if pixels > settings.UPLOAD_MAX_PIXELS:
        raise PdfRefused(
            _(
                "Ce PDF contient une image trop grande (%(mp)s mégapixels, %(max)s au plus) : enregistrez-le en qualité moyenne ou envoyez une photo."
            )
            % {"mp": round(pixels / 1_000_000), "max": settings.UPLOAD_MAX_PIXELS // 1_000_000}
        )


def _check_size(page) -> None:
    unit = _number(page.get("/UserUnit", 1))
    limit = settings.UPLOAD_MAX_PDF_PAGE_CM * POINTS_PER_CM
    for box in (page.mediabox, page.cropbox):
        width, height = abs(float(box.width)) * unit, abs(float(box.height)) * unit
        if not (0 < width <= limit and 0 < height <= limit):
            raise PdfRefused(
                _(
                    "Une page de ce PDF a une taille anormale (%(cm)s cm de côté au plus) : enregistrez-le au format A4 ou envoyez une photo."
                )
                % {"cm": settings.UPLOAD_MAX_PDF_PAGE_CM}
            )
