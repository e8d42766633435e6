"""Hostile and odd PDFs, written byte by byte at test time (no file is shipped), with
a correct cross-reference so that a reader does not have to repair them."""

from __future__ import annotations

import struct
import zlib


def build(
    *,
    catalog: bytes = b"",
    page: bytes = b"",
    mediabox: bytes = b"[0 0 595 842]",
    extra: tuple[bytes, ...] = (),
    packed: tuple[bytes, ...] = (),
    trailer: bytes = b"",
    pages: int = 1,
) -> bytes:
    """A PDF: object 1 the catalog, 2 the page tree, 3.. the pages, then `extra` objects
    in the file and `packed` objects inside a compressed object stream (numbered after
    the extra ones; with `packed`, the cross-reference is itself a stream)."""
    first_page = 3
    kids = b" ".join(b"%d 0 R" % (first_page + i) for i in range(pages))
    bodies = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog + b" >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
    ]
    bodies += [b"<< /Type /Page /Parent 2 0 R /MediaBox " + mediabox + b" " + page + b" >>"] * pages
    bodies += list(extra)
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    if not packed:
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
        out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
        out += b"trailer\n<< /Size %d /Root 1 0 R " % (len(bodies) + 1) + trailer + b" >>\n"
        return bytes(out + b"startxref\n%d\n%%%%EOF\n" % xref)
    first_packed = len(bodies) + 1
    # the objects' offsets inside the object stream, counted from /First
    inner, positions = b"", []
    for body in packed:
        positions.append(len(inner))
        inner += body + b"\n"
    header = b" ".join(b"%d %d" % (first_packed + i, p) for i, p in enumerate(positions)) + b" "
    data = zlib.compress(header + inner)
    stream_number = first_packed + len(packed)
    offsets_stream = len(out)
    out += (
        b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
        % (stream_number, len(packed), len(header), len(data))
        + data
        + b"\nendstream\nendobj\n"
    )
    xref_number = stream_number + 1
    xref_offset = len(out)
    rows = [struct.pack(">BIH", 0, 0, 65535)]
    rows += [struct.pack(">BIH", 1, offset, 0) for offset in offsets]
    rows += [struct.pack(">BIH", 2, stream_number, i) for i in range(len(packed))]
    rows += [struct.pack(">BIH", 1, offsets_stream, 0), struct.pack(">BIH", 1, xref_offset, 0)]
    table = b"".join(rows)
    out += (
        b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Length %d "
        % (xref_number, xref_number + 1, len(table))
        + trailer
        + b" >>\nstream\n"
        + table
        + b"\nendstream\nendobj\n"
    )
    return bytes(out + b"startxref\n%d\n%%%%EOF\n" % xref_offset)


def encrypted(*, aes: bool) -> bytes:
    """A PDF whose trailer declares standard encryption (RC4 or AES-256): a reader must
    decrypt before it can read anything."""
    if aes:
        crypt = (
            b"<< /Filter /Standard /V 5 /R 6 /Length 256 /P -1028 /CF << /StdCF << /CFM /AESV3 "
            b"/AuthEvent /DocOpen /Length 32 >> >> /StmF /StdCF /StrF /StdCF "
            b"/O <" + b"00" * 48 + b"> /U <" + b"00" * 48 + b"> /OE <" + b"00" * 32 + b"> "
            b"/UE <" + b"00" * 32 + b"> /Perms <" + b"00" * 16 + b"> >>"
        )
    else:
        crypt = b"<< /Filter /Standard /V 2 /R 3 /Length 128 /P -1028 /O <" + b"11" * 32
        crypt += b"> /U <" + b"22" * 32 + b"> >>"
    return build(
        extra=(crypt,),
        trailer=b"/Encrypt 4 0 R /ID [<" + b"ab" * 16 + b"> <" + b"ab" * 16 + b">]",
    )
