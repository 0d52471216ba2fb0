"""Uploads are checked on their content, size and name before anything is stored."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from documents.validation import check_upload, safe_file_name
from tests.documents.helpers import MINIMAL_PDF, PNG, docx, pdf, text
from workflow.errors import InvalidInput


def test_pdf_png_text_csv_and_docx_pass_with_their_types():
    assert check_upload(pdf()).mime_type == "application/pdf"
    assert check_upload(SimpleUploadedFile("plan.png", PNG)).mime_type == "image/png"
    assert check_upload(text()).mime_type == "text/plain"
    assert check_upload(text("liste.csv", "a,b\n1,2\n")).mime_type == "text/csv"
    assert check_upload(docx()).mime_type.endswith("wordprocessingml.document")


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
