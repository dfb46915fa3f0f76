from django.core.management.base import BaseCommand

from forums.notifications import send_mention_emails


class Command(BaseCommand):
    help = "Envoie par e-mail les mentions restées non lues après le délai (à lancer via cron)."

    def handle(self, *args, **options):
        sent = send_mention_emails()
        self.stdout.write(f"{sent} e-mail(s) de mention envoyé(s).")
