"""Rebuild the search index from the database, without downtime (alias swap)."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand

from search import backends, queue, sources


class Progress:
    """A text progress bar on stderr: documents indexed out of the expected total."""

    def __init__(self, total: int, stream) -> None:  # type: ignore[no-untyped-def]
        self.total, self.done, self.stream = max(total, 1), 0, stream

    def __call__(self, n: int) -> None:
        self.done += n
        if self.done % 200 == 0 or self.done >= self.total:
            filled = int(30 * min(self.done, self.total) / self.total)
            self.stream.write(f"\r  [{'#' * filled}{'.' * (30 - filled)}] "
                              f"{self.done}/{self.total}")
            self.stream.flush()


class Command(BaseCommand):
    help = ("Reconstruit l'index de recherche : un nouvel index est rempli puis l'alias "
            "bascule (pas d'interruption).")

    def handle(self, *args, **options):
        total = sources.expected_count()
        # Updates the queue applies meanwhile go to the old index: each backend replays
        # them into its new index before the swap, and once more after it for the
        # ones applied while replaying.
        with queue.rebuild_journal() as journal:
            for backend in backends.backends():
                self.stdout.write(f"{backend.name} : {total} document(s)")
                replay = journal.replay()
                count = backend.rebuild(sources.all_documents(),
                                        progress=Progress(total, sys.stderr), replay=replay)
                sys.stderr.write("\n")
                replay.after_swap(backend)
                self.stdout.write(self.style.SUCCESS(
                    f"{backend.name} : {count} document(s) indexé(s)."))
        queue.wake()
        queue.process(limit=10_000)
