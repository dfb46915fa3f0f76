"""Demo agenda: the training cycle, relayed colloquia, regional and platform meetings.

Safe to rerun: an event is keyed on its title. Everything goes through
events.services, as organisers would. Fictitious people get no mail: the demo
sends through the in-memory mail backend.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from events import services
from events.models import Event, EventKind, Organiser, Session
from network.models import Member, ProvincialPlatform, User


@dataclass
class DemoAgenda:
    events: int = 0
    training_url: str = ""


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


def _next_weekday(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _event(actor: User, *, title: str, sessions: list[tuple[datetime, datetime, str]],
           publish: bool = True, **fields: object) -> tuple[Event, bool]:
    existing = Event.objects.filter(title=title).first()
    if existing is not None:
        return existing, False
    event = services.save_event(
        actor=actor, event=Event(title=title, **fields),
        sessions=[Session(starts_at=s, ends_at=e, title=t) for s, e, t in sessions])
    if publish:
        event = services.publish_event(actor=actor, event=event)
    return event, True


def _register(actor: User, event: Event, members: list[Member]) -> None:
    for member in members:
        try:
            services.register(actor=actor, event=event, member=member)
        except services.RegistrationError:
            pass  # already registered on a previous run


def load() -> DemoAgenda:
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"), \
            transaction.atomic():
        return _load()


def _load() -> DemoAgenda:
    result = DemoAgenda()
    coordinator = Member.objects.filter(role=Member.Role.COORDINATOR).select_related(
        "user").order_by("pk").first()
    if coordinator is None:
        return result
    swl = coordinator.user
    today = timezone.localdate()
    referents = list(Member.objects.filter(role=Member.Role.REFERENT, user__is_active=True)
                     .select_related("user", "company").order_by("pk"))

    # The training cycle: four sessions from the first of December.
    december = date(today.year if today.month < 12 else today.year + 1, 12, 1)
    if december <= today:
        december = date(today.year + 1, 12, 1)
    first = _next_weekday(december, 1)
    training, created = _event(
        swl, title="Développement du pouvoir d'agir — cycle de formation",
        kind=EventKind.TRAINING, organiser=Organiser.SWL, axes=["habiter", "relogement"],
        description=(
            "Un cycle de quatre journées donné par une équipe universitaire pour les référents "
            "sociaux : partir de ce que les locataires veulent changer, travailler avec eux "
            "plutôt qu'à leur place, et en tirer des pistes pour les actions collectives.\n\n"
            "Chaque journée alterne apports, analyses de situations anonymisées apportées par "
            "les participants et exercices en sous-groupes."),
        location="Université partenaire — bâtiment des sciences sociales, salle 2.14",
        capacity=18, registration_required=True, notify_organisers=True,
        sessions=[(_at(first + timedelta(weeks=2 * n), 9, 30),
                   _at(first + timedelta(weeks=2 * n), 16), label)
                  for n, label in enumerate(["Les fondements", "Partir des personnes",
                                             "Le collectif comme levier",
                                             "Retour d'expériences"])])
    if created:
        _register(swl, training, referents[:12:2])
    result.training_url = training.get_absolute_url()

    relogement_day = _next_weekday(today + timedelta(days=40), 3)
    colloquium, created = _event(
        swl, title="Le relogement dans tous ses états",
        kind=EventKind.COLLOQUIUM, organiser=Organiser.PARTNER,
        partner_name="Un relais social partenaire", axes=["relogement"],
        description=(
            "Colloque d'un partenaire relayé par la SWL : reloger des ménages pendant les "
            "rénovations, accompagner avant, pendant et après le déménagement, travailler avec "
            "les CPAS et les habitants-relais."),
        location="Centre de congrès, Charleroi", capacity=120,
        sessions=[(_at(relogement_day, 9), _at(relogement_day, 16, 30), "")])
    if created:
        _register(swl, colloquium, referents[1:20:3])

    humidity_day = _next_weekday(today + timedelta(days=70), 1)
    _event(
        swl, title="Humidité dans le logement : regards techniques et sociaux",
        kind=EventKind.COLLOQUIUM, organiser=Organiser.SWL, axes=["habiter"],
        description=(
            "Une journée qui croise les regards des services techniques et des référents "
            "sociaux sur l'humidité : diagnostic, gestes du quotidien, ateliers avec les "
            "locataires, suivi des travaux."),
        location="Maison de la culture, région de Tournai", capacity=80,
        sessions=[(_at(humidity_day, 9), _at(humidity_day, 13), "Matinée technique"),
                  (_at(humidity_day, 14), _at(humidity_day, 16, 30), "Ateliers croisés")])

    past_regional = _next_weekday(today - timedelta(days=60), 3)
    regional, created = _event(
        swl, title="Rencontre régionale des référents sociaux — printemps",
        kind=EventKind.REGIONAL_MEETING, organiser=Organiser.SWL,
        description="Bilan de l'année, présentation des outils partagés et ateliers par axe.",
        location="SWL, Charleroi", registration_required=True,
        sessions=[(_at(past_regional, 9, 30), _at(past_regional, 15, 30), "")])
    if created:
        _register(swl, regional, referents[:15])
        session = regional.sessions.get()
        present = [r for i, r in enumerate(referents[:15]) if i % 4]
        services.record_attendance(actor=swl, session=session, present=present,
                                   candidates=referents[:15])
    next_regional = _next_weekday(today + timedelta(days=100), 3)
    _event(swl, title="Rencontre régionale des référents sociaux — automne",
           kind=EventKind.REGIONAL_MEETING, organiser=Organiser.SWL,
           description="Les trois axes en ateliers ; la parole aux plateformes provinciales.",
           location="SWL, Charleroi", capacity=90,
           sessions=[(_at(next_regional, 9, 30), _at(next_regional, 15, 30), "")])

    for index, platform in enumerate(ProvincialPlatform.objects.select_related("province")):
        lead = platform.leads.select_related("user").first()
        if lead is None:
            continue
        province = platform.province
        members = [r for r in referents if r.company and r.company.province_id == province.pk]
        past_day = _next_weekday(today - timedelta(days=35 + 3 * index), 1)
        past, created = _event(
            lead.user, title=f"Plateforme {province.name} — réunion de rentrée",
            kind=EventKind.PLATFORM_MEETING, organiser=Organiser.PLATFORM, province=province,
            agenda="Tour de table des SLSP\nProcédure impayés : les conventions avec les CPAS\n"
                   "Préparation de la rencontre régionale",
            location=f"Siège d'une SLSP de la province de {province.name}",
            registration_required=False,
            sessions=[(_at(past_day, 9, 30), _at(past_day, 12, 30), "")])
        if created:
            session = past.sessions.get()
            services.record_attendance(actor=lead.user, session=session,
                                       present=members[::2] + [lead], candidates=members)
            services.publish_minutes(actor=lead.user, event=past, minutes=(
                "Tour de table : chaque SLSP présente ses actions collectives du trimestre.\n"
                "Impayés : deux sociétés partagent leur convention avec le CPAS ; la grille "
                "commune sera déposée dans la bibliothèque.\n"
                "Situations évoquées de manière anonymisée uniquement."))
        next_day = _next_weekday(today + timedelta(days=12 + 4 * index), 1)
        _event(lead.user, title=f"Plateforme {province.name} — prochaine réunion",
               kind=EventKind.PLATFORM_MEETING, organiser=Organiser.PLATFORM,
               province=province, registration_required=True,
               agenda="Accueil des nouveaux référents\nLogement de transit : qui fait quoi ?\n"
                      "Divers",
               location=f"Siège d'une SLSP de la province de {province.name}",
               sessions=[(_at(next_day, 9, 30), _at(next_day, 12, 30), "")])
    result.events = Event.objects.count()
    return result
