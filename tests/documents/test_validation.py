"""Uploads are checked on their content, size and name before anything is stored."""

from __future__ import annotations

import hashlib
import io
import struct
import tracemalloc
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from django.core.files import File as DjangoFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from documents import services
from documents.models import File
from documents.validation import DOCX, ODS, XLSX, check_upload, safe_file_name
from tests.documents.helpers import MINIMAL_PDF, PNG, docx, ods, odt, pdf, text, xlsx
from workflow.errors import InvalidInput

MB = 1024 * 1024
ODT_MIME = b"application/vnd.oasis.opendocument.text"
BOMB = "nicht angenommen"


def test_pdf_png_text_csv_and_docx_pass_with_their_types():
    assert check_upload(pdf()).mime_type == "application/pdf"
    assert check_upload(SimpleUploadedFile("plan.png", PNG)).mime_type == "image/png"
    assert check_upload(text()).mime_type == "text/plain"
    assert check_upload(text("liste.csv", "a,b\n1,2\n")).mime_type == "text/csv"
    assert check_upload(docx()).mime_type.endswith("wordprocessingml.document")


@pytest.mark.parametrize(
    ("upload", "mime_type"),
    [
        (odt(), "application/vnd.oasis.opendocument.text"),
        (ods(), "application/vnd.oasis.opendocument.spreadsheet"),
        (docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
    ids=["odt", "ods", "docx", "xlsx"],
)
def test_ordinary_office_documents_pass_with_their_types(upload, mime_type):
    assert check_upload(upload).mime_type == mime_type


def test_checked_upload_carries_size_and_sha256():
    checked = check_upload(pdf())
    assert checked.size == len(MINIMAL_PDF)
    assert len(checked.sha256) == 64
    assert checked.read() == MINIMAL_PDF


def test_oversized_upload_is_refused_with_the_limit(settings):
    settings.DOCUMENTS_MAX_UPLOAD_BYTES = 100
    with pytest.raises(InvalidInput, match="zu groß"):
        check_upload(pdf(content=MINIMAL_PDF + b"%" * 200))


def test_declared_size_that_lies_does_not_get_past_the_limit(settings):
    settings.DOCUMENTS_MAX_UPLOAD_BYTES = 100
    upload = pdf(content=MINIMAL_PDF + b"%" * 200)
    upload.size = 10
    with pytest.raises(InvalidInput, match="zu groß"):
        check_upload(upload)


def test_empty_file_is_refused():
    with pytest.raises(InvalidInput, match="leer"):
        check_upload(SimpleUploadedFile("leer.pdf", b""))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bericht.pdf", b"<html><script>alert(1)</script></html>"),
        ("bericht.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"),
        ("foto.png", b"%PDF-1.4 not a picture"),
        ("bericht.pdf", b"plain words, not a PDF"),
    ],
)
def test_wrong_content_behind_a_right_extension_is_refused(name, content):
    with pytest.raises(InvalidInput):
        check_upload(SimpleUploadedFile(name, content))


def test_executable_content_is_refused_whatever_its_name():
    with pytest.raises(InvalidInput, match="nicht erlaubt"):
        check_upload(SimpleUploadedFile("tool.exe", b"MZ\x90\x00\x03\x00\xff\xfe\x00"))


def test_html_is_not_accepted_as_text():
    with pytest.raises(InvalidInput):
        check_upload(SimpleUploadedFile("seite.html", b"<html><body>x</body></html>"))


def test_zip_that_is_not_an_office_document_is_refused():
    upload = docx("archiv.docx")
    upload.file.seek(0)
    content = upload.read().replace(b"word/document.xml", b"evil/payload.xml")
    with pytest.raises(InvalidInput):
        check_upload(SimpleUploadedFile("archiv.docx", content))


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\system32\\x.pdf", "x.pdf"),
        ("/abs/path/bericht.pdf", "bericht.pdf"),
        ("..", "datei"),
        ("", "datei"),
        ("a\x00b\nc.pdf", "a_b_c.pdf"),
        ('Bericht "2024" <final>?.pdf', "Bericht _2024_ _final_.pdf"),
        ("  .versteckt.pdf  ", "versteckt.pdf"),
        (
            "Sachstand Regionalmarketing – Fassung 2.pdf",
            "Sachstand Regionalmarketing – Fassung 2.pdf",
        ),
    ],
)
def test_file_names_are_sanitised(given, expected):
    assert safe_file_name(given) == expected


def test_long_names_keep_their_extension():
    name = safe_file_name("x" * 400 + ".pdf")
    assert len(name) <= 150
    assert name.endswith(".pdf")


def test_path_traversal_name_of_an_upload_is_stored_as_a_plain_name():
    assert check_upload(pdf("../../../../tmp/evil.pdf")).file_name == "evil.pdf"


def test_a_large_upload_is_kept_whole_with_its_size_and_hash():
    content = ("Zeile mit Umlauten: äöü ß\n" * 200_000).encode()  # 5 MB, beyond the spool
    with check_upload(SimpleUploadedFile("lang.txt", content)) as checked:
        assert checked.size == len(content)
        assert checked.sha256 == hashlib.sha256(content).hexdigest()
        assert checked.read() == content


@pytest.mark.parametrize(
    ("content", "passes"),
    [
        (b"a" * 65535 + "ä".encode() * 40_000, True),  # a character across two pieces
        (b"a" * (3 * MB) + b"\xff", False),  # not UTF-8 at the very end
        (b"a" * (3 * MB) + "ä".encode()[:1], False),  # cut in the middle of a character
        (b"a" * 70_000 + b"\x00", True),  # control characters count only at the start
        (b"a" * 60_000 + b"\x00", False),
    ],
)
def test_text_is_utf8_to_its_end_and_free_of_control_characters_at_its_start(content, passes):
    upload = SimpleUploadedFile("notiz.txt", content)
    if passes:
        assert check_upload(upload).mime_type == "text/plain"
    else:
        with pytest.raises(InvalidInput, match="nicht erlaubt"):
            check_upload(upload)


# -- zip bombs ----------------------------------------------------------------------------


def _write_zip(path: Path, entries: Iterable[tuple[str, int, Iterable[bytes], int | None]]) -> Path:
    """Write a zip archive by hand, so that its headers can claim what they like: entries are
    (name, method, the bytes as stored, the uncompressed size claimed or None for the stored
    length). The CRCs are left at 0: the check must never read an entry far enough to see."""
    directory = []
    with path.open("wb") as out:
        for name, method, chunks, claimed in entries:
            offset, encoded = out.tell(), name.encode()
            out.write(
                struct.pack(
                    "<4s2B4HL2L2H", b"PK\x03\x04", 20, 0, 0, method, 0, 33, 0, 0, 0, len(encoded), 0
                )
                + encoded
            )
            stored = sum(out.write(chunk) for chunk in chunks)
            size = stored if claimed is None else claimed
            end = out.tell()
            out.seek(offset + 18)
            out.write(struct.pack("<2L", stored, size))
            out.seek(end)
            directory.append(
                struct.pack(
                    "<4s4B4HL2L5H2L",
                    b"PK\x01\x02",
                    20,
                    3,
                    20,
                    0,
                    0,
                    method,
                    0,
                    33,
                    0,
                    stored,
                    size,
                    len(encoded),
                    0,
                    0,
                    0,
                    0,
                    0,
                    offset,
                )
                + encoded
            )
        start = out.tell()
        out.write(b"".join(directory))
        out.write(
            struct.pack(
                "<4s4H2LH",
                b"PK\x05\x06",
                0,
                0,
                len(directory),
                len(directory),
                out.tell() - start,
                start,
                0,
            )
        )
    return path


def _deflated_zeros(megabytes: int) -> Iterator[bytes]:
    """A raw deflate stream of ``megabytes`` MiB of zeros, made from one compressed MiB
    repeated (a full flush makes each piece stand alone), so that building a bomb of gigabytes
    takes neither time nor memory."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = compressor.compress(bytes(MB)) + compressor.flush(zlib.Z_FULL_FLUSH)
    assert compressor.compress(bytes(MB)) + compressor.flush(zlib.Z_FULL_FLUSH) == piece
    for _ in range(megabytes):
        yield piece
    yield compressor.flush()


def _padding(megabytes: int) -> Iterator[bytes]:
    for _ in range(megabytes):
        yield bytes(MB)


def _peak_above_baseline(check) -> int:
    tracemalloc.start()
    try:
        baseline = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        check()
        return tracemalloc.get_traced_memory()[1] - baseline
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize(
    ("claimed", "refusal"),
    [
        # The directory claims the 39 bytes of a real "mimetype" while the stream unpacks
        # to 1 GiB: only the bounded read stands between it and the memory.
        (len(ODT_MIME), "nicht erlaubt"),
        # The directory tells the truth (almost 4 GiB): refused on the declared size.
        (0xFFFF0000, BOMB),
    ],
    ids=["lying-directory", "honest-directory"],
)
def test_checking_a_50_mb_zip_bomb_needs_little_memory(tmp_path, claimed, refusal):
    path = _write_zip(
        tmp_path / "bombe.odt",
        [
            (
                "mimetype",
                zipfile.ZIP_DEFLATED,
                _deflated_zeros(1024 if claimed < MB else 4096),
                claimed,
            ),
            ("Pictures/padding.png", zipfile.ZIP_STORED, _padding(44), None),
        ],
    )
    assert 45 * MB < path.stat().st_size <= 50 * MB
    with path.open("rb") as opened:
        upload = DjangoFile(opened, name="bombe.odt")

        def check():
            with pytest.raises(InvalidInput, match=refusal):
                check_upload(upload)

        assert _peak_above_baseline(check) < 32 * MB


def _office_archive(path: Path, *, megabytes: int = 64) -> SimpleUploadedFile:
    """An honest zip bomb of the kind ``path``'s extension names: one part holds ``megabytes``
    MiB of zeros, deflated, beside the parts that make the archive that kind."""
    parts, bomb = OFFICE_BOMBS[path.suffix[1:]]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content, zipfile.ZIP_STORED if name == "mimetype" else None)
        with archive.open(bomb, "w") as entry:
            for chunk in _padding(megabytes):
                entry.write(chunk)
    assert path.stat().st_size < MB
    return SimpleUploadedFile(path.name, path.read_bytes())


OFFICE_BOMBS = {
    "docx": (
        {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"},
        "word/media/image1.png",
    ),
    "xlsx": (
        {"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"},
        "xl/worksheets/sheet1.xml",
    ),
    "ods": (
        {
            "mimetype": "application/vnd.oasis.opendocument.spreadsheet",
            "META-INF/manifest.xml": "<manifest:manifest/>",
        },
        "content.xml",
    ),
}


@pytest.mark.parametrize("extension", sorted(OFFICE_BOMBS))
def test_zip_bombs_inside_office_documents_are_refused(tmp_path, extension):
    # One MiB of zeros is still an ordinary part (its ratio counts only above that) ...
    small = _office_archive(tmp_path / f"klein.{extension}", megabytes=1)
    assert (
        check_upload(small).mime_type
        == {"docx": DOCX, "xlsx": XLSX, "ods": ODS}[extension].mime_type
    )
    # ... 64 MiB in 64 KB are not.
    with pytest.raises(InvalidInput, match=r"ungewöhnlich stark komprimiert.*nicht angenommen"):
        check_upload(_office_archive(tmp_path / f"bombe.{extension}"))


@pytest.mark.django_db
def test_a_zip_bomb_attached_to_a_paper_leaves_nothing_behind(world, tmp_path):
    upload = _office_archive(tmp_path / "haushalt.ods")
    with pytest.raises(InvalidInput, match=BOMB):
        services.attach_file(world.draft(), upload=upload, by=world.officer)
    assert not File.objects.exists()
    assert not default_storage.exists("files")


@pytest.mark.parametrize(
    "claimed", [[1536 * MB], [900 * MB, 900 * MB, 900 * MB]], ids=["one-entry", "all-entries"]
)
def test_archive_that_claims_to_unpack_into_gigabytes_is_refused(tmp_path, claimed):
    # Each entry claims at most 100 times its stored size: only the sizes are absurd.
    path = _write_zip(
        tmp_path / "gross.docx",
        [("[Content_Types].xml", 0, [b"<Types/>"], None), ("word/document.xml", 0, [b"<d/>"], None)]
        + [
            (f"word/media/{i}.bin", 0, _padding(size // MB // 100 + 1), size)
            for i, size in enumerate(claimed)
        ],
    )
    with pytest.raises(InvalidInput, match=r"entpackt zu groß.*nicht angenommen"):
        check_upload(DjangoFile(path.open("rb"), name=path.name))


def test_archive_with_too_many_entries_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<d/>")
        for number in range(10_000):
            archive.writestr(f"{number}", b"")
    with pytest.raises(InvalidInput, match=r"zu vielen Teilen.*nicht angenommen"):
        check_upload(SimpleUploadedFile("viele.docx", buffer.getvalue()))


def test_central_directory_beyond_the_read_bound_is_not_loaded():
    """Fewer entries than the limit, and its end record claims only 2, but zipfile reads the
    directory by its length (here 1.2 MB): the check refuses before any entry is parsed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<d/>")
        for number in range(8_000):
            archive.writestr(f"word/media/{number:05}-{'x' * 100}.png", b"")
    content = bytearray(buffer.getvalue())
    content[-14:-10] = struct.pack("<2H", 2, 2)
    with pytest.raises(InvalidInput, match="zu vielen Teilen"):
        check_upload(SimpleUploadedFile("versteckt.docx", bytes(content)))


@pytest.mark.parametrize("method", [zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_office_archive_compressed_otherwise_than_by_deflate_is_refused(method):
    """bzip2 and LZMA unpack a small read into megabytes; office documents never use them."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        archive.writestr("mimetype", ODT_MIME)
        archive.writestr("content.xml", "<x/>")
    with pytest.raises(InvalidInput, match="nicht erlaubt"):
        check_upload(SimpleUploadedFile("antrag.odt", buffer.getvalue()))


def test_odt_whose_mimetype_goes_on_into_megabytes_of_blanks_is_refused(tmp_path):
    """The case that was found: the right media type, then a flood that unpacked in full."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("mimetype", "w") as entry:
            entry.write(ODT_MIME)
            for _ in range(64):
                entry.write(b" " * MB)
        archive.writestr("content.xml", "<office:document-content/>")
    with pytest.raises(InvalidInput, match=r"ungewöhnlich stark komprimiert.*nicht angenommen"):
        check_upload(SimpleUploadedFile("antrag.odt", buffer.getvalue()))


def test_archive_of_a_zip_version_python_cannot_read_is_refused_not_an_error():
    upload = docx()
    content = bytearray(upload.read())
    directory = content.index(b"PK\x01\x02")
    content[directory + 6 : directory + 8] = struct.pack("<H", 105)  # needs zip 10.5
    with pytest.raises(InvalidInput, match="nicht erlaubt"):
        check_upload(SimpleUploadedFile("stellungnahme.docx", bytes(content)))


@pytest.mark.django_db
def test_attaching_a_50_mb_file_stores_it_without_holding_it_in_memory(world, tmp_path):
    path = tmp_path / "gross.pdf"
    with path.open("wb") as out:
        out.write(MINIMAL_PDF)
        for chunk in _padding(49):
            out.write(chunk)
    paper = world.draft()
    with path.open("rb") as opened:
        upload = DjangoFile(opened, name="gross.pdf")
        peak = _peak_above_baseline(
            lambda: services.attach_file(paper, upload=upload, by=world.officer)
        )
    assert peak < 32 * MB
    version = File.objects.get().current
    assert version.size == path.stat().st_size
    with default_storage.open(version.blob.name, "rb") as stored, path.open("rb") as original:
        assert hashlib.file_digest(stored, "sha256").hexdigest() == version.sha256
        assert hashlib.file_digest(original, "sha256").hexdigest() == version.sha256
