"""@mention suggestions: only members who may read the thread, at most eight, cheap."""

from __future__ import annotations

import pytest
from django.urls import reverse

from forums import services
from forums.live_views import MAX_SUGGESTIONS
from network import permissions
from network.models import Member, WorkingGroup
from tests.conftest import make_company, make_member

pytestmark = pytest.mark.django_db


def suggest(client, thread, q: str) -> list[str]:
    response = client.get(reverse("forums:thread_mentions", args=[thread.pk]), {"q": q})
    assert response.status_code == 200
    return [row["handle"] for row in response.json()["results"]]


def test_a_private_thread_never_proposes_someone_who_cannot_read_it(
        as_user, namur_thread, referent, lead, outsider, coordinator):
    client = as_user(referent)
    assert suggest(client, namur_thread, "@h") == []  # Henri Hennuyer is from Hainaut
    assert suggest(client, namur_thread, "hennuyer") == []
    assert suggest(client, namur_thread, "@lou") == ["louis-chef"]
    assert suggest(client, namur_thread, "@cl") == ["claire-coordination"]  # reads everything


def test_a_network_thread_proposes_every_member_but_the_writer(as_user, question, referent,
                                                               outsider):
    client = as_user(referent)
    assert suggest(client, question, "@henri") == ["henri-hennuyer"]
    assert suggest(client, question, "@nadia") == []  # not oneself


def test_a_group_thread_proposes_its_members_only(as_user, working_group, referent, lead,
                                                  namur_company):
    thread = services.create_thread(actor=referent.user,
                                    space=services.space_for_group(working_group),
                                    title="Transit : suivi", body="Point de situation")
    inside = make_member("lea@example.test", namur_company, first_name="Léa", last_name="Groupe")
    working_group.members.add(inside)
    client = as_user(referent)
    assert suggest(client, thread, "@l") == ["lea-groupe"]  # Louis Chef is not in the group


def test_an_outsider_cannot_ask_about_a_private_thread(as_user, namur_thread, outsider):
    response = as_user(outsider).get(reverse("forums:thread_mentions", args=[namur_thread.pk]),
                                     {"q": "@n"})
    assert response.status_code == 404


def test_accents_and_surnames_match_the_handle(as_user, question, referent, namur_company):
    make_member("helene@example.test", namur_company, first_name="Hélène", last_name="Dubois")
    client = as_user(referent)
    assert suggest(client, question, "@hel") == ["helene-dubois"]
    assert suggest(client, question, "@Hélène") == ["helene-dubois"]
    assert suggest(client, question, "@dub") == ["helene-dubois"]
    assert suggest(client, question, "") == []


def test_the_handle_is_the_one_a_mention_recognises(as_user, question, referent, lead):
    handle = suggest(as_user(referent), question, "@louis")[0]
    assert handle == services.member_handle(lead)
    post = services.create_post(actor=referent.user, thread=question, body=f"@{handle} merci")
    assert list(post.mentions.values_list("member_id", flat=True)) == [lead.pk]


def test_at_most_eight_with_prefix_matches_first(as_user, question, referent, namur_company):
    for i in range(10):
        make_member(f"m{i}@example.test", namur_company, first_name=f"Marc{i}", last_name="Zed")
    make_member("ama@example.test", namur_company, first_name="Anne", last_name="Marchal")
    handles = suggest(as_user(referent), question, "@marc")
    assert len(handles) == MAX_SUGGESTIONS
    assert all(h.startswith("marc") for h in handles)


def test_the_page_of_a_new_thread_asks_about_the_space(as_user, namur_space, referent, lead,
                                                       outsider):
    url = reverse("forums:space_mentions", args=[namur_space.slug])
    results = as_user(referent).get(url, {"q": "@l"}).json()["results"]
    assert results == [{"handle": "louis-chef", "name": "Louis Chef",
                        "company": "Le Toit Namurois"}]
    assert as_user(outsider).get(url, {"q": "@l"}).status_code == 404


def test_suggestions_cost_the_same_with_many_members(as_user, question, referent, namur_company,
                                                     django_assert_max_num_queries):
    client = as_user(referent)
    suggest(client, question, "@x")  # warm the session
    with django_assert_max_num_queries(12) as few:
        suggest(client, question, "@x")
    for i in range(30):
        make_member(f"x{i}@example.test", namur_company, first_name=f"Xavier{i}", last_name="Y")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(suggest(client, question, "@x")) == MAX_SUGGESTIONS


def test_forum_readers_agrees_with_can_read_forum(spaces, namur_space, referent, lead, outsider,
                                                  coordinator, working_group, provinces,
                                                  hainaut_company):
    """The queryset filter and the yes/no check are two faces of one policy."""
    from network.models import ProvincialPlatform

    extra = make_member("extra@example.test", make_company(provinces["Liège"], "Liège Logis"),
                        first_name="Eva", last_name="Ajoutée")
    ProvincialPlatform.objects.get(province=provinces["Namur"]).extra_members.add(extra)
    group_lead = make_member("anim@example.test", hainaut_company, first_name="Ana",
                             last_name="Animatrice")
    working_group.leads.add(group_lead)
    closed = WorkingGroup.objects.create(name="Ancien groupe", slug="ancien", is_active=False)
    closed.members.add(outsider)
    inactive = make_member("parti@example.test", hainaut_company, first_name="Paul",
                           last_name="Parti")
    inactive.user.is_active = False
    inactive.user.save()
    targets = [*spaces.values(), namur_space, services.space_for_group(working_group),
               services.space_for_group(closed)]
    members = list(Member.objects.select_related("user"))
    for target in targets:
        expected = {m.pk for m in members if permissions.can_read_forum(m.user, target)}
        assert set(permissions.forum_readers(target).values_list("pk", flat=True)) == expected, \
            target.audience
