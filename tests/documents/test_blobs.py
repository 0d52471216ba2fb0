"""Stored contents that no version refers to: removed by ``remove_unused_blobs``, never
while an upload is about to use them."""

from __future__ import annotations

import datetime
import threading
import time

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, connections, transaction

from documents import services
from documents.models import FileVersion
from tests.documents.helpers import text
from tests.factories import World

NOW = datetime.timedelta(0)


def _rolled_back_upload(paper, by, content: str) -> str:
    """The blob an upload leaves when its transaction rolls back after storing it."""
    with pytest.raises(RuntimeError), transaction.atomic():
        file = services.attach_file(paper, upload=text("entwurf.txt", content), by=by)
        name = file.current.blob.name
        raise RuntimeError
    assert default_storage.exists(name) and not FileVersion.objects.filter(blob=name).exists()
    return name


@pytest.mark.django_db
def test_unused_blobs_go_and_used_ones_stay(world, capsys):
    paper = world.draft()
    used = services.attach_file(paper, upload=text("plan.txt"), by=world.officer).current.blob
    orphan = _rolled_back_upload(paper, world.officer, "verworfen")
    assert services.remove_unused_blobs() == []  # younger than an hour: maybe an upload
    call_command("remove_unused_blobs", "--dry-run", "--older-than-hours", "0")
    assert orphan in capsys.readouterr().out and default_storage.exists(orphan)
    assert services.remove_unused_blobs(older_than=NOW) == [orphan]
    assert not default_storage.exists(orphan) and default_storage.exists(used.name)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_blob_an_upload_is_reusing_is_not_removed_under_it():
    if connection.vendor != "postgresql":
        pytest.skip("the advisory lock needs PostgreSQL (make test)")
    world = World()
    paper = world.draft()
    orphan = _rolled_back_upload(paper, world.officer, "noch einmal")
    attached = threading.Event()
    outcome: dict[str, object] = {}

    def upload_the_same_content_slowly() -> None:
        try:
            with transaction.atomic():
                file = services.attach_file(
                    paper, upload=text("entwurf.txt", "noch einmal"), by=world.officer
                )
                outcome["blob"] = file.current.blob.name
                attached.set()
                time.sleep(0.5)  # the removal runs now, before this commits
        finally:
            attached.set()
            connections.close_all()

    def remove() -> None:
        attached.wait(10)
        try:
            outcome["removed"] = services.remove_unused_blobs(older_than=NOW)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=upload_the_same_content_slowly),
        threading.Thread(target=remove),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert outcome["blob"] == orphan and outcome["removed"] == []
    assert default_storage.exists(orphan)
