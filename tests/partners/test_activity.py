"""Yearly activity figures: counts only, guarded comment, private to the SLSP and SWL."""

import pytest
from django.urls import reverse

from network.models import ActivityFigure, ActivityReport
from network.partners.services import figure_key
from tests.partners.test_confidentiality import niss

pytestmark = pytest.mark.django_db


def figures(**extra):
    data = {"collective_actions": "4", "community_actions": "1", "reinforced_households": "12",
            "positive_outcomes": "9", "comment": "Ateliers énergie avec le CPAS."}
    for axis in ("habiter", "impayes", "relogement"):
        for dimension in ("individual", "collective", "community"):
            data[figure_key(axis, dimension)] = "0"
    data[figure_key("impayes", "individual")] = "25"
    data.update(extra)
    return data


def url(company, year=2025):
    return reverse("network:partners:activity", args=[company.slug, year])


def test_a_referent_enters_and_corrects_the_year_figures(as_user, referent):
    client = as_user(referent)
    assert client.post(url(referent.company), figures()).status_code == 302
    report = ActivityReport.objects.get(company=referent.company, year=2025)
    assert report.reinforced_households == 12
    assert ActivityFigure.objects.get(report=report, axis="impayes",
                                      dimension="individual").households == 25
    client.post(url(referent.company), figures(**{figure_key("impayes", "individual"): "30"}))
    assert ActivityFigure.objects.filter(report=report).count() == 9
    page = client.get(url(referent.company)).content.decode()
    assert 'value="30"' in page


def test_free_text_in_a_number_field_is_refused_and_kept(as_user, referent):
    page = as_user(referent).post(url(referent.company), figures(
        collective_actions="quatre")).content.decode()
    assert "Saisissez un nombre entier (0 ou plus), sans texte." in page
    assert 'value="quatre"' in page
    assert not ActivityReport.objects.exists()


def test_more_positive_outcomes_than_households_is_refused(as_user, referent):
    page = as_user(referent).post(url(referent.company), figures(
        positive_outcomes="13")).content.decode()
    assert "ne peut pas dépasser" in page


def test_a_comment_with_a_national_number_or_iban_is_refused(as_user, referent):
    client = as_user(referent)
    for secret in (niss("900101", "123"), "BE68 5390 0754 7034"):
        page = client.post(url(referent.company), figures(
            comment=f"Ménage suivi : {secret}")).content.decode()
        assert "Les données d&#x27;un locataire ne peuvent pas être partagées" in page
    assert not ActivityReport.objects.exists()


def test_another_company_cannot_read_or_write_the_figures(as_user, outsider, lead, referent):
    client = as_user(outsider)
    assert client.get(url(referent.company)).status_code == 404
    assert client.post(url(referent.company), figures()).status_code == 404
    assert as_user(lead).get(url(outsider.company)).status_code == 404
    assert not ActivityReport.objects.exists()


def test_future_years_do_not_exist(as_user, referent):
    assert as_user(referent).get(url(referent.company, 2100)).status_code == 404
