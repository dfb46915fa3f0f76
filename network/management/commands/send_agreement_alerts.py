"""Daily: e-mail referents 6 and 3 months before their agreements end (idempotent)."""

from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from network.partners.alerts import send_expiry_alerts


class Command(BaseCommand):
    help = "Envoie les alertes d'échéance des conventions-cadres (6 et 3 mois avant la fin)."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=date.fromisoformat, default=None,
                            help="Jour de référence AAAA-MM-JJ (par défaut : aujourd'hui).")

    def handle(self, *args, date=None, **options):
        run = send_expiry_alerts(today=date or timezone.localdate())
        self.stdout.write(self.style.SUCCESS(
            f"{len(run.sent)} alerte(s) enregistrée(s), {run.emails} e-mail(s) envoyé(s)."))
