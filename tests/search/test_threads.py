"""A thread's document is built from its first post: editing or deleting posts updates it."""

from __future__ import annotations

from forums import services
from search import backends
from search.backends.base import SearchQuery
from search.models import IndexTask

NETWORK = frozenset({"network"})


def threads(text: str) -> list[str]:
    found = backends.primary().search(SearchQuery(text=text, audiences=NETWORK, types=("thread",)))
    return [hit.title for hit in found.hits]


def test_editing_or_deleting_the_first_post_reindexes_its_thread(referent, lead, provinces,
                                                                  index_now):
    spaces = {space.slug: space for space in services.ensure_spaces()}
    thread = services.create_thread(
        actor=referent.user, space=spaces["questions-aux-pairs"], title="Première visite",
        body="Passez-vous avec le pack d'accueil ?")
    reply = services.create_post(actor=lead.user, thread=thread,
                                 body="Nous apportons un hygromètre.")
    index_now()
    assert threads("pack accueil") == ["Première visite"]

    first = thread.posts.order_by("pk").first()
    services.edit_post(actor=referent.user, post=first, body="Passez-vous avec le potager ?")
    assert IndexTask.objects.filter(source=f"forums.thread:{thread.pk}").exists(), \
        "editing a post queues its thread"
    index_now()
    assert threads("pack accueil") == []
    assert threads("potager") == ["Première visite"]

    services.delete_post(actor=referent.user, post=first)
    index_now()
    assert threads("potager") == []
    assert threads("hygrometre") == ["Première visite"], "the first visible post is the body"

    reply.delete()  # no visible post left: the thread leaves the index
    index_now()
    assert threads("Première visite") == []
