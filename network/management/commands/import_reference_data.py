from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from network.reference_data import import_reference_data

DEFAULT_DATA_DIR = settings.BASE_DIR.parent / "shared" / "data"


class Command(BaseCommand):
    help = "Charge les provinces, communes et SLSP depuis shared/data (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, data_dir: Path, no_progress: bool, **options):
        if not data_dir.is_dir():
            raise CommandError(f"Dossier de données introuvable : {data_dir}")

        def progress(rows, total, label):
            return tqdm(rows, total=total, desc=label, unit=" lignes",
                        disable=no_progress or options["verbosity"] == 0, file=self.stderr)

        try:
            report = import_reference_data(data_dir, progress)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Données de référence : {report.created} créées, {report.updated} mises à jour."
        )
        for error in report.errors:
            self.stderr.write(f"  {error}")
        if report.errors:
            raise CommandError(f"{len(report.errors)} ligne(s) ignorée(s), voir ci-dessus.")
