"""The per-user notification socket and the header badge's count, on the real channel layer."""

from __future__ import annotations

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.db import transaction

from config.asgi import application
from forums import services, unread
from forums.consumers import CLOSE_FORBIDDEN, CLOSE_UNAUTHENTICATED
from forums.models import Watch
from tests.forums.test_consumers import as_user_app

pytestmark = pytest.mark.django_db(transaction=True)

PATH = "/ws/notifications/"


async def connected(member) -> WebsocketCommunicator:
    ws = WebsocketCommunicator(as_user_app(member.user), PATH)
    ok, _code = await ws.connect()
    assert ok
    return ws


def test_a_reply_reaches_the_thread_authors_socket_and_nobody_elses(namur_thread, referent,
                                                                    lead, outsider):
    async def scenario():
        author, replier, other = (await connected(referent), await connected(lead),
                                  await connected(outsider))
        for ws in (author, replier, other):
            assert await ws.receive_json_from(timeout=5) == {"type": "unread", "unread": 0}
        post = await sync_to_async(services.create_post)(
            actor=lead.user, thread=namur_thread, body="Je présente la grille jeudi.")
        message = await author.receive_json_from(timeout=5)
        assert message == {
            "type": "notification", "unread": 1, "url": post.get_absolute_url(),
            "text": "Réponse à votre fil : « Ordre du jour de la prochaine réunion », "
                    "par Louis Chef"}
        assert await replier.receive_nothing(timeout=0.3)
        assert await other.receive_nothing(timeout=0.3)
        for ws in (author, replier, other):
            await ws.disconnect()
    async_to_sync(scenario)()


def test_a_mention_is_announced_as_such(peers_space, referent, lead):
    thread = services.create_thread(actor=lead.user, space=peers_space,
                                    title="Visites à domicile", body="Qui a une grille ?")

    async def scenario():
        ws = await connected(referent)
        await ws.receive_json_from(timeout=5)
        await sync_to_async(services.create_post)(
            actor=lead.user, thread=thread, body="@nadia-namuroise, tu avais un modèle ?")
        message = await ws.receive_json_from(timeout=5)
        assert message["text"] == "Louis Chef vous a mentionné·e dans « Visites à domicile »"
        assert message["unread"] == 1
        await ws.disconnect()
    async_to_sync(scenario)()


def test_a_watcher_who_may_no_longer_read_the_thread_hears_nothing(namur_thread, lead,
                                                                   outsider):
    # A watch left over from before a move to another province: the row is there,
    # the policy says no.
    Watch.objects.create(member=outsider, thread=namur_thread)

    async def scenario():
        ws = await connected(outsider)
        await ws.receive_json_from(timeout=5)
        await sync_to_async(services.create_post)(actor=lead.user, thread=namur_thread,
                                                  body="Réservé à Namur")
        assert await ws.receive_nothing(timeout=0.5)
        await ws.disconnect()
    async_to_sync(scenario)()
    assert unread.unread_count(outsider.user) == 0


def test_a_rolled_back_reply_sends_nothing(namur_thread, referent, lead):
    def reply_then_fail():
        with pytest.raises(RuntimeError), transaction.atomic():
            services.create_post(actor=lead.user, thread=namur_thread, body="Annulé")
            raise RuntimeError

    async def scenario():
        ws = await connected(referent)
        await ws.receive_json_from(timeout=5)
        await sync_to_async(reply_then_fail)()
        assert await ws.receive_nothing(timeout=0.5)
        await ws.disconnect()
    async_to_sync(scenario)()


def test_anonymous_and_non_members_are_refused(db):
    from django.contrib.auth.models import AnonymousUser

    from network.models import User

    stranger = User.objects.create_user(email="sans.profil@example.test", password="x")

    async def scenario():
        ws = WebsocketCommunicator(as_user_app(AnonymousUser()), PATH)
        assert await ws.connect() == (False, CLOSE_UNAUTHENTICATED)
        ws = WebsocketCommunicator(as_user_app(stranger), PATH)
        assert await ws.connect() == (False, CLOSE_FORBIDDEN)
    async_to_sync(scenario)()


def test_the_socket_pushes_only_and_survives_bad_frames(referent):
    async def scenario():
        ws = await connected(referent)
        await ws.receive_json_from(timeout=5)
        await ws.send_to(text_data="pas du json")
        assert (await ws.receive_json_from())["type"] == "error"
        await ws.send_json_to({"action": "typing"})
        assert (await ws.receive_json_from())["type"] == "error"
        await ws.disconnect()
    async_to_sync(scenario)()


def test_logout_closes_the_notification_socket(client, referent):
    client.force_login(referent.user)

    async def scenario():
        ws = await connected(referent)
        await ws.receive_json_from(timeout=5)
        await sync_to_async(client.logout)()
        assert await ws.receive_output(timeout=1) == {"type": "websocket.close",
                                                      "code": CLOSE_UNAUTHENTICATED}
    async_to_sync(scenario)()


def test_the_full_stack_checks_session_and_origin(client, referent):
    client.force_login(referent.user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"

    def headers(origin: str) -> list[tuple[bytes, bytes]]:
        return [(b"origin", origin.encode()), (b"host", b"localhost"), (b"cookie", cookie.encode())]

    async def scenario():
        ws = WebsocketCommunicator(application, PATH, headers=headers("http://localhost"))
        assert (await ws.connect())[0]
        await ws.disconnect()
        ws = WebsocketCommunicator(application, PATH, headers=headers("https://evil.example"))
        assert not (await ws.connect())[0]
    async_to_sync(scenario)()


# --- A space page follows its threads -------------------------------------------------


def test_a_space_page_hears_of_new_posts_in_the_threads_it_lists(namur_thread, question,
                                                                 referent, lead):
    async def scenario():
        ws = await connected(lead)
        await ws.receive_json_from(timeout=5)
        await ws.send_json_to({"action": "follow_threads",
                               "threads": [namur_thread.pk, question.pk, "x", 999999]})
        assert await ws.receive_json_from(timeout=5) == {
            "type": "following", "threads": sorted([namur_thread.pk, question.pk])}
        # Typing and reactions travel in the thread's group too: ignored, socket alive.
        reader = WebsocketCommunicator(as_user_app(referent.user),
                                       f"/ws/discussions/fil/{namur_thread.pk}/")
        assert (await reader.connect())[0]
        await reader.send_json_to({"action": "typing"})
        assert await ws.receive_nothing(timeout=0.5)
        post = await sync_to_async(services.create_post)(
            actor=referent.user, thread=namur_thread, body="Nouveau point à l'ordre du jour")
        assert await ws.receive_json_from(timeout=5) == {
            "type": "activity", "thread_id": namur_thread.pk, "post_id": post.pk}
        await sync_to_async(services.edit_post)(actor=referent.user, post=post, body="Modifié")
        assert await ws.receive_nothing(timeout=0.5)  # only new posts mark a thread
        await reader.disconnect()
        await ws.disconnect()
    async_to_sync(scenario)()


def test_an_outsider_cannot_follow_a_private_thread(namur_thread, referent, outsider):
    async def scenario():
        ws = await connected(outsider)
        await ws.receive_json_from(timeout=5)
        await ws.send_json_to({"action": "follow_threads", "threads": [namur_thread.pk]})
        assert await ws.receive_json_from(timeout=5) == {"type": "following", "threads": []}
        await sync_to_async(services.create_post)(actor=referent.user, thread=namur_thread,
                                                  body="Réservé à Namur")
        assert await ws.receive_nothing(timeout=0.5)
        await ws.disconnect()
    async_to_sync(scenario)()


def test_leaving_the_platform_drops_the_followed_threads(namur_thread, referent, lead,
                                                         namur_company, hainaut_company):
    async def scenario():
        ws = await connected(lead)
        await ws.receive_json_from(timeout=5)
        await ws.send_json_to({"action": "follow_threads", "threads": [namur_thread.pk]})
        await ws.receive_json_from(timeout=5)

        def move_to_hainaut():
            from network.models import ProvincialPlatform

            ProvincialPlatform.objects.get(province=namur_company.province).leads.remove(lead)
            lead.company = hainaut_company
            lead.save()
        await sync_to_async(move_to_hainaut)()
        # Re-asked once per change (the platform, then the company): fresh counts.
        assert (await ws.receive_json_from(timeout=5))["type"] == "unread"
        while not await ws.receive_nothing(timeout=0.5):
            assert (await ws.receive_json_from())["type"] == "unread"
        await sync_to_async(services.create_post)(actor=referent.user, thread=namur_thread,
                                                  body="Après son départ")
        assert await ws.receive_nothing(timeout=0.5)
        await ws.disconnect()
    async_to_sync(scenario)()


# --- The count -----------------------------------------------------------------------


def test_the_count_is_one_per_post_and_drops_when_the_thread_is_read(namur_thread, referent,
                                                                      lead):
    post = services.create_post(actor=lead.user, thread=namur_thread,
                                body="@nadia-namuroise voici le lien")  # reply and mention
    services.create_post(actor=lead.user, thread=namur_thread, body="Et un rappel.")
    assert unread.unread_count(referent.user) == 2
    services.delete_post(actor=lead.user, post=post)
    assert unread.unread_count(referent.user) == 1
    services.mark_read(member=referent, thread=namur_thread, post_id=namur_thread.posts.last().pk)
    assert unread.unread_count(referent.user) == 0


def test_counting_is_one_query(namur_thread, referent, lead, django_assert_num_queries):
    for i in range(3):
        services.create_post(actor=lead.user, thread=namur_thread, body=f"Message {i}")
    from network import permissions

    permissions.access(referent.user)  # computed once per request by the header already
    with django_assert_num_queries(1):
        assert unread.unread_count(referent.user) == 3


def test_the_push_costs_four_queries_whatever_the_number_of_watchers(
        namur_thread, referent, lead, namur_company, monkeypatch, django_assert_num_queries):
    from forums import realtime
    from tests.conftest import make_member

    watchers = [make_member(f"w{i}@example.test", namur_company, last_name=f"Veilleur{i}")
                for i in range(10)]
    Watch.objects.bulk_create([Watch(member=m, thread=namur_thread) for m in watchers])
    post = services.create_post(actor=lead.user, thread=namur_thread, body="Pour tous")
    sent: list[str] = []
    monkeypatch.setattr(realtime, "_send", lambda group, message: sent.append(group))
    # The post, its mentions, its notifications, the recipients the policy allows.
    with django_assert_num_queries(4):
        unread.notify_live(post.pk)
    assert sorted(sent) == sorted(f"user.{m.user_id}" for m in [referent, *watchers])


# --- The header badge ----------------------------------------------------------------


def _badge(html: str) -> str:
    return html.split('class="notif"')[1].split("</a>")[0]


def test_every_page_shows_the_unread_count_without_javascript(as_user, namur_thread, referent,
                                                               lead):
    client = as_user(referent)
    assert 'data-count="0" hidden' in _badge(client.get("/annuaire/").content.decode())
    services.create_post(actor=lead.user, thread=namur_thread, body="Une réponse")
    badge = _badge(client.get("/annuaire/").content.decode())
    assert 'data-count="1">1</span>' in badge and "1 non lue" in badge
    # The live region is empty on load: nothing is announced on every page view.
    assert '<div class="notif__toast" role="status" aria-live="polite" aria-atomic="true"></div>' \
        in client.get("/").content.decode()


def test_the_badge_costs_one_query_whatever_the_count(as_user, namur_thread, referent, lead,
                                                      settings, django_assert_max_num_queries):
    settings.FORUMS_POSTS_PER_MINUTE = 100
    client = as_user(referent)
    services.create_post(actor=lead.user, thread=namur_thread, body="Une réponse")
    client.get("/annuaire/")
    with django_assert_max_num_queries(100) as one:
        client.get("/annuaire/")
    for i in range(20):
        services.create_post(actor=lead.user, thread=namur_thread, body=f"Réponse {i}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        html = client.get("/annuaire/").content.decode()
    assert 'data-count="21">21</span>' in _badge(html)
    badge_queries = [q["sql"] for q in one.captured_queries
                     if "forums_notification" in q["sql"] and "UNION" in q["sql"]]
    assert len(badge_queries) == 1


def test_no_badge_for_visitors(client):
    response = client.get("/comptes/login/")
    assert response.status_code == 200
    assert 'class="notif"' not in response.content.decode()


def test_the_notifications_page_lists_the_mentions_the_badge_counts(as_user, peers_space,
                                                                     referent, lead):
    thread = services.create_thread(actor=lead.user, space=peers_space,
                                    title="Visites à domicile", body="Qui a une grille ?")
    services.create_post(actor=lead.user, thread=thread, body="@nadia-namuroise une idée ?")
    html = as_user(referent).get("/discussions/notifications/").content.decode()
    assert 'data-count="1">1</span>' in _badge(html)
    assert "On vous a mentionné·e" in html and "Visites à domicile" in html
