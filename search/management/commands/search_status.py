"""Compare the index with the database, and show the queue backlog and last error."""

from __future__ import annotations

from collections import Counter

from django.core.management.base import BaseCommand

from search import backends, queue, sources
from search.backends.base import BackendUnavailable


class Command(BaseCommand):
    help = "État de l'index : documents attendus et indexés par type, file d'attente, dernière erreur."

    def handle(self, *args, **options):
        expected = Counter(doc["type"] for doc in sources.all_documents())
        columns = {}
        for backend in backends.backends():
            try:
                columns[backend.name] = backend.count_by_type()
            except BackendUnavailable as exc:
                columns[backend.name] = None
                self.stderr.write(self.style.ERROR(f"{backend.name} injoignable : {exc}"))
        names = list(columns)
        self.stdout.write(f"{'type':<10} {'base':>8} " + " ".join(f"{n:>14}" for n in names))
        ok = True
        for doc_type in sorted(set(expected) | {t for c in columns.values() if c for t in c}):
            cells = []
            for name in names:
                counts = columns[name]
                value = "?" if counts is None else counts.get(doc_type, 0)
                ok &= value == expected.get(doc_type, 0)
                cells.append(f"{value:>14}")
            self.stdout.write(f"{doc_type:<10} {expected.get(doc_type, 0):>8} " + " ".join(cells))
        info = queue.backlog()
        self.stdout.write(f"File d'attente : {info['pending']} opération(s)"
                          + (f", la plus ancienne du {info['oldest']:%d/%m/%Y %H:%M}"
                             if info["oldest"] else ""))
        if info["last_error"]:
            self.stdout.write(f"Dernière erreur ({info['last_error_at']:%d/%m/%Y %H:%M}) : "
                              f"{info['last_error']}")
        self.stdout.write(self.style.SUCCESS("Index à jour.") if ok and not info["pending"]
                          else self.style.WARNING("L'index n'est pas à jour."))
