"""The composer's "Aperçu": the same Markdown and sanitising as a post, nothing saved."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

TYPED = "Voici la **grille**.\n\n<script>alert(1)</script> [lien](javascript:alert(1))"


def test_htmx_gets_the_sanitised_preview_and_nothing_is_saved(as_user, namur_thread, referent):
    url = reverse("forums:reply_preview", args=[namur_thread.pk])
    response = as_user(referent).post(url, {"body": TYPED}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>grille</strong>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html  # shown as text, never run
    assert 'href="javascript' not in html
    assert "<html" not in html  # a fragment for the page's #apercu
    assert namur_thread.posts.count() == 1


def test_without_javascript_a_page_shows_the_preview_and_keeps_the_text(as_user, namur_thread,
                                                                        referent):
    url = reverse("forums:reply_preview", args=[namur_thread.pk])
    html = as_user(referent).post(url, {"body": TYPED}).content.decode()
    assert "Aperçu de votre réponse" in html and "<strong>grille</strong>" in html
    textarea = html.split('name="body"')[1].split("</textarea>")[0]
    assert "Voici la **grille**." in textarea
    assert f'action="{reverse("forums:reply", args=[namur_thread.pk])}"' in html
    assert namur_thread.posts.count() == 1


def test_an_empty_text_says_what_to_do(as_user, namur_thread, referent):
    url = reverse("forums:reply_preview", args=[namur_thread.pk])
    html = as_user(referent).post(url, {"body": "   "}, HTTP_HX_REQUEST="true").content.decode()
    assert "écrivez d'abord votre message" in html


def test_outsiders_and_closed_threads_get_no_preview(as_user, namur_thread, referent, outsider):
    url = reverse("forums:reply_preview", args=[namur_thread.pk])
    assert as_user(outsider).post(url, {"body": "x"}).status_code == 404
    assert as_user(referent).get(url).status_code == 405
    namur_thread.status = "closed"  # closed by a moderator: only moderators may still reply
    namur_thread.save(update_fields=["status"])
    assert as_user(referent).post(url, {"body": "x"}).status_code == 403
