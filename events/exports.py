"""CSV exports for organisers (format: network.exports.csv_response)."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from events.models import Event, Registration
from events.selectors import CompanyAttendance
from network.exports import csv_response


def _percent(rate: float | None) -> str:
    return "" if rate is None else f"{rate * 100:.1f}".replace(".", ",") + " %"


def registrants_csv(*, event: Event, registrations: Iterable[Registration]) -> HttpResponse:
    rows = (
        (r.member.user.last_name, r.member.user.first_name, r.member.user.email,
         r.member.company.name if r.member.company else "",
         r.member.company.province.name if r.member.company else "",
         r.get_status_display(), r.position,
         timezone.localtime(r.created_at).strftime("%d/%m/%Y %H:%M"))
        for r in registrations
    )
    return csv_response(
        f"inscriptions-{slugify(event.title)[:40]}",
        [_("Nom"), _("Prénom"), _("Courriel"), _("SLSP"), _("Province"), _("Statut"),
         _("Ordre d'arrivée"), _("Inscrit·e le")], rows)


def attendance_csv(*, event: Event, rows: Iterable[CompanyAttendance]) -> HttpResponse:
    return csv_response(
        f"presences-{slugify(event.title)[:40]}",
        [_("SLSP"), _("Inscrit·es"), _("Présences"), _("Présences attendues"),
         _("Taux de présence")],
        ((r.company, r.registered, r.present, r.expected, _percent(r.rate)) for r in rows))


def rates_csv(*, rows: Iterable[dict]) -> HttpResponse:
    return csv_response(
        "taux-de-presence",
        [_("Province"), _("SLSP"), _("Présences attendues"), _("Présences"),
         _("Taux de présence")],
        ((r["company"].province.name, r["company"].name, r["expected"], r["present"],
          _percent(r["rate"])) for r in rows))
