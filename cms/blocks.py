from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "h2", "h3", "ol", "ul", "link", "document-link"]


class ImageWithCaptionBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    alt_text = blocks.CharBlock(label=_("alternative text"), max_length=250)
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=300)

    class Meta:
        icon = "image"
        label = _("Image")


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("quote"))
    attribution = blocks.CharBlock(label=_("said by"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Quote")


class NewsBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Paragraph"))
    image = ImageWithCaptionBlock()
    quote = QuoteBlock()
    embed = EmbedBlock(label=_("Embedded media"), max_width=1200)


class LeafletSectionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), max_length=200)
    body = blocks.RichTextBlock(features=["bold", "italic", "ol", "ul"], label=_("text"))

    class Meta:
        icon = "doc-full"
        label = _("Section")


class LeafletSectionsBlock(blocks.StreamBlock):
    section = LeafletSectionBlock()
