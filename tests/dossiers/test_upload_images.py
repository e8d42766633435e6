"""Photos: the pixel count is bounded before decoding (a few kilobytes can announce
gigabytes); the stored bytes are re-encoded from the pixels alone, without metadata."""

from __future__ import annotations

import io
import struct
import tracemalloc
import zlib

import pytest
from PIL import Image

from sejour.dossiers import uploads
from tests.dossiers.helpers import fill_to_documents, upload
from tests.dossiers.test_deposit import applicant_client  # noqa: F401

pytestmark = pytest.mark.django_db


def png_bomb(width: int, height: int) -> bytes:
    """A valid PNG of width × height black pixels, a few kilobytes long: rows of zeros
    compress a thousandfold."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    pack = zlib.compressobj(9)
    row = b"\0" * (1 + width)  # filter byte, then one grey byte a pixel
    data = b"".join(pack.compress(row) for _ in range(height)) + pack.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def test_a_pixel_bomb_is_refused_before_it_is_decoded() -> None:
    bomb = png_bomb(8900, 8900)  # 79 megapixels
    assert len(bomb) < 100_000
    tracemalloc.start()
    try:
        with pytest.raises(uploads.Refused) as refused:
            uploads.check(bomb)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "trop de pixels : 25 mégapixels au plus" in str(refused.value)
    assert peak < 5_000_000  # bytes: the header was read, not the pixels


def test_a_photo_under_the_bound_is_kept(settings) -> None:
    settings.UPLOAD_MAX_PIXELS = 4_000_000
    checked = uploads.check(png_bomb(2000, 2000))
    assert Image.open(io.BytesIO(checked.content)).size == (2000, 2000)
    with pytest.raises(uploads.Refused):
        uploads.check(png_bomb(2001, 2000))


def jpeg_with_metadata() -> bytes:
    image = Image.new("RGB", (64, 48), (30, 160, 90))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = 6  # Orientation: turned a quarter
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 21.0, 7.0)})
    out = io.BytesIO()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description City="Paris-Secret"/></x:xmpmeta>'
    image.save(out, format="JPEG", exif=exif, comment=b"home-address", xmp=xmp)
    return out.getvalue()


def png_with_metadata() -> bytes:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Location", "48.8566,2.3522 home-address")
    exif = Image.Exif()
    exif[0x8825] = {2: (48.0, 51.0, 24.0)}
    out = io.BytesIO()
    Image.new("RGBA", (40, 30), (1, 2, 3, 200)).save(out, format="PNG", pnginfo=info, exif=exif)
    return out.getvalue()


def test_stored_images_have_no_metadata_left(applicant_client) -> None:  # noqa: F811
    _user, client = applicant_client
    reference = fill_to_documents(client)
    from sejour.dossiers.models import Dossier

    raw_jpeg, raw_png = jpeg_with_metadata(), png_with_metadata()
    assert b"PhoneMaker" in raw_jpeg and b"home-address" in raw_png  # the inputs carry it
    assert upload(client, reference, "decision_protection", raw_jpeg, "p.jpg").status_code == 302
    assert upload(client, reference, "justificatif_domicile", raw_png, "p.png").status_code == 302
    dossier = Dossier.objects.get(reference=reference)
    for document in dossier.documents.all():
        with document.file.open("rb") as stored:
            data = stored.read()
        for trace in (b"PhoneMaker", b"home-address", b"Paris-Secret", b"Exif", b"eXIf", b"tEXt"):
            assert trace not in data
        image = Image.open(io.BytesIO(data))
        assert not image.getexif() and not set(image.info) & {"exif", "xmp", "comment"}
    photo = Image.open(dossier.documents.get(code="decision_protection").file)
    assert photo.size == (48, 64)  # turned upright as the phone showed it, then the tag dropped
