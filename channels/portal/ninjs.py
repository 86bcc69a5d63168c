"""An item as the portal receives it: JSON with IPTC ninjs 2.x field names where they fit.

ninjs (News in JSON) is what newsrooms already parse, so a portal team can reuse
a reader. Where ninjs has no field for something we need (the owning unit's
code, the item's translation key), it goes under ``altids`` or ``places``
rather than a home-made top-level name. schema.json beside this file is the
contract; the project serves it at /schemas/portal-item.json (channels/views.py).
"""

import mimetypes

from channels.content import item_fields, rendition_ref

PROFILES = {  # our content type -> ninjs type and profile
    "newspage": ("text", "vss-news"),
    "infographicpage": ("picture", "vss-infographic"),
    "clippage": ("video", "vss-clip"),
    "leafletpage": ("composite", "vss-leaflet"),
    "broadcastscriptpage": ("text", "vss-broadcast-script"),
}


PORTAL_SIZES = ("portal", "portal_thumb")


def _rendition(name, href, fallback_type):
    contenttype = mimetypes.guess_type(href.split("?", 1)[0])[0] or fallback_type
    return {"name": name, "href": href, "contenttype": contenttype}


def _image_renditions(image_id):
    """The portal's two sizes in every format the pipeline makes, newest formats first (``<picture>`` order)."""
    from media.renditions import FORMATS  # here: the reference receiver imports this package without Django

    return [{"name": f"{size}-{fmt}", "href": rendition_ref(image_id, size, fmt), "contenttype": f"image/{fmt}"}
            for size in PORTAL_SIZES for fmt in FORMATS]


def to_ninjs(fields: dict) -> dict:
    kind, profile = PROFILES.get(fields["type"], ("text", "vss-item"))
    subjects = [{"name": name, "uri": f"urn:vss:policy-area:{code}"}
                for code, name in sorted(fields["policy_area_names"].items())]
    subjects += [{"name": name, "uri": f"urn:vss:audience:{code}"}
                 for code, name in sorted(fields["audience_groups"].items())]
    if fields["campaign"]:
        subjects.append({"name": fields["campaign"]["name"], "uri": f"urn:vss:campaign:{fields['campaign']['slug']}"})
    associations = []
    if fields["image"]:
        associations.append({
            # Renditions only: the original upload lives in the private part of the bucket.
            "name": "featureimage", "type": "picture", "uri": rendition_ref(fields["image_id"], "portal", "jpeg"),
            "headlines": [{"role": "main", "value": fields["image_alt"]}] if fields["image_alt"] else [],
            "renditions": _image_renditions(fields["image_id"]),
        })
    if fields["file"]:
        associations.append({"name": "file", "type": "text", "uri": fields["file"],
                              "renditions": [_rendition("original", fields["file"], "application/pdf")]})
    if fields["video"]:
        associations.append({"name": "video", "type": "video", "uri": fields["video"],
                              "renditions": [_rendition("original", fields["video"], "video/mp4")]})
    payload = {
        "uri": fields["uri"],
        "version": str(fields["revision"] or 0),
        "firstcreated": fields["first_published_at"] or fields["published_at"],
        "versioncreated": fields["published_at"],
        "type": kind,
        "profile": profile,
        "pubstatus": "usable",
        "language": fields["language"],
        "headlines": [{"role": "main", "value": fields["title"]}],
        "descriptions": [{"role": "summary", "value": fields["summary"]}] if fields["summary"] else [],
        "bodies": [{"role": "main", "contenttype": "text/html", "value": fields["html"]}] if fields["html"] else [],
        "subjects": subjects,
        "places": [{"name": fields["unit_name"], "uri": f"urn:vss:org-unit:{fields['unit']}"}] if fields["unit"] else [],
        "associations": associations,
        "altids": [{"role": "translation-key", "value": fields["translation_key"]},
                   {"role": "source-url", "value": fields["url"]}],
        "copyrightholder": "Bảo hiểm xã hội Việt Nam",
    }
    return payload


def format_item(item) -> dict:
    return to_ninjs(item_fields(item))
