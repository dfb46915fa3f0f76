from network import permissions


def navigation(request):
    """What the header needs: the viewer's member profile and role flags."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    access = permissions.access(user)
    return {
        "viewer": access.member,
        "viewer_is_coordinator": access.is_coordinator,
        "viewer_can_invite": permissions.can_invite(user),
        "viewer_can_see_dashboard": permissions.can_view_dashboard(user),
    }
