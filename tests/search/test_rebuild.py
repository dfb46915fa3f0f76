"""Changes made while search_rebuild runs reach the new index (replayed before the swap)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from search import backends, queue, sources
from search.backends.base import SearchQuery
from search.models import IndexTask, RebuildRun
from tests.conftest import make_member

NETWORK = frozenset({"network"})


def titles(text: str, backend) -> list[str]:
    return [h.title for h in backend.search(SearchQuery(text=text, audiences=NETWORK)).hits]


@pytest.fixture
def changes_during_rebuild(monkeypatch, referent, outsider, namur_company, index_now):
    """The rebuild reads the database, then the network changes and the queue applies
    the changes (to the old index) before the rebuild writes what it read; both
    backends' rebuilds get that stale snapshot."""
    index_now()
    real = sources.all_documents
    snapshot: list[dict] = []

    def stale_snapshot():  # type: ignore[no-untyped-def]
        if not queue.rebuild_running():  # the command counting documents first
            yield from real()
            return
        if not snapshot:
            snapshot.extend(real())
            referent.user.last_name = "Renommée"
            referent.user.save()
            make_member("arrivee@example.test", namur_company, first_name="Alice",
                        last_name="Arrivée")
            outsider.user.delete()
            assert queue.process()["done"] >= 3
            assert not IndexTask.objects.filter(done_at=None).exists()
            assert IndexTask.objects.exclude(done_at=None).count() >= 3, "kept for the replay"
        yield from snapshot

    monkeypatch.setattr(sources, "all_documents", stale_snapshot)


def test_changes_applied_during_a_rebuild_are_in_the_new_index(changes_during_rebuild):
    call_command("search_rebuild", stdout=io.StringIO(), stderr=io.StringIO())
    for backend in backends.backends():
        backend.refresh()
        assert titles("Renommée", backend) == ["Nadia Renommée"], backend.name
        assert titles("Arrivée", backend) == ["Alice Arrivée"], backend.name
        assert titles("Hennuyer", backend) == ["Le Foyer Hennuyer"], backend.name
    assert not IndexTask.objects.exists(), "the journal is emptied after the rebuild"
    assert RebuildRun.objects.get().finished_at is not None
    assert not queue.rebuild_running()


def test_without_a_rebuild_applied_updates_leave_the_queue(referent, index_now):
    assert not queue.rebuild_running()
    referent.user.last_name = "Autre"
    referent.user.save()
    index_now()
    assert not IndexTask.objects.exists()
    assert queue.backlog()["pending"] == 0
