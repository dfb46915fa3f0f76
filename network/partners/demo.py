"""Demo partners, framework agreements and yearly figures for the demo SLSPs.

Safe to rerun: partners are keyed on (name, SLSP), agreements on (SLSP, title),
reports on (SLSP, year). Partner kinds and communes are realistic; contacts are
generic service names, never people. End dates are spread around today so that
some agreements expire within three and six months and alerts can be tried.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from network.models import (
    ActivityFigure,
    ActivityReport,
    Axis,
    Dimension,
    FrameworkAgreement,
    HousingCompany,
    Partner,
    PartnerKind,
)
from network.models.partners import add_months

RELAIS_SOCIAUX = {
    "Hainaut": "Relais social de Charleroi",
    "Liège": "Relais social du Pays de Liège",
    "Namur": "Relais social urbain namurois",
    "Brabant wallon": "Relais social du Brabant wallon",
    "Luxembourg": "Relais social de la province de Luxembourg",
}
ASSOCIATIONS = ["Maison de quartier", "École de devoirs", "Épicerie sociale",
                "Centre d'éducation permanente", "Service de médiation de dettes"]
# (title, kind of the partner, axes, months from today to the end, duration in years)
AGREEMENTS = [
    ("Procédure impayés et guidance budgétaire", PartnerKind.CPAS, [Axis.IMPAYES], 2, 5),
    ("Ateliers d'habiter et petits travaux", PartnerKind.NEIGHBOURHOOD_AGENCY, [Axis.HABITER],
     5, 4),
    ("Relogement pendant les rénovations", PartnerKind.AIS, [Axis.RELOGEMENT], 26, 5),
    ("Actions de quartier", PartnerKind.SOCIAL_COHESION_PLAN, [Axis.HABITER, Axis.IMPAYES],
     40, 5),
]


@dataclass
class DemoSummary:
    partners: int
    agreements: int
    expiring: int


def _partners_for(company: HousingCompany, index: int) -> dict[str, Partner]:
    commune = company.head_office or company.communes.order_by("name").first()
    place = commune.name if commune else company.name
    short = company.short_name or company.name
    specs = [
        (f"CPAS de {place}", PartnerKind.CPAS, "Service logement et médiation de dettes"),
        (f"Plan de cohésion sociale de {place}", PartnerKind.SOCIAL_COHESION_PLAN,
         "Coordination du PCS"),
        (f"Régie des quartiers de {place}", PartnerKind.NEIGHBOURHOOD_AGENCY,
         "Équipe de formation"),
        (f"AIS de la région de {place}", PartnerKind.AIS, "Service de gestion locative"),
        (f"CCLP de {short}", PartnerKind.CCLP, "Comité des locataires"),
        (RELAIS_SOCIAUX.get(company.province.name, "Relais social"), PartnerKind.SOCIAL_RELAY,
         "Coordination"),
        (f"{ASSOCIATIONS[index % len(ASSOCIATIONS)]} de {place}", PartnerKind.ASSOCIATION,
         "Accueil"),
    ]
    if index % 3 == 0:
        specs.append((f"APL Habitat et insertion — {place}", PartnerKind.APL, "Accompagnement"))
    partners: dict[str, Partner] = {}
    for name, kind, contact in specs:
        partner = Partner.objects.filter(name=name).first()
        if partner is None:
            partner = Partner.objects.create(
                name=name, kind=kind, contact_name=contact,
                address=f"{place} (adresse à compléter)",
                notes="Partenaire de démonstration.")
            if commune is not None:
                partner.communes.add(commune)
        partner.companies.add(company)
        partners.setdefault(kind, partner)
    return partners


def _report(company: HousingCompany, year: int, seed: int) -> None:
    if ActivityReport.objects.filter(company=company, year=year).exists():
        return
    households = 3 + seed % 17
    report = ActivityReport.objects.create(
        company=company, year=year, reinforced_households=households,
        positive_outcomes=households * (60 + seed % 30) // 100,
        collective_actions=1 + seed % 6, community_actions=seed % 3,
        comment="Chiffres de démonstration.")
    ActivityFigure.objects.bulk_create([
        ActivityFigure(report=report, axis=axis, dimension=dimension,
                       households=(seed * (i + 1) * (j + 2)) % (25 if j == 0 else 9))
        for i, axis in enumerate(Axis.values) for j, dimension in enumerate(Dimension.values)
    ])


@transaction.atomic
def load(*, today: date | None = None) -> DemoSummary:
    today = today or timezone.localdate()
    companies = (HousingCompany.objects.filter(status=HousingCompany.Status.CURRENT)
                 .select_related("province", "head_office").order_by("province__name", "name"))
    for index, company in enumerate(companies):
        partners = _partners_for(company, index)
        for n, (title, kind, axes, months_left, years) in enumerate(AGREEMENTS):
            if FrameworkAgreement.objects.filter(company=company, title=title).exists():
                continue
            # Spread the ends so that not every SLSP expires on the same day, and only
            # every other SLSP has a second agreement ending within six months.
            if n == 1:
                months_left += 12 * (index % 2)
            elif n > 1:
                months_left += index % 3
            ends_on = add_months(today, months_left)
            starts_on = add_months(ends_on, -12 * years) + timedelta(days=1)
            agreement = FrameworkAgreement(
                company=company, title=title, axes=[str(a) for a in axes],
                signed_on=starts_on, starts_on=starts_on, ends_on=ends_on)
            agreement.full_clean()
            agreement.save()
            agreement.partners.add(partners[kind])
        for year in range(today.year - 3, today.year):
            _report(company, year, seed=index * 7 + year)
    return DemoSummary(
        partners=Partner.objects.count(), agreements=FrameworkAgreement.objects.count(),
        expiring=FrameworkAgreement.objects.filter(status="expiring").count())
