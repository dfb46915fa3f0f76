"""CSV import of partners: all or nothing, line-numbered errors, duplicates linked."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from network.models import Partner

pytestmark = pytest.mark.django_db

URL = "/partenaires/importer/"


def upload(client, text: str, company, encoding="utf-8-sig"):
    return client.post(URL, {"company": company.pk, "file": SimpleUploadedFile(
        "partenaires.csv", text.encode(encoding), "text/csv")})


def test_a_valid_file_creates_partners_and_links_existing_ones(as_user, referent, cpas_namur,
                                                               namur_commune):
    text = ("nom;type;communes;adresse;notes\n"
            "AIS Nord-Namur;AIS;Namur, 5000;Rue X 1;\n"
            "CPAS de Namur;cpas;Namur;;\n"
            "Régie des quartiers de Namur;Régie des quartiers;namur;;Ateliers\n")
    response = upload(as_user(referent), text, referent.company)
    assert response.status_code == 302 and response["Location"] == reverse(
        "network:partners:list")
    assert Partner.objects.count() == 3
    assert set(Partner.objects.get(name="AIS Nord-Namur").companies.all()) == {referent.company}


def test_errors_are_listed_by_line_and_nothing_is_imported(as_user, referent, namur_commune):
    text = ("nom,type,communes\n"
            "AIS Nord,ais,Namur\n"
            "Inconnu,garage,Namur\n"
            "\n"
            "APL Sud,apl,Atlantide\n"
            "AIS Nord,ais,Namur\n")
    page = upload(as_user(referent), text, referent.company).content.decode()
    assert "<td>3</td><td>type « garage » inconnu" in page
    assert "<td>5</td><td>Commune inconnue : Atlantide" in page
    assert "<td>6</td><td>même partenaire qu&#x27;à la ligne 2" in page
    assert not Partner.objects.exists()


def test_missing_columns_and_bad_encoding(as_user, referent):
    client = as_user(referent)
    assert "colonnes manquantes : communes" in upload(
        client, "nom;type\nA;cpas\n", referent.company).content.decode()
    assert "pas en UTF-8" in upload(client, "nom;type;communes\nRégie;regie;Namur\n",
                                    referent.company, encoding="latin-1").content.decode()


def test_an_outsider_cannot_import_for_another_company(as_user, outsider, referent,
                                                       namur_commune):
    response = upload(as_user(outsider), "nom;type;communes\nX;cpas;Namur\n", referent.company)
    assert response.status_code == 200  # the company is not among their choices
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not Partner.objects.exists()
