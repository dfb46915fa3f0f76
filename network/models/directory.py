"""The network: provinces, communes, housing companies (SLSP), members and their groups."""

from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Axis(models.TextChoices):
    """The three axes of the referents' work."""

    HABITER = "habiter", _("Pédagogie de l'habiter")
    IMPAYES = "impayes", _("Lutte contre les impayés")
    RELOGEMENT = "relogement", _("Aide au relogement")


class Dimension(models.TextChoices):
    INDIVIDUAL = "individual", _("Individuel")
    COLLECTIVE = "collective", _("Collectif")
    COMMUNITY = "community", _("Communautaire")


class UserManager(BaseUserManager["User"]):
    """Users log in with their e-mail address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> User:
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    username = None  # type: ignore[assignment]
    email = models.EmailField(_("adresse e-mail"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class Province(models.Model):
    name = models.CharField(_("nom"), max_length=50, unique=True)
    slug = models.SlugField(unique=True)

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Commune(models.Model):
    nis_code = models.CharField(_("code INS"), max_length=5, unique=True)
    name = models.CharField(_("nom"), max_length=100)
    name_alt = models.CharField(_("nom néerlandais ou allemand"), max_length=100, blank=True)
    arrondissement = models.CharField(_("arrondissement"), max_length=50)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="communes")
    postcode = models.CharField(_("code postal principal"), max_length=4, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class HousingCompany(models.Model):
    """A public housing company (SLSP)."""

    class Status(models.TextChoices):
        CURRENT = "current", _("Active dans le réseau")
        TO_REVIEW = "to_review", _("À vérifier")
        MERGED = "merged", _("Fusionnée (historique)")

    name = models.CharField(_("nom"), max_length=200, unique=True)
    short_name = models.CharField(_("sigle"), max_length=50, blank=True)
    slug = models.SlugField(max_length=200, unique=True)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="companies", verbose_name=_("province")
    )
    head_office = models.ForeignKey(
        Commune,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="head_offices",
        verbose_name=_("siège social"),
    )
    communes = models.ManyToManyField(
        Commune, blank=True, related_name="companies", verbose_name=_("communes desservies")
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.CURRENT
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("fusionnée dans"),
    )
    website = models.URLField(_("site web"), blank=True)
    sources = models.TextField(_("sources"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("société de logement (SLSP)")
        verbose_name_plural = _("sociétés de logement (SLSP)")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:company", kwargs={"slug": self.slug})

    @property
    def display_name(self) -> str:
        return f"{self.name} ({self.short_name})" if self.short_name else self.name


class Member(models.Model):
    """The profile of a user inside the network."""

    class Role(models.TextChoices):
        REFERENT = "referent", _("Référent social")
        COORDINATOR = "coordinator", _("Coordinateur SWL")
        ADMIN = "admin", _("Administrateur")

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="member")
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices, default=Role.REFERENT)
    company = models.ForeignKey(
        HousingCompany,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("société de logement"),
    )
    job_title = models.CharField(_("fonction"), max_length=120, blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    bio = models.TextField(_("présentation"), blank=True, max_length=2000)
    photo = models.ImageField(_("photo"), upload_to="members/", blank=True)
    last_seen_at = models.DateTimeField(_("dernière activité"), null=True, blank=True)

    class Meta:
        verbose_name = _("membre")
        verbose_name_plural = _("membres")
        ordering = ["user__last_name", "user__first_name"]

    def __str__(self) -> str:
        return str(self.user)

    def get_absolute_url(self) -> str:
        return reverse("network:member", kwargs={"pk": self.pk})

    @property
    def full_name(self) -> str:
        return str(self.user)

    @property
    def initials(self) -> str:
        parts = [self.user.first_name[:1], self.user.last_name[:1]]
        return "".join(parts).upper() or self.user.email[:1].upper()

    def clean(self) -> None:
        if self.role == self.Role.REFERENT and self.company is None:
            raise ValidationError({"company": _("Un référent est rattaché à une société.")})


class Expertise(models.Model):
    """An area of expertise of a member, on one axis."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="expertises")
    axis = models.CharField(_("axe"), max_length=20, choices=Axis.choices)
    label = models.CharField(_("domaine"), max_length=120)

    class Meta:
        verbose_name = _("expertise")
        verbose_name_plural = _("expertises")
        ordering = ["axis", "label"]
        constraints = [
            models.UniqueConstraint(fields=["member", "axis", "label"], name="unique_expertise")
        ]

    def __str__(self) -> str:
        return f"{self.get_axis_display()} — {self.label}"


class ProvincialPlatform(models.Model):
    """The peer group of the referents of one province, led by its chefs de file."""

    province = models.OneToOneField(Province, on_delete=models.PROTECT, related_name="platform")
    description = models.TextField(_("présentation"), blank=True)
    leads = models.ManyToManyField(
        Member, blank=True, related_name="led_platforms", verbose_name=_("chefs de file")
    )
    extra_members = models.ManyToManyField(
        Member,
        blank=True,
        related_name="extra_platforms",
        verbose_name=_("membres ajoutés"),
        help_text=_("En plus des référents des sociétés de la province."),
    )

    class Meta:
        verbose_name = _("plateforme provinciale")
        verbose_name_plural = _("plateformes provinciales")
        ordering = ["province__name"]

    def __str__(self) -> str:
        return f"Plateforme {self.province.name}"

    def get_absolute_url(self) -> str:
        return reverse("network:platform", kwargs={"slug": self.province.slug})

    @property
    def audience(self) -> str:
        return f"province:{self.province_id}"


class WorkingGroup(models.Model):
    """A thematic working group across provinces, private to its members."""

    name = models.CharField(_("nom"), max_length=150, unique=True)
    slug = models.SlugField(max_length=150, unique=True)
    description = models.TextField(_("objet"), blank=True)
    axes = models.JSONField(_("axes"), default=list, blank=True)
    members = models.ManyToManyField(
        Member, blank=True, related_name="working_groups", verbose_name=_("membres")
    )
    leads = models.ManyToManyField(
        Member, blank=True, related_name="led_groups", verbose_name=_("animateurs")
    )
    is_active = models.BooleanField(_("actif"), default=True)

    class Meta:
        verbose_name = _("groupe de travail")
        verbose_name_plural = _("groupes de travail")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:group", kwargs={"slug": self.slug})

    @property
    def audience(self) -> str:
        return f"group:{self.pk}"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class Invitation(models.Model):
    """A single-use, expiring invitation to join the network.

    Only the SHA-256 of the token is stored: a database leak does not leak
    usable links.
    """

    email = models.EmailField(_("adresse e-mail"))
    first_name = models.CharField(_("prénom"), max_length=150, blank=True)
    last_name = models.CharField(_("nom"), max_length=150, blank=True)
    role = models.CharField(
        _("rôle"), max_length=20, choices=Member.Role.choices, default=Member.Role.REFERENT
    )
    company = models.ForeignKey(
        HousingCompany,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("société de logement"),
    )
    make_lead = models.BooleanField(_("chef de file de sa plateforme"), default=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, related_name="sent_invitations"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.email

    @property
    def is_pending(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )


class ApiToken(models.Model):
    """A personal access token for /api/v1/; only its hash is stored."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("nom"), max_length=100)
    prefix = models.CharField(max_length=8, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("jeton d'API")
        verbose_name_plural = _("jetons d'API")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
