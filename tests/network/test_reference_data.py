"""The reference data import: all communes, SLSPs by status, idempotent, line-numbered errors."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from network.models import Commune, HousingCompany, Province, ProvincialPlatform

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"


def test_imports_all_communes_and_companies_and_is_idempotent():
    call_command("import_reference_data", "--no-progress", data_dir=DATA, stdout=StringIO())
    assert Province.objects.count() == 5
    assert ProvincialPlatform.objects.count() == 5
    assert Commune.objects.count() == 261
    assert Commune.objects.get(nis_code="82039").name == "Bastogne"
    assert HousingCompany.objects.filter(status="current").count() == 40
    assert HousingCompany.objects.filter(status="to_review").count() == 11
    merged = HousingCompany.objects.get(name="La Carolorégienne")
    assert merged.status == "merged" and merged.merged_into.name == "La Sambrienne"
    ciney = HousingCompany.objects.filter(communes__name="Ciney")
    assert [c.name for c in ciney] == ["Le Foyer Cinacien"]
    toit = HousingCompany.objects.get(name="Toit & Moi")
    assert {c.name for c in toit.communes.all()} == {"Mons", "Frameries", "Colfontaine", "Quévy"}

    out = StringIO()
    call_command("import_reference_data", "--no-progress", data_dir=DATA, stdout=out)
    assert "0 créées" in out.getvalue()
    assert Commune.objects.count() == 261 and HousingCompany.objects.count() == 68


def test_bad_rows_are_reported_with_their_line_and_the_rest_is_loaded(tmp_path):
    (tmp_path / "communes.csv").write_text(
        "nis_code,name_fr,name_nl_or_de,arrondissement,province,postcode,population\n"
        "92094,Namur,Namen,Namur,Namur,5000,115457\n"
        "ABCDE,Nulle part,,Namur,Namur,5000,1\n"
        "91030,Ciney,Ciney,Dinant,Atlantide,5590,16000\n", encoding="utf-8")
    (tmp_path / "slsp.csv").write_text(
        "name,short_name,head_office_commune,province,status,source,notes\n"
        "Le Toit,,Namur,Namur,current,,\n"
        "Le Mystère,,Gotham,Namur,current,,\n"
        "Le Flou,,,Namur,peut-être,,\n", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="4 ligne"):
        call_command("import_reference_data", "--no-progress", data_dir=tmp_path,
                     stdout=StringIO(), stderr=err)
    errors = err.getvalue()
    assert "communes.csv, ligne 3 : code INS invalide « ABCDE »" in errors
    assert "communes.csv, ligne 4 : province inconnue « Atlantide »" in errors
    assert "slsp.csv, ligne 3 : commune du siège inconnue « Gotham »" in errors
    assert "slsp.csv, ligne 4 : statut inconnu « peut-être »" in errors
    assert list(Commune.objects.values_list("name", flat=True)) == ["Namur"]
    assert list(HousingCompany.objects.values_list("name", flat=True)) == ["Le Toit"]


def test_missing_columns_are_a_clear_error(tmp_path):
    (tmp_path / "communes.csv").write_text("nis_code,name\n1,2\n", encoding="utf-8")
    (tmp_path / "slsp.csv").write_text("name\n", encoding="utf-8")
    with pytest.raises(CommandError, match="colonnes manquantes"):
        call_command("import_reference_data", "--no-progress", data_dir=tmp_path,
                     stdout=StringIO())


def test_demo_data_is_idempotent_and_fictitious(settings, tmp_path):
    from network.demo import DEMO_DOMAIN

    settings.MEDIA_ROOT = tmp_path / "media"  # the demo's documents, never the real media/
    from network.models import Member, WorkingGroup

    call_command("load_demo_data", data_dir=DATA, stdout=StringIO())
    count = Member.objects.count()
    assert count > 40
    assert ProvincialPlatform.objects.filter(leads__isnull=False).distinct().count() == 5
    call_command("load_demo_data", data_dir=DATA, stdout=StringIO())
    assert Member.objects.count() == count
    assert WorkingGroup.objects.count() == 2
    assert not Member.objects.exclude(user__email__endswith=DEMO_DOMAIN).exists()
