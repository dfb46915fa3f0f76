"""The library: tools and good practices (Wagtail pages), FAQ, news, taxonomy, engagement.

Tools and practices share one concrete parent, ``LibraryItemPage``, so that the
listing filters, sorts and counts them in a single query. Each item has an
*audience* (``network``, ``province:<id>`` or ``group:<id>``) stored as a
string, so that network/permissions.py filters them in the database.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PagePermissionTester, Task, TaskState

from knowledge.blocks import FaqThemeBlock, LibraryStreamBlock
from knowledge.images import LibraryImage, LibraryRendition  # noqa: F401 (Wagtail's image model)
from network import permissions
from network.models import HousingCompany, Member, Province, WorkingGroup

# A tool or practice not reviewed for this long is flagged « à revoir ».
REVIEW_AFTER = timedelta(days=2 * 365)
# Slugs of the non-page views mounted under /outils/ (knowledge/urls.py).
RESERVED_SLUGS = {"proposer", "documents", "favoris", "propositions", "a-valider",
                  "utilisations", "actualites", "images"}


class Term(models.Model):
    """One entry of a controlled vocabulary: an axis, a dimension, a public or a partner kind."""

    class Vocabulary(models.TextChoices):
        AXIS = "axis", _("Axe")
        DIMENSION = "dimension", _("Dimension")
        PUBLIC = "public", _("Public cible")
        PARTNER = "partner", _("Type de partenaire")

    vocabulary = models.CharField(_("vocabulaire"), max_length=20, choices=Vocabulary.choices)
    code = models.SlugField(_("code"), max_length=40)
    label = models.CharField(_("libellé"), max_length=120)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("terme")
        verbose_name_plural = _("termes")
        ordering = ["vocabulary", "sort_order", "label"]
        constraints = [
            models.UniqueConstraint(fields=["vocabulary", "code"], name="unique_term_code")
        ]

    def __str__(self) -> str:
        return str(self.label)


class LibraryItemTag(TaggedItemBase):
    """A free theme on a tool or practice (« énergie », « CPAS »…)."""

    content_object = ParentalKey(
        "knowledge.LibraryItemPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class LibraryIndexPage(Page):
    """The root of the library; its listing is served by knowledge.views.library."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["knowledge.ToolPage", "knowledge.PracticePage", "knowledge.FaqPage",
                     "knowledge.NewsPage"]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
    audience = permissions.NETWORK

    class Meta:
        verbose_name = _("bibliothèque")

    def serve(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        from django.shortcuts import redirect

        return redirect("knowledge:library")


class Audience(models.TextChoices):
    NETWORK = "network", _("Tout le réseau")
    PROVINCE = "province", _("Une plateforme provinciale")
    GROUP = "group", _("Un groupe de travail")


class LibraryItemPage(Page):
    """What tools and practices share: summary, taxonomy, audience, contact, documents."""

    class Kind(models.TextChoices):
        TOOL = "tool", _("Outil")
        PRACTICE = "practice", _("Bonne pratique")

    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, editable=False)
    summary = models.TextField(_("résumé"), max_length=600)
    axes = ParentalManyToManyField(
        Term, related_name="+", verbose_name=_("axes"),
        limit_choices_to={"vocabulary": Term.Vocabulary.AXIS})
    dimensions = ParentalManyToManyField(
        Term, related_name="+", blank=True, verbose_name=_("dimensions"),
        limit_choices_to={"vocabulary": Term.Vocabulary.DIMENSION})
    publics = ParentalManyToManyField(
        Term, related_name="+", blank=True, verbose_name=_("publics cibles"),
        limit_choices_to={"vocabulary": Term.Vocabulary.PUBLIC})
    themes = ClusterTaggableManager(through=LibraryItemTag, blank=True, verbose_name=_("thèmes"))
    company = models.ForeignKey(
        HousingCompany, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("SLSP auteur"))
    province = models.ForeignKey(
        Province, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("province"))
    contact = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("personne de contact"))
    audience_kind = models.CharField(
        _("visible par"), max_length=10, choices=Audience.choices, default=Audience.NETWORK)
    audience_province = models.ForeignKey(
        Province, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("plateforme"))
    audience_group = models.ForeignKey(
        WorkingGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("groupe de travail"))
    # Derived from the three fields above on every save; what the policy filters on.
    audience = models.CharField(max_length=40, default=permissions.NETWORK, editable=False,
                                db_index=True)
    last_reviewed_at = models.DateField(_("dernière relecture"), default=timezone.localdate)
    reuse_count = models.PositiveIntegerField(_("SLSP qui l'utilisent"), default=0,
                                              editable=False)
    has_documents = models.BooleanField(default=False, editable=False)

    is_creatable = False
    parent_page_types = ["knowledge.LibraryIndexPage"]
    subpage_types: list[str] = []

    taxonomy_panels = [
        FieldPanel("summary"),
        MultiFieldPanel([
            FieldPanel("axes", widget=forms.CheckboxSelectMultiple),
            FieldPanel("dimensions", widget=forms.CheckboxSelectMultiple),
            FieldPanel("publics", widget=forms.CheckboxSelectMultiple),
            FieldPanel("themes"),
        ], heading=_("Classement")),
        MultiFieldPanel([
            FieldPanel("company"), FieldPanel("province"), FieldPanel("contact"),
            FieldPanel("last_reviewed_at"),
        ], heading=_("Origine")),
        MultiFieldPanel([
            FieldPanel("audience_kind"), FieldPanel("audience_province"),
            FieldPanel("audience_group"),
        ], heading=_("Visibilité")),
        InlinePanel("attachments", label=_("Documents joints")),
    ]

    class Meta:
        verbose_name = _("élément de la bibliothèque")
        indexes = [
            models.Index(fields=["audience", "kind"]),
            # « Les plus utilisés »: read in reuse order, so the listing sorts only the
            # items that tie on the count instead of every matching item.
            models.Index(fields=["reuse_count"], name="library_item_reuse_count"),
        ]

    def clean(self) -> None:
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("Ce nom d'URL est réservé ; choisissez-en un autre.")})
        if self.audience_kind == Audience.PROVINCE and self.audience_province_id is None:
            raise ValidationError({"audience_province": _("Choisissez la plateforme.")})
        if self.audience_kind == Audience.GROUP and self.audience_group_id is None:
            raise ValidationError({"audience_group": _("Choisissez le groupe de travail.")})

    def compute_audience(self) -> str:
        if self.audience_kind == Audience.PROVINCE and self.audience_province_id:
            return permissions.province_audience(self.audience_province_id)
        if self.audience_kind == Audience.GROUP and self.audience_group_id:
            return permissions.group_audience(self.audience_group_id)
        return permissions.NETWORK

    def save(self, *args: Any, **kwargs: Any) -> Any:
        self.audience = self.compute_audience()
        if not self.kind:
            self.kind = getattr(self, "KIND", "")
        result = super().save(*args, **kwargs)
        has_documents = self.attachments.exists() if self.pk else False
        if has_documents != self.has_documents:
            self.has_documents = has_documents
            LibraryItemPage.objects.filter(pk=self.pk).update(has_documents=has_documents)
        return result

    def get_context(self, request: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from knowledge import selectors

        context = super().get_context(request, *args, **kwargs)
        selectors.load_item_details(self)
        context.update(selectors.item_engagement(user=request.user, page=self))
        context["related"] = selectors.related_items(user=request.user, page=self)
        context["attachments"] = self.attachments.all()
        return context

    def permissions_for_user(self, user: Any) -> PagePermissionTester:
        return LibraryPermissionTester(user, self)

    @property
    def needs_review(self) -> bool:
        return self.last_reviewed_at < timezone.localdate() - REVIEW_AFTER

    def plain_text(self) -> str:
        """Every text of the item, for search."""
        return self.summary

    def search_document(self) -> dict[str, Any] | None:
        if not self.live:
            return None
        texts = [self.plain_text()]
        texts += [a.document_text for a in self.attachments.select_related("document")]
        province = self.province or (self.company.province if self.company else None)
        return {
            "id": f"{self.kind}:{self.pk}",
            "type": self.kind,
            "title": self.title,
            "body": "\n\n".join(t for t in texts if t),
            "url": self.url,
            "audiences": [self.audience],
            "axes": [t.code for t in self.axes.all()],
            "province": province.slug if province else None,
            "company": self.company.slug if self.company else None,
            "date": self.last_published_at or self.first_published_at or timezone.now(),
        }


class LibraryPermissionTester(PagePermissionTester):
    """Wagtail's page permissions, plus the policy: a chef de file publishes for their platform.

    Chefs de file have no Wagtail group; approving a proposal addressed to their
    province publishes it under their name (``LibraryReviewTask``).
    """

    def can_publish(self) -> bool:
        return super().can_publish() or (
            self.user.is_active and permissions.can_review_library_item(self.user, self.page))


class ToolPage(LibraryItemPage):
    """A reusable tool: a procedure, a letter template, a grid, a kit."""

    KIND = LibraryItemPage.Kind.TOOL
    body = StreamField(LibraryStreamBlock(), verbose_name=_("contenu"), blank=True)
    adaptation = models.TextField(_("comment l'adapter"), blank=True)

    content_panels = [*Page.content_panels, *LibraryItemPage.taxonomy_panels[:1],
                      FieldPanel("body"), FieldPanel("adaptation"),
                      *LibraryItemPage.taxonomy_panels[1:]]
    template = "knowledge/tool_page.html"

    class Meta:
        verbose_name = _("outil")
        verbose_name_plural = _("outils")

    def body_text(self) -> str:
        """The text of the body's paragraphs and callouts, without HTML."""
        parts = []
        for block in self.body:
            if block.block_type == "paragraph":
                parts.append(strip_tags(block.value.source))
            elif block.block_type == "callout":
                parts.append(f"{block.value['title']} {block.value['text']}".strip())
        return "\n".join(p for p in parts if p)

    def plain_text(self) -> str:
        parts = [self.summary, self.adaptation, self.body_text()]
        return "\n".join(p for p in parts if p)

    def sections(self) -> list[tuple[str, str]]:
        """The tool's texts as (heading, plain text), like a practice's sections."""
        texts = [(_("Contenu"), self.body_text()), (_("Comment l'adapter"), self.adaptation)]
        return [(str(title), text) for title, text in texts if text]


class PracticePage(LibraryItemPage):
    """A good-practice sheet: a described experience with its partners, results and lessons."""

    KIND = LibraryItemPage.Kind.PRACTICE
    context = models.TextField(_("contexte"))
    objectives = models.TextField(_("objectifs"))
    partner_kinds = ParentalManyToManyField(
        Term, related_name="+", blank=True, verbose_name=_("partenaires impliqués"),
        limit_choices_to={"vocabulary": Term.Vocabulary.PARTNER})
    partners = models.TextField(_("partenaires (précisions)"), blank=True)
    actions = models.TextField(_("actions menées"))
    means = models.TextField(_("moyens"), blank=True)
    results = models.TextField(_("résultats et indicateurs"), blank=True)
    lessons = models.TextField(_("difficultés et enseignements"), blank=True)

    SECTIONS = ("context", "objectives", "actions", "means", "results", "lessons")

    content_panels = [
        *Page.content_panels, *LibraryItemPage.taxonomy_panels[:1],
        FieldPanel("context"), FieldPanel("objectives"),
        FieldPanel("partner_kinds", widget=forms.CheckboxSelectMultiple),
        FieldPanel("partners"), FieldPanel("actions"), FieldPanel("means"),
        FieldPanel("results"), FieldPanel("lessons"),
        *LibraryItemPage.taxonomy_panels[1:],
    ]
    template = "knowledge/practice_page.html"

    class Meta:
        verbose_name = _("bonne pratique")
        verbose_name_plural = _("bonnes pratiques")

    def plain_text(self) -> str:
        parts = [self.summary, self.partners, *(getattr(self, f) for f in self.SECTIONS)]
        return "\n".join(p for p in parts if p)

    def sections(self) -> list[tuple[str, str]]:
        return [(str(self._meta.get_field(f).verbose_name).capitalize(), getattr(self, f))
                for f in self.SECTIONS if getattr(self, f)]


class LibraryAttachment(Orderable):
    """A document attached to a tool or practice, with its extracted text for search."""

    page = ParentalKey(LibraryItemPage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.CASCADE, related_name="+",
        verbose_name=_("document"))
    document_text = models.TextField(blank=True, editable=False)

    panels = [FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = _("document joint")
        verbose_name_plural = _("documents joints")


class FaqPage(Page):
    """Questions and answers of the network, grouped by theme."""

    intro = models.TextField(_("introduction"), blank=True)
    themes = StreamField([("theme", FaqThemeBlock())], verbose_name=_("thèmes"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("themes")]
    parent_page_types = ["knowledge.LibraryIndexPage"]
    subpage_types: list[str] = []
    template = "knowledge/faq_page.html"
    audience = permissions.NETWORK

    class Meta:
        verbose_name = _("FAQ")

    def plain_text(self) -> str:
        """The introduction, themes, questions and answers, without HTML."""
        parts = [self.intro]
        for block in self.themes:
            parts.append(block.value["theme"])
            for qa in block.value["questions"]:
                parts += [qa["question"], strip_tags(qa["answer"].source)]
        return "\n".join(p for p in parts if p)

    def search_document(self) -> dict[str, Any] | None:
        if not self.live:
            return None
        return {
            "id": f"faq:{self.pk}", "type": "faq", "title": self.title,
            "body": self.plain_text(), "url": self.url,
            "audiences": [self.audience], "axes": [], "province": None, "company": None,
            "date": self.last_published_at or timezone.now(),
        }


class NewsPage(Page):
    """An announcement of SWL to the whole network."""

    date = models.DateField(_("date"), default=timezone.localdate)
    intro = models.TextField(_("chapeau"), max_length=400)
    body = RichTextField(_("texte"), features=["h2", "h3", "bold", "italic", "ol", "ul", "link"],
                         blank=True)

    content_panels = [*Page.content_panels, FieldPanel("date"), FieldPanel("intro"),
                      FieldPanel("body")]
    parent_page_types = ["knowledge.LibraryIndexPage"]
    subpage_types: list[str] = []
    template = "knowledge/news_page.html"
    audience = permissions.NETWORK

    class Meta:
        verbose_name = _("actualité")
        verbose_name_plural = _("actualités")
        ordering = ["-date"]

    def search_document(self) -> dict[str, Any] | None:
        if not self.live:
            return None
        return {
            "id": f"news:{self.pk}", "type": "news", "title": self.title,
            "body": f"{self.intro}\n{strip_tags(self.body)}", "url": self.url,
            "audiences": [self.audience], "axes": [], "province": None, "company": None,
            "date": self.last_published_at or timezone.now(),
        }


class Reuse(models.Model):
    """« J'utilise cet outil » — at most once per SLSP and item."""

    page = models.ForeignKey(LibraryItemPage, on_delete=models.CASCADE, related_name="reuses")
    company = models.ForeignKey(HousingCompany, on_delete=models.CASCADE, related_name="+")
    declared_by = models.ForeignKey(Member, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["page", "company"], name="unique_reuse_per_company")
        ]


class Bookmark(models.Model):
    """« Mes favoris »."""

    page = models.ForeignKey(LibraryItemPage, on_delete=models.CASCADE, related_name="bookmarks")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["page", "member"], name="unique_bookmark")
        ]


class LibraryReviewTask(Task):
    """Review of a proposal: coordinators for everything, a chef de file for their province.

    Who may act is decided by network/permissions.py (``can_review_library_item``).
    """

    class Meta:
        verbose_name = _("relecture de la bibliothèque")
        verbose_name_plural = _("relectures de la bibliothèque")

    def _can_review(self, obj: Any, user: Any) -> bool:
        return isinstance(obj, LibraryItemPage) and permissions.can_review_library_item(user, obj)

    def user_can_access_editor(self, obj: Any, user: Any) -> bool:
        return self._can_review(obj, user)

    def locked_for_user(self, obj: Any, user: Any) -> bool:
        return not self._can_review(obj, user)

    def get_actions(self, obj: Any, user: Any) -> list[tuple[str, Any, bool]]:
        if not self._can_review(obj, user):
            return []
        return [("reject", _("Demander des modifications"), True),
                ("approve", _("Approuver et publier"), False)]

    def get_task_states_user_can_moderate(self, user: Any, **kwargs: Any) -> Any:
        states = TaskState.objects.filter(task=self, status=TaskState.STATUS_IN_PROGRESS)
        if permissions.is_coordinator(user):
            return states
        pages = permissions.reviewable_library_items(user, LibraryItemPage.objects.all())
        return states.filter(workflow_state__object_id__in=[
            str(pk) for pk in pages.values_list("pk", flat=True)])

    @classmethod
    def get_description(cls) -> str:
        return str(_("La coordination SWL relit tout ; un chef de file relit ce qui est "
                     "adressé à sa plateforme."))
