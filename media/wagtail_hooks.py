from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from media.models import Abbreviation


class AbbreviationViewSet(SnippetViewSet):
    """The read-aloud glossary: editors say how each abbreviation is spoken in the scripts."""

    model = Abbreviation
    icon = "openquote"
    menu_label = _("Read-aloud glossary")
    menu_order = 310
    add_to_admin_menu = False
    list_display = ["text", "spoken", "kind", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["text", "spoken"]
    ordering = ["text"]
    panels = [FieldPanel("text"), FieldPanel("spoken"), FieldPanel("kind")]


register_snippet(AbbreviationViewSet)
