"""Partners of the SLSPs, their framework agreements, and yearly activity figures.

Activity figures are aggregate counts only: no tenant, no name, no case.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.models.directory import Axis, Commune, Dimension, HousingCompany, Member

MAX_AGREEMENT_YEARS = 5
EXPIRING_MONTHS = 6


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` (negative allowed), clamped to the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def latest_end(starts_on: date) -> date:
    """The last day of a five-year agreement: from 1 March 2025, 28 February 2030."""
    return add_months(starts_on, 12 * MAX_AGREEMENT_YEARS) - timedelta(days=1)


class PartnerKind(models.TextChoices):
    CPAS = "cpas", _("CPAS")
    MUNICIPALITY = "municipality", _("Commune")
    AIS = "ais", _("Agence immobilière sociale (AIS)")
    APL = "apl", _("Association de promotion du logement (APL)")
    NEIGHBOURHOOD_AGENCY = "regie", _("Régie des quartiers")
    SOCIAL_RELAY = "relais_social", _("Relais social")
    CCLP = "cclp", _("Comité consultatif des locataires et propriétaires (CCLP)")
    SOCIAL_COHESION_PLAN = "pcs", _("Plan de cohésion sociale")
    ASSOCIATION = "association", _("Association")
    OTHER = "other", _("Autre")


class Partner(models.Model):
    """An organisation the SLSPs work with; visible to the whole network (address book)."""

    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=PartnerKind.choices)
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    communes = models.ManyToManyField(
        Commune, blank=True, related_name="partners", verbose_name=_("communes couvertes")
    )
    contact_name = models.CharField(_("personne de contact"), max_length=150, blank=True)
    email = models.EmailField(_("adresse e-mail"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    website = models.URLField(_("site web"), blank=True)
    notes = models.TextField(_("notes"), blank=True, max_length=2000)
    companies = models.ManyToManyField(
        HousingCompany, blank=True, related_name="partners",
        verbose_name=_("sociétés partenaires"),
    )
    created_by = models.ForeignKey(Member, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("partenaire")
        verbose_name_plural = _("partenaires")
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "name"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:partners:detail", kwargs={"pk": self.pk})


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    ACTIVE = "active", _("En cours")
    EXPIRING = "expiring", _("Expire bientôt")
    EXPIRED = "expired", _("Expirée")
    RENEWED = "renewed", _("Renouvelée")


def agreement_upload_to(instance: FrameworkAgreement, filename: str) -> str:
    return f"agreements/{instance.company_id}/{filename}"


class FrameworkAgreement(models.Model):
    """A convention-cadre between an SLSP and partners, per axis, for at most five years.

    ``status`` is stored for listing; ``draft`` and ``renewed`` are set by
    services, the three others follow the dates (``status_on``), refreshed on
    save and by the daily ``send_agreement_alerts`` command.
    """

    company = models.ForeignKey(HousingCompany, on_delete=models.CASCADE,
                                related_name="agreements", verbose_name=_("société"))
    title = models.CharField(_("intitulé"), max_length=200)
    partners = models.ManyToManyField(Partner, related_name="agreements",
                                      verbose_name=_("partenaires"))
    axes = models.JSONField(_("axes couverts"), default=list)
    signed_on = models.DateField(_("date de signature"), null=True, blank=True)
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(_("fin"))
    status = models.CharField(_("statut"), max_length=20, choices=AgreementStatus.choices,
                              default=AgreementStatus.ACTIVE, db_index=True)
    document = models.FileField(_("convention signée"), upload_to=agreement_upload_to,
                                blank=True)
    renews = models.OneToOneField("self", on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="renewal", verbose_name=_("renouvelle"))
    notes = models.TextField(_("remarques"), blank=True, max_length=2000)
    created_by = models.ForeignKey(Member, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("convention-cadre")
        verbose_name_plural = _("conventions-cadres")
        ordering = ["ends_on", "title"]
        indexes = [models.Index(fields=["company", "ends_on"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("network:partners:agreement", kwargs={"pk": self.pk})

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.starts_on and self.ends_on:
            if self.ends_on <= self.starts_on:
                errors["ends_on"] = _("La fin doit être postérieure au début.")
            elif self.ends_on > latest_end(self.starts_on):
                errors["ends_on"] = _(
                    "Une convention-cadre dure au plus 5 ans : la fin doit tomber au plus "
                    "tard le %(limit)s."
                ) % {"limit": latest_end(self.starts_on).strftime("%d/%m/%Y")}
        if self.signed_on and self.ends_on and self.signed_on > self.ends_on:
            errors["signed_on"] = _("La signature ne peut pas suivre la fin de la convention.")
        unknown = [a for a in self.axes or [] if a not in Axis.values]
        if not self.axes or unknown:
            errors["axes"] = _("Choisissez au moins un axe couvert.")
        if self.renews_id is not None and self.renews_id == self.pk:
            errors["renews"] = _("Une convention ne peut pas se renouveler elle-même.")
        if self.renews is not None and self.renews.company_id != self.company_id:
            errors["renews"] = _("La convention renouvelée doit être de la même société.")
        if errors:
            raise ValidationError(errors)

    def status_on(self, today: date) -> str:
        """The status the dates give on ``today`` (drafts and renewed ones keep theirs)."""
        if self.status in (AgreementStatus.DRAFT, AgreementStatus.RENEWED):
            return self.status
        if self.ends_on < today:
            return AgreementStatus.EXPIRED
        if self.ends_on <= add_months(today, EXPIRING_MONTHS):
            return AgreementStatus.EXPIRING
        return AgreementStatus.ACTIVE

    def save(self, *args: object, **kwargs: object) -> None:
        self.status = self.status_on(timezone.localdate())
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def axis_labels(self) -> list[tuple[str, str]]:
        return [(a, Axis(a).label) for a in self.axes if a in Axis.values]


class AgreementAlert(models.Model):
    """An expiry alert sent (or skipped as superseded) for one agreement and threshold."""

    class Threshold(models.IntegerChoices):
        SIX_MONTHS = 6, _("6 mois")
        THREE_MONTHS = 3, _("3 mois")

    agreement = models.ForeignKey(FrameworkAgreement, on_delete=models.CASCADE,
                                  related_name="alerts")
    months = models.PositiveSmallIntegerField(choices=Threshold.choices)
    ends_on = models.DateField(help_text="The end date the alert was about.")
    recipients = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("alerte d'échéance")
        verbose_name_plural = _("alertes d'échéance")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "months", "ends_on"],
                                    name="one_alert_per_threshold_and_end"),
        ]


def current_year() -> int:
    return timezone.localdate().year


class ActivityReport(models.Model):
    """The yearly aggregate figures of one SLSP, as SWL compiles them."""

    company = models.ForeignKey(HousingCompany, on_delete=models.CASCADE,
                                related_name="activity_reports", verbose_name=_("société"))
    year = models.PositiveSmallIntegerField(
        _("année"), validators=[MinValueValidator(2012), MaxValueValidator(2100)])
    collective_actions = models.PositiveIntegerField(_("actions collectives"), default=0)
    community_actions = models.PositiveIntegerField(_("actions communautaires"), default=0)
    reinforced_households = models.PositiveIntegerField(
        _("ménages en accompagnement renforcé"), default=0)
    positive_outcomes = models.PositiveIntegerField(
        _("dont ménages en évolution positive"), default=0)
    comment = models.TextField(_("commentaire"), blank=True, max_length=2000)
    updated_by = models.ForeignKey(Member, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("chiffres d'activité annuels")
        verbose_name_plural = _("chiffres d'activité annuels")
        ordering = ["-year", "company__name"]
        constraints = [
            models.UniqueConstraint(fields=["company", "year"], name="one_report_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.company} — {self.year}"

    def clean(self) -> None:
        if self.positive_outcomes > self.reinforced_households:
            raise ValidationError({"positive_outcomes": _(
                "Le nombre de ménages en évolution positive ne peut pas dépasser le nombre "
                "de ménages accompagnés.")})


class ActivityFigure(models.Model):
    """Households supported in one year, on one axis and one dimension (a count)."""

    report = models.ForeignKey(ActivityReport, on_delete=models.CASCADE, related_name="figures")
    axis = models.CharField(_("axe"), max_length=20, choices=Axis.choices)
    dimension = models.CharField(_("dimension"), max_length=20, choices=Dimension.choices)
    households = models.PositiveIntegerField(_("ménages accompagnés"), default=0)

    class Meta:
        verbose_name = _("ménages accompagnés par axe et dimension")
        verbose_name_plural = _("ménages accompagnés par axe et dimension")
        constraints = [
            models.UniqueConstraint(fields=["report", "axis", "dimension"],
                                    name="one_figure_per_axis_and_dimension"),
        ]
