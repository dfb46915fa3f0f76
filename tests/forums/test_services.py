"""Writes: validation, the guard before saving, permissions, broadcast after commit."""

import asyncio
import json

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.layers import get_channel_layer
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from forums import realtime, services
from forums.models import GuardConfirmation, Mention, Post, PostRevision, Thread
from tests.conftest import make_member

pytestmark = pytest.mark.django_db


def test_a_thread_starts_with_its_first_post_and_the_space_audience(namur_thread, namur_space):
    assert namur_thread.audience == namur_space.audience == namur_space.platform.audience
    post = namur_thread.posts.get()
    assert "<strong>pack d'accueil</strong>" in post.body_html
    assert namur_thread.last_post_id == post.pk


def test_markdown_is_sanitised(question, lead):
    post = services.create_post(
        actor=lead.user, thread=question,
        body="<script>alert(1)</script> [lien](javascript:alert(1)) <img src=x onerror=y>")
    assert "<script" not in post.body_html and "href" not in post.body_html
    assert "<img" not in post.body_html and "&lt;script&gt;" in post.body_html


def test_the_guard_blocks_before_anything_is_saved(question, lead):
    before = Post.objects.count()
    with pytest.raises(services.ConfidentialityError) as exc:
        services.create_post(actor=lead.user, thread=question,
                             body="Son NISS est 85.07.30-033.28, compte BE68 5390 0754 7034")
    assert {f.kind for f in exc.value.findings} == {"niss", "iban"}
    assert Post.objects.count() == before


def test_a_confirmation_is_logged_without_the_value(question, lead):
    post = services.create_post(actor=lead.user, thread=question,
                                body="Le CPAS répond au 081/22.33.44",
                                confirm_reason="Numéro public de l'accueil du CPAS")
    log = GuardConfirmation.objects.get(post=post)
    assert log.kinds == ["phone"] and log.reason == "Numéro public de l'accueil du CPAS"
    assert "22.33.44" not in str(log.__dict__)


def test_the_guard_also_reads_titles(peers_space, referent):
    with pytest.raises(services.ConfidentialityError):
        services.create_thread(actor=referent.user, space=peers_space,
                               title="Dossier 85073003328", body="Que faire ?")
    assert not Thread.objects.exists()


def test_empty_and_oversized_posts_get_clear_errors(question, lead):
    with pytest.raises(ValidationError) as exc:
        services.create_post(actor=lead.user, thread=question, body="   ")
    assert "Écrivez votre message" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.create_post(actor=lead.user, thread=question, body="x" * 20_001)
    assert "limite" in str(exc.value)


def test_rate_limit_says_what_to_do(question, lead, settings):
    settings.FORUMS_POSTS_PER_MINUTE = 2
    services.create_post(actor=lead.user, thread=question, body="Un")
    services.create_post(actor=lead.user, thread=question, body="Deux")
    with pytest.raises(ValidationError) as exc:
        services.create_post(actor=lead.user, thread=question, body="Trois")
    assert "Patientez une minute" in str(exc.value)


def test_outsider_cannot_post_in_a_namur_platform_thread(namur_thread, outsider):
    with pytest.raises(PermissionDenied):
        services.create_post(actor=outsider.user, thread=namur_thread, body="Bonjour")


def test_outsider_cannot_open_a_thread_in_the_namur_space(namur_space, outsider):
    with pytest.raises(PermissionDenied):
        services.create_thread(actor=outsider.user, space=namur_space, title="Intrusion",
                               body="...")


def test_only_coordinators_post_announcements(spaces, referent, coordinator):
    with pytest.raises(PermissionDenied):
        services.create_thread(actor=referent.user, space=spaces["annonces"],
                               title="Une annonce", body="Texte")
    services.create_thread(actor=coordinator.user, space=spaces["annonces"],
                           title="Rencontre régionale", body="Le 24 novembre à Namur.")


def test_a_closed_thread_refuses_replies_but_not_its_moderator(namur_thread, lead, referent):
    services.set_thread_state(actor=lead.user, thread=namur_thread, closed=True)
    with pytest.raises(ValidationError) as exc:
        services.create_post(actor=referent.user, thread=namur_thread, body="Encore un mot")
    assert "fermé" in str(exc.value)
    services.create_post(actor=lead.user, thread=namur_thread, body="Je rouvre bientôt.")


def test_referents_cannot_moderate(namur_thread, referent, outsider):
    with pytest.raises(PermissionDenied):
        services.set_thread_state(actor=referent.user, thread=namur_thread, pinned=True)


def test_the_asker_accepts_an_answer(question, referent, lead):
    answer = services.create_post(actor=lead.user, thread=question, body="Dans le mois.")
    services.accept_answer(actor=referent.user, post=answer)
    question.refresh_from_db()
    assert question.status == Thread.Status.ANSWERED and question.accepted_post == answer


def test_someone_else_cannot_accept(question, lead, outsider):
    answer = services.create_post(actor=lead.user, thread=question, body="Dans le mois.")
    with pytest.raises(PermissionDenied):
        services.accept_answer(actor=outsider.user, post=answer)


def test_edit_keeps_history_and_moderators_give_a_reason(namur_thread, referent, lead):
    post = namur_thread.posts.get()
    services.edit_post(actor=referent.user, post=post, body="Texte corrigé")
    with pytest.raises(ValidationError):
        services.edit_post(actor=lead.user, post=post, body="Modéré")
    services.edit_post(actor=lead.user, post=post, body="Modéré", reason="Hors sujet")
    assert list(PostRevision.objects.filter(post=post).values_list("body", flat=True)) == [
        "Texte corrigé", "Qui peut présenter son **pack d'accueil** ?"]


def test_delete_is_soft(namur_thread, referent, outsider):
    post = namur_thread.posts.get()
    with pytest.raises(PermissionDenied):
        services.delete_post(actor=outsider.user, post=post)
    services.delete_post(actor=referent.user, post=post)
    post.refresh_from_db()
    assert post.deleted_at is not None and not post.is_visible


def test_mentions_only_reach_people_who_may_read(namur_thread, lead, outsider, referent):
    post = services.create_post(actor=referent.user, thread=namur_thread,
                                body="@louis-chef et @henri-hennuyer, qu'en pensez-vous ?")
    assert list(Mention.objects.filter(post=post).values_list("member", flat=True)) == [lead.pk]


def test_the_broadcast_waits_for_the_commit(question, lead, django_capture_on_commit_callbacks,
                                            monkeypatch):
    sent = []
    monkeypatch.setattr(realtime, "_send", lambda group, message: sent.append((group, message)))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post = services.create_post(actor=lead.user, thread=question, body="Bonne question")
    # The post's broadcast, and the live notification of the thread's author.
    assert sent == [] and len(callbacks) == 2
    for callback in callbacks:
        callback()
    assert [group for group, _message in sent] == [f"user.{question.author.user_id}",
                                                   f"thread.{question.pk}"]
    frame = json.loads(sent[1][1]["text"])
    assert frame["post_id"] == post.pk and "Bonne question" in frame["html"]


@pytest.mark.django_db(transaction=True)
def test_a_rollback_sends_nothing_on_the_real_layer(provinces, namur_company):
    referent = make_member("r@example.test", namur_company)
    space = services.ensure_spaces()[0]
    thread = services.create_thread(actor=referent.user, space=space, title="Un fil réel",
                                    body="Premier message")

    class Abort(Exception):
        pass

    def rolled_back_then_committed() -> None:
        with pytest.raises(Abort), transaction.atomic():
            services.create_post(actor=referent.user, thread=thread, body="Annulé")
            raise Abort
        services.create_post(actor=referent.user, thread=thread, body="Publié")

    async def scenario() -> list[dict]:
        layer = get_channel_layer()
        channel = await layer.new_channel()
        await layer.group_add(realtime.thread_group(thread.pk), channel)
        await sync_to_async(rolled_back_then_committed)()
        received = [await asyncio.wait_for(layer.receive(channel), timeout=5)]
        try:
            received.append(await asyncio.wait_for(layer.receive(channel), timeout=0.5))
        except TimeoutError:
            pass
        return received

    received = async_to_sync(scenario)()
    bodies = [json.loads(m["text"])["html"] for m in received]
    assert [("Publié" in b, "Annulé" in b) for b in bodies] == [(True, False)]
    assert not Post.objects.filter(body="Annulé").exists()


def test_moderation_is_written_to_the_audit_log(namur_thread, referent, lead):
    from forums.models import ModerationAction

    post = namur_thread.posts.get()
    services.set_thread_state(actor=lead.user, thread=namur_thread, closed=True, pinned=True)
    services.edit_post(actor=lead.user, post=post, body="Texte modéré", reason="Hors sujet")
    services.delete_post(actor=lead.user, post=post)
    log = list(ModerationAction.objects.order_by("pk").values_list("kind", "actor", "reason"))
    assert log == [("close", lead.pk, ""), ("pin", lead.pk, ""),
                   ("edit", lead.pk, "Hors sujet"), ("delete", lead.pk, "")]


def test_authors_acting_on_their_own_posts_are_not_moderation(namur_thread, referent):
    from forums.models import ModerationAction

    post = namur_thread.posts.get()
    services.edit_post(actor=referent.user, post=post, body="Corrigé")
    services.delete_post(actor=referent.user, post=post)
    assert not ModerationAction.objects.exists()
