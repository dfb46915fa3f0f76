"""Framework agreements: validation, renewal, and privacy to the SLSP and SWL."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from network.models import AgreementStatus, FrameworkAgreement

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% convention de test\n"


def form_data(partner, **extra):
    data = {"title": "Convention habiter", "partners": [partner.pk], "axes": ["habiter"],
            "signed_on": "2025-01-15", "starts_on": "2025-02-01", "ends_on": "2030-01-31"}
    data.update(extra)
    return data


def test_a_referent_records_an_agreement_with_its_signed_document(
        as_user, referent, cpas_namur, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = as_user(referent)
    url = reverse("network:partners:agreement_create", args=[referent.company.slug])
    response = client.post(url, {**form_data(cpas_namur),
                                 "document": SimpleUploadedFile("c.pdf", PDF, "application/pdf")})
    agreement = FrameworkAgreement.objects.get()
    assert response.status_code == 302
    assert agreement.status == AgreementStatus.ACTIVE and agreement.axes == ["habiter"]
    download = client.get(reverse("network:partners:agreement_document", args=[agreement.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF


def test_more_than_five_years_is_refused_with_a_clear_message(as_user, referent, cpas_namur):
    url = reverse("network:partners:agreement_create", args=[referent.company.slug])
    page = as_user(referent).post(url, form_data(cpas_namur, ends_on="2030-02-01")).content
    page = page.decode()
    assert "au plus 5 ans" in page and "31/01/2030" in page
    assert 'value="Convention habiter"' in page
    assert not FrameworkAgreement.objects.exists()


def test_end_before_start_and_missing_axis_are_refused(as_user, referent, cpas_namur):
    url = reverse("network:partners:agreement_create", args=[referent.company.slug])
    data = form_data(cpas_namur, ends_on="2024-12-31")
    del data["axes"]
    page = as_user(referent).post(url, data).content.decode()
    assert "La fin doit être postérieure au début." in page
    assert "Choisissez au moins un axe couvert." in page


def test_a_pdf_is_required_for_the_document(as_user, referent, cpas_namur):
    url = reverse("network:partners:agreement_create", args=[referent.company.slug])
    page = as_user(referent).post(url, {**form_data(cpas_namur), "document": SimpleUploadedFile(
        "c.pdf", b"MZ not a pdf", "application/pdf")}).content.decode()
    assert "Le document doit être un fichier PDF." in page


def test_a_signed_renewal_marks_the_previous_agreement_renewed(as_user, referent, agreement,
                                                                cpas_namur):
    client = as_user(referent)
    url = reverse("network:partners:agreement_create", args=[referent.company.slug])
    prefilled = client.get(url, {"renouvelle": agreement.pk}).content.decode()
    assert 'value="Convention impayés avec le CPAS"' in prefilled
    client.post(url, form_data(cpas_namur, renews=agreement.pk, starts_on="2027-02-01",
                               ends_on="2032-01-31", signed_on="2026-12-01"))
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.RENEWED
    assert agreement.renewal.ends_on == date(2032, 1, 31)


def test_status_follows_the_dates(agreement):
    assert agreement.status_on(date(2026, 6, 1)) == AgreementStatus.ACTIVE
    assert agreement.status_on(date(2026, 8, 1)) == AgreementStatus.EXPIRING
    assert agreement.status_on(date(2027, 2, 1)) == AgreementStatus.EXPIRED


@pytest.mark.parametrize("name", ["company_agreements", "agreement_create"])
def test_another_company_cannot_see_a_company_agreements(as_user, outsider, lead, agreement,
                                                         name):
    url = reverse(f"network:partners:{name}", args=[agreement.company.slug])
    assert as_user(outsider).get(url).status_code == 404
    # Even the Namur chef de file: agreements are private to the SLSP and SWL.
    other_company = lead.company != agreement.company
    assert as_user(lead).get(url).status_code == (404 if other_company else 200)


@pytest.mark.parametrize("name", ["agreement", "agreement_edit", "agreement_document"])
def test_another_company_cannot_open_an_agreement_or_its_document(as_user, outsider, agreement,
                                                                  name, coordinator):
    url = reverse(f"network:partners:{name}", args=[agreement.pk])
    assert as_user(outsider).get(url).status_code == 404
    if name != "agreement_document":  # no document attached: 404 for everyone
        assert as_user(coordinator).get(url).status_code == 200


def test_outsider_post_cannot_change_an_agreement(as_user, outsider, agreement, cpas_namur):
    url = reverse("network:partners:agreement_edit", args=[agreement.pk])
    assert as_user(outsider).post(url, form_data(cpas_namur)).status_code == 404
    agreement.refresh_from_db()
    assert agreement.title == "Convention impayés avec le CPAS"


def test_expiry_overview_is_for_coordinators(as_user, coordinator, referent, lead, agreement):
    url = reverse("network:partners:expiring")
    assert as_user(referent).get(url).status_code == 404
    assert as_user(lead).get(url).status_code == 404
    FrameworkAgreement.objects.filter(pk=agreement.pk).update(ends_on=date.today().replace(
        day=1) + (date(2000, 3, 1) - date(2000, 1, 1)))
    page = as_user(coordinator).get(url).content.decode()
    assert "Convention impayés avec le CPAS" in page and "Namur" in page
