"""Run by tests/test_embedded_stack.py in a process without DATABASE_URL, REDIS_URL or
ELASTICSEARCH_URL: the embedded stack of the README's run command (SQLite, in-memory
channel layer, database search), with the whole demo loaded."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from knowledge.models import ToolPage
from forums.models import Space, Thread
from network.models import Member

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"


@pytest.mark.django_db
def test_every_main_page_renders_with_the_demo(client, tmp_path):
    assert connection.vendor == "sqlite" and not settings.REDIS_URL
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo_data", data_dir=DATA, stdout=StringIO())
    referent = Member.objects.filter(role=Member.Role.REFERENT, company__province__slug="namur",
                                     user__is_active=True).earliest("pk")
    client.force_login(referent.user)
    tool = ToolPage.objects.live().exclude(audience_province__isnull=False).first()
    space = Space.objects.get(platform__province__slug="namur")
    thread = Thread.objects.filter(space=space).first()
    pages = ["/", "/outils/", tool.url, "/outils/faq/", "/outils/actualites/",
             "/discussions/", space.get_absolute_url(), thread.get_absolute_url(),
             "/discussions/notifications/", "/agenda/", "/annuaire/", "/partenaires/",
             "/recherche/?q=impay%C3%A9s+de+loyer", "/recherche/?q=visite+domicile"]
    failures = {url: client.get(url).status_code for url in pages}
    assert {url: code for url, code in failures.items() if code != 200} == {}
