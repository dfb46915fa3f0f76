"""Who sees what in the library: the outsider never sees a Namur-only item (404 hides it)."""

import pytest
from django.urls import reverse

from tests.knowledge.conftest import pdf_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def namur_item(publish, referent):
    return publish(referent, title="Permanence budget Namur", audience="province",
                   province_id=referent.company.province_id,
                   files=[upload("permanence.pdf", pdf_bytes())])


def test_network_item_is_listed_and_opened_by_everyone(publish, referent, outsider, as_user):
    page = publish(referent, title="Pack Welcome")
    client = as_user(outsider)
    assert "Pack Welcome" in client.get(reverse("knowledge:library")).content.decode()
    assert client.get(page.url).status_code == 200


def test_outsider_cannot_list_a_province_only_item(namur_item, outsider, referent, as_user):
    listing = as_user(outsider).get(reverse("knowledge:library")).content.decode()
    assert "Permanence budget Namur" not in listing
    assert "0 résultat" in listing
    assert "Permanence budget Namur" in as_user(referent).get(
        reverse("knowledge:library")).content.decode()


def test_outsider_cannot_open_a_province_only_item(namur_item, outsider, lead, as_user):
    assert as_user(outsider).get(namur_item.url).status_code == 404
    assert as_user(lead).get(namur_item.url).status_code == 200


def test_outsider_cannot_download_its_document(namur_item, outsider, referent, as_user):
    document = namur_item.attachments.get().document
    assert as_user(outsider).get(document.url).status_code == 404
    response = as_user(referent).get(document.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_documents_have_no_public_url(namur_item, client):
    document = namur_item.attachments.get().document
    assert document.url.startswith("/outils/documents/")
    response = client.get(document.url)
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]
    assert client.get(f"/media/{document.file.name}").status_code in (302, 404)


def test_outsider_cannot_engage_with_a_province_only_item(namur_item, outsider, as_user):
    client = as_user(outsider)
    assert client.post(reverse("knowledge:bookmark", args=[namur_item.pk])).status_code == 404
    assert client.post(reverse("knowledge:reuse", args=[namur_item.pk])).status_code == 404


def test_anonymous_visitor_is_sent_to_login(namur_item, client):
    for url in (reverse("knowledge:library"), namur_item.url, reverse("knowledge:propose")):
        response = client.get(url)
        assert response.status_code == 302 and "/comptes/login/" in response["Location"]


def test_draft_is_visible_to_author_and_reviewer_only(library, referent, outsider, lead,
                                                      coordinator, as_user):
    from knowledge import services
    from tests.knowledge.conftest import proposal

    page = services.propose_item(user=referent.user, proposal=proposal("Brouillon"))
    assert not page.live
    # Drafts are not served by Wagtail at all (only live pages route).
    assert as_user(outsider).get(page.url or "/outils/brouillon/").status_code == 404
    assert as_user(outsider).get(reverse("knowledge:review", args=[page.pk])).status_code == 404
    # Addressed to the whole network: a chef de file does not review it, a coordinator does.
    assert as_user(lead).get(reverse("knowledge:review", args=[page.pk])).status_code == 404
    assert as_user(coordinator).get(
        reverse("knowledge:review", args=[page.pk])).status_code == 200


def test_reader_bookmarks_and_declares_reuse(publish, referent, outsider, as_user):
    page = publish(referent, title="Pack Welcome")
    client = as_user(outsider)
    client.post(reverse("knowledge:bookmark", args=[page.pk]))
    assert "Pack Welcome" in client.get(reverse("knowledge:bookmarks")).content.decode()
    client.post(reverse("knowledge:reuse", args=[page.pk]))
    client.post(reverse("knowledge:reuse", args=[page.pk]))  # counted once per SLSP
    page.refresh_from_db()
    assert page.reuse_count == 1
    assert "Le Foyer Hennuyer" in client.get(page.url).content.decode()
    listing = client.get(reverse("knowledge:library") + "?tri=used").content.decode()
    assert "utilisé par 1 SLSP" in listing
