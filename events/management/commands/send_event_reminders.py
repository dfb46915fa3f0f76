"""Send the reminders due now (7 days and 1 day before each session).

Run it periodically (e.g. every hour from cron); it never sends a reminder twice.
"""

from django.core.management.base import BaseCommand

from events import services


class Command(BaseCommand):
    help = "Envoie les rappels d'événements dus (7 jours et 1 jour avant). Idempotent."

    def handle(self, *args, **options):
        sent = services.send_due_reminders()
        self.stdout.write(f"{sent} rappel(s) envoyé(s).")
