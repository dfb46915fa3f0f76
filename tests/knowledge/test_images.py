"""Images in a tool's body: private like documents, served only after network/permissions.py.

A Namur-only tool shows a diagram. Its readers (the Namur platform) get the
renditions; the outsider (Hainaut) gets 404, the anonymous visitor the login page,
and nobody reaches the files through a public media URL.
"""

from __future__ import annotations

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse
from PIL import Image

from knowledge import services
from knowledge.blocks import ImageBlock
from knowledge.images import LibraryImage, LibraryRendition, image_url, store_image
from knowledge.models import ToolPage
from network import uploads
from tests.conftest import make_member
from tests.knowledge.conftest import pdf_bytes

pytestmark = pytest.mark.django_db


def png_bytes(width: int = 1200, height: int = 600, colour: str = "#1d4f91") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, format="PNG")
    return out.getvalue()


def illustrate(page: ToolPage, image: LibraryImage, user, alt: str = "Schéma des étapes"
               ) -> ToolPage:
    """Add an image block to a published tool and publish it, as an editor does."""
    draft = page.get_latest_revision_as_object()
    draft.body.append(("image", {"image": image, "alt": alt, "caption": "Les cinq étapes"}))
    draft.save_revision(user=user).publish(user=user)
    return ToolPage.objects.get(pk=page.pk)


@pytest.fixture
def namur_image(library, coordinator) -> LibraryImage:
    return store_image(data=png_bytes(), name="schema.png", title="Schéma impayés",
                       collection=services.library_collection(), user=coordinator.user)


@pytest.fixture
def namur_tool(publish, referent, coordinator, namur_image) -> ToolPage:
    page = publish(referent, title="Permanence budget Namur", audience="province",
                   province_id=referent.company.province_id)
    return illustrate(page.specific, namur_image, coordinator.user)


def fetch(client, url: str) -> tuple[int, bytes]:
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.status_code == 200 else b""
    return response.status_code, body


def test_the_tool_page_shows_the_image_through_the_policy_checked_view(
        namur_tool, namur_image, referent, as_user):
    html = as_user(referent).get(namur_tool.url).content.decode()
    small, large = image_url(namur_image.pk, "width-400"), image_url(namur_image.pk, "width-800")
    assert f'src="{large}"' in html
    assert f"{small} 400w" in html and f"{large} 800w" in html
    assert 'alt="Schéma des étapes"' in html and "<figcaption>Les cinq étapes" in html
    assert f'href="{large}">Agrandir l' in html.replace("&#x27;", "'")
    assert "/media/" not in html


def test_province_members_get_the_renditions(namur_tool, namur_image, referent, lead,
                                             as_user):
    for member in (referent, lead):
        client = as_user(member)
        for spec, width in (("width-400", 400), ("width-800", 800)):
            response = client.get(image_url(namur_image.pk, spec))
            assert response.status_code == 200
            assert response["Content-Type"] == "image/png"
            assert response["Cache-Control"].startswith("private")
            assert response["X-Content-Type-Options"] == "nosniff"
            with Image.open(io.BytesIO(b"".join(response.streaming_content))) as picture:
                assert picture.width == width


def test_outsider_gets_404_for_the_image_of_a_province_only_tool(
        namur_tool, namur_image, outsider, as_user):
    client = as_user(outsider)
    assert client.get(namur_tool.url).status_code == 404
    for spec in ("width-400", "width-800", "original"):
        assert client.get(image_url(namur_image.pk, spec)).status_code == 404


def test_anonymous_is_sent_to_login(namur_tool, namur_image, client):
    response = client.get(image_url(namur_image.pk, "width-800"))
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]


def test_files_have_no_public_url(namur_tool, namur_image, referent, as_user, client):
    as_user(referent).get(namur_tool.url)  # makes the renditions
    renditions = list(LibraryRendition.objects.filter(image=namur_image))
    assert {r.filter_spec for r in renditions} == {"width-400", "width-800"}
    # Random names: nothing in a path says what the image is or can be guessed.
    assert namur_image.file.name.startswith("library_images/")
    assert "schema" not in namur_image.file.name
    for name in [namur_image.file.name, *(r.file.name for r in renditions)]:
        for reader in (client, as_user(referent)):
            assert reader.get(f"/media/{name}").status_code in (302, 404)
    with pytest.raises(NoReverseMatch):
        reverse("wagtailimages_serve", args=["sig", namur_image.pk, "width-800"])
    assert all(r.url.startswith("/outils/images/") for r in renditions)


def test_only_the_body_widths_are_made_on_request(namur_tool, namur_image, referent,
                                                  coordinator, as_user):
    client = as_user(referent)
    for spec in ("width-1200", "fill-4000x4000", "original", "n'importe-quoi"):
        assert client.get(image_url(namur_image.pk, spec)).status_code == 404
    assert not LibraryRendition.objects.filter(image=namur_image,
                                               filter_spec="width-1200").exists()
    # A rendition the admin made (a chooser thumbnail) is served, still after the policy.
    namur_image.get_rendition("max-165x165")
    assert client.get(image_url(namur_image.pk, "max-165x165")).status_code == 200


def test_an_unused_image_is_seen_by_its_uploader_and_coordinators_only(
        library, referent, outsider, coordinator, as_user):
    image = store_image(data=png_bytes(), name="brouillon.png", title="Brouillon",
                        collection=services.library_collection(), user=referent.user)
    url = image_url(image.pk, "width-400")
    assert as_user(referent).get(url).status_code == 200
    assert as_user(coordinator).get(url).status_code == 200
    assert as_user(outsider).get(url).status_code == 404


def test_a_network_tool_image_is_seen_by_every_member(publish, referent, outsider,
                                                      coordinator, namur_image, as_user):
    page = publish(referent, title="Pack Welcome")
    illustrate(page.specific, namur_image, coordinator.user)
    assert as_user(outsider).get(image_url(namur_image.pk, "width-800")).status_code == 200


def test_unpublishing_the_tool_hides_its_image(namur_tool, namur_image, namur_company,
                                               referent, lead, as_user):
    colleague = make_member("collegue.namur@example.test", namur_company)
    url = image_url(namur_image.pk, "width-400")
    assert as_user(colleague).get(url).status_code == 200
    namur_tool.unpublish()
    assert as_user(colleague).get(url).status_code == 404
    assert as_user(referent).get(url).status_code == 200  # its author
    assert as_user(lead).get(url).status_code == 200  # may review the draft


def test_the_image_block_requires_a_text_alternative(namur_image):
    block = ImageBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"image": namur_image.pk, "alt": "", "caption": ""}))
    value = block.clean(block.to_python({"image": namur_image.pk, "alt": "Un schéma",
                                         "caption": ""}))
    assert value["alt"] == "Un schéma"


# --- Uploads: network.uploads.check_image, whatever the way in --------------------------


def check(name: str, data: bytes) -> uploads.CheckedUpload:
    return uploads.check_image(io.BytesIO(data), name=name, size=len(data))


def test_png_and_jpeg_are_accepted_after_decoding():
    assert check("schema.png", png_bytes(40, 20)).content_type == "image/png"
    out = io.BytesIO()
    Image.new("RGB", (30, 30), "white").save(out, format="JPEG")
    assert check("photo-du-hall.jpg", out.getvalue()).extension == "jpg"


@pytest.mark.parametrize(("name", "data", "message"), [
    ("procedure.pdf", pdf_bytes(), "n'est pas une image"),
    ("schema.png", pdf_bytes(), "ne correspond pas à un fichier PNG"),
    ("schema.png", png_bytes(40, 20)[:60], "illisible ou incomplète"),
    ("schema.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "illisible ou incomplète"),
    ("virus.png", b"MZ\x90\x00" + b"\0" * 40, "programme"),
    ("dessin.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "n'est pas accepté"),
])
def test_bad_images_are_refused_in_french(name, data, message):
    with pytest.raises(ValidationError) as error:
        check(name, data)
    assert message in error.value.messages[0]


def test_too_many_pixels_are_refused(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_IMAGE_PIXELS", 100 * 100)
    with pytest.raises(ValidationError) as error:
        check("immense.png", png_bytes(200, 200))
    assert "trop grande" in error.value.messages[0]


def test_too_heavy_images_are_refused():
    with pytest.raises(ValidationError) as error:
        uploads.check_image(io.BytesIO(b"x"), name="lourde.png",
                            size=uploads.MAX_UPLOAD_SIZE + 1)
    assert "la limite est de 8 Mo" in error.value.messages[0]


def test_store_image_refuses_a_document_named_like_an_image(library, coordinator):
    with pytest.raises(ValidationError) as error:
        store_image(data=pdf_bytes(), name="schema.png", title="Faux",
                    collection=services.library_collection(), user=coordinator.user)
    assert "ne correspond pas à un fichier PNG" in " ".join(error.value.messages)
    assert not LibraryImage.objects.exists()


# --- Wagtail's admin: editors upload into the private collection and choose images ----------


def test_an_editor_uploads_an_image_in_the_admin_and_chooses_it(library, coordinator,
                                                                as_user):
    client = as_user(coordinator)
    collection = services.library_collection()
    response = client.post(reverse("wagtailimages:add"), {
        "title": "Plan du quartier", "collection": collection.pk,
        "file": SimpleUploadedFile("plan.png", png_bytes(600, 400), "image/png")})
    assert response.status_code == 302, response.content.decode()[:2000]
    image = LibraryImage.objects.get(title="Plan du quartier")
    assert image.collection == collection and image.uploaded_by_user == coordinator.user
    chooser = client.get(reverse("wagtailimages_chooser:choose"))
    html = chooser.content.decode()
    assert chooser.status_code == 200 and "Plan du quartier" in html
    assert f"/outils/images/{image.pk}/" in html and "/media/" not in html
    spec = re.search(rf"/outils/images/{image.pk}/([^/]+)/", html).group(1)
    response = client.get(image_url(image.pk, spec))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"


@pytest.mark.parametrize(("data", "message"), [
    (pdf_bytes(), "ne correspond pas à un fichier PNG"),
    (png_bytes(40, 20)[:70], "illisible ou incomplète"),  # Wagtail alone answers 500
])
def test_the_admin_refuses_bad_images_in_french(library, coordinator, as_user, data, message):
    response = as_user(coordinator).post(reverse("wagtailimages:add"), {
        "title": "Faux schéma", "collection": services.library_collection().pk,
        "file": SimpleUploadedFile("schema.png", data, "image/png")})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not LibraryImage.objects.filter(title="Faux schéma").exists()


# --- « Proposer un outil »: an optional illustration with its text alternative -------------


def proposal_form(**extra) -> dict:
    from tests.knowledge.conftest import term

    data = {"kind": "tool", "title": "Affiche de la permanence budget",
            "summary": "Une affiche pour le hall.", "axes": [term("axis", "impayes").pk],
            "audience": "network", "body": "L'affiche annonce la permanence du mardi."}
    data.update(extra)
    return data


def test_a_referent_proposes_a_tool_with_an_illustration(library, referent, lead, outsider,
                                                         coordinator, as_user):
    namur = f"province:{referent.company.province_id}"
    response = as_user(referent).post(reverse("knowledge:propose"), proposal_form(
        audience=namur, image=SimpleUploadedFile("affiche.png", png_bytes(900, 500)),
        image_alt="Affiche : permanence budget le mardi de 9 à 12 heures"))
    assert response.status_code == 302
    page = ToolPage.objects.get(title="Affiche de la permanence budget")
    block = [b for b in page.body if b.block_type == "image"][0]
    image = block.value["image"]
    assert block.value["alt"] == "Affiche : permanence budget le mardi de 9 à 12 heures"
    assert image.collection == services.library_collection()
    assert image.uploaded_by_user == referent.user
    url = image_url(image.pk, "width-800")
    assert as_user(referent).get(url).status_code == 200  # the author, on the draft
    assert as_user(lead).get(url).status_code == 200  # may review it
    assert as_user(outsider).get(url).status_code == 404
    review = as_user(lead).get(reverse("knowledge:review", args=[page.pk])).content.decode()
    assert url in review


@pytest.mark.parametrize(("extra", "field_error"), [
    ({"image_alt": ""}, "Dites en une phrase ce que montre l"),
    ({"image": SimpleUploadedFile("affiche.png", pdf_bytes()), "image_alt": "Une affiche"},
     "ne correspond pas à un fichier PNG"),
    ({"kind": "practice", "image_alt": "Une affiche", "context": "C.", "objectives": "O.",
      "actions": "A."}, "pour une pratique, joignez l"),
])
def test_a_bad_illustration_gets_a_french_error_and_keeps_the_text(
        library, referent, as_user, extra, field_error):
    data = proposal_form(image=SimpleUploadedFile("affiche.png", png_bytes(90, 50)))
    data.update(extra)
    response = as_user(referent).post(reverse("knowledge:propose"), data)
    html = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 200
    assert field_error in html
    assert 'value="Affiche de la permanence budget"' in html
    assert "l'illustration n'est pas conservée" in html
    assert not ToolPage.objects.exists() and not LibraryImage.objects.exists()


def test_a_rendition_whose_file_is_gone_is_made_again(namur_tool, namur_image, referent,
                                                      as_user):
    client = as_user(referent)
    url = image_url(namur_image.pk, "width-400")
    assert client.get(url).status_code == 200
    rendition = namur_image.get_rendition("width-400")  # cached by Wagtail
    rendition.file.storage.delete(rendition.file.name)
    response = client.get(url)
    assert response.status_code == 200
    with Image.open(io.BytesIO(b"".join(response.streaming_content))) as picture:
        assert picture.width == 400
