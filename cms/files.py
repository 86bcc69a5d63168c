"""Who may see an image or a document: the file's collection decides, as for pages the section.

Each province's uploads live in its collection (cms.services.org_units provisions one per
unit, with its groups' collection permissions); central staff hold those permissions on the
root collection, so they see every province's. A file a live item shows is public. Every way
to a file asks here: the admin API, ``/documents/<id>/<name>``, and the image files under
MEDIA_URL (renditions and originals). Wagtail's own choosers and listings already filter by
the same collection permissions.
"""

from django.contrib.contenttypes.models import ContentType
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex
from wagtail.permissions import policy_registry

# Holding any of these on a file's collection is what lets staff see it in Wagtail's admin.
SEE_ACTIONS = ["choose", "change"]


def visible_to(user, queryset):
    """``queryset`` of images or documents narrowed to those ``user`` may see in the admin."""
    if user.is_superuser:
        return queryset
    policy = policy_registry.get_by_type(queryset.model)
    allowed = policy.instances_user_has_any_permission_for(user, SEE_ACTIONS).values("pk")
    return queryset.filter(pk__in=allowed)


def _live_page_references(obj):
    page_type = ContentType.objects.get_for_model(Page)
    page_ids = [int(ref.object_id) for ref in ReferenceIndex.get_references_to(obj)
                if ref.base_content_type_id == page_type.pk]
    return Page.objects.filter(pk__in=page_ids, live=True).exists()


def document_is_public(document):
    """A document a live item links to (a leaflet's PDF, a clip's video or subtitles)."""
    return _live_page_references(document)


def image_is_public(image):
    """An image a live item shows, directly or as the preview of one of its documents."""
    from cms.models import PublishedItem
    from media.models import DocumentMetadata

    if PublishedItem.objects.filter(image=image).exists() or _live_page_references(image):
        return True
    return any(document_is_public(meta.document)
               for meta in DocumentMetadata.objects.filter(preview=image).select_related("document"))


def may_see(user, obj):
    """May ``user`` open ``obj`` (an image or a document): public, or in a collection of theirs."""
    if user.is_authenticated and (user.is_superuser or policy_registry.get_by_type(type(obj))
                                  .user_has_any_permission_for_instance(user, SEE_ACTIONS, obj)):
        return True
    return document_is_public(obj) if isinstance(obj, get_document_model()) else image_is_public(obj)


def image_for_file(name):
    """The image whose original or rendition is stored as ``name``, or None."""
    Image = get_image_model()
    image = Image.objects.filter(file=name).first()
    if image is None:
        rendition = Image.get_rendition_model().objects.filter(file=name).select_related("image").first()
        image = rendition.image if rendition else None
    return image

