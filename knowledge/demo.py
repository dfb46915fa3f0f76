"""Demo library: the site root, the review workflow, 22 fictitious tools and practices
(two with a diagram drawn here in their body), the network's FAQ and three SWL news pages.

Safe to rerun: items are keyed on their title. Every item goes through the real
path — ``propose_item`` by a referent of a company of its province, then
``approve_proposal`` by the coordinator — with small PDF/DOCX attachments
generated here. The FAQ and the news are published directly, as a coordinator
does in Wagtail's admin (editorial pages have no proposal workflow). No real
person or tenant appears in any text.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from wagtail.models import Page
from wagtail.rich_text import RichText

from knowledge import services
from knowledge.images import LibraryImage, store_image
from knowledge.models import FaqPage, LibraryIndexPage, LibraryItemPage, NewsPage, Term, ToolPage
from network.models import Member

T, P = "tool", "practice"


@dataclass
class Item:
    kind: str
    title: str
    province: str
    axes: list[str]
    summary: str
    text: str
    dimensions: list[str] = field(default_factory=list)
    publics: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    attachment: str = ""  # "pdf" or "docx"
    platform_only: bool = False
    reviewed_years_ago: int = 0


ITEMS = [
    Item(T, "Pack Welcome pour les nouveaux locataires", "Namur", ["habiter"],
         "Une farde d'accueil remise lors de la signature du bail : qui contacter, comment "
         "payer le loyer, entretenir le logement et vivre avec ses voisins.",
         "Le pack rassemble une lettre de bienvenue, un calendrier des collectes de déchets, "
         "les numéros utiles de la société et des partenaires (CPAS, régie des quartiers), et "
         "une fiche d'entretien du logement illustrée.\n\nIl est présenté lors de l'entretien "
         "d'accueil, jamais simplement posté.",
         ["individual"], ["nouveaux-locataires"], ["accueil", "bail"], attachment="pdf"),
    Item(T, "Grille d'évaluation des visites à domicile", "Hainaut", ["habiter"],
         "Une grille commune pour préparer, mener et résumer une visite à domicile, "
         "centrée sur l'occupation du logement et non sur la vie privée.",
         "La grille suit le logement pièce par pièce : aération, chauffage, humidité, "
         "sécurité électrique, encombrement. Une colonne « ce que le locataire en dit » "
         "rappelle que la visite est un échange.\n\nElle se remplit sans aucune donnée "
         "d'identification : le dossier reste à la société.",
         ["individual"], ["nouveaux-locataires", "familles"], ["visite à domicile"],
         attachment="docx"),
    Item(T, "Procédure impayés avec le CPAS", "Liège", ["impayes"],
         "La procédure en cinq étapes, du premier retard au plan d'apurement, avec le moment "
         "où le CPAS est associé (avec l'accord du ménage).",
         "Étape 1 : rappel courtois à J+10. Étape 2 : appel et proposition de rendez-vous. "
         "Étape 3 : entretien social, analyse globale de la situation budgétaire. Étape 4 : "
         "plan d'apurement réaliste, signé par les deux parties. Étape 5 : relais vers le CPAS "
         "ou un service de médiation de dettes si le plan ne suffit pas.\n\nLa convention-cadre "
         "avec le CPAS précise ce qui peut être partagé, dans le respect du secret "
         "professionnel partagé.",
         ["individual"], ["locataires-en-impaye"], ["CPAS", "plan d'apurement"],
         ["cpas"], attachment="pdf"),
    Item(T, "Le ROI expliqué simplement", "Brabant wallon", ["habiter"],
         "Le règlement d'ordre intérieur réécrit en langage clair, avec des pictogrammes, "
         "pour les halls d'immeubles et l'entretien d'accueil.",
         "Chaque article du règlement est résumé en une phrase et un pictogramme : "
         "poubelles, bruit, parties communes, animaux, stationnement.\n\nLe document a été "
         "relu par le comité consultatif des locataires (CCLP) avant diffusion.",
         ["collective"], ["nouveaux-locataires"], ["ROI", "langage clair"], ["cclp"],
         attachment="pdf"),
    Item(P, "Ateliers économies d'énergie avec la régie des quartiers", "Hainaut",
         ["habiter"],
         "Quatre ateliers collectifs pour comprendre sa facture, régler son chauffage et "
         "réduire sa consommation, animés avec la régie des quartiers.",
         "Les factures d'énergie pesaient lourd dans les demandes d'aide et dans les retards "
         "de loyer.|Aider les locataires à lire leur facture et à adopter trois gestes "
         "concrets.|Quatre séances de deux heures dans la salle communautaire, kit "
         "d'économies offert, visite de suivi proposée.|Une animatrice de la régie, le "
         "référent social, un budget de 600 euros pour les kits.|Trente-deux ménages "
         "participants sur l'année ; deux tiers déclarent avoir changé au moins un geste.|"
         "Le créneau en soirée convient mieux ; les enfants présents aident à retenir.",
         ["collective"], ["familles", "seniors"], ["énergie", "atelier"],
         ["regie-des-quartiers"], attachment="docx"),
    Item(P, "Potager collectif au pied des immeubles", "Liège", ["habiter"],
         "Un potager partagé créé avec les habitants sur une pelouse inutilisée, devenu un "
         "lieu de rencontre du quartier.",
         "Une pelouse sans usage, des tensions entre voisins et peu d'occasions de se "
         "croiser.|Créer du lien entre locataires et valoriser l'espace extérieur.|Réunions "
         "d'habitants, construction de bacs avec la commune, charte d'usage rédigée ensemble, "
         "récolte partagée.|Terrain prêté par la société, outils financés par le plan de "
         "cohésion sociale.|Une quinzaine de jardiniers réguliers ; des plaintes de voisinage "
         "en baisse.|Il faut des habitants-relais pour l'arrosage en été.",
         ["community"], ["quartier"], ["potager", "habitants-relais"],
         ["commune", "pcs"]),
    Item(P, "Relogement pendant les travaux de rénovation", "Namur", ["relogement"],
         "L'accompagnement des ménages d'un immeuble vidé pour rénovation : information, "
         "choix du logement provisoire, déménagement et retour.",
         "Un programme de rénovation imposait de vider un immeuble de quarante logements.|"
         "Que chaque ménage comprenne le calendrier et soit relogé selon ses besoins.|"
         "Réunions d'information, entretien individuel avec chaque ménage, aide au "
         "déménagement, visites du chantier, retour accompagné.|Une référente à mi-temps "
         "sur le projet pendant dix-huit mois, une entreprise de déménagement.|Tous les "
         "ménages relogés ; la plupart ont choisi de revenir.|Les anciens locataires "
         "relogés ont expliqué le processus aux suivants : très efficace.",
         ["individual", "collective"], ["menages-a-reloger"], ["PEI", "rénovation"],
         attachment="pdf"),
    Item(T, "Kit d'atelier prévention de l'humidité", "Luxembourg", ["habiter"],
         "Un kit prêt à l'emploi pour animer un atelier sur la condensation, l'aération et "
         "les moisissures.",
         "Le kit contient un diaporama, un hygromètre de démonstration, un quiz et une "
         "fiche à remettre aux participants.\n\nIl croise le regard technique (ventilation, "
         "chauffage) et le regard social (usage du logement, surpeuplement).",
         ["collective"], ["familles"], ["humidité", "atelier"], attachment="docx"),
    Item(P, "Médiation de voisinage avec un service communal", "Brabant wallon",
         ["habiter"],
         "Un circuit clair pour les plaintes de voisinage, de l'écoute à la médiation "
         "confiée au service communal.",
         "Les plaintes de voisinage arrivaient sans tri et épuisaient l'équipe.|Traiter "
         "chaque plainte de la même manière et désamorcer les conflits tôt.|Fiche de "
         "plainte, premier contact sous huit jours, rencontre séparée des parties, "
         "médiation par le service communal si nécessaire.|Convention avec la commune, "
         "deux médiateurs formés.|Une majorité de situations apaisées sans procédure.|"
         "Il faut clarifier dès le départ ce qui relève de la société et de la police.",
         ["individual", "community"], ["quartier"], ["médiation", "voisinage"],
         ["commune"]),
    Item(T, "Modèle de courrier de premier rappel", "Namur", ["impayes"],
         "Un courrier de rappel bienveillant qui propose un rendez-vous plutôt que de "
         "menacer.",
         "Le courrier nomme le retard, rappelle les possibilités d'aide et propose trois "
         "créneaux de rendez-vous.\n\nIl évite tout jargon juridique au premier rappel.",
         ["individual"], ["locataires-en-impaye"], ["courrier", "prévention"],
         attachment="docx"),
    Item(P, "Permanence budget avec le CPAS", "Hainaut", ["impayes"],
         "Une permanence mensuelle commune société–CPAS dans les locaux de la société, "
         "pour les locataires en difficulté de paiement.",
         "Beaucoup de locataires en retard ne franchissaient pas la porte du CPAS.|Faciliter "
         "un premier contact et prévenir les spirales d'endettement.|Permanence sans "
         "rendez-vous un mardi par mois, orientation vers la guidance budgétaire.|Un "
         "assistant social du CPAS, le référent, un local.|Davantage de plans d'apurement "
         "respectés ; moins de dossiers transmis au juge de paix.|La confidentialité du "
         "lieu est essentielle.",
         ["individual"], ["locataires-en-impaye"], ["CPAS", "guidance budgétaire"],
         ["cpas"], platform_only=True),
    Item(T, "Fiche d'entretien d'accueil", "Liège", ["habiter", "impayes"],
         "La trame de l'entretien d'accueil des nouveaux locataires : droits, devoirs, "
         "budget logement et personnes de contact.",
         "La fiche guide un entretien d'une heure : présentation de la société, lecture du "
         "bail, calcul du budget logement, présentation des partenaires.\n\nElle se termine "
         "par la remise du pack d'accueil.",
         ["individual"], ["nouveaux-locataires"], ["accueil", "budget"], attachment="pdf"),
    Item(P, "Habitants-relais pour les rénovations", "Liège", ["relogement"],
         "Des locataires déjà relogés expliquent le chantier et le déménagement aux "
         "voisins qui vont vivre la même chose.",
         "Les réunions d'information officielles rassuraient peu.|S'appuyer sur "
         "l'expérience de pairs pour réduire l'inquiétude.|Binômes d'habitants-relais, "
         "cafés-rencontres, visites d'un logement rénové.|Petite indemnité de "
         "défraiement, formation courte des habitants-relais.|Participation doublée aux "
         "rencontres ; moins de refus de relogement.|Bien préparer les habitants-relais "
         "au secret : ils ne parlent que de leur propre expérience.",
         ["collective"], ["menages-a-reloger"], ["habitants-relais", "PEI"]),
    Item(T, "Check-list du déménagement accompagné", "Luxembourg", ["relogement"],
         "La liste des démarches avant, pendant et après un déménagement : compteurs, "
         "domiciliation, écoles, assurances.",
         "La check-list est remise six semaines avant le déménagement et revue avec le "
         "ménage à chaque rendez-vous.\n\nElle existe en version simplifiée avec "
         "pictogrammes.",
         ["individual"], ["menages-a-reloger"], ["déménagement"], attachment="docx",
         reviewed_years_ago=3),
    Item(P, "Logement de transit et accompagnement vers un bail classique", "Namur",
         ["relogement"],
         "L'accompagnement des ménages en logement de transit, avec un projet de sortie "
         "construit dès l'entrée.",
         "Des séjours en transit qui duraient bien au-delà de la durée prévue.|Préparer la "
         "sortie dès le premier mois.|Contrat d'accompagnement, rencontre mensuelle, "
         "recherche de logement avec l'AIS.|Convention avec l'AIS et le CPAS.|La plupart "
         "des ménages sortent dans le délai prévu.|Sans logement disponible à la sortie, "
         "l'accompagnement s'essouffle.",
         ["individual"], ["transit-insertion"], ["transit", "AIS"], ["ais", "cpas"]),
    Item(T, "Charte de partenariat type", "Brabant wallon", ["habiter", "impayes",
                                                             "relogement"],
         "Un modèle de charte pour les conventions-cadres : rôles, échanges "
         "d'informations et secret professionnel partagé.",
         "La charte fixe ce que chaque partenaire apporte, ce qui peut être échangé (et "
         "seulement cela), avec l'accord du ménage, et comment les situations sont "
         "évaluées ensemble.\n\nElle accompagne la convention-cadre, signée pour cinq ans "
         "au plus.",
         ["individual", "collective", "community"], ["professionnels"],
         ["convention-cadre", "secret professionnel"], attachment="pdf"),
    Item(P, "Atelier tri des déchets avec les enfants", "Hainaut", ["habiter"],
         "Un atelier ludique pour les enfants et leurs parents sur le tri des déchets dans "
         "les parties communes.",
         "Des locaux poubelles régulièrement encombrés.|Faire du tri une affaire de "
         "famille.|Jeu de tri, visite du local poubelles, affiches dessinées par les "
         "enfants.|Animateurs de l'intercommunale, goûter offert.|Locaux mieux tenus "
         "pendant plusieurs mois.|À répéter chaque année.",
         ["collective"], ["familles", "jeunes"], ["déchets", "atelier"], ["association"]),
    Item(T, "Calendrier de prévention des expulsions", "Liège", ["impayes"],
         "Un calendrier qui montre, pour chaque étape de la procédure, ce que le référent "
         "peut encore proposer au ménage.",
         "Le calendrier met en regard les étapes juridiques et les propositions "
         "d'accompagnement : plan d'apurement, CPAS, médiation de dettes.\n\nIl sert aussi "
         "à former les nouveaux collègues du service contentieux.",
         ["individual"], ["locataires-en-impaye"], ["expulsion", "prévention"],
         platform_only=True),
    Item(P, "Aire de jeux née d'une action collective", "Namur", ["habiter"],
         "Un projet d'aire de jeux porté par des parents du quartier, parti d'un atelier "
         "sur la vie dans les espaces communs.",
         "Des enfants jouant dans les parkings et des conflits répétés.|Donner un lieu aux "
         "enfants et aux parents une voix dans le projet.|Ateliers de conception avec les "
         "familles, recherche de financement avec la commune, inauguration festive.|Budget "
         "communal, soutien du plan de cohésion sociale.|Aire de jeux ouverte, comité de "
         "parents actif.|Le projet a pris deux ans : garder les habitants informés.",
         ["community"], ["familles", "jeunes", "quartier"], ["espaces communs"],
         ["commune", "pcs"]),
    Item(T, "Dépliant « Mon logement, j'en prends soin »", "Luxembourg", ["habiter"],
         "Un dépliant sur l'entretien courant : ce qui est à charge du locataire, ce qui "
         "revient à la société.",
         "Le dépliant répartit les petits entretiens et réparations entre locataire et "
         "société, avec les bons réflexes en cas de fuite ou de panne.",
         ["individual"], ["nouveaux-locataires"], ["entretien"], attachment="pdf"),
    Item(P, "Accompagnement renforcé des ménages en difficulté", "Brabant wallon",
         ["impayes", "habiter"],
         "Un accompagnement volontaire par périodes de six mois pour des ménages qui "
         "cumulent les difficultés, avec les partenaires.",
         "Des ménages cumulant impayés, problèmes de santé et isolement.|Proposer un "
         "soutien renforcé, librement accepté, pour stabiliser la situation.|Contrat "
         "d'accompagnement de six mois renouvelable une fois, réunions de concertation "
         "avec l'accord du ménage.|Le référent, le CPAS, un service de santé mentale.|"
         "La majorité des ménages accompagnés évoluent positivement (chiffres agrégés).|"
         "L'adhésion du ménage est la condition de tout.",
         ["individual"], ["locataires-en-impaye", "familles"],
         ["ménage accompagné", "santé mentale"], ["cpas", "association"]),
    Item(T, "Questionnaire de satisfaction après relogement", "Hainaut", ["relogement"],
         "Un questionnaire court pour recueillir l'avis des ménages relogés et améliorer "
         "l'accompagnement.",
         "Dix questions fermées et deux ouvertes, anonymes, à remettre trois mois après "
         "le relogement.\n\nLes résultats sont présentés au comité consultatif des "
         "locataires.",
         ["collective"], ["menages-a-reloger"], ["évaluation"], attachment="docx"),
]


# The network's FAQ: (theme, [(question, answer paragraphs)]). Plain text; each answer
# becomes rich text with one paragraph per "\n\n".
FAQ = [
    ("Le poste de référent social", [
        ("Comment le poste de référent social est-il financé ?",
         "Chaque SLSP reçoit de la Région wallonne une subvention annuelle pour au moins un "
         "référent social, selon l'arrêté du Gouvernement wallon du 27 février 2014.\n\n"
         "La société rend compte chaque année de ses activités à la SWL, qui vérifie "
         "l'usage de la subvention."),
        ("Un mi-temps peut-il suffire ?",
         "Oui, dans une petite société de quelques centaines de logements : le référent y "
         "combine souvent travail de réseau et accompagnement de première ligne. Dans une "
         "grande société, le référent travaille plutôt en seconde ligne : outils, projets "
         "et partenariats."),
        ("Qui anime le réseau des référents ?",
         "La coordination SWL anime l'ensemble du réseau : rencontres régionales, groupes "
         "de travail, formations. Dans chaque province, un chef de file anime la "
         "plateforme des référents, qui se réunit plusieurs fois par an."),
    ]),
    ("Ménages accompagnés", [
        ("Qu'est-ce qu'un ménage accompagné ?",
         "Un ménage qui cumule les difficultés peut bénéficier d'un accompagnement social "
         "spécifique et renforcé, mené par la société et ses partenaires.\n\nCet "
         "accompagnement est un droit, jamais une obligation : le ménage choisit de s'y "
         "engager ou non."),
        ("Combien de temps dure l'accompagnement renforcé ?",
         "Il se compte par périodes de six mois. Un ménage peut bénéficier de deux "
         "périodes, soit un an au plus."),
        ("Que faut-il transmettre à la SWL ?",
         "Uniquement des chiffres agrégés dans le rapport annuel d'activités : nombre de "
         "ménages accompagnés, évolution observée. Aucune identité ni situation "
         "individuelle."),
    ]),
    ("Conventions-cadres et partenaires", [
        ("Avec quels partenaires signer une convention-cadre ?",
         "Avec les CPAS, les communes, les organismes à finalité sociale (AIS, APL, régie "
         "des quartiers), les relais sociaux agréés, le CCLP, le plan de cohésion sociale "
         "et au moins un autre acteur du secteur associatif ou de l'éducation permanente."),
        ("Quelle est la durée maximale d'une convention-cadre ?",
         "Cinq ans au plus. La plateforme vous signale les conventions qui arrivent à "
         "échéance dans les trois et six mois pour préparer leur renouvellement à temps."),
        ("Une convention par axe ?",
         "Une convention-cadre précise l'axe ou les axes concernés : pédagogie de "
         "l'habiter, lutte contre les impayés, aide au relogement. Une même convention "
         "peut en couvrir plusieurs."),
    ]),
    ("Secret professionnel partagé", [
        ("Que puis-je partager avec un partenaire au sujet d'un ménage ?",
         "Seulement ce qui est utile à l'accompagnement, avec l'accord du ménage et selon "
         "les règles convenues à l'avance (convention, charte). Le ménage est associé à "
         "ce qui est échangé."),
        ("Puis-je évoquer une situation sur la plateforme ?",
         "Oui, si elle est anonymisée : ni nom, ni adresse, ni numéro de registre "
         "national, ni numéro de compte, ni détail permettant de reconnaître le ménage. "
         "La plateforme refuse les messages qui contiennent un numéro national."),
    ]),
]

# SWL announcements: (slug, days ago, title, intro, body paragraphs).
NEWS = [
    ("rencontre-regionale-printemps", 6, "Rencontre régionale de printemps : inscriptions "
     "ouvertes",
     "La prochaine rencontre régionale réunira les référents des cinq provinces autour de "
     "la prévention des impayés.",
     ["La matinée sera consacrée aux retours des plateformes provinciales, l'après-midi à "
      "des ateliers d'échange de pratiques.",
      "Inscrivez-vous depuis l'agenda : les places sont limitées par atelier."]),
    ("nouvelle-fiche-convention-cadre", 20, "Conventions-cadres : un modèle de charte "
     "partagé dans la bibliothèque",
     "Une charte de partenariat type, relue par la coordination, est disponible pour "
     "accompagner vos conventions-cadres.",
     ["La charte précise ce que chaque partenaire apporte et ce qui peut être échangé dans "
      "le respect du secret professionnel partagé.",
      "Pensez à vérifier les échéances de vos conventions : elles durent cinq ans au plus."]),
    ("cycle-pouvoir-d-agir", 45, "Formation : cycle « développement du pouvoir d'agir »",
     "Un cycle de formation continue sur le développement du pouvoir d'agir commence le "
     "1er décembre.",
     ["Le cycle compte plusieurs journées réparties sur l'hiver ; il s'adresse en priorité "
      "aux référents qui mènent des actions collectives.",
      "Les informations pratiques et l'inscription se trouvent dans l'agenda."]),
]


def _html(paragraphs: list[str]) -> str:
    from django.utils.html import escape

    return "".join(f"<p>{escape(p)}</p>" for p in paragraphs)


def _publish_child(parent: Page, page: Page) -> Page:
    """Add and publish an editorial page, as a coordinator would in Wagtail's admin."""
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def load_faq_and_news(library: LibraryIndexPage) -> tuple[int, int]:
    """The network's FAQ page and SWL's news (idempotent: keyed on their slugs)."""
    from datetime import timedelta

    from django.utils import timezone

    if not FaqPage.objects.filter(slug="faq").exists():
        themes = [("theme", {"theme": theme, "questions": [
            {"question": q, "answer": RichText(_html(a.split("\n\n")))} for q, a in qas]})
            for theme, qas in FAQ]
        _publish_child(library, FaqPage(
            title="Questions fréquentes", slug="faq", themes=themes,
            intro="Les réponses de la coordination SWL aux questions que les référents "
                  "posent le plus souvent."))
    existing = set(NewsPage.objects.values_list("slug", flat=True))
    today = timezone.localdate()
    for slug, days_ago, title, intro, body in NEWS:
        if slug not in existing:
            _publish_child(library, NewsPage(title=title, slug=slug, intro=intro,
                                             body=_html(body),
                                             date=today - timedelta(days=days_ago)))
    return FaqPage.objects.live().count(), NewsPage.objects.live().count()


@dataclass(frozen=True)
class Illustration:
    """A diagram drawn here (never a photo of anyone) for a tool's body."""

    tool: str
    name: str
    heading: str
    steps: tuple[str, ...]
    colour: str
    alt: str
    caption: str


ILLUSTRATIONS = [
    Illustration(
        "Procédure impayés avec le CPAS", "procedure-impayes-cpas.png",
        "Procédure impayés : cinq étapes",
        ("Rappel à J+10", "Appel et rendez-vous", "Entretien social",
         "Plan d'apurement", "Relais CPAS"), "#8f3b00",
        "Schéma de la procédure en cinq étapes : rappel à J+10, appel et rendez-vous, "
        "entretien social, plan d'apurement, relais vers le CPAS.",
        "Les cinq étapes, du premier retard au relais vers le CPAS."),
    Illustration(
        "Pack Welcome pour les nouveaux locataires", "pack-welcome.png",
        "Ce que contient le Pack Welcome",
        ("Lettre de bienvenue", "Calendrier des collectes", "Numéros utiles",
         "Fiche d'entretien"), "#1e6b35",
        "Schéma du contenu du Pack Welcome : lettre de bienvenue, calendrier des "
        "collectes, numéros utiles, fiche d'entretien du logement.",
        "Les quatre documents de la farde d'accueil."),
]


def _fonts() -> tuple[Any, Any]:
    """DejaVu Sans (Debian's fonts-dejavu-core) when present: Pillow's own font has no accents."""
    from PIL import ImageFont

    try:
        ImageFont.truetype("DejaVuSans.ttf", 12)
    except OSError:  # pragma: no cover - depends on the machine's fonts
        import unicodedata

        def fold(text: str) -> str:
            return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()

        return ImageFont.load_default, fold
    return (lambda size: ImageFont.truetype("DejaVuSans.ttf", size)), (lambda text: text)


def _png(illustration: Illustration) -> bytes:
    """A small flow diagram: a heading, then one numbered box per step."""
    from PIL import Image, ImageDraw

    font_of, fold = _fonts()
    width, height, margin, gap = 960, 330, 40, 16
    picture = Image.new("RGB", (width, height), "#ffffff")
    draw = ImageDraw.Draw(picture)
    draw.rectangle((0, 0, width - 1, height - 1), outline="#dde1e4", width=2)
    draw.text((margin, 36), fold(illustration.heading), fill="#1b1b1b", font=font_of(32))
    count = len(illustration.steps)
    box = (width - 2 * margin - gap * (count - 1)) // count
    font, number_font = font_of(18), font_of(34)
    for index, step in enumerate(illustration.steps):
        left = margin + index * (box + gap)
        draw.rounded_rectangle((left, 120, left + box, 290), radius=12,
                               fill="#f4f6f8", outline=illustration.colour, width=3)
        draw.ellipse((left + 16, 138, left + 76, 198), fill=illustration.colour)
        draw.text((left + 46, 168), str(index + 1), fill="#ffffff", font=number_font,
                  anchor="mm")
        lines, line = [], ""
        for word in fold(step).split():
            candidate = f"{line} {word}".strip()
            if draw.textlength(candidate, font=font) > box - 28 and line:
                lines.append(line)
                candidate = word
            line = candidate
        lines.append(line)
        for n, text in enumerate(lines):
            draw.text((left + 16, 214 + n * 26), text, fill="#1b1b1b", font=font)
        if index < count - 1:  # an arrow to the next step
            y = 205
            draw.polygon([(left + box + 2, y - 7), (left + box + gap - 2, y),
                          (left + box + 2, y + 7)], fill=illustration.colour)
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=True)
    return out.getvalue()


def illustrate_tools(user: Any) -> int:
    """Put each illustration in its tool's body, once, and publish (as a coordinator would)."""
    done = 0
    collection = services.library_collection()
    for illustration in ILLUSTRATIONS:
        page = ToolPage.objects.filter(title=illustration.tool, live=True).first()
        if page is None:
            continue
        page = page.get_latest_revision_as_object()
        if any(block.block_type == "image" for block in page.body):
            done += 1
            continue
        image = LibraryImage.objects.filter(title=illustration.heading).first() or store_image(
            data=_png(illustration), name=illustration.name, title=illustration.heading,
            collection=collection, user=user)
        page.body.insert(1, ("image", {"image": image, "alt": illustration.alt,
                                       "caption": illustration.caption}))
        page.save_revision(user=user).publish(user=user)
        done += 1
    return done


def _latin1(text: str) -> str:
    """PDF core fonts speak Latin-1: typographic dashes become hyphens."""
    return text.replace("—", "-").replace("–", "-").replace("’", "'").encode(
        "latin-1", "replace").decode("latin-1")


def _pdf(item: Item) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 10, _latin1(item.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, _latin1(item.summary), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for paragraph in item.text.replace("|", "\n\n").split("\n\n"):
        pdf.multi_cell(0, 6, _latin1(paragraph), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    pdf.multi_cell(0, 6, _latin1("Document de démonstration - aucune donnée de locataire."),
                   new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _docx(item: Item) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(item.title, level=1)
    document.add_paragraph(item.summary)
    for paragraph in item.text.replace("|", "\n\n").split("\n\n"):
        document.add_paragraph(paragraph)
    document.add_paragraph("Document de démonstration — aucune donnée de locataire.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _attachment(item: Item) -> list[SimpleUploadedFile]:
    if not item.attachment:
        return []
    data = _pdf(item) if item.attachment == "pdf" else _docx(item)
    name = f"{item.title[:40].strip().replace(' ', '-').lower()}.{item.attachment}"
    return [SimpleUploadedFile(name, data)]


def _proposal(item: Item, author: Member) -> services.Proposal:
    terms = {(t.vocabulary, t.code): t for t in Term.objects.all()}
    sections: dict[str, str] = {}
    if item.kind == P:
        values = item.text.split("|")
        sections = dict(zip(("context", "objectives", "actions", "means", "results",
                             "lessons"), values, strict=True))
    province_id = author.company.province_id if author.company else None
    return services.Proposal(
        kind=item.kind, title=item.title, summary=item.summary,
        axes=[terms[("axis", c)] for c in item.axes],
        dimensions=[terms[("dimension", c)] for c in item.dimensions],
        publics=[terms[("public", c)] for c in item.publics],
        themes=item.themes,
        audience_kind="province" if item.platform_only else "network",
        audience_province_id=province_id if item.platform_only else None,
        body=item.text if item.kind == T else "",
        adaptation="Remplacez le logo et les coordonnées, adaptez les étapes à votre "
                   "règlement et à vos conventions avec les partenaires." if item.kind == T
        else "",
        sections=sections,
        partner_kinds=[terms[("partner", c)] for c in item.partners],
        files=_attachment(item),
    )


@transaction.atomic
def load() -> int:
    """Set up the library and publish the demo items; returns how many exist."""
    from datetime import timedelta

    from django.utils import timezone

    library = services.ensure_library()
    load_faq_and_news(library)
    coordinator = Member.objects.filter(role=Member.Role.COORDINATOR).select_related(
        "user").first()
    existing = set(LibraryItemPage.objects.values_list("title", flat=True))
    for index, item in enumerate(ITEMS):
        if item.title in existing:
            continue
        authors = Member.objects.filter(
            role=Member.Role.REFERENT, company__province__name=item.province,
            user__is_active=True).select_related("user", "company").order_by("pk")
        author = authors[index % max(authors.count(), 1)] if authors.exists() else None
        if author is None or coordinator is None:
            continue
        page = services.propose_item(user=author.user, proposal=_proposal(item, author))
        services.approve_proposal(user=coordinator.user, page=page)
        if item.reviewed_years_ago:
            LibraryItemPage.objects.filter(pk=page.pk).update(
                last_reviewed_at=timezone.localdate()
                - timedelta(days=365 * item.reviewed_years_ago))
    if coordinator is not None:
        illustrate_tools(coordinator.user)
    return LibraryItemPage.objects.filter(live=True).count()
