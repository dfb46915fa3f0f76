"""Events of the network: regional meetings, platform meetings, trainings, colloquia.

An event has one or more dated sessions; members register for the event as a
whole (capacity and FIFO waitlist live on the event row, which
``events.services`` locks). Attendance is recorded per session.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from events import richtext
from network.models import Member, Province, WorkingGroup


class EventKind(models.TextChoices):
    REGIONAL_MEETING = "regional_meeting", _("Rencontre régionale")
    PLATFORM_MEETING = "platform_meeting", _("Réunion de plateforme")
    TRAINING = "training", _("Formation")
    COLLOQUIUM = "colloquium", _("Colloque")


class Organiser(models.TextChoices):
    SWL = "swl", _("SWL")
    PLATFORM = "platform", _("Plateforme provinciale")
    PARTNER = "partner", _("Partenaire (relayé par la SWL)")
    WORKING_GROUP = "working_group", _("Groupe de travail")


class EventQuerySet(models.QuerySet["Event"]):
    def published(self) -> EventQuerySet:
        return self.filter(status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED])


class Event(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        PUBLISHED = "published", _("Publié")
        CANCELLED = "cancelled", _("Annulé")

    kind = models.CharField(_("type"), max_length=20, choices=EventKind.choices)
    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("présentation"), blank=True)
    organiser = models.CharField(_("organisateur"), max_length=20, choices=Organiser.choices,
                                 default=Organiser.SWL)
    partner_name = models.CharField(
        _("partenaire"), max_length=200, blank=True,
        help_text=_("Pour un colloque relayé : l'organisme qui l'organise."))
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, null=True, blank=True, related_name="events",
        verbose_name=_("plateforme (province)"),
        help_text=_("Une réunion de plateforme est réservée aux membres de sa plateforme."))
    working_group = models.ForeignKey(
        WorkingGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="events",
        verbose_name=_("groupe de travail"),
        help_text=_("Réserve l'événement aux membres de ce groupe."))
    # Derived from province / working group on save; the policy filters on it.
    audience = models.CharField(max_length=40, editable=False, db_index=True)
    axes = models.JSONField(_("axes"), default=list, blank=True)
    location = models.CharField(_("lieu (adresse)"), max_length=300, blank=True)
    online_url = models.URLField(_("lien de la réunion en ligne"), blank=True)
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices,
                              default=Status.DRAFT, db_index=True)
    registration_required = models.BooleanField(_("sur inscription"), default=True)
    registration_opens_at = models.DateTimeField(_("ouverture des inscriptions"), null=True,
                                                 blank=True)
    registration_closes_at = models.DateTimeField(
        _("clôture des inscriptions"), null=True, blank=True,
        help_text=_("Par défaut : le début de la première séance."))
    capacity = models.PositiveIntegerField(_("nombre de places"), null=True, blank=True,
                                           help_text=_("Laissez vide pour ne pas limiter."))
    notify_organisers = models.BooleanField(
        _("me prévenir de chaque inscription"), default=False)
    agenda = models.TextField(_("ordre du jour"), blank=True)
    minutes = models.TextField(_("compte rendu"), blank=True)
    minutes_published_at = models.DateTimeField(_("compte rendu publié le"), null=True,
                                                blank=True)
    starts_at = models.DateTimeField(_("début"), null=True, blank=True, editable=False,
                                     db_index=True)
    ends_at = models.DateTimeField(_("fin"), null=True, blank=True, editable=False)
    # iCalendar SEQUENCE: incremented whenever attendees should update their copy.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(Member, on_delete=models.SET_NULL, null=True,
                                   related_name="created_events", editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("événements")
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:event", kwargs={"pk": self.pk})

    def compute_audience(self) -> str:
        if self.kind == EventKind.PLATFORM_MEETING and self.province_id:
            return f"province:{self.province_id}"
        if self.working_group_id:
            return f"group:{self.working_group_id}"
        return "network"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.kind == EventKind.PLATFORM_MEETING and not self.province_id:
            errors["province"] = _("Choisissez la plateforme qui se réunit.")
        if self.organiser == Organiser.PARTNER and not self.partner_name.strip():
            errors["partner_name"] = _("Indiquez le partenaire qui organise l'événement.")
        if self.organiser == Organiser.WORKING_GROUP and not self.working_group_id:
            errors["working_group"] = _("Choisissez le groupe de travail qui organise.")
        if (self.registration_opens_at and self.registration_closes_at
                and self.registration_opens_at >= self.registration_closes_at):
            errors["registration_closes_at"] = _(
                "La clôture des inscriptions doit suivre leur ouverture.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args: object, **kwargs: object) -> None:
        self.audience = self.compute_audience()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "audience"}  # type: ignore[misc]
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    # --- Derived facts ---------------------------------------------------------

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_private(self) -> bool:
        return self.audience != "network"

    @property
    def registration_deadline(self) -> datetime | None:
        return self.registration_closes_at or self.starts_at

    def registration_state(self, now: datetime | None = None) -> str:
        """``open``, ``not_yet``, ``closed`` or ``none`` (no registration)."""
        now = now or timezone.now()
        if not self.registration_required or not self.is_published:
            return "none"
        if self.registration_opens_at and now < self.registration_opens_at:
            return "not_yet"
        deadline = self.registration_deadline
        if deadline and now >= deadline:
            return "closed"
        return "open"

    def organiser_label(self) -> str:
        if self.organiser == Organiser.PARTNER:
            return str(_("%(partner)s (relayé par la SWL)") % {"partner": self.partner_name})
        if self.organiser == Organiser.PLATFORM and self.province_id:
            return str(_("Plateforme %(province)s") % {"province": self.province.name})
        if self.organiser == Organiser.WORKING_GROUP and self.working_group_id:
            return str(_("Groupe de travail « %(group)s »") % {"group": self.working_group.name})
        return str(_("SWL — Société wallonne du logement"))

    @property
    def agenda_html(self) -> SafeString:
        return richtext.render(self.agenda)

    @property
    def minutes_html(self) -> SafeString:
        return richtext.render(self.minutes)

    def search_document(self) -> dict | None:
        """The search index's view of this event; None while it is a draft."""
        if self.status == self.Status.DRAFT:
            return None
        body = " ".join(part for part in (strip_tags(self.description), self.location,
                                          self.partner_name, richtext.plain_text(self.agenda)) if part)
        return {
            "id": f"event:{self.pk}",
            "type": "event",
            "title": self.title,
            "body": body,
            "url": self.get_absolute_url(),
            "audiences": [self.audience],
            "axes": list(self.axes),
            "province": self.province.slug if self.province_id else None,
            "company": None,
            "date": self.starts_at or self.created_at,
        }


class Session(models.Model):
    """One dated part of an event (a training cycle has several)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("intitulé de la séance"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    location = models.CharField(_("lieu, s'il diffère"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("séance")
        verbose_name_plural = _("séances")
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return self.title or f"{self.event} — {self.starts_at:%d/%m/%Y}"

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("La fin doit suivre le début.")})


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Inscrit·e")
        WAITLISTED = "waitlisted", _("En liste d'attente")
        CANCELLED = "cancelled", _("Désinscrit·e")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="registrations")
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices)
    # Arrival order inside the event, assigned under the event's row lock: the
    # waitlist is served in this order.
    position = models.PositiveIntegerField(_("ordre d'arrivée"))
    registered_by = models.ForeignKey(Member, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["event", "member"], name="one_registration_per_member"),
            models.UniqueConstraint(fields=["event", "position"], name="unique_arrival_position"),
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.event}"


class Attendance(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="attendances")
    present = models.BooleanField(_("présent·e"), default=True)
    recorded_by = models.ForeignKey(Member, on_delete=models.SET_NULL, null=True,
                                    related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("présence")
        verbose_name_plural = _("présences")
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="one_attendance_per_session"),
        ]


class CalendarToken(models.Model):
    """The secret of a member's personal iCal feed; only its hash is stored."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="calendar_tokens")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("flux agenda personnel")
        verbose_name_plural = _("flux agenda personnels")
        ordering = ["-created_at"]


class ReminderSent(models.Model):
    """One reminder mail, recorded so that the reminder command never sends it twice."""

    class Kind(models.TextChoices):
        WEEK = "7d", _("7 jours avant")
        DAY = "1d", _("1 jour avant")

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE,
                                     related_name="reminders")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=2, choices=Kind.choices)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["registration", "session", "kind"],
                                    name="one_reminder_per_kind"),
        ]


def event_document_upload_to(instance: EventDocument, filename: str) -> str:
    """A random name under the event: the title is what people see."""
    extension = PurePath(filename).suffix.lower()
    return f"events/{instance.event_id}/{uuid.uuid4().hex}{extension}"


class EventDocument(models.Model):
    """A file attached to an event, stored privately and served by ``events.views``.

    Minutes documents follow the minutes: organisers only until they are published.
    """

    class Kind(models.TextChoices):
        AGENDA = "agenda", _("Ordre du jour")
        MINUTES = "minutes", _("Compte rendu")
        OTHER = "other", _("Autre document")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("type de document"), max_length=20, choices=Kind.choices,
                            default=Kind.AGENDA)
    title = models.CharField(_("titre"), max_length=200)
    file = models.FileField(_("fichier"), upload_to=event_document_upload_to, max_length=200)
    content_type = models.CharField(max_length=120, editable=False)
    size = models.PositiveIntegerField(editable=False)
    uploaded_by = models.ForeignKey(Member, on_delete=models.SET_NULL, null=True,
                                    related_name="+", editable=False)
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("document d'événement")
        verbose_name_plural = _("documents d'événement")
        ordering = ["kind", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:document", kwargs={"pk": self.event_id, "document_pk": self.pk})

    @property
    def extension(self) -> str:
        return PurePath(self.file.name).suffix.lower().lstrip(".")
