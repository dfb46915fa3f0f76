"""The queue: written with the change, applied after commit, kept while Elasticsearch is down."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from network.models import Commune, Expertise, HousingCompany
from search import backends, queue
from search.backends.base import SearchQuery
from search.models import IndexTask, SearchDocument
from tests.conftest import make_member

NETWORK = frozenset({"network"})


def titles(text: str, backend=None) -> list[str]:
    backend = backend or backends.primary()
    return [h.title for h in backend.search(SearchQuery(text=text, audiences=NETWORK)).hits]


def test_a_new_member_is_queued_in_the_same_transaction_and_indexed_after_commit(
        namur_company, index_now):
    member = make_member("anne@example.test", namur_company, first_name="Anne",
                         last_name="Delvaux")
    assert IndexTask.objects.filter(source=f"network.member:{member.pk}").exists()
    scheduled = [func for _sids, func, _robust in connection.run_on_commit]
    assert scheduled.count(queue.process_soon) == 1, "one processing per transaction"
    index_now()
    assert not IndexTask.objects.exists()
    assert titles("Delvaux") == ["Anne Delvaux"]
    assert titles("toit namurois") == ["Le Toit Namurois", "Anne Delvaux"]
    assert SearchDocument.objects.filter(doc_id=f"member:{member.pk}").exists()


def test_a_rolled_back_change_leaves_no_queue_row(namur_company):
    with pytest.raises(RuntimeError), transaction.atomic():
        make_member("annule@example.test", namur_company)
        raise RuntimeError
    assert not IndexTask.objects.filter(source__startswith="network.member:").exists()


def test_expertise_and_deactivation_update_the_member_document(referent, index_now):
    Expertise.objects.create(member=referent, axis="impayes", label="Plan d'apurement")
    index_now()
    assert titles("apurement") == ["Nadia Namuroise"]
    referent.user.is_active = False
    referent.user.save()
    index_now()
    assert "Nadia Namuroise" not in titles("Nadia Namuroise")
    assert not SearchDocument.objects.filter(type="member").exists()


def test_a_deleted_member_leaves_the_index(referent, index_now):
    index_now()
    assert titles("Nadia") == ["Nadia Namuroise"]
    referent.user.delete()
    index_now()
    assert titles("Nadia") == []


def test_a_commune_finds_the_company_that_serves_it(provinces, index_now):
    ciney = Commune.objects.create(nis_code="91030", name="Ciney", arrondissement="Dinant",
                                   province=provinces["Namur"])
    company = HousingCompany.objects.create(name="Le Foyer Cinacien", slug="le-foyer-cinacien",
                                            province=provinces["Namur"])
    index_now()
    assert titles("Ciney") == []
    company.communes.add(ciney)
    index_now()
    assert titles("Ciney") == ["Le Foyer Cinacien"]
    company.status = HousingCompany.Status.MERGED
    company.save()
    index_now()
    assert titles("Ciney") == []


def test_an_update_made_while_elasticsearch_is_down_is_kept_and_applied_later(
        settings, namur_company, index_now, search_index):
    if settings.SEARCH_BACKEND != "elasticsearch":
        pytest.skip("Needs Elasticsearch as the primary backend (scripts/test.sh).")
    index_now()
    real_url = settings.ELASTICSEARCH_URL
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens: the server is "down"
    make_member("pendant@example.test", namur_company, first_name="Paul", last_name="Panne")
    summary = queue.process()
    assert summary == {"done": 0, "failed": 1}
    tasks = list(IndexTask.objects.all())
    assert tasks and all(t.attempts == 1 and t.last_error for t in tasks)
    assert queue.backend_resting()
    # Searches go to the database meanwhile, with the degraded flag for the notice.
    from search import selectors
    from network.models import Member

    reader = Member.objects.get(user__email="pendant@example.test").user
    found = selectors.search(user=reader, query=SearchQuery(text="Panne",
                                                            audiences=frozenset()))
    assert found.degraded and [h.title for h in found.hits] == ["Paul Panne"]
    settings.ELASTICSEARCH_URL = real_url
    queue.wake()
    call_command("search_process_queue", stdout=open("/dev/null", "w"))
    search_index.refresh()
    assert not IndexTask.objects.exists()
    assert titles("Panne", search_index) == ["Paul Panne"]


def test_rebuild_and_status(referent, outsider, index_now, capsys):
    SearchDocument.objects.all().delete()
    IndexTask.objects.all().delete()
    call_command("search_rebuild")
    backends.primary().refresh()
    assert set(titles("Hennuyer")) == {"Henri Hennuyer", "Le Foyer Hennuyer"}
    call_command("search_status")
    out = capsys.readouterr().out
    assert "member" in out and "Index à jour." in out


@pytest.mark.django_db(transaction=True)
def test_two_commits_indexing_one_source_at_once_both_succeed():
    """Two replies to one thread commit together: the second upsert waits, then wins."""
    import threading

    from search.backends.database import DatabaseBackend
    from tests.contract.test_search_backends import doc

    backend = DatabaseBackend()
    first, second = doc(1, "Première version"), doc(1, "Seconde version")
    started, outcome = threading.Event(), {}

    def concurrent() -> None:
        try:
            started.wait(5)
            with transaction.atomic():
                backend.index([second])
            outcome["ok"] = True
        except Exception as exc:  # the assertion below shows it
            outcome["error"] = exc
        finally:
            connection.close()

    worker = threading.Thread(target=concurrent)
    worker.start()
    with transaction.atomic():
        backend.index([first])
        started.set()
        worker.join(0.5)  # the other insert now waits on this uncommitted row
        assert worker.is_alive()
    worker.join(10)
    assert outcome == {"ok": True}
    assert SearchDocument.objects.get(source=first["source"]).title == "Seconde version"
