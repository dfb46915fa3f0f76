"""The demo shows moderation and following: a hidden post with its log entry, followed
spaces and threads, a PDF joined to a platform reply; rerunning it adds nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from forums import demo as forums_demo
from forums.models import Attachment, ModerationAction, Post, SpaceWatch, Watch
from network import demo as network_demo

pytestmark = pytest.mark.django_db

DATA_DIR = Path(settings.BASE_DIR).parent / "shared" / "data"


def test_the_demo_moderates_follows_and_attaches(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    network_demo.load(DATA_DIR)
    forums_demo.load()
    hidden = Post.objects.get(hidden_at__isnull=False)
    entry = ModerationAction.objects.get(kind=ModerationAction.Kind.HIDE)
    assert entry.post == hidden and entry.reason.startswith("Hors sujet")
    attachment = Attachment.objects.filter(name="grille-evaluation-visites.pdf").first()
    assert attachment is not None and attachment.file.read(5) == b"%PDF-"
    assert attachment.post.thread.space.is_private
    assert SpaceWatch.objects.filter(space__slug="questions-aux-pairs").exists()
    assert SpaceWatch.objects.filter(space__kind="platform").exists()
    counts = (Post.objects.count(), Attachment.objects.count(), SpaceWatch.objects.count(),
              Watch.objects.count(), ModerationAction.objects.count())
    forums_demo.load()
    assert counts == (Post.objects.count(), Attachment.objects.count(),
                      SpaceWatch.objects.count(), Watch.objects.count(),
                      ModerationAction.objects.count())
