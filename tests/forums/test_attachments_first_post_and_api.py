"""Attachments on a thread's first post and in the API (list on posts, multipart upload)."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from forums import moderation, services
from forums.models import Attachment, Post, Thread
from tests.forums.test_attachments import docx_bytes, png_bytes

pytestmark = pytest.mark.django_db

BASE = "/api/v1/forums"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def docx_with_macros() -> bytes:
    """A .docx whose archive carries a VBA project (what a .docm renamed looks like)."""
    archive = io.BytesIO(docx_bytes("Procédure impayés"))
    with zipfile.ZipFile(archive, "a") as zipped:
        zipped.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 macro")
    return archive.getvalue()


# --- The thread form --------------------------------------------------------------------


def test_a_new_thread_carries_an_attachment_on_its_first_post(namur_space, referent, lead,
                                                              outsider, as_user):
    response = as_user(referent).post(
        reverse("forums:thread_create", args=[namur_space.slug]),
        {"title": "Grille d'évaluation des visites", "kind": "discussion",
         "body": "Voici notre grille.",
         "attachment": SimpleUploadedFile("grille.docx", docx_bytes("Grille de visite"))})
    assert response.status_code == 302
    thread = Thread.objects.get()
    attachment = Attachment.objects.get()
    assert attachment.post == thread.posts.get() and attachment.name == "grille.docx"
    page = as_user(lead).get(thread.get_absolute_url()).content.decode()
    assert attachment.get_absolute_url() in page
    assert as_user(lead).get(attachment.get_absolute_url()).status_code == 200
    assert as_user(outsider).get(attachment.get_absolute_url()).status_code == 404


def test_the_thread_form_is_multipart_and_offers_the_field(namur_space, referent, as_user):
    page = as_user(referent).get(
        reverse("forums:thread_create", args=[namur_space.slug])).content.decode()
    assert 'enctype="multipart/form-data"' in page and "Joindre un document" in page


def test_a_refused_first_attachment_keeps_title_and_text(namur_space, referent, as_user):
    response = as_user(referent).post(
        reverse("forums:thread_create", args=[namur_space.slug]),
        {"title": "Procédure impayés commentée", "kind": "discussion",
         "body": "Notre procédure, relue par le CA.",
         "attachment": SimpleUploadedFile("procedure.docx", docx_with_macros())})
    body = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 400
    assert "contient ou peut contenir des macros" in body
    assert "Procédure impayés commentée" in body and "Notre procédure, relue par le CA." in body
    assert not Thread.objects.exists() and not Attachment.objects.exists()


def test_the_guard_reads_the_first_attachment(namur_space, referent):
    upload = SimpleUploadedFile("liste.docx", docx_bytes("Locataire NN 85.07.30-033.28"))
    with pytest.raises(services.ConfidentialityError):
        services.create_thread(actor=referent.user, space=namur_space, title="Liste des visites",
                               body="La liste jointe.", attachment=upload)
    assert not Thread.objects.exists() and not Attachment.objects.exists()


# --- The API ----------------------------------------------------------------------------


def test_posts_list_their_attachments_while_visible(namur_thread, lead, referent, as_user):
    post = services.create_post(actor=lead.user, thread=namur_thread, body="Plan de la salle.",
                                attachment=SimpleUploadedFile("salle.png", png_bytes()))
    items = as_user(referent).get(f"{BASE}/threads/{namur_thread.pk}/posts").json()["items"]
    assert items[0]["attachments"] == []
    attachment = post.attachments.get()
    assert items[1]["attachments"] == [{
        "id": attachment.pk, "name": "salle.png", "content_type": "image/png",
        "size": attachment.size, "url": attachment.get_absolute_url()}]
    moderation.hide_post(actor=lead.user, post=post, reason="Mauvais fichier")
    items = as_user(referent).get(f"{BASE}/threads/{namur_thread.pk}/posts").json()["items"]
    assert items[1]["attachments"] == [] and items[1]["body"] == ""


def test_multipart_upload_creates_the_post_with_its_attachment(namur_thread, lead, as_user):
    response = as_user(lead).post(f"{BASE}/threads/{namur_thread.pk}/posts", {
        "body": "La grille en pièce jointe.",
        "attachment": SimpleUploadedFile("grille.docx", docx_bytes("Grille"))})
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["body"] == "La grille en pièce jointe."
    assert [a["name"] for a in data["attachments"]] == ["grille.docx"]
    assert Attachment.objects.get().post_id == data["id"]


def test_multipart_upload_refuses_a_macro_file_in_french(namur_thread, lead, as_user):
    response = as_user(lead).post(f"{BASE}/threads/{namur_thread.pk}/posts", {
        "body": "Notre procédure.",
        "attachment": SimpleUploadedFile("procedure.docx", docx_with_macros())})
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert "« procedure.docx » contient ou peut contenir des macros" in detail
    assert not Post.objects.filter(body="Notre procédure.").exists()
    assert not Attachment.objects.exists()


def test_multipart_upload_runs_the_guard_on_the_attachment(namur_thread, lead, as_user):
    response = as_user(lead).post(f"{BASE}/threads/{namur_thread.pk}/posts", {
        "body": "La liste.",
        "attachment": SimpleUploadedFile("liste.docx", docx_bytes("IBAN BE68 5390 0754 7034"))})
    assert response.status_code == 400
    assert [f["kind"] for f in response.json()["findings"]] == ["iban"]
    assert "5390" not in response.content.decode()


def test_multipart_without_body_is_a_422_and_outsider_a_404(namur_thread, lead, outsider,
                                                            as_user):
    response = as_user(lead).post(f"{BASE}/threads/{namur_thread.pk}/posts", {
        "attachment": SimpleUploadedFile("salle.png", png_bytes())})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "body"]
    response = as_user(outsider).post(f"{BASE}/threads/{namur_thread.pk}/posts", {
        "body": "Intrus", "attachment": SimpleUploadedFile("salle.png", png_bytes())})
    assert response.status_code == 404
    assert not Attachment.objects.exists()


def test_json_replies_still_work_and_bad_json_is_a_422(namur_thread, lead, as_user):
    client = as_user(lead)
    response = client.post(f"{BASE}/threads/{namur_thread.pk}/posts", {"body": "En JSON."},
                           content_type="application/json")
    assert response.status_code == 201 and response.json()["attachments"] == []
    response = client.post(f"{BASE}/threads/{namur_thread.pk}/posts", "{pas du json",
                           content_type="application/json")
    assert response.status_code == 422


def test_the_schema_documents_both_bodies(as_user, lead, spaces):
    schema = as_user(lead).get("/api/v1/openapi.json").json()
    body = schema["paths"]["/api/v1/forums/threads/{thread_id}/posts"]["post"]["requestBody"]
    assert set(body["content"]) == {"application/json", "multipart/form-data"}
    form = body["content"]["multipart/form-data"]["schema"]
    assert form["properties"]["attachment"]["format"] == "binary"
