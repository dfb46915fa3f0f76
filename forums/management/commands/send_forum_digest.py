from django.core.management.base import BaseCommand

from forums.notifications import send_daily_digest


class Command(BaseCommand):
    help = ("Envoie le résumé quotidien des discussions de la veille aux membres qui l'ont "
            "demandé (une fois par jour et par membre ; à lancer chaque matin via cron).")

    def handle(self, *args, **options):
        sent = send_daily_digest()
        self.stdout.write(f"{sent} résumé(s) quotidien(s) envoyé(s).")
