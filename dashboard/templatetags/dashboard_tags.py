"""``{% can_view_dashboard as flag %}``: show the dashboard link to those who may open it."""

from typing import Any

from django import template

from network import permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def can_view_dashboard(context: dict[str, Any]) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None)
    return user is not None and permissions.can_view_dashboard(user)
