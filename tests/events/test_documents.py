"""Agenda and minutes: Markdown rendered safely, documents checked, stored privately and
served only through the policy."""

from __future__ import annotations

import io
import os
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from events import services
from events.models import EventDocument

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def macro_docm() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types>macroEnabled</Types>")
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/vbaProject.bin", b"\0")
    return out.getvalue()


def upload(client, event, *, name="cr.pdf", data=PDF, kind="minutes",
           title="Compte rendu de la réunion"):
    return client.post(reverse("events:documents", args=[event.pk]), {
        "kind": kind, "title": title, "file": SimpleUploadedFile(name, data)})


def test_agenda_markdown_is_rendered_and_sanitised(as_user, referent, namur_meeting):
    namur_meeting.agenda = ("1. Accueil\n2. **Pack d'accueil**\n\n<script>alert(1)</script>"
                            " [piège](javascript:alert(1))")
    namur_meeting.save()
    html = as_user(referent).get(reverse("events:event", args=[namur_meeting.pk])) \
        .content.decode()
    assert "<ol>\n<li>Accueil</li>" in html
    assert "<strong>Pack d'accueil</strong>" in html
    assert "<script>alert(1)" not in html
    assert 'href="javascript' not in html


def test_lead_uploads_minutes_document_served_privately_once_published(
        as_user, lead, referent, outsider, namur_meeting):
    client = as_user(lead)
    response = upload(client, namur_meeting)
    assert response.status_code == 302
    document = EventDocument.objects.get()
    assert document.content_type == "application/pdf" and document.size == len(PDF)
    assert document.uploaded_by == lead
    assert "Compte" not in document.file.name  # stored under a random name
    url = document.get_absolute_url()

    served = client.get(url)
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == PDF
    assert served["Content-Type"] == "application/pdf"
    assert served["Content-Disposition"] == \
        'attachment; filename="compte-rendu-de-la-reunion.pdf"'
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Cache-Control"] == "private, no-store"

    # Minutes documents stay with the organisers until the minutes are published.
    assert as_user(referent).get(url).status_code == 404
    assert "Compte rendu de la réunion" not in as_user(referent).get(
        namur_meeting.get_absolute_url()).content.decode()
    services.publish_minutes(actor=lead.user, event=namur_meeting, minutes="")
    namur_meeting.refresh_from_db()
    assert namur_meeting.minutes_published_at is not None  # a document alone is minutes
    assert as_user(referent).get(url).status_code == 200
    assert "Compte rendu de la réunion" in as_user(referent).get(
        namur_meeting.get_absolute_url()).content.decode()

    # The Hainaut referent never learns it exists.
    assert as_user(outsider).get(url).status_code == 404


def test_agenda_document_is_seen_by_the_platform_at_once(as_user, lead, referent,
                                                         namur_meeting):
    upload(as_user(lead), namur_meeting, kind="agenda", title="Ordre du jour détaillé")
    document = EventDocument.objects.get()
    page = as_user(referent).get(namur_meeting.get_absolute_url()).content.decode()
    assert "Ordre du jour détaillé" in page
    assert as_user(referent).get(document.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("name,data,message", [
    ("cr.docm", macro_docm(), "contient des macros"),
    ("cr.docx", macro_docm(), "contient ou peut contenir des macros"),
    ("cr.pdf", b"MZ\x90\x00programme", "programme déguisé"),
    ("cr.exe", b"MZ\x90\x00", "est un programme"),
])
def test_refused_upload_keeps_the_title_and_explains_in_french(as_user, lead, namur_meeting,
                                                               name, data, message):
    response = upload(as_user(lead), namur_meeting, name=name, data=data,
                      title="Mon compte rendu tapé")
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'value="Mon compte rendu tapé"' in html
    assert "choisissez-le à nouveau" in html
    assert not EventDocument.objects.exists()


def test_only_organisers_upload_and_delete(as_user, lead, referent, outsider, namur_meeting,
                                           django_capture_on_commit_callbacks):
    upload(as_user(lead), namur_meeting, kind="agenda")
    document = EventDocument.objects.get()
    delete = reverse("events:delete_document", args=[namur_meeting.pk, document.pk])
    documents = reverse("events:documents", args=[namur_meeting.pk])
    assert as_user(referent).get(documents).status_code == 403
    assert upload(as_user(referent), namur_meeting).status_code == 403
    assert as_user(referent).post(delete).status_code == 403
    assert as_user(outsider).get(documents).status_code == 404
    assert as_user(outsider).post(delete).status_code == 404
    assert EventDocument.objects.count() == 1
    path = document.file.path
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(lead).post(delete)
    assert response.status_code == 302
    assert not EventDocument.objects.exists()
    assert not os.path.exists(path)


def test_document_pages_keep_constant_queries(as_user, lead, namur_meeting,
                                              django_assert_max_num_queries):
    client = as_user(lead)
    counts = []
    for total in (1, 10):
        while EventDocument.objects.count() < total:
            upload(client, namur_meeting, kind="agenda")
        with django_assert_max_num_queries(40) as captured:
            assert client.get(namur_meeting.get_absolute_url()).status_code == 200
            assert client.get(reverse("events:documents",
                                      args=[namur_meeting.pk])).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
