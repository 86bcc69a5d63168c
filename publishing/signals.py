"""The one bridge from the CMS to the outbox: Wagtail's publish and unpublish signals.

Imported by PublishingConfig.ready(), once the models are loaded.
"""

from wagtail.signals import page_published, page_unpublished

from cms.models import ContentPage
from publishing.queueing import schedule_go_live
from publishing.services.outbox import outbox_on_publish, outbox_on_unpublish


def on_page_published(sender, instance, revision, **kwargs):
    if instance.live and instance.live_revision_id == revision.pk:
        outbox_on_publish(page=instance, revision=revision)
    else:
        schedule_go_live(revision)


def on_page_unpublished(sender, instance, **kwargs):
    if isinstance(instance, ContentPage):
        outbox_on_unpublish(page=instance)


def connect():
    page_published.connect(on_page_published, dispatch_uid="publishing_outbox_publish")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="publishing_outbox_unpublish")
