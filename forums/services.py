"""Writes of the discussions: one use case per function, each in a transaction.

Every write validates, runs the confidentiality guard *before* anything is
saved, and schedules its broadcast through forums/realtime.py after commit.
"""

from __future__ import annotations

import re
from datetime import timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forums import notifications, realtime
from forums.models import (
    Attachment,
    GuardConfirmation,
    Mention,
    ModerationAction,
    Notification,
    Post,
    PostRevision,
    ReadMark,
    Space,
    SpaceWatch,
    Thread,
    Watch,
)
from network import confidentiality, permissions, uploads
from network.models import Axis, Member, ProvincialPlatform, User, WorkingGroup

MAX_POST_LENGTH = 20_000
MENTION_RE = re.compile(r"(?<![\w@])@([\w][\w.-]*[\w])", re.UNICODE)

CATEGORIES = [
    ("questions-aux-pairs", gettext_lazy("Questions aux pairs"), Space.Kind.CATEGORY, "",
     gettext_lazy("Posez une question au réseau : un·e collègue a sûrement vécu la même "
                  "situation.")),
    ("annonces", gettext_lazy("Annonces de la SWL"), Space.Kind.ANNOUNCEMENTS, "",
     gettext_lazy("Les informations de la coordination du réseau.")),
    (f"axe-{Axis.HABITER}", Axis.HABITER.label, Space.Kind.CATEGORY, Axis.HABITER,
     gettext_lazy("Accueil, visites à domicile, ateliers, entretien du logement.")),
    (f"axe-{Axis.IMPAYES}", Axis.IMPAYES.label, Space.Kind.CATEGORY, Axis.IMPAYES,
     gettext_lazy("Procédure impayés, plans d'apurement, prévention des expulsions.")),
    (f"axe-{Axis.RELOGEMENT}", Axis.RELOGEMENT.label, Space.Kind.CATEGORY, Axis.RELOGEMENT,
     gettext_lazy("Relogement pendant les rénovations, logement de transit, déménagements.")),
]


class ConfidentialityError(ValidationError):
    """The text holds what identifies a person; nothing was saved."""

    def __init__(self, findings: list[confidentiality.Finding]) -> None:
        super().__init__(_("Votre message semble contenir des données personnelles."))
        self.findings = findings


# --- Spaces -------------------------------------------------------------------------


def _ensure(slug: str, **fields: Any) -> Space:
    space, created = Space.objects.get_or_create(slug=slug, defaults=fields)
    if not created and any(getattr(space, k) != v for k, v in fields.items()):
        for key, value in fields.items():
            setattr(space, key, value)
        space.save()
    return space


def space_for_platform(platform: ProvincialPlatform) -> Space:
    """The platform's private space, created on first use."""
    return _ensure(
        f"plateforme-{platform.province.slug}",
        kind=Space.Kind.PLATFORM, name=str(platform), platform=platform,
        audience=platform.audience, position=20,
    )


def space_for_group(group: WorkingGroup) -> Space:
    return _ensure(
        f"groupe-{group.slug}"[:160],
        kind=Space.Kind.GROUP, name=group.name, working_group=group,
        audience=group.audience, position=30,
    )


@transaction.atomic
def ensure_spaces() -> list[Space]:
    """Network categories and one private space per platform and per active group."""
    spaces = [
        _ensure(slug, name=str(name), kind=kind, axis=axis, description=str(description),
                audience=permissions.NETWORK, position=index)
        for index, (slug, name, kind, axis, description) in enumerate(CATEGORIES)
    ]
    for platform in ProvincialPlatform.objects.select_related("province"):
        spaces.append(space_for_platform(platform))
    for group in WorkingGroup.objects.filter(is_active=True):
        spaces.append(space_for_group(group))
    return spaces


def ensure_spaces_exist() -> None:
    """Create missing spaces lazily (a new platform or group, a fresh database).

    At most three small queries when nothing is missing.
    """
    missing = (
        Space.objects.filter(slug__in=[c[0] for c in CATEGORIES]).count() < len(CATEGORIES)
        or ProvincialPlatform.objects.filter(forum_space=None).exists()
        or WorkingGroup.objects.filter(is_active=True, forum_space=None).exists()
    )
    if missing:
        ensure_spaces()


# --- Validation ---------------------------------------------------------------------


def _require_member(actor: User) -> Member:
    member = permissions.member_of(actor)
    if member is None:
        raise PermissionDenied
    return member


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Écrivez votre message avant de l'envoyer.")})
    if len(body) > MAX_POST_LENGTH:
        raise ValidationError({"body": _(
            "Votre message compte %(n)s caractères ; la limite est de %(max)s. "
            "Raccourcissez-le ou partagez un document.") % {
                "n": len(body), "max": MAX_POST_LENGTH}})
    return body


def _check_rate(member: Member) -> None:
    limit = getattr(settings, "FORUMS_POSTS_PER_MINUTE", 10)
    since = timezone.now() - timedelta(minutes=1)
    if Post.objects.filter(author=member, created_at__gte=since).count() >= limit:
        raise ValidationError(_(
            "Vous avez envoyé beaucoup de messages en peu de temps. Patientez une minute "
            "puis réessayez : votre texte est conservé."))


def guard(text: str, *, confirm_reason: str = "") -> list[confidentiality.Finding]:
    """Run the confidentiality guard; raise unless the author confirmed with a reason."""
    candidates = confidentiality.emails_in(text)
    known = set(User.objects.filter(email__in=candidates).values_list("email", flat=True)) \
        if candidates else set()
    findings = confidentiality.scan(text, contacts=True, known_emails=known)
    if findings and not confirm_reason.strip():
        raise ConfidentialityError(findings)
    return findings


def _log_confirmation(member: Member, post: Post, findings: list[confidentiality.Finding],
                      reason: str) -> None:
    if findings:
        GuardConfirmation.objects.create(
            member=member, post=post, reason=reason.strip()[:300],
            kinds=sorted({finding.kind for finding in findings}),
        )


def _mentions(post: Post) -> None:
    """Record @mentions of members who may read the thread (handle: prénom-nom)."""
    handles = {h.lower() for h in MENTION_RE.findall(post.body)}
    if not handles:
        return
    candidates = Member.objects.filter(user__is_active=True).select_related("user")
    for member in candidates:
        handle = slugify(f"{member.user.first_name} {member.user.last_name}")
        if handle in handles and member.pk != post.author_id \
                and permissions.can_read_forum(member.user, post.thread):
            Mention.objects.get_or_create(post=post, member=member)


def member_handle(member: Member) -> str:
    return slugify(f"{member.user.first_name} {member.user.last_name}")


def _notify_watchers(post: Post) -> None:
    """One unread notification per watcher of the thread (the author excepted).

    Access is checked when the notification is shown or e-mailed, not here.
    """
    thread = post.thread
    watchers = Watch.objects.filter(thread=thread).exclude(member_id=post.author_id)
    Notification.objects.bulk_create([
        Notification(member_id=member_id, post=post,
                     reason=(Notification.Reason.MY_THREAD if member_id == thread.author_id
                             else Notification.Reason.WATCHED))
        for member_id in watchers.values_list("member_id", flat=True)
    ], ignore_conflicts=True)


def _notify_space_watchers(thread: Thread, first_post: Post) -> None:
    """A new thread: one unread notification per follower of its space (not its author).

    Like replies, access is asked again when the notification is shown or e-mailed
    (a follower who left the platform is told nothing).
    """
    watchers = SpaceWatch.objects.filter(space_id=thread.space_id).exclude(
        member_id=thread.author_id)
    Notification.objects.bulk_create([
        Notification(member_id=member_id, post=first_post,
                     reason=Notification.Reason.NEW_THREAD)
        for member_id in watchers.values_list("member_id", flat=True)
    ], ignore_conflicts=True)


@transaction.atomic
def set_space_watching(*, actor: User, space: Space, watching: bool) -> bool:
    """Start or stop following a space (its new threads); returns the new state."""
    member = _require_member(actor)
    if not permissions.can_watch_space(actor, space):
        raise PermissionDenied
    if watching:
        SpaceWatch.objects.get_or_create(member=member, space=space)
    else:
        SpaceWatch.objects.filter(member=member, space=space).delete()
    return watching


@transaction.atomic
def set_watching(*, actor: User, thread: Thread, watching: bool) -> bool:
    """Start or stop following a thread; returns the new state."""
    member = _require_member(actor)
    if not permissions.can_watch_thread(actor, thread):
        raise PermissionDenied
    if watching:
        Watch.objects.get_or_create(member=member, thread=thread)
    else:
        Watch.objects.filter(member=member, thread=thread).delete()
    return watching


# --- Threads and posts --------------------------------------------------------------


def _on_commit_broadcast(post: Post, event: str) -> None:
    transaction.on_commit(partial(realtime.broadcast_post, post.pk, event), robust=True)


def _add_post(*, member: Member, thread: Thread, body: str, reply_to: Post | None,
              findings: list[confidentiality.Finding], confirm_reason: str) -> Post:
    from forums.rendering import render_markdown

    post = Post.objects.create(thread=thread, author=member, body=body,
                               body_html=render_markdown(body), reply_to=reply_to)
    _log_confirmation(member, post, findings, confirm_reason)
    _mentions(post)
    _notify_watchers(post)
    notifications.announce_live(post)
    Watch.objects.get_or_create(member=member, thread=thread)
    ReadMark.objects.update_or_create(member=member, thread=thread,
                                      defaults={"last_read_post_id": post.pk})
    return post


@transaction.atomic
def create_thread(
    *, actor: User, space: Space, title: str, body: str,
    kind: str = Thread.Kind.DISCUSSION, tags: list[str] | None = None,
    subject: Any = None, confirm_reason: str = "", attachment: UploadedFile | None = None,
) -> Thread:
    """Open a thread with its first post; ``subject`` attaches it to any object.

    An attachment is checked like a reply's, and its text goes through the guard too.
    """
    member = _require_member(actor)
    if not permissions.can_start_thread(actor, space):
        raise PermissionDenied
    title = (title or "").strip()
    if len(title) < 5:
        raise ValidationError({"title": _("Donnez un titre d'au moins 5 caractères.")})
    body = _clean_body(body)
    _check_rate(member)
    checked, data, text = check_attachment(attachment) if attachment else (None, b"", "")
    findings = guard(f"{title}\n{body}\n{text}", confirm_reason=confirm_reason)
    audience = getattr(subject, "audience", None) or space.audience
    thread = Thread(space=space, audience=audience, title=title[:160], kind=kind,
                    tags=[t.strip() for t in (tags or []) if t.strip()][:10], author=member)
    if subject is not None:
        thread.content_type = ContentType.objects.get_for_model(subject)
        thread.object_id = subject.pk
    thread.full_clean()
    thread.save()
    post = _add_post(member=member, thread=thread, body=body, reply_to=None,
                     findings=findings, confirm_reason=confirm_reason)
    if checked is not None and attachment is not None:
        _store_attachment(post, attachment.name, checked, data)
    _notify_space_watchers(thread, post)
    Thread.objects.filter(pk=thread.pk).update(last_post_id=post.pk, last_post_at=post.created_at)
    thread.last_post_id, thread.last_post_at = post.pk, post.created_at
    return thread


def check_attachment(upload: UploadedFile) -> tuple[uploads.CheckedUpload, bytes, str]:
    """Validate an upload like library documents; return it checked, its bytes and text."""
    try:
        checked = uploads.check_upload(upload, name=upload.name, size=upload.size)
    except ValidationError as exc:
        raise ValidationError({"attachment": [*exc.messages, _(
            "Votre message est conservé : choisissez un autre fichier ou publiez sans "
            "pièce jointe.")]}) from exc
    upload.seek(0)
    data = upload.read()
    return checked, data, uploads.extract_text(data, extension=checked.extension)


def _store_attachment(post: Post, filename: str, checked: uploads.CheckedUpload,
                      data: bytes) -> Attachment:
    """Save a checked upload under private media with a random name (the real one kept)."""
    name = filename.rsplit("/", 1)[-1][:200]
    stored = Attachment(post=post, name=name, content_type=checked.content_type,
                        size=len(data))
    stored.file.save(name, ContentFile(data), save=False)
    stored.save()
    return stored


@transaction.atomic
def create_post(
    *, actor: User, thread: Thread, body: str, reply_to: Post | None = None,
    confirm_reason: str = "", attachment: UploadedFile | None = None,
) -> Post:
    """Reply in a thread; an attachment is checked and its text goes through the guard too."""
    member = _require_member(actor)
    # Lock the thread: its counters and status stay consistent under concurrent replies.
    thread = Thread.objects.select_for_update().select_related("space").get(pk=thread.pk)
    if not permissions.can_read_forum(actor, thread):
        raise PermissionDenied
    if not permissions.can_reply(actor, thread):
        raise ValidationError(_("Ce fil est fermé : il n'accepte plus de réponses."))
    body = _clean_body(body)
    if reply_to is not None and reply_to.thread_id != thread.pk:
        raise ValidationError(_("Le message auquel vous répondez n'est pas dans ce fil."))
    _check_rate(member)
    checked, data, text = check_attachment(attachment) if attachment else (None, b"", "")
    findings = guard(f"{body}\n{text}", confirm_reason=confirm_reason)
    post = _add_post(member=member, thread=thread, body=body, reply_to=reply_to,
                     findings=findings, confirm_reason=confirm_reason)
    if checked is not None and attachment is not None:
        _store_attachment(post, attachment.name, checked, data)
    Thread.objects.filter(pk=thread.pk).update(
        last_post_id=post.pk, last_post_at=post.created_at, reply_count=F("reply_count") + 1)
    _on_commit_broadcast(post, "created")
    return post


@transaction.atomic
def edit_post(*, actor: User, post: Post, body: str, reason: str = "",
              confirm_reason: str = "") -> Post:
    """Edit a post, keeping the previous text in its history."""
    from forums.rendering import render_markdown

    member = _require_member(actor)
    if not permissions.can_edit_post(actor, post) or not post.is_visible:
        raise PermissionDenied
    if post.author_id != member.pk and not reason.strip():
        raise ValidationError({"reason": _("Indiquez la raison de la modification.")})
    body = _clean_body(body)
    findings = guard(body, confirm_reason=confirm_reason)
    PostRevision.objects.create(post=post, body=post.body, edited_by=member,
                                reason=reason.strip()[:300])
    post.body, post.body_html, post.edited_at = body, render_markdown(body), timezone.now()
    post.save(update_fields=["body", "body_html", "edited_at"])
    _log_confirmation(member, post, findings, confirm_reason)
    if post.author_id != member.pk:
        _log_moderation(member, ModerationAction.Kind.EDIT, post.thread, post, reason)
    _on_commit_broadcast(post, "edited")
    return post


@transaction.atomic
def delete_post(*, actor: User, post: Post) -> Post:
    """Soft delete: the post stays for the audit trail, its text disappears for readers."""
    member = _require_member(actor)
    if not permissions.can_edit_post(actor, post):
        raise PermissionDenied
    if post.deleted_at is None:
        post.deleted_at = timezone.now()
        post.save(update_fields=["deleted_at"])
        if post.author_id != member.pk:
            _log_moderation(member, ModerationAction.Kind.DELETE, post.thread, post)
        _on_commit_broadcast(post, "deleted")
    return post


@transaction.atomic
def accept_answer(*, actor: User, post: Post) -> Thread:
    thread = Thread.objects.select_for_update().get(pk=post.thread_id)
    if not permissions.can_accept_answer(actor, thread):
        raise PermissionDenied
    if not post.is_visible or post.thread_id != thread.pk:
        raise ValidationError(_("Ce message ne peut pas être choisi comme réponse."))
    thread.accepted_post = post
    thread.status = Thread.Status.ANSWERED
    thread.save(update_fields=["accepted_post", "status"])
    transaction.on_commit(
        partial(realtime.broadcast_thread_status, thread.pk, thread.status), robust=True)
    return thread


@transaction.atomic
def set_thread_state(*, actor: User, thread: Thread, closed: bool | None = None,
                     pinned: bool | None = None) -> Thread:
    """Moderation: close/reopen and pin/unpin."""
    member = _require_member(actor)
    if not permissions.can_moderate_forum(actor, thread.space):
        raise PermissionDenied
    fields = []
    if closed is not None:
        reopened = Thread.Status.ANSWERED if thread.accepted_post_id else Thread.Status.OPEN
        thread.status = Thread.Status.CLOSED if closed else reopened
        fields.append("status")
        kind = ModerationAction.Kind.CLOSE if closed else ModerationAction.Kind.REOPEN
        _log_moderation(member, kind, thread)
    if pinned is not None:
        thread.is_pinned = pinned
        fields.append("is_pinned")
        _log_moderation(member, ModerationAction.Kind.PIN if pinned
                        else ModerationAction.Kind.UNPIN, thread)
    thread.save(update_fields=fields)
    transaction.on_commit(
        partial(realtime.broadcast_thread_status, thread.pk, thread.status), robust=True)
    return thread


def _log_moderation(member: Member, kind: str, thread: Thread, post: Post | None = None,
                    reason: str = "") -> None:
    ModerationAction.objects.create(actor=member, kind=kind, thread=thread, post=post,
                                    reason=reason.strip()[:300])


def mark_read(*, member: Member, thread: Thread, post_id: int) -> None:
    """Remember the last post seen; never moves backwards."""
    mark, created = ReadMark.objects.get_or_create(
        member=member, thread=thread, defaults={"last_read_post_id": post_id})
    if not created and mark.last_read_post_id < post_id:
        ReadMark.objects.filter(pk=mark.pk, last_read_post_id__lt=post_id).update(
            last_read_post_id=post_id)
    Mention.objects.filter(member=member, post__thread=thread, read_at=None,
                           post_id__lte=post_id).update(read_at=timezone.now())
    Notification.objects.filter(member=member, post__thread=thread, read_at=None,
                                post_id__lte=post_id).update(read_at=timezone.now())
