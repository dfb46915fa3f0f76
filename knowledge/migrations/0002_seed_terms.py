"""The controlled vocabularies of the library: axes, dimensions, target publics, partner kinds."""

from django.db import migrations

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


def seed(apps, schema_editor):
    Term = apps.get_model("knowledge", "Term")
    for vocabulary, terms in TERMS.items():
        for order, (code, label) in enumerate(terms):
            Term.objects.update_or_create(vocabulary=vocabulary, code=code,
                                          defaults={"label": label, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
