"""CSV downloads that a Belgian spreadsheet opens as they are.

UTF-8 with a BOM (accents), ``;`` separators (the fr-BE list separator), CRLF
line ends, and a dated file name such as ``inscriptions-2026-11-24.csv``.
Every app's exports go through here.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from django.utils import timezone


def csv_response(name: str, header: Sequence[object], rows: Iterable[Sequence[object]]
                 ) -> HttpResponse:
    """A CSV attachment named ``<name>-<today>.csv``."""
    filename = f"{name}-{timezone.localdate():%Y-%m-%d}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return response
