"""The text of uploaded files, read after the upload commits by a Celery task; the
documents ratsflow makes carry their text at once."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from documents import services
from documents.generation import render_pdf
from documents.models import FileVersion
from documents.text import extract_version_text
from tests.documents.helpers import PNG, text

SENTENCE = "Der Ausschuss nimmt den Sachstand Regionalmarketing zur Kenntnis."


def _real_pdf(world) -> SimpleUploadedFile:
    content = render_pdf(
        "documents/paper.html",
        {"paper": {"reference": "2030/001", "name": SENTENCE}, "steps": []},
        body=world.body,
        title="Test",
        date=world.body.created.date(),
    )
    return SimpleUploadedFile("stellungnahme.pdf", content)


@pytest.mark.django_db
def test_text_of_a_pdf_upload(world):
    file = services.attach_file(world.draft(), upload=_real_pdf(world), by=world.officer)
    assert not file.current.text_extracted
    assert extract_version_text(file.current.pk)
    version = FileVersion.objects.get(pk=file.current.pk)
    assert version.text_extracted
    assert SENTENCE in " ".join(version.text.split())


@pytest.mark.django_db
def test_text_of_a_text_file_and_none_of_a_picture(world):
    paper = world.draft()
    note = services.attach_file(
        paper, upload=text(content="Zeile eins\nZeile zwei"), by=world.officer
    )
    picture = services.attach_file(
        paper, upload=SimpleUploadedFile("plan.png", PNG), by=world.officer
    )
    extract_version_text(note.current.pk)
    extract_version_text(picture.current.pk)
    assert FileVersion.objects.get(pk=note.current.pk).text == "Zeile eins\nZeile zwei"
    extracted = FileVersion.objects.get(pk=picture.current.pk)
    assert (extracted.text, extracted.text_extracted) == ("", True)


@pytest.mark.django_db
def test_a_version_gone_before_the_task_ran_is_skipped():
    assert extract_version_text(987654) is False


@pytest.mark.django_db
def test_a_broken_pdf_gives_empty_text_not_an_error(world):
    upload = SimpleUploadedFile("kaputt.pdf", b"%PDF-1.4\n garbage without structure")
    file = services.attach_file(world.draft(), upload=upload, by=world.officer)
    assert extract_version_text(file.current.pk)
    assert FileVersion.objects.get(pk=file.current.pk).text == ""


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_reads_the_text_after_the_upload_commits(world):
    """Through Redis and a Celery worker: the service only enqueues after its commit."""
    if not settings.REDIS_URL:
        pytest.skip("needs Redis: run with REDIS_URL=redis://… (make test)")
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        file = services.attach_file(world.draft(), upload=_real_pdf(world), by=world.officer)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            version = FileVersion.objects.get(pk=file.current_id)
            if version.text_extracted:
                break
            time.sleep(0.1)
    assert version.text_extracted, "the worker did not extract the text within 30 s"
    assert SENTENCE in " ".join(version.text.split())
