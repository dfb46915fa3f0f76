"""/api/v1/forums/: same permissions as the pages, guard findings without values."""

import pytest

from forums import services
from forums.models import Post

pytestmark = pytest.mark.django_db

BASE = "/api/v1/forums"


def test_spaces_list_my_private_space_only(as_user, referent, namur_space, outsider):
    slugs = [s["slug"] for s in as_user(referent).get(f"{BASE}/spaces").json()]
    assert "plateforme-namur" in slugs and "plateforme-hainaut" not in slugs
    slugs = [s["slug"] for s in as_user(outsider).get(f"{BASE}/spaces").json()]
    assert "plateforme-namur" not in slugs


def test_anonymous_gets_401(client, namur_thread):
    assert client.get(f"{BASE}/threads/{namur_thread.pk}").status_code == 401


def test_outsider_gets_404_everywhere_in_namur(as_user, outsider, namur_thread, namur_space):
    client = as_user(outsider)
    assert client.get(f"{BASE}/threads/{namur_thread.pk}").status_code == 404
    assert client.get(f"{BASE}/threads/{namur_thread.pk}/posts").status_code == 404
    assert client.get(f"{BASE}/spaces/{namur_space.slug}/threads").status_code == 404
    response = client.post(f"{BASE}/threads/{namur_thread.pk}/posts", {"body": "Intrus"},
                           content_type="application/json")
    assert response.status_code == 404
    response = client.post(f"{BASE}/spaces/{namur_space.slug}/threads",
                           {"title": "Intrus ici", "body": "..."},
                           content_type="application/json")
    assert response.status_code == 404
    assert Post.objects.count() == 1


def test_member_reads_and_writes(as_user, lead, namur_thread, namur_space):
    client = as_user(lead)
    response = client.post(f"{BASE}/threads/{namur_thread.pk}/posts",
                           {"body": "Je viens avec *deux* collègues."},
                           content_type="application/json")
    assert response.status_code == 201
    assert response.json()["html"] == "<p>Je viens avec <em>deux</em> collègues.</p>\n"
    first = namur_thread.last_post_id
    posts = client.get(f"{BASE}/threads/{namur_thread.pk}/posts", {"after": first}).json()
    assert [p["body"] for p in posts["items"]] == ["Je viens avec *deux* collègues."]
    threads = client.get(f"{BASE}/spaces/{namur_space.slug}/threads").json()["items"]
    assert threads[0]["reply_count"] == 1


def test_guard_answers_400_with_kinds_not_values(as_user, lead, namur_thread):
    response = as_user(lead).post(f"{BASE}/threads/{namur_thread.pk}/posts",
                                  {"body": "IBAN BE68 5390 0754 7034"},
                                  content_type="application/json")
    assert response.status_code == 400
    data = response.json()
    assert [f["kind"] for f in data["findings"]] == ["iban"]
    assert "5390" not in response.content.decode()


def test_announcements_are_403_for_referents(as_user, referent, spaces):
    response = as_user(referent).post(f"{BASE}/spaces/annonces/threads",
                                      {"title": "Une annonce", "body": "..."},
                                      content_type="application/json")
    assert response.status_code == 403


@pytest.mark.parametrize("scale", [1, 10])
def test_list_queries_are_constant(as_user, lead, referent, namur_space, settings, scale,
                                   django_assert_max_num_queries):
    settings.FORUMS_POSTS_PER_MINUTE = 1000
    for i in range(2 * scale):
        thread = services.create_thread(actor=referent.user, space=namur_space,
                                        title=f"Sujet {i}", body="Texte")
        services.create_post(actor=lead.user, thread=thread, body="Réponse")
    client = as_user(lead)
    with django_assert_max_num_queries(11):
        client.get(f"{BASE}/spaces/{namur_space.slug}/threads")
    with django_assert_max_num_queries(11):
        client.get(f"{BASE}/threads/{thread.pk}/posts")
