"""Apply the pending index updates (run it from cron or a loop: it is idempotent)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from search import queue


class Command(BaseCommand):
    help = "Applique les mises à jour d'index en attente (et réessaie celles en échec)."

    def add_arguments(self, parser):
        parser.add_argument("--loop", type=float, default=0,
                            help="Recommencer toutes les N secondes (0 : une seule passe).")

    def handle(self, *args, loop: float, **options):
        while True:
            queue.wake()
            summary = {"done": 0, "failed": 0}
            while True:
                step = queue.process()
                summary["done"] += step["done"]
                summary["failed"] += step["failed"]
                if step["failed"] or not step["done"]:
                    break
            left = queue.backlog()["pending"]
            self.stdout.write(f"{summary['done']} document(s) à jour, {summary['failed']} en "
                              f"échec, {left} en attente.")
            if not loop:
                return
            time.sleep(loop)
