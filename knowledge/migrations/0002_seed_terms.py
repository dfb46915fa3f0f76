"""Seed the library's controlled vocabularies (knowledge/taxonomy.py)."""

from django.db import migrations

from knowledge.taxonomy import ensure_terms


def seed(apps, schema_editor):
    ensure_terms(apps.get_model("knowledge", "Term"))


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
