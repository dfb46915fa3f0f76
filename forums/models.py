"""Discussions: spaces, threads, posts, reactions, reports, read marks, mentions, logs."""

from __future__ import annotations

import uuid

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from network.models import Axis, Member, ProvincialPlatform, WorkingGroup


class Space(models.Model):
    """Where threads live: a network category, or a platform's or group's private space.

    ``audience`` is stored (``network``, ``province:<id>``, ``group:<id>``) so that
    the policy can filter spaces and threads in the database.
    """

    class Kind(models.TextChoices):
        CATEGORY = "category", _("Catégorie du réseau")
        ANNOUNCEMENTS = "announcements", _("Annonces")
        PLATFORM = "platform", _("Espace de plateforme")
        GROUP = "group", _("Espace de groupe de travail")

    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("nom"), max_length=150)
    slug = models.SlugField(max_length=160, unique=True)
    description = models.TextField(_("présentation"), blank=True)
    axis = models.CharField(_("axe"), max_length=20, choices=Axis.choices, blank=True)
    audience = models.CharField(_("public"), max_length=40, default="network", db_index=True)
    platform = models.OneToOneField(
        ProvincialPlatform, on_delete=models.CASCADE, null=True, blank=True,
        related_name="forum_space",
    )
    working_group = models.OneToOneField(
        WorkingGroup, on_delete=models.CASCADE, null=True, blank=True,
        related_name="forum_space",
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("espace de discussion")
        verbose_name_plural = _("espaces de discussion")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("forums:space", kwargs={"slug": self.slug})

    @property
    def moderation_scope(self) -> ProvincialPlatform | WorkingGroup | None:
        """The platform or group whose leads moderate this space (None: coordinators only)."""
        return self.platform or self.working_group

    @property
    def is_private(self) -> bool:
        return self.kind in (self.Kind.PLATFORM, self.Kind.GROUP)


class Thread(models.Model):
    class Kind(models.TextChoices):
        DISCUSSION = "discussion", _("Discussion")
        QUESTION = "question", _("Question")

    class Status(models.TextChoices):
        OPEN = "open", _("Ouvert")
        ANSWERED = "answered", _("Résolu")
        CLOSED = "closed", _("Fermé")

    space = models.ForeignKey(Space, on_delete=models.PROTECT, related_name="threads")
    # Copied from the space (or narrowed to the attached object's audience): the
    # one string every read, the socket and the search index filter on.
    audience = models.CharField(max_length=40, db_index=True)
    title = models.CharField(_("titre"), max_length=160)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices,
                            default=Kind.DISCUSSION)
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices,
                              default=Status.OPEN)
    tags = models.JSONField(_("mots-clés"), default=list, blank=True)
    is_pinned = models.BooleanField(_("épinglé"), default=False)
    author = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="threads")
    created_at = models.DateTimeField(default=timezone.now)
    last_post_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_post_id = models.BigIntegerField(default=0)
    reply_count = models.PositiveIntegerField(default=0)
    accepted_post = models.ForeignKey(
        "Post", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # A thread may be attached to any object (a tool page, an event) without
    # forums importing the app that defines it.
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True,
                                     blank=True)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("content_type", "object_id")

    class Meta:
        verbose_name = _("fil de discussion")
        verbose_name_plural = _("fils de discussion")
        ordering = ["-is_pinned", "-last_post_at"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("forums:thread", kwargs={"pk": self.pk})

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    def search_document(self) -> dict | None:
        first = self.posts.filter(deleted_at=None, hidden_at=None).order_by("pk").first()
        if first is None:
            return None
        space = self.space
        return {
            "id": f"thread:{self.pk}",
            "type": "thread",
            "title": self.title,
            "body": first.plain_text,
            "url": self.get_absolute_url(),
            "audiences": [self.audience],
            "axes": [space.axis] if space.axis else [],
            "province": space.platform.province.slug if space.platform_id else None,
            "company": None,
            "date": self.last_post_at,
        }


class Post(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="posts")
    body = models.TextField(_("message"))
    body_html = models.TextField(editable=False)
    reply_to = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="replies")
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.thread} #{self.pk}"

    def get_absolute_url(self) -> str:
        return f"{self.thread.get_absolute_url()}#message-{self.pk}"

    @property
    def is_visible(self) -> bool:
        return self.deleted_at is None and self.hidden_at is None

    @property
    def plain_text(self) -> str:
        return strip_tags(self.body_html).strip()

    def search_document(self) -> dict | None:
        if not self.is_visible or self.thread.posts.order_by("pk").first() == self:
            return None  # the first post is indexed as its thread
        return {
            "id": f"post:{self.pk}",
            "type": "post",
            "title": self.thread.title,
            "body": self.plain_text,
            "url": self.get_absolute_url(),
            "audiences": [self.thread.audience],
            "axes": [self.thread.space.axis] if self.thread.space.axis else [],
            "province": None,
            "company": self.author.company.slug if self.author.company_id else None,
            "date": self.created_at,
        }


class PostRevision(models.Model):
    """The text of a post before an edit (edit history)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    edited_by = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    edited_at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-edited_at"]


class ReadMark(models.Model):
    """How far a member has read a thread (the id of the last post seen)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="read_marks")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="read_marks")
    last_read_post_id = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "thread"],
                                               name="unique_read_mark")]


class Mention(models.Model):
    """A member named with @ in a post; shown in-app until read."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="mentions")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="mentions")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["post", "member"],
                                               name="unique_mention")]


class NotificationPreference(models.Model):
    """How a member wants to hear about discussions outside the platform."""

    member = models.OneToOneField(Member, on_delete=models.CASCADE,
                                  related_name="forum_preferences")
    email_mentions = models.BooleanField(
        _("m'écrire quand on me mentionne et que je ne l'ai pas lu"), default=True)
    email_replies = models.BooleanField(
        _("m'écrire quand on répond dans un fil que je suis et que je ne l'ai pas lu"),
        default=True)
    daily_digest = models.BooleanField(
        _("recevoir chaque matin le résumé des discussions de la veille"), default=False)
    email_new_threads = models.BooleanField(
        _("m'écrire quand un fil s'ouvre dans un espace que je suis et que je ne l'ai pas lu"),
        default=True)

    class Meta:
        verbose_name = _("préférences de notification")
        verbose_name_plural = _("préférences de notification")


class GuardConfirmation(models.Model):
    """An author posted despite the confidentiality guard: what kinds, and why.

    The detected values themselves are never stored.
    """

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="guard_confirmations")
    kinds = models.JSONField(default=list)
    reason = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]


class ModerationAction(models.Model):
    """The audit log: every moderation act, by whom, on what, and why."""

    class Kind(models.TextChoices):
        CLOSE = "close", _("Fil fermé")
        REOPEN = "reopen", _("Fil rouvert")
        PIN = "pin", _("Fil épinglé")
        UNPIN = "unpin", _("Fil désépinglé")
        EDIT = "edit", _("Message modifié par la modération")
        DELETE = "delete", _("Message supprimé par la modération")
        REPORT = "report", _("Message signalé par un membre")
        REPORT_HANDLED = "report_handled", _("Signalement traité")
        HIDE = "hide", _("Message masqué par la modération")
        UNHIDE = "unhide", _("Message de nouveau visible")
        MOVE = "move", _("Fil déplacé")

    actor = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="moderation_log")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, null=True, blank=True,
                             related_name="+")
    reason = models.CharField(max_length=300, blank=True)
    # A move: from where to where, and whether it widened the thread's audience
    # (the moderator then confirmed the disclosure).
    from_space = models.ForeignKey(Space, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    to_space = models.ForeignKey(Space, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+")
    disclosure = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("action de modération")
        verbose_name_plural = _("journal de modération")
        ordering = ["-created_at"]


class Reaction(models.Model):
    """A member's reaction to a post, from a small fixed set (toggled on and off)."""

    class Kind(models.TextChoices):
        USEFUL = "useful", _("Utile")
        THANKS = "thanks", _("Merci")
        IDEA = "idea", _("Bonne idée")
        SUPPORT = "support", _("Soutien")

    EMOJI = {"useful": "👍", "thanks": "🙏", "idea": "💡", "support": "❤️"}

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "member", "kind"],
                                               name="unique_reaction")]


class PostReport(models.Model):
    """A member tells the moderators that a post is a problem; open until handled."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("raison"), max_length=300)
    created_at = models.DateTimeField(default=timezone.now)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(Member, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        verbose_name = _("signalement")
        verbose_name_plural = _("signalements")
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["post", "reporter"],
                                               name="unique_post_report")]


class Watch(models.Model):
    """A member follows a thread: its replies become notifications.

    Authors and repliers watch automatically; anyone who reads the thread may
    stop or start watching it.
    """

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="forum_watches")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="watches")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("fil suivi")
        verbose_name_plural = _("fils suivis")
        constraints = [models.UniqueConstraint(fields=["member", "thread"],
                                               name="unique_forum_watch")]


class SpaceWatch(models.Model):
    """A member follows a space: each new thread in it becomes a notification.

    Whoever may read the space may follow it; the policy is asked again when
    the notification is shown or e-mailed.
    """

    member = models.ForeignKey(Member, on_delete=models.CASCADE,
                               related_name="forum_space_watches")
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="watches")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("espace suivi")
        verbose_name_plural = _("espaces suivis")
        constraints = [models.UniqueConstraint(fields=["member", "space"],
                                               name="unique_forum_space_watch")]


class Notification(models.Model):
    """A reply in a thread the member watches (or started), or a new thread in a
    space they follow (``post`` is then its first post); in-app until read.

    E-mailed once when still unread after the delay, like mentions.
    """

    class Reason(models.TextChoices):
        MY_THREAD = "my_thread", _("Réponse à votre fil")
        WATCHED = "watched", _("Réponse dans un fil suivi")
        NEW_THREAD = "new_thread", _("Nouveau fil dans un espace suivi")

    member = models.ForeignKey(Member, on_delete=models.CASCADE,
                               related_name="forum_notifications")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="notifications")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["member", "post"],
                                               name="unique_forum_notification")]


def _attachment_path(instance: Attachment, filename: str) -> str:
    """Under the private media root, with a random name (the real one is kept in ``name``)."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"forums/attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


class Attachment(models.Model):
    """A document joined to a post: checked like library documents, served through the policy."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=_attachment_path, max_length=200)
    name = models.CharField(_("nom du fichier"), max_length=200)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("forums:attachment", kwargs={"pk": self.pk})


class DigestSent(models.Model):
    """The daily digest of one day went to one member: sending twice is a no-op."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "day"],
                                               name="unique_forum_digest_per_day")]
