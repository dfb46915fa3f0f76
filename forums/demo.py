"""Demo discussions: realistic, anonymised French threads in every kind of space.

Safe to rerun: a thread is keyed on its space and title. Everything goes
through forums.services and forums.moderation, guard included (no demo text
identifies anyone): followed threads and spaces, a PDF joined to a platform
reply, an off-topic post hidden by the coordination with its audit entry.
"""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from django.test.utils import override_settings

from forums import moderation, services
from forums.models import Space, Thread
from network.models import Member, ProvincialPlatform, WorkingGroup

# (space slug, kind, title, first post, [replies], index of the accepted reply or None)
NETWORK_THREADS = [
    ("questions-aux-pairs", Thread.Kind.QUESTION,
     "Comment organisez-vous la première visite à domicile après un nouveau bail ?",
     "Nous signons une vingtaine de baux par mois. Passez-vous chez les nouveaux locataires "
     "dans le premier mois, ou attendez-vous un signal ? Avec ou sans le service technique ?",
     ["Chez nous, la visite a lieu entre la 3e et la 6e semaine, à deux (référente et "
      "technicien). On reprend le **Pack d'accueil** point par point : compteurs, "
      "ventilation, tri des déchets.",
      "Nous proposons la visite au moment de la remise des clés et la fixons ensemble. "
      "Le taux de refus a fortement baissé depuis que c'est présenté comme un service.",
      "Merci ! Je teste la visite à deux dès le mois prochain et je vous fais un retour."], 0),
    ("axe-impayes", Thread.Kind.QUESTION,
     "Plan d'apurement : quelle durée maximale acceptez-vous ?",
     "Notre conseil d'administration souhaite plafonner les plans d'apurement à 12 mois. "
     "Avez-vous une règle écrite, et comment gérez-vous les ménages qui ne peuvent pas "
     "suivre ?",
     ["Pas de plafond chez nous, mais une révision obligatoire tous les 6 mois avec le CPAS.",
      "12 mois en règle générale, 24 avec l'accord de la direction si une guidance "
      "budgétaire est en place. Je peux partager notre procédure écrite."], None),
    ("axe-habiter", Thread.Kind.DISCUSSION,
     "Atelier humidité : retours sur le kit d'animation",
     "Nous avons animé trois ateliers « humidité et aération » avec la régie des quartiers. "
     "Le jeu des étiquettes fonctionne bien ; la partie sur le chauffage est trop longue.",
     ["Bon à savoir. Avez-vous adapté le kit pour les logements sans ventilation mécanique ?",
      "Oui, une fiche spécifique. Je la dépose dans la bibliothèque d'outils cette semaine."],
     None),
    ("axe-relogement", Thread.Kind.QUESTION,
     "PEI : comment préparer les locataires au déménagement temporaire ?",
     "Un immeuble de 40 logements sera vidé l'an prochain pour rénovation. Par où "
     "commencer pour que le relogement temporaire se passe bien ?",
     ["Réunion collective d'abord, puis un entretien individuel par ménage. Des locataires "
      "déjà relogés lors du chantier précédent sont venus témoigner : très apprécié.",
      "Prévoyez un calendrier affiché dans le hall et une permanence hebdomadaire sur place."],
     0),
    ("annonces", Thread.Kind.DISCUSSION,
     "Rencontre régionale des référents : inscriptions ouvertes",
     "La prochaine rencontre régionale portera sur l'accompagnement des ménages en "
     "difficulté multiple. Les inscriptions sont ouvertes dans l'agenda.", [], None),
]

PLATFORM_THREAD = (
    "Préparation de la prochaine réunion de plateforme",
    "Proposez vos points pour l'ordre du jour : retours d'expérience, outils à présenter, "
    "questions pour la SWL.",
    ["Je peux présenter notre nouvelle grille d'évaluation des visites à domicile.",
     "Point proposé : les conventions avec les CPAS qui arrivent à échéance."],
)
# A reply the coordination hides (with the reason kept in the moderation log).
OFF_TOPIC = ("axe-habiter", "Petite annonce : je vends un vélo cargo en bon état, écrivez-moi "
             "en privé si cela intéresse quelqu'un.", "Hors sujet : petite annonce personnelle")
GRID_PDF = ("grille-evaluation-visites.pdf",
            "Grille d'évaluation des visites à domicile (exemple anonymisé)\n\n"
            "1. Accueil et présentation du service\n2. État du logement : humidité, "
            "ventilation, chauffage\n3. Besoins exprimés par le ménage\n4. Suites convenues "
            "et partenaires à mobiliser")

GROUP_THREAD = (
    "Objectifs du groupe pour cette année",
    "Voici une première proposition de calendrier : un état des lieux, puis un outil commun.",
    ["D'accord avec le calendrier. Je m'occupe de l'état des lieux pour ma province."],
)


def _pdf(name: str, text: str) -> SimpleUploadedFile:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.multi_cell(0, 8, text)
    return SimpleUploadedFile(name, bytes(pdf.output()))


def _thread(space: Space, author: Member, kind: str, title: str, body: str,
            replies: list[tuple[Member, str]], accepted: int | None,
            attachments: dict[int, SimpleUploadedFile] | None = None) -> Thread:
    existing = space.threads.filter(title=title).first()
    if existing is not None:
        return existing
    thread = services.create_thread(actor=author.user, space=space, title=title, body=body,
                                    kind=kind)
    posts = [services.create_post(actor=who.user, thread=thread, body=text,
                                  attachment=(attachments or {}).get(index))
             for index, (who, text) in enumerate(replies)]
    if accepted is not None:
        services.accept_answer(actor=author.user, post=posts[accepted])
    return thread


def _moderated_and_followed(spaces: dict[str, Space], referents: list[Member],
                            coordinator: Member | None) -> None:
    """A hidden off-topic post (logged), followed spaces and a thread followed by hand."""
    slug, text, reason = OFF_TOPIC
    thread = spaces[slug].threads.order_by("pk").first()
    if coordinator is not None and thread is not None \
            and not thread.posts.filter(body=text).exists():
        post = services.create_post(actor=referents[-1].user, thread=thread, body=text)
        moderation.hide_post(actor=coordinator.user, post=post, reason=reason)
    services.set_space_watching(actor=referents[0].user, space=spaces["questions-aux-pairs"],
                                watching=True)
    services.set_space_watching(actor=referents[1].user, space=spaces["axe-impayes"],
                                watching=True)
    question = spaces["axe-impayes"].threads.order_by("pk").first()
    if question is not None:
        services.set_watching(actor=referents[2].user, thread=question, watching=True)


@override_settings(FORUMS_POSTS_PER_MINUTE=100_000)
def load() -> int:
    """Create the demo threads; returns how many threads the forums hold."""
    spaces = {space.slug: space for space in services.ensure_spaces()}
    referents = list(Member.objects.filter(role=Member.Role.REFERENT, user__is_active=True)
                     .select_related("user", "company").order_by("pk"))
    coordinator = Member.objects.filter(
        Q(role=Member.Role.COORDINATOR) | Q(role=Member.Role.ADMIN)).first()
    if len(referents) < 4:
        return Thread.objects.count()
    for index, (slug, kind, title, body, replies, accepted) in enumerate(NETWORK_THREADS):
        author = coordinator if slug == "annonces" and coordinator else referents[index]
        others = referents[index + 1:] + referents[:index]
        pairs = [(others[i * 3 % len(others)], text) for i, text in enumerate(replies)]
        if slug == "questions-aux-pairs":  # the asker thanks the peers in the last reply
            pairs[-1] = (author, replies[-1])
        _thread(spaces[slug], author, kind, title, body, pairs, accepted)
    for platform in ProvincialPlatform.objects.select_related("province").prefetch_related(
            "leads__user"):
        lead = platform.leads.first()
        members = [m for m in referents if m.company and
                   m.company.province_id == platform.province_id and m != lead][:2]
        if lead is None or not members:
            continue
        title, body, replies = PLATFORM_THREAD
        space = services.space_for_platform(platform)
        _thread(space, lead, Thread.Kind.DISCUSSION, title, body,
                list(zip(members, replies, strict=False)), None, {0: _pdf(*GRID_PDF)})
        services.set_space_watching(actor=lead.user, space=space, watching=True)
    for group in WorkingGroup.objects.filter(is_active=True).prefetch_related("leads__user",
                                                                               "members__user"):
        lead = group.leads.first()
        member = next((m for m in group.members.all() if m != lead), None)
        if lead is None or member is None:
            continue
        title, body, replies = GROUP_THREAD
        _thread(services.space_for_group(group), lead, Thread.Kind.DISCUSSION, title, body,
                [(member, replies[0])], None)
    _moderated_and_followed(spaces, referents, coordinator)
    return Thread.objects.count()
