"""The StreamField blocks shared by the library's pages (after bakerydemo's BaseStreamBlock)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


class CalloutBlock(blocks.StructBlock):
    """A highlighted note: a tip, a warning, a legal reminder."""

    title = blocks.CharBlock(label=_("Titre"), required=False)
    text = blocks.TextBlock(label=_("Texte"))

    class Meta:
        icon = "warning"
        label = _("Encadré")
        template = "knowledge/blocks/callout.html"


class LinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Intitulé"))
    url = blocks.URLBlock(label=_("Adresse"))

    class Meta:
        icon = "link"
        label = _("Lien")
        template = "knowledge/blocks/link.html"


class ImageBlock(blocks.StructBlock):
    """A picture in the body (a diagram, a page of a leaflet), with its required text
    alternative. Served only through the policy (knowledge.image_views)."""

    image = ImageChooserBlock(label=_("Image"))
    alt = blocks.CharBlock(
        label=_("Texte alternatif"), max_length=250,
        help_text=_("Ce que l'image montre, pour qui ne la voit pas (lecteur d'écran)."))
    caption = blocks.CharBlock(label=_("Légende"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "knowledge/blocks/image.html"


class LibraryStreamBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("Texte"), icon="pilcrow",
        features=["h2", "h3", "bold", "italic", "ol", "ul", "link"])
    document = DocumentChooserBlock(
        label=_("Document"), icon="doc-full", template="knowledge/blocks/document.html")
    image = ImageBlock()
    callout = CalloutBlock()
    link = LinkBlock()


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"))
    answer = blocks.RichTextBlock(label=_("Réponse"), features=["bold", "italic", "ul", "link"])

    class Meta:
        icon = "help"
        label = _("Question")


class FaqThemeBlock(blocks.StructBlock):
    theme = blocks.CharBlock(label=_("Thème"))
    questions = blocks.ListBlock(QuestionBlock(), label=_("Questions"))

    class Meta:
        icon = "folder-open-inverse"
        label = _("Thème")
