"""Load a believable demo network. Safe to rerun."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from events import demo as events_demo
from forums import demo as forums_demo
from knowledge import demo as knowledge_demo
from network import demo as network_demo
from network.partners import demo as partners_demo


class Command(BaseCommand):
    help = "Charge les données de démonstration (idempotent) et affiche les identifiants."

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", type=Path,
                            default=settings.BASE_DIR.parent / "shared" / "data")
        parser.add_argument("--scale", type=int, default=1,
                            help="Multiplie le nombre de membres (pour les mesures de bench/).")

    def handle(self, *args, data_dir: Path, scale: int, **options):
        logins = network_demo.load(data_dir, scale=scale)
        agenda = events_demo.load()
        partners = partners_demo.load()
        library_items = knowledge_demo.load()
        forum_threads = forums_demo.load()
        # The index now holds what the demo created; the rebuild shows its progress.
        call_command("search_rebuild", stdout=self.stdout)
        self.stdout.write("Recherche : tapez « impayés cpas », « Ciney » ou « ROI » dans la "
                          "boîte de recherche de l'en-tête (suggestions en direct), puis "
                          "filtrez les résultats sur /recherche/.")
        out = self.stdout
        out.write(self.style.SUCCESS("Données de démonstration chargées."))
        out.write("")
        out.write(f"Identifiants de démonstration (mot de passe pour tous : "
                  f"{network_demo.DEMO_PASSWORD})")
        out.write(f"  Coordination SWL : {logins.coordinator}")
        out.write(f"    double authentification : secret TOTP {network_demo.DEMO_TOTP_SECRET}")
        out.write(f"    ou un code de récupération : {', '.join(logins.recovery_codes[:3])}")
        for province, email in sorted(logins.leads.items()):
            out.write(f"  Chef de file {province} : {email}")
        for email in logins.referents:
            out.write(f"  Référent : {email}")
        out.write(f"Bibliothèque : {library_items} outils et pratiques publiés sur /outils/ "
                  "(avec la FAQ /outils/faq/ et trois actualités SWL) ; un référent propose "
                  "via « Proposer un outil », la coordination (ou le chef de file pour sa "
                  "plateforme) valide sur /outils/a-valider/.")
        out.write(f"Agenda : {agenda.events} événements sur /agenda/ (liste, mois, « Mon agenda » "
                  f"et son flux iCal) ; le cycle de formation {agenda.training_url} est ouvert "
                  "aux inscriptions ; chaque chef de file gère la prochaine réunion de sa "
                  "plateforme (inscrits, présences, compte rendu). Rappels : "
                  "manage.py send_event_reminders.")
        out.write(f"Discussions : {forum_threads} fils sur /discussions/ (questions aux pairs, "
                  "axes, annonces, un espace privé par plateforme et par groupe de travail) ; "
                  "ouvrez un fil dans deux navigateurs pour voir les messages arriver en direct.")
        out.write(f"Partenaires : {partners.partners} dans l'annuaire (/partenaires/) ; "
                  f"{partners.agreements} conventions-cadres dont {partners.expiring} "
                  "expirent dans les six mois (/conventions/, alertes : "
                  "manage.py send_agreement_alerts). Tableau de bord SWL : /tableau-de-bord/ "
                  "(coordination et chefs de file).")
