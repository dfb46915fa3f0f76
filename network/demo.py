"""Demo network: real provinces, communes and SLSPs; clearly fictitious people.

Safe to rerun: people are keyed on their e-mail address. Everything goes
through network.services, as a real invitation-and-profile flow would.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.db import transaction
from django.utils.text import slugify

from network import services
from network.models import (
    Axis,
    Expertise,
    HousingCompany,
    Member,
    ProvincialPlatform,
    User,
    WorkingGroup,
)
from network.reference_data import import_reference_data

DEMO_PASSWORD = "reseau-demo-2026"
# A fixed TOTP secret so that the demo coordinator can log in with any
# authenticator app (or `oathtool --totp -b SECRET`). Demo only.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
DEMO_DOMAIN = "demo.reseau.test"

FIRST_NAMES = [
    "Nadia", "Julien", "Sophie", "Karim", "Élise", "Thomas", "Fatima", "Marc", "Aurélie",
    "Pierre", "Inès", "Lucas", "Camille", "Mehdi", "Laura", "Olivier", "Sarah", "Benoît",
    "Chloé", "Youssef", "Manon", "Nicolas", "Amandine", "Samir", "Justine", "François",
]
FEMININE_FIRST_NAMES = {
    "Nadia", "Sophie", "Élise", "Fatima", "Aurélie", "Inès", "Camille", "Laura", "Sarah",
    "Chloé", "Manon", "Amandine", "Justine",
}
# Surnames that no reader can take for a real person.
LAST_NAMES = [
    "Exemple", "Fictif", "Démo", "Modèle", "Essai", "Témoin", "Maquette", "Spécimen",
    "Prototype", "Échantillon", "Brouillon", "Esquisse",
]
EXPERTISE = {
    Axis.HABITER: ["Visite à domicile", "Pack d'accueil des nouveaux locataires",
                   "Ateliers économies d'énergie", "Prévention de l'humidité",
                   "Médiation de voisinage", "Potager collectif"],
    Axis.IMPAYES: ["Procédure impayés avec le CPAS", "Plan d'apurement",
                   "Guidance budgétaire", "Prévention des expulsions"],
    Axis.RELOGEMENT: ["Relogement pendant travaux (PEI)", "Logement de transit",
                      "Accompagnement au déménagement", "Habitants-relais"],
}
WORKING_GROUPS = [
    ("Visites à domicile", "Construire une grille commune d'évaluation des visites à domicile.",
     [Axis.HABITER]),
    ("Impayés et CPAS", "Harmoniser les conventions avec les CPAS et la procédure impayés.",
     [Axis.IMPAYES]),
]


@dataclass
class DemoLogins:
    coordinator: str = ""
    recovery_codes: list[str] = field(default_factory=list)
    leads: dict[str, str] = field(default_factory=dict)
    referents: list[str] = field(default_factory=list)


def _names() -> itertools.cycle[tuple[str, str]]:
    return itertools.cycle(
        (first, last) for last in LAST_NAMES for first in FIRST_NAMES
    )


def _email(first: str, last: str, n: int) -> str:
    return f"{slugify(first)}.{slugify(last)}{n if n > 1 else ''}@{DEMO_DOMAIN}"


def _member(email: str, first: str, last: str, **kwargs: object) -> Member:
    existing = Member.objects.filter(user__email=email).select_related("user").first()
    if existing is not None:
        return existing
    return services.create_member(email=email, first_name=first, last_name=last,
                                  password=DEMO_PASSWORD, **kwargs)


def _coordinator() -> tuple[Member, list[str]]:
    member = _member(f"coordination@{DEMO_DOMAIN}", "Claire", "Coordination-Démo",
                     role=Member.Role.COORDINATOR, job_title="Coordinatrice du réseau (SWL)")
    user = member.user
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)
    codes = Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).first()
    recovery = RecoveryCodes(codes) if codes else RecoveryCodes.activate(user)
    return member, recovery.get_unused_codes()


@transaction.atomic
def load(data_dir: Path, *, scale: int = 1) -> DemoLogins:
    """Load the reference data and a fictitious network of members.

    ``scale`` multiplies the referents per company (for benchmarks).
    """
    import_reference_data(data_dir)
    logins = DemoLogins()
    coordinator, logins.recovery_codes = _coordinator()
    logins.coordinator = coordinator.user.email

    names = _names()
    seen: dict[tuple[str, str], int] = {}
    companies = HousingCompany.objects.filter(
        status=HousingCompany.Status.CURRENT).select_related("province").order_by("province__name", "name")
    axes = list(EXPERTISE)
    for index, company in enumerate(companies):
        for copy in range(scale):
            first, last = next(names)
            seen[(first, last)] = seen.get((first, last), 0) + 1
            email = _email(first, last, seen[(first, last)])
            member = _member(email, first, last, company=company,
                             job_title=("Référente sociale" if first in FEMININE_FIRST_NAMES
                                        else "Référent social"),
                             phone=f"+32 81 00 {index:02d} {copy:02d}")
            if not member.expertises.exists():
                axis = axes[index % len(axes)]
                labels = EXPERTISE[axis]
                Expertise.objects.bulk_create([
                    Expertise(member=member, axis=axis, label=labels[index % len(labels)]),
                    Expertise(member=member, axis=axes[(index + 1) % len(axes)],
                              label=EXPERTISE[axes[(index + 1) % len(axes)]][0]),
                ])

    for platform in ProvincialPlatform.objects.select_related("province"):
        referents = Member.objects.filter(
            company__province=platform.province, role=Member.Role.REFERENT
        ).select_related("user").order_by("pk")
        lead = referents.first()
        if lead is None:
            continue
        if not platform.leads.exists():
            platform.leads.add(lead)
        if not platform.description:
            platform.description = (
                f"Les référents sociaux des SLSP de la province de {platform.province.name} "
                "se retrouvent plusieurs fois par an pour échanger outils et pratiques."
            )
            platform.save(update_fields=["description"])
        logins.leads[platform.province.name] = platform.leads.select_related(
            "user").first().user.email

    lead_ids = set(ProvincialPlatform.leads.through.objects.values_list("member_id", flat=True))
    for province in ("Namur", "Hainaut", "Liège"):
        referent = Member.objects.filter(
            company__province__name=province, role=Member.Role.REFERENT
        ).exclude(pk__in=lead_ids).select_related("user").order_by("pk").first()
        if referent is not None:
            logins.referents.append(f"{referent.user.email} ({province})")

    all_referents = list(Member.objects.filter(role=Member.Role.REFERENT).order_by("pk"))
    for i, (name, description, group_axes) in enumerate(WORKING_GROUPS):
        group, created = WorkingGroup.objects.get_or_create(
            slug=slugify(name),
            defaults={"name": name, "description": description,
                      "axes": [str(a) for a in group_axes]},
        )
        if created:
            members = all_referents[i::5][:8]
            group.members.add(*members)
            if members:
                group.leads.add(members[0])
    return logins


def demo_user_count() -> int:
    return User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").count()
