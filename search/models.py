"""Tables of the search app: the database index and the durable indexing queue."""

from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    """One indexed document, as stored by the database backend.

    The key is the document's *source* (``<app>.<model>:<pk>``), so a deletion
    never needs the deleted object. Multi-valued fields (audiences, axes) are
    stored as ``|a|b|`` strings: an exact ``|value|`` substring match works the
    same on PostgreSQL and SQLite. ``title_folded``/``body_folded`` are
    lowercased and accent-free (folded in Python, so no database extension is
    needed); ``vector`` is the PostgreSQL full-text vector of those texts
    (GIN-indexed on PostgreSQL by migration 0002; unused on SQLite).
    """

    source = models.CharField(max_length=120, primary_key=True)
    doc_id = models.CharField(max_length=120, unique=True)
    type = models.CharField(max_length=20, db_index=True)
    title = models.CharField(max_length=500)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    audiences = models.CharField(max_length=500)
    axes = models.CharField(max_length=100, blank=True)
    province = models.CharField(max_length=50, blank=True)
    company = models.CharField(max_length=200, blank=True)
    date = models.DateTimeField(null=True, blank=True)
    title_folded = models.CharField(max_length=500)
    body_folded = models.TextField(blank=True)
    vector = SearchVectorField(null=True, editable=False)
    indexed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("document indexé")
        verbose_name_plural = _("documents indexés")

    def __str__(self) -> str:
        return self.doc_id


class IndexTask(models.Model):
    """A pending index operation: "bring the index up to date for this object".

    Written in the same transaction as the content change, processed after
    commit; a row leaves the table only once every backend has applied it.
    While a rebuild runs, an applied row is kept with ``done_at`` set instead:
    the rebuild replays it into the new index before swapping (see
    ``search.queue.RebuildJournal``).
    """

    source = models.CharField(max_length=120, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("opération d'indexation en attente")
        verbose_name_plural = _("opérations d'indexation en attente")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.source


class RebuildRun(models.Model):
    """A running (or finished) ``search_rebuild``: while one runs, applied updates are kept."""

    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("reconstruction de l'index")
        verbose_name_plural = _("reconstructions de l'index")

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M}"
