"""The controlled vocabularies of the library: axes, dimensions, target publics, partner kinds.

Axes and dimensions follow network.models.Axis and Dimension (same codes).
"""

from __future__ import annotations

from typing import Any

TERMS = {
    "axis": [
        ("habiter", "Pédagogie de l'habiter"),
        ("impayes", "Lutte contre les impayés"),
        ("relogement", "Aide au relogement"),
    ],
    "dimension": [
        ("individual", "Individuel"),
        ("collective", "Collectif"),
        ("community", "Communautaire"),
    ],
    "public": [
        ("nouveaux-locataires", "Nouveaux locataires"),
        ("locataires-en-impaye", "Locataires en impayé"),
        ("menages-a-reloger", "Ménages à reloger"),
        ("transit-insertion", "Logement de transit ou d'insertion"),
        ("seniors", "Locataires âgés"),
        ("familles", "Familles"),
        ("jeunes", "Jeunes"),
        ("quartier", "Habitants du quartier"),
        ("professionnels", "Professionnels et partenaires"),
    ],
    "partner": [
        ("cpas", "CPAS"),
        ("commune", "Commune"),
        ("ais", "AIS"),
        ("apl", "APL"),
        ("regie-des-quartiers", "Régie des quartiers"),
        ("relais-social", "Relais social"),
        ("cclp", "CCLP"),
        ("pcs", "Plan de cohésion sociale"),
        ("association", "Association"),
    ],
}


def ensure_terms(term_model: Any) -> None:
    """Create or update every term (idempotent); takes the model so migrations can call it."""
    for vocabulary, terms in TERMS.items():
        for order, (code, label) in enumerate(terms):
            term_model.objects.update_or_create(vocabulary=vocabulary, code=code,
                                                defaults={"label": label, "sort_order": order})
