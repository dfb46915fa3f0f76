"""The dashboard's tables, defined once for the page, the CSV export and the print report."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from dashboard.charts import Chart, bar_chart
from dashboard.selectors import Figures, Usage


@dataclass
class Table:
    slug: str
    title: str
    headers: list[str]
    rows: list[list[Any]]
    footer: list[Any] | None = None
    chart: Chart | None = None
    label_columns: int = 1

    def _cells(self, row: list[Any]) -> list[tuple[str, bool]]:
        return [(display(v), i < self.label_columns) for i, v in enumerate(row)]

    @property
    def display_rows(self) -> list[list[tuple[str, bool]]]:
        """Each cell as (text in Belgian French, is a row label)."""
        return [self._cells(row) for row in self.rows]

    @property
    def display_footer(self) -> list[tuple[str, bool]] | None:
        return self._cells(self.footer) if self.footer else None


def display(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return number_format(value, decimal_pos=1, use_l10n=True)
    if isinstance(value, int):
        return number_format(value, use_l10n=True, force_grouping=True)
    return str(value)


def usage_tables(usage: Usage) -> list[Table]:
    provinces = Table(
        slug="provinces", title=_("Activité par province (12 derniers mois)"),
        headers=[_("Province"), _("SLSP"), _("Réunions de plateforme tenues"),
                 _("Taux de présence (%)"), _("Outils partagés"), _("Fils de discussion"),
                 _("Messages"), _("Conventions en cours"), _("dont expirent dans 6 mois"),
                 _("Membres actifs (90 jours)"), _("Membres")],
        rows=[[r["province"].name, r["companies"], r["meetings"], r["attendance_rate"],
               r["tools"], r["threads"], r["posts"], r["agreements_active"],
               r["agreements_expiring"], r["active_members"], r["members"]]
              for r in usage.provinces])
    provinces.chart = bar_chart(
        title=_("Conventions-cadres par province"),
        series=[_("En cours"), _("Expirent dans 6 mois")],
        rows=[(r["province"].name, [r["agreements_active"], r["agreements_expiring"]])
              for r in usage.provinces])
    companies = Table(
        slug="slsp", title=_("Activité par SLSP (12 derniers mois)"),
        headers=[_("Province"), _("SLSP"), _("Outils partagés"), _("Fils de discussion"),
                 _("Messages"), _("Taux de présence (%)"), _("Conventions en cours"),
                 _("dont expirent dans 6 mois"), _("Membres actifs (90 jours)"), _("Membres")],
        rows=[[r["province"].name, r["company"].name, r["tools"], r["threads"], r["posts"],
               r["attendance_rate"], r["agreements_active"], r["agreements_expiring"],
               r["active_members"], r["members"]] for r in usage.companies],
        label_columns=2)
    companies.chart = bar_chart(
        title=_("Membres actifs dans les 90 derniers jours, par province"),
        series=[_("Membres actifs"), _("Membres")],
        rows=[(r["province"].name, [r["active_members"], r["members"]])
              for r in usage.provinces])
    return [provinces, companies]


def figures_tables(figures: Figures) -> list[Table]:
    year = figures.year
    per_province = Table(
        slug="chiffres", title=_("Chiffres d'activité %(year)s par province") % {"year": year},
        headers=[_("Province"), _("Rapports reçus"), _("Ménages en accompagnement renforcé"),
                 _("dont évolution positive"), _("Part positive (%)"),
                 _("Actions collectives"), _("Actions communautaires")],
        rows=[[r["province"].name, r["reports"], r["reinforced_households"],
               r["positive_outcomes"], r["positive_share"], r["collective_actions"],
               r["community_actions"]] for r in figures.provinces],
        footer=[_("Total"), figures.total["reports"], figures.total["reinforced_households"],
                figures.total["positive_outcomes"], figures.total["positive_share"],
                figures.total["collective_actions"], figures.total["community_actions"]])
    per_province.chart = bar_chart(
        title=_("Accompagnement renforcé %(year)s par province") % {"year": year},
        series=[_("Ménages accompagnés"), _("Évolution positive")],
        rows=[(r["province"].name, [r["reinforced_households"], r["positive_outcomes"]])
              for r in figures.provinces])
    axes = Table(
        slug="axes", title=_("Ménages accompagnés en %(year)s, par axe et dimension")
        % {"year": year},
        headers=[_("Axe"), _("Individuel"), _("Collectif"), _("Communautaire"), _("Total")],
        rows=[[r["label"], *r["cells"], r["total"]] for r in figures.axes])
    axes.chart = bar_chart(
        title=_("Ménages accompagnés en %(year)s, par axe") % {"year": year},
        series=[_("Individuel"), _("Collectif"), _("Communautaire")],
        rows=[(str(r["label"]), list(r["cells"])) for r in figures.axes])
    trend = Table(
        slug="tendances", title=_("Évolution d'une année à l'autre"),
        headers=[_("Année"), _("Rapports reçus"), _("Ménages en accompagnement renforcé"),
                 _("dont évolution positive"), _("Part positive (%)"),
                 _("Actions collectives"), _("Actions communautaires")],
        rows=[[str(r["year"]), r["reports"], r["reinforced_households"], r["positive_outcomes"],
               r["positive_share"], r["collective_actions"], r["community_actions"]]
              for r in figures.trend])
    trend.chart = bar_chart(
        title=_("Part des ménages en évolution positive, par année"),
        series=[_("Part positive (%)")], suffix=" %", max_value=100,
        rows=[(str(r["year"]), [r["positive_share"]]) for r in figures.trend])
    return [per_province, axes, trend]


def _csv_cell(value: Any) -> str:
    """Plain numbers (no thousands separator), decimal comma, empty for no data."""
    if value is None:
        return ""
    if isinstance(value, float):
        return number_format(value, decimal_pos=1, use_l10n=True, force_grouping=False)
    return str(value)


def csv_rows(table: Table) -> list[list[str]]:
    """The table's rows and footer as CSV cells (see network.exports.csv_response)."""
    return [[_csv_cell(v) for v in row]
            for row in table.rows + ([table.footer] if table.footer else [])]
