"""Vietnamese for Wagtail admin labels that Wagtail's own Vietnamese catalogue lacks.

Wagtail ships few Vietnamese strings; the editors' screens must read in Vietnamese.
Listing the msgids here lets `makemessages` carry them into cms/locale/vi, which
Django consults before Wagtail's catalogues (LOCALE_PATHS). Nothing imports this
module: it exists for the message extractor.
"""

from django.utils.translation import gettext_noop

WAGTAIL_LABELS = [
    gettext_noop("Images"), gettext_noop("Documents"), gettext_noop("Reports"), gettext_noop("Help"), gettext_noop("Settings"), gettext_noop("Snippets"), gettext_noop("Users"),
    gettext_noop("Groups"), gettext_noop("Sites"), gettext_noop("Collections"), gettext_noop("Locales"), gettext_noop("Workflows"), gettext_noop("Workflow tasks"),
    gettext_noop("Locked pages"), gettext_noop("Aging pages"), gettext_noop("Site history"), gettext_noop("Page types usage"), gettext_noop("Account"),
    gettext_noop("Log out"), gettext_noop("Save draft"), gettext_noop("Publish"), gettext_noop("Unpublish"), gettext_noop("Delete"), gettext_noop("Preview"),
    gettext_noop("History"), gettext_noop("Updated"), gettext_noop("Type"), gettext_noop("Status"), gettext_noop("Live"), gettext_noop("Draft"), gettext_noop("In Moderation"),
    gettext_noop("Just now"), gettext_noop("Promote"), gettext_noop("Comments"), gettext_noop("Title"), gettext_noop("Slug"), gettext_noop("Go live date/time"),
    gettext_noop("Expiry date/time"), gettext_noop("Privacy"), gettext_noop("Approve"), gettext_noop("Request changes"), gettext_noop("Approve with comment"),
    gettext_noop("Add child page"), gettext_noop("View live"), gettext_noop("Search all pages…"), gettext_noop("Awaiting your review"),
    gettext_noop("Your pages and snippets in a workflow"), gettext_noop("Your most recent edits"),
    gettext_noop("The page title as you'd like it to be seen by the public"),
    gettext_noop("live"), gettext_noop("draft"), gettext_noop("in moderation"), gettext_noop("scheduled"),
    gettext_noop("expired"), gettext_noop("live + draft"), gettext_noop("live + scheduled"), gettext_noop("Search…"),
    gettext_noop("%(time_period)s ago"), gettext_noop("Page %(page_number)s of %(num_pages)s."),
]
