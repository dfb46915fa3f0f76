from django.core.management.base import BaseCommand

from forums.notifications import send_mention_emails, send_reply_emails


class Command(BaseCommand):
    help = ("Envoie par e-mail les mentions et les réponses restées non lues après le délai "
            "(à lancer via cron).")

    def handle(self, *args, **options):
        mentions = send_mention_emails()
        replies = send_reply_emails()
        self.stdout.write(f"{mentions} e-mail(s) de mention et {replies} e-mail(s) de "
                          f"réponses envoyé(s).")
