"""Uploads: type checked on the content, macros and programs refused in French, text extracted."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from knowledge import documents
from knowledge.models import LibraryItemPage
from tests.knowledge.conftest import docx_bytes, pdf_bytes, term, upload


def check(name: str, data: bytes) -> documents.CheckedUpload:
    return documents.check_upload(io.BytesIO(data), name=name, size=len(data))


def zip_bytes(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def odt_bytes(text: str) -> bytes:
    content = ('<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:'
               'xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
               f'<office:body><office:text><text:h>Titre</text:h><text:p>{text}</text:p>'
               '</office:text></office:body></office:document-content>')
    return zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.text",
                      "content.xml": content.encode()})


def test_accepted_formats_are_recognised_by_content():
    assert check("procedure.pdf", pdf_bytes()).content_type == "application/pdf"
    assert check("grille.docx", docx_bytes()).extension == "docx"
    assert check("atelier.odt", odt_bytes("Atelier")).extension == "odt"
    assert check("photo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 20).extension == "png"


@pytest.mark.parametrize("name, data, message", [
    ("rappel.docm", docx_bytes(), "contient des macros"),
    ("tableau.docx", zip_bytes({"[Content_Types].xml": b"<Types/>",
                                "word/document.xml": b"<w/>",
                                "word/vbaProject.bin": b"x"}), "macros"),
    ("calcul.ods", zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                              "Basic/Standard/Module1.xml": b"x"}), "macros"),
    ("ancien.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 30, "n'est pas accepté"),
    ("outil.pdf", b"MZ\x90\x00" + b"\0" * 30, "programme déguisé"),
    ("installer.exe", b"MZ\x90\x00", "est un programme"),
    ("grille.pdf", docx_bytes(), "ne correspond pas à un fichier PDF"),
    ("notes.txt", b"bonjour", "n'est pas accepté"),
])
def test_dangerous_or_mislabelled_files_are_refused_in_french(name, data, message):
    with pytest.raises(ValidationError) as error:
        check(name, data)
    assert message in error.value.messages[0]


def test_size_limit():
    big = documents.MAX_UPLOAD_SIZE + 1
    with pytest.raises(ValidationError, match="la limite est de 8 Mo"):
        documents.check_upload(io.BytesIO(b"%PDF-"), name="gros.pdf", size=big)


def test_text_of_pdf_docx_and_odt_is_extracted():
    assert "plan d'apurement" in documents.extract_text(pdf_bytes(), extension="pdf")
    assert documents.extract_text(docx_bytes("Visite à domicile"), extension="docx") == \
        "Visite à domicile"
    assert documents.extract_text(odt_bytes("Potager collectif"), extension="odt") == \
        "Titre Potager collectif"
    assert documents.extract_text(b"not a pdf", extension="pdf") == ""


@pytest.mark.django_db
def test_form_shows_the_refusal_and_keeps_the_text(library, referent, as_user):
    response = as_user(referent).post(reverse("knowledge:propose"), {
        "kind": "tool", "title": "Tableau de suivi", "summary": "Un tableau.",
        "axes": [term("axis", "impayes").pk], "audience": "network",
        "body": "Le tableau suit les plans d'apurement.",
        "files": [upload("suivi.xlsm", b"PK\x03\x04")]})
    assert response.status_code == 200
    html = response.content.decode()
    assert "« suivi.xlsm » contient des macros" in html
    assert "Le tableau suit les plans d&#x27;apurement." in html
    assert not LibraryItemPage.objects.exists()
