"""« Actualités SWL »: every news page, newest first, for those the policy lets read them."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from knowledge.models import NewsPage
from network import permissions

NEWS_PAGE_SIZE = 10


def visible_news(*, user: Any) -> QuerySet[NewsPage]:
    """Published news the user may read (their audience), newest first."""
    if not permissions.can_see_audience(user, NewsPage.audience):
        return NewsPage.objects.none()
    return NewsPage.objects.live().order_by("-date", "-pk")


def news_index(request: HttpRequest) -> HttpResponse:
    if not permissions.can_see_audience(request.user, NewsPage.audience):
        raise Http404
    page = Paginator(visible_news(user=request.user), NEWS_PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "knowledge/news_index.html", {"page": page})
