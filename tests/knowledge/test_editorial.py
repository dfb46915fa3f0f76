"""The FAQ and SWL's news: demo content, reachable from the library, served to members only."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from knowledge import demo
from knowledge.models import FaqPage, NewsPage
from network.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def editorial(library):
    demo.load_faq_and_news(library)
    return FaqPage.objects.get(slug="faq"), list(NewsPage.objects.order_by("-date"))


def test_demo_faq_and_news_are_published_once(library):
    assert demo.load_faq_and_news(library) == (1, 3)
    assert demo.load_faq_and_news(library) == (1, 3)
    assert FaqPage.objects.count() == 1 and NewsPage.objects.count() == 3


def test_library_links_to_the_faq_and_the_latest_news(editorial, outsider, as_user):
    faq, news = editorial
    html = as_user(outsider).get(reverse("knowledge:library")).content.decode()
    assert f'href="{faq.url}"' in html
    for page in news:
        assert f'href="{page.url}"' in html and escape(page.title) in html
    # The htmx refresh of the results does not repeat the panel.
    partial = as_user(outsider).get(reverse("knowledge:library"), HTTP_HX_REQUEST="true")
    assert "Infos SWL" not in partial.content.decode()


def test_faq_groups_questions_by_theme(editorial, referent, as_user):
    faq, _news = editorial
    response = as_user(referent).get(faq.url)
    assert response.status_code == 200
    html = response.content.decode()
    themes = ["Le poste de référent social", "Ménages accompagnés",
              "Conventions-cadres et partenaires", "Secret professionnel partagé"]
    positions = [html.index(f">{theme}</h2>") for theme in themes]
    assert positions == sorted(positions)
    assert escape("Combien de temps dure l'accompagnement renforcé ?") in html
    assert "périodes de six mois" in html and "Cinq ans au plus" in html
    assert html.count('<details class="faq-item">') == sum(len(q) for _t, q in demo.FAQ)


def test_news_page_renders_with_its_date(editorial, outsider, as_user):
    _faq, news = editorial
    response = as_user(outsider).get(news[0].url)
    assert response.status_code == 200
    html = response.content.decode()
    assert news[0].title in html and "Actualité SWL" in html
    assert escape(news[0].intro) in html


def test_faq_and_news_are_for_members_only(editorial, client):
    faq, news = editorial
    for url in (faq.url, news[0].url):
        response = client.get(url)
        assert response.status_code == 302 and "/comptes/login/" in response["Location"]
    stranger = User.objects.create_user("inconnu@example.org", "x")
    client.force_login(stranger)
    for url in (faq.url, news[0].url):
        assert client.get(url).status_code == 404
