"""The personal home page: one block per app, each with its own empty state.

The project package may import every app; apps never import each other.
Each content app contributes a block (its template ``<app>/_home_block.html``
and its selector ``home_block(user=...)``) listed in HOME_BLOCKS.
"""

from __future__ import annotations

from importlib import import_module

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from network import permissions
from network import selectors as network_selectors
from network.models import ProvincialPlatform

# (app, template) — the app's selectors.home_block(user=...) gives the context.
HOME_BLOCKS: list[tuple[str, str]] = [
    ("events", "events/_home_block.html"),
    ("forums", "forums/_home_block.html"),
    ("knowledge", "knowledge/_home_block.html"),
    ("network.partners", "network/partners/_home_block.html"),
]


def home(request: HttpRequest) -> HttpResponse:
    member = permissions.member_of(request.user)
    platform = None
    if member and member.company_id:
        platform = ProvincialPlatform.objects.select_related("province").filter(
            province_id=member.company.province_id).first()
    blocks = []
    for app, template in HOME_BLOCKS:
        selectors = import_module(f"{app}.selectors")
        blocks.append({"template": template, **selectors.home_block(user=request.user)})
    return render(request, "home.html", {
        "member": member,
        "platform": platform,
        "blocks": blocks,
        "figures": network_selectors.network_figures(),
        "new_members": network_selectors.member_list(user=request.user)
        .order_by("-user__date_joined")[:5],
    })
