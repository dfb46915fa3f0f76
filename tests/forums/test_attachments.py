"""Attachments on posts: checked like library documents, served only through the policy."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from forums import services
from forums.models import Attachment, Post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Uploaded files land in a temporary folder, not in the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


def docx_bytes(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def png_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(out, format="PNG")
    return out.getvalue()


def reply(client, thread, body: str, upload=None, **extra):
    data = {"body": body, **extra}
    if upload is not None:
        data["attachment"] = upload
    return client.post(reverse("forums:reply", args=[thread.pk]), data)


def test_an_attachment_is_stored_privately_and_served_to_readers(namur_thread, referent, lead,
                                                                  as_user, settings):
    response = reply(as_user(lead), namur_thread, "Voici la grille.",
                     SimpleUploadedFile("grille visite.docx", docx_bytes("Grille de visite")))
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.name == "grille visite.docx" and attachment.post.author == lead
    assert attachment.file.name.startswith("forums/attachments/")
    assert "grille" not in attachment.file.name  # random name on disk
    page = as_user(referent).get(namur_thread.get_absolute_url()).content.decode()
    assert attachment.get_absolute_url() in page and "grille visite.docx" in page
    response = as_user(referent).get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content).startswith(b"PK")


def test_outsider_and_deleted_posts_get_404(namur_thread, referent, lead, outsider, as_user,
                                           client):
    post = services.create_post(actor=lead.user, thread=namur_thread, body="Image jointe.",
                                attachment=SimpleUploadedFile("salle.png", png_bytes()))
    url = post.attachments.get().get_absolute_url()
    assert as_user(outsider).get(url).status_code == 404
    assert client.get(url).status_code in (302, 404)  # anonymous: to the login page
    assert as_user(referent).get(url).status_code == 200
    services.delete_post(actor=lead.user, post=post)
    assert as_user(referent).get(url).status_code == 404


@pytest.mark.parametrize(("name", "data", "message"), [
    ("macro.docm", b"PK\x03\x04", "contient des macros"),
    ("programme.pdf", b"MZ\x90\x00rest", "programme déguisé"),
    ("notes.txt", b"bonjour", "n'est pas accepté"),
])
def test_a_refused_upload_keeps_the_typed_text(namur_thread, lead, as_user, name, data,
                                               message):
    response = reply(as_user(lead), namur_thread, "Mon long texte soigneusement rédigé",
                     SimpleUploadedFile(name, data))
    body = response.content.decode()
    assert response.status_code == 400
    assert message in body.replace("&#x27;", "'")
    assert "Votre message est conservé" in body
    assert "Mon long texte soigneusement rédigé" in body  # nothing typed is lost
    assert not Post.objects.filter(body__contains="soigneusement").exists()
    assert not Attachment.objects.exists()


def test_the_guard_reads_the_attachment_text(namur_thread, lead, as_user):
    upload = SimpleUploadedFile("liste.docx", docx_bytes("Locataire NN 01020312345"))
    response = reply(as_user(lead), namur_thread, "La liste en pièce jointe.", upload)
    assert response.status_code == 400
    assert not Attachment.objects.exists()
    assert "La liste en pièce jointe." in response.content.decode()
