"""Pages: permissions (404 hides existence), forms keep the text, constant query counts."""

import pytest
from django.urls import reverse

from forums import services
from forums.models import Post, ReadMark
from tests.conftest import make_member

pytestmark = pytest.mark.django_db


def test_index_lists_network_categories_and_my_private_space(as_user, referent, namur_space):
    response = as_user(referent).get(reverse("forums:index"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Questions aux pairs" in body and "Plateforme Namur" in body
    assert "Plateforme Hainaut" not in body


def test_outsider_does_not_see_the_namur_space_in_the_index(as_user, outsider, namur_space):
    body = as_user(outsider).get(reverse("forums:index")).content.decode()
    assert "Plateforme Namur" not in body and "Plateforme Hainaut" in body


@pytest.mark.parametrize("name,method", [
    ("forums:thread", "get"), ("forums:reply", "post"), ("forums:posts_since", "get"),
    ("forums:moderate", "post"),
])
def test_outsider_gets_404_on_namur_thread_urls(as_user, outsider, namur_thread, name, method):
    client = as_user(outsider)
    response = getattr(client, method)(reverse(name, args=[namur_thread.pk]),
                                       {"body": "Bonjour", "action": "pin"})
    assert response.status_code == 404
    assert namur_thread.posts.count() == 1


@pytest.mark.parametrize("name", ["forums:post_edit", "forums:post_delete",
                                  "forums:post_accept"])
def test_outsider_gets_404_on_namur_post_urls(as_user, outsider, namur_thread, name):
    post = namur_thread.posts.get()
    assert as_user(outsider).post(reverse(name, args=[post.pk])).status_code == 404
    post.refresh_from_db()
    assert post.deleted_at is None


def test_outsider_gets_404_on_the_namur_space(as_user, outsider, namur_space):
    client = as_user(outsider)
    assert client.get(namur_space.get_absolute_url()).status_code == 404
    assert client.get(reverse("forums:thread_create", args=[namur_space.slug])).status_code == 404


def test_anonymous_visitors_are_sent_to_login(client, namur_thread):
    response = client.get(namur_thread.get_absolute_url())
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]


def test_unknown_thread_is_a_clear_404(as_user, referent, spaces):
    assert as_user(referent).get(reverse("forums:thread", args=[999999])).status_code == 404


def test_reply_without_javascript_redirects_to_the_new_post(as_user, lead, namur_thread):
    response = as_user(lead).post(reverse("forums:reply", args=[namur_thread.pk]),
                                  {"body": "Je présente le nôtre."})
    post = Post.objects.latest("pk")
    assert response.status_code == 302 and response["Location"].endswith(f"#message-{post.pk}")
    page = as_user(lead).get(namur_thread.get_absolute_url()).content.decode()
    assert "Je présente le nôtre." in page


def test_the_guard_keeps_the_typed_text_and_explains(as_user, lead, namur_thread):
    typed = "Madame X (85.07.30-033.28) a un arriéré."
    response = as_user(lead).post(reverse("forums:reply", args=[namur_thread.pk]),
                                  {"body": typed})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Données personnelles détectées" in body
    assert "numéro de registre national" in body
    assert "Madame X (85.07.30-033.28) a un arriéré." in body  # nothing typed is lost
    assert "Publier quand même" in body
    assert namur_thread.posts.count() == 1


def test_confirming_with_a_reason_publishes(as_user, lead, namur_thread):
    response = as_user(lead).post(reverse("forums:reply", args=[namur_thread.pk]), {
        "body": "Le CPAS : 081/22.33.44", "confirm_reason": "Numéro public du CPAS"})
    assert response.status_code == 302
    assert namur_thread.posts.count() == 2


def test_empty_reply_shows_an_error_summary(as_user, lead, namur_thread):
    response = as_user(lead).post(reverse("forums:reply", args=[namur_thread.pk]), {"body": ""})
    assert response.status_code == 400
    assert "Il y a un problème" in response.content.decode()


def test_new_thread_form(as_user, referent, peers_space):
    client = as_user(referent)
    url = reverse("forums:thread_create", args=[peers_space.slug])
    assert client.get(url).status_code == 200
    response = client.post(url, {"title": "Ateliers énergie", "kind": "question",
                                 "body": "Qui a un kit ?", "tags": "énergie, atelier"})
    assert response.status_code == 302
    thread = peers_space.threads.get()
    assert thread.tags == ["énergie", "atelier"] and thread.kind == "question"


def test_closed_thread_shows_no_composer(as_user, lead, referent, namur_thread):
    services.set_thread_state(actor=lead.user, thread=namur_thread, closed=True)
    body = as_user(referent).get(namur_thread.get_absolute_url()).content.decode()
    assert "Ce fil est fermé" in body and "Publier la réponse" not in body


def test_reading_a_thread_marks_it_read(as_user, lead, namur_thread):
    as_user(lead).get(namur_thread.get_absolute_url())
    assert ReadMark.objects.get(member=lead, thread=namur_thread).last_read_post_id == \
        namur_thread.last_post_id


def test_posts_since_returns_only_newer_posts(as_user, lead, referent, namur_thread):
    first = namur_thread.posts.get()
    services.create_post(actor=lead.user, thread=namur_thread, body="Réponse récente")
    body = as_user(referent).get(reverse("forums:posts_since", args=[namur_thread.pk]),
                                 {"apres": first.pk}).content.decode()
    assert "Réponse récente" in body and "pack d" not in body


def test_home_block_shows_unread_threads_and_mentions(as_user, lead, referent, namur_thread):
    services.create_post(actor=referent.user, thread=namur_thread, body="@louis-chef tu viens ?")
    body = as_user(lead).get(reverse("home")).content.decode()
    assert "On vous a mentionné" in body and namur_thread.title in body


def _populate(space, author, n_threads: int, n_posts: int):
    for i in range(n_threads):
        thread = services.create_thread(actor=author.user, space=space, title=f"Fil numéro {i}",
                                         body="Premier message")
        for j in range(n_posts):
            Post.objects.create(thread=thread, author=author, body=f"Réponse {j}",
                                body_html=f"<p>Réponse {j}</p>")


@pytest.mark.parametrize("scale", [1, 10])
def test_query_counts_stay_constant(as_user, settings, referent, namur_space, peers_space,
                                    django_assert_max_num_queries, scale):
    settings.FORUMS_POSTS_PER_MINUTE = 1000
    authors = [referent] + [
        make_member(f"auteur{i}@example.test", referent.company) for i in range(scale)]
    for author in authors:
        _populate(namur_space, author, 2, 2)
    thread = namur_space.threads.first()
    for author in authors[1:]:
        services.create_post(actor=author.user, thread=thread, body="Moi aussi")
    client = as_user(referent)
    # 7 for the session, user and policy (access); ensure spaces exist (3); spaces with
    # thread and unread counts in one query (1); messages/header (1); the header's
    # unread-notification badge (1).
    with django_assert_max_num_queries(13):
        assert client.get(reverse("forums:index")).status_code == 200
    # + the space (1), the page count and rows with unread flags (2) — posts not counted
    with django_assert_max_num_queries(15):
        assert client.get(namur_space.get_absolute_url()).status_code == 200
    # policy (7), thread with the watching flag (1), posts with authors, companies,
    # replies (1), their attachments (1), read mark (3-4), mentions and reply
    # notifications marked read (2), the badge (1)
    with django_assert_max_num_queries(18):
        assert client.get(thread.get_absolute_url()).status_code == 200
    from forums import selectors

    selectors.home_block(user=referent.user)  # warm the policy cache on this user object
    with django_assert_max_num_queries(3):  # unread threads, mentions, reply notifications
        selectors.home_block(user=referent.user)


def test_platform_block_lists_threads_for_members_only(settings, as_user, referent, outsider,
                                                      namur_thread):
    settings.PLATFORM_BLOCKS = [*settings.PLATFORM_BLOCKS, "forums.selectors.platform_block"]
    url = namur_thread.space.platform.get_absolute_url()
    assert namur_thread.title in as_user(referent).get(url).content.decode()
    body = as_user(outsider).get(url).content.decode()
    assert namur_thread.title not in body and "réservé à ses membres" in body
