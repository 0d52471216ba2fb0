from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from documents.models import File

pytestmark = pytest.mark.django_db


def test_files_are_shown_in_the_admin_with_their_versions_but_not_editable(client, demo):
    client.force_login(get_user_model().objects.get(username="admin"))
    assert client.get(reverse("admin:documents_file_changelist")).status_code == 200
    file = File.objects.filter(frozen=True).first()
    page = client.get(reverse("admin:documents_file_change", args=[file.pk]))
    assert page.status_code == 200
    assert file.current.sha256 in page.content.decode()
    assert client.get(reverse("admin:documents_file_add")).status_code == 403
    response = client.post(reverse("admin:documents_file_delete", args=[file.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert File.objects.filter(pk=file.pk).exists()
