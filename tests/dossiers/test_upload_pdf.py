"""A PDF is read object by object (names decoded, object streams decompressed) and
refused when it can act on its own, is encrypted, unreadable, or too large to draw."""

from __future__ import annotations

import pytest
from django.utils import translation

from sejour.dossiers import uploads
from tests.dossiers.helpers import pdf
from tests.dossiers.pdf_files import build, encrypted

ACTIVE = "scripts, des liens, des actions ou des fichiers joints"


def refusal(data: bytes) -> str:
    with pytest.raises(uploads.Refused) as refused:
        uploads.check(data)
    return str(refused.value)


def test_a_plain_pdf_is_kept_as_it_is() -> None:
    # fpdf2's own files open on a destination (/OpenAction [page /FitH null]): not an action
    for data in (
        pdf(),
        build(),
        build(pages=3),
        build(catalog=b"/OpenAction 4 0 R", extra=(b"[3 0 R /Fit]",)),
    ):
        checked = uploads.check(data)
        assert checked.content == data and checked.content_type == uploads.PDF


@pytest.mark.parametrize(
    "data",
    [
        # JavaScript run at opening, its names spelt with #-escapes (/J#61vaScript is
        # /JavaScript, /J#53 is /JS): no byte of the file reads "/JavaScript" or "/JS ".
        build(
            catalog=b"/Open#41ction 4 0 R", extra=(b"<< /S /J#61vaScript /J#53 (app.alert(1)) >>",)
        ),
        # the same action hidden in a compressed object stream
        build(catalog=b"/OpenAction 4 0 R", packed=(b"<< /S /JavaScript /JS (app.alert(1)) >>",)),
        # a document-level script in the name tree
        build(
            catalog=b"/Names << /J#61vaScript << /Names [(a) 4 0 R] >> >>",
            packed=(b"<< /S /JavaScript /JS 5 0 R >>", b"(this.print())"),
        ),
        # a program launched when the page opens
        build(page=b"/A#41 << /O << /S /L#61unch /F (cmd.exe) >> >>"),
        # an action run at opening, even one that only moves to a page
        build(catalog=b"/OpenAction << /S /GoTo /D [3 0 R /Fit] >>"),
        # a link to a web address
        build(
            page=b"/Annots [4 0 R]",
            packed=(
                b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /U#52I /URI (https://example.org) >> >>",
            ),
        ),
        # a form sent to a server
        build(
            catalog=b"/AcroForm << /Fields [] >>",
            page=b"/Annots [4 0 R]",
            extra=(
                b"<< /Type /Annot /Subtype /Widget /A << /S /Submit#46orm /F (https://example.org) >> >>",
            ),
        ),
        # an embedded file
        build(
            catalog=b"/Names << /Embedded#46iles << /Names [(x.exe) 4 0 R] >> >>",
            extra=(
                b"<< /Type /Filespec /F (x.exe) /EF << /F 5 0 R >> >>",
                b"<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream",
            ),
        ),
    ],
    ids=[
        "escaped-js",
        "objstm-js",
        "names-js",
        "launch",
        "openaction",
        "uri",
        "submitform",
        "embedded",
    ],
)
def test_active_content_is_refused_in_any_spelling(data) -> None:
    assert ACTIVE in refusal(data)


@pytest.mark.parametrize("aes", [False, True], ids=["rc4", "aes256"])
def test_an_encrypted_pdf_gets_a_clear_refusal(aes) -> None:
    assert "chiffré ou protégé par un mot de passe" in refusal(encrypted(aes=aes))


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4 broken",
        b"%PDF-1.7\n" + b"[" * 5000 + b"\n%%EOF",  # nested beyond any reader's stack
        build()[:200],  # cut short
        # an object stream that cannot be unpacked, where the cross-reference says…
        build(packed=(b"<< /A 1 >>",)).replace(b"/FlateDecode", b"/LZWDecode  "),
        # …and where it is broken, so that the reader rebuilds it
        build(packed=(b"<< /A 1 >>",)).replace(b"/FlateDecode", b"/LZWDecode"),
        build(packed=(b"<< /A 1 >>",)).replace(b"/N 1", b"/N 2"),
        # objects the reader cannot parse, or reads as nothing
        build(catalog=b"/OpenAction 4 0 R", extra=(b"@@@ /JS (x)",)),
        build(catalog=b"/X 4 0 R", extra=(b"",)),
    ],
    ids=[
        "garbage",
        "nested",
        "truncated",
        "bad-stream",
        "bad-stream-rebuilt",
        "missing",
        "unparsable",
        "empty-object",
    ],
)
def test_a_malformed_pdf_gets_a_clear_refusal(data) -> None:
    message = refusal(data)
    assert "abîmé" in message or "aucune page" in message


@pytest.mark.parametrize(
    "mediabox",
    [
        b"[0 0 14400 14400]",
        b"[0 0 1 200000]",
        b"[0 0 0 842]",
        b"[0 0 595 842] /UserUnit 75000",
        b"[0 0 (a) 842]",
    ],
    ids=["huge", "tall", "flat", "user-unit", "not-a-number"],
)
def test_page_size_is_bounded_before_any_drawing(mediabox) -> None:
    assert "taille anormale" in refusal(build(mediabox=mediabox))


def test_page_count_is_bounded(settings) -> None:
    settings.UPLOAD_MAX_PDF_PAGES = 3
    assert "trop de pages : 3 au plus" in refusal(build(pages=4))
    uploads.check(build(pages=3))


def test_an_image_in_a_pdf_is_bounded_like_a_photo(settings) -> None:
    image = b"<< /Type /XObject /Subtype /Image /Width 20000 /Height 20000 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 0 >>\nstream\n\nendstream"
    message = refusal(build(page=b"/Resources << /XObject << /Im0 4 0 R >> >>", extra=(image,)))
    assert "image trop grande (400 mégapixels, 25 au plus)" in message


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_pdf_refusals_are_translated(lang) -> None:
    french = refusal(encrypted(aes=True))
    with translation.override(lang):
        assert refusal(encrypted(aes=True)) != french
        assert ACTIVE not in refusal(build(catalog=b"/OpenAction << /S /Launch >>"))
