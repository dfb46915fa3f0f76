"""Fixtures for partners, agreements and activity figures."""

from __future__ import annotations

from datetime import date

import pytest

from network.models import Commune, FrameworkAgreement, Partner, PartnerKind


@pytest.fixture
def namur_commune(provinces) -> Commune:
    return Commune.objects.create(nis_code="92094", name="Namur", arrondissement="Namur",
                                  province=provinces["Namur"], postcode="5000")


@pytest.fixture
def charleroi(provinces) -> Commune:
    return Commune.objects.create(nis_code="52011", name="Charleroi",
                                  arrondissement="Charleroi", province=provinces["Hainaut"],
                                  postcode="6000")


@pytest.fixture
def cpas_namur(namur_company, namur_commune) -> Partner:
    partner = Partner.objects.create(name="CPAS de Namur", kind=PartnerKind.CPAS,
                                     address="Rue de Dave 165, 5100 Jambes")
    partner.communes.add(namur_commune)
    partner.companies.add(namur_company)
    return partner


@pytest.fixture
def agreement(namur_company, cpas_namur) -> FrameworkAgreement:
    agreement = FrameworkAgreement.objects.create(
        company=namur_company, title="Convention impayés avec le CPAS", axes=["impayes"],
        signed_on=date(2022, 1, 10), starts_on=date(2022, 2, 1), ends_on=date(2027, 1, 31))
    agreement.partners.add(cpas_namur)
    return agreement
