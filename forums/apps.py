from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumsConfig(AppConfig):
    name = "forums"
    verbose_name = _("Discussions")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_out
        from django.db.models.signals import m2m_changed, post_save

        from forums import signals
        from network.models import Member, ProvincialPlatform, User, WorkingGroup

        user_logged_out.connect(signals.close_sockets_on_logout,
                                dispatch_uid="forums_logout")
        for through in (ProvincialPlatform.leads.through,
                        ProvincialPlatform.extra_members.through,
                        WorkingGroup.members.through, WorkingGroup.leads.through):
            m2m_changed.connect(signals.memberships_changed, sender=through,
                                dispatch_uid=f"forums_access_{through._meta.label}")
        post_save.connect(signals.member_saved, sender=Member, dispatch_uid="forums_member")
        post_save.connect(signals.user_saved, sender=User, dispatch_uid="forums_user")
