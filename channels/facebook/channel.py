"""Facebook fanpages: link, photo and video posts through the Graph API."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from channels.base import Channel, ChannelBox, ConfigField, DemoDestination, DemoStandIn, RenditionSize
from channels.content import item_fields, rendition_ref
from channels.facebook.transmitter import SCHEDULE_MAX_SECONDS, SCHEDULE_MIN_SECONDS, FacebookTransmitter

LINK_PLACEHOLDERS = ("uri", "slug", "translation_key", "language", "url", "id")
KINDS = {"newspage": "link", "infographicpage": "photo", "clippage": "video", "leafletpage": "file",
         "broadcastscriptpage": "link"}
# A schedule must still be at least 10 minutes ahead when the delivery reaches Facebook.
SCHEDULE_MARGIN = datetime.timedelta(minutes=5)


class FacebookChannel(Channel):
    kind = "facebook"
    display_name = _("Facebook fanpage (Graph API)")
    box = ChannelBox("fanpage", "Fanpage Facebook", "Facebook fanpage", sort_order=2,
                     default_for=("cms.newspage", "cms.infographicpage", "cms.clippage", "cms.leafletpage"),
                     report_label=_("Fanpage"), colour="#1877f2")
    renditions = (RenditionSize("facebook", "fill-1200x630-c100", note="link and photo preview, 1.91:1"),)
    config_fields = (
        ConfigField("page_id", _("Page ID"), type="digits", max_length=30,
                    help=_("The fanpage's numeric id (Page settings → About → Page ID).")),
        ConfigField("link_template", _("Link to the portal copy"), required=False, type="template",
                    placeholders=LINK_PLACEHOLDERS,
                    help=_("With {uri}, {slug}, {translation_key}, {language}, {url}, {id}; empty: the item's "
                           "own URL.")),
        ConfigField("native_scheduling", _("Let Facebook hold scheduled posts"), type="boolean",
                    help=_("A post due 10 minutes to 30 days ahead is sent at once as a Facebook scheduled post.")),
        ConfigField("graph_version", _("Graph API version"), required=False, max_length=10,
                    help=_("e.g. v21.0; empty: the FACEBOOK_GRAPH_VERSION setting.")),
        ConfigField("graph_url", _("Graph API base URL"), required=False, type="url",
                    help=_("Empty: https://graph.facebook.com")),
        ConfigField("graph_video_url", _("Graph API video upload URL"), required=False, type="url",
                    help=_("Empty: https://graph-video.facebook.com")),
        ConfigField("post_url", _("Post address template"), required=False, type="template", placeholders=("id",),
                    help=_("With {id}; empty: https://www.facebook.com/{id}")),
        ConfigField("slow_down_at", _("Rest the page at this usage percentage"), required=False, type="number",
                    min_value=10, max_value=100, help=_("Empty: 90.")),
        ConfigField("timeout", _("Read timeout (seconds)"), required=False, type="number", min_value=1,
                    max_value=300, help=_("Empty: 30 seconds.")),
    )
    secret_label = _("Page access token")
    secret_help = _("A long-lived page access token with pages_manage_posts.")
    standin = "channels.facebook.standin"
    demo_standin = DemoStandIn(port=8020, args=("--demo", "--store", "{data}/facebook.json"), env="DEMO_GRAPH_URL",
                               shows="demo Facebook posts on {url}/posts/<id>")
    example_config = {"page_id": "100000000000001", "graph_url": "http://127.0.0.1:8020",
                      "graph_video_url": "http://127.0.0.1:8020", "post_url": "http://127.0.0.1:8020/posts/{id}",
                      "link_template": "http://127.0.0.1:8010/lao-cai/by-uri?uri={uri}"}
    needs_secret = True
    payload_uses_config = True  # the link to the portal copy is the page's own
    transmitter_class = FacebookTransmitter

    def demo_destinations(self, unit, *, number, label, urls):
        graph, page_id = urls["facebook"], str(100000000000000 + number)
        config = {"page_id": page_id, "graph_url": graph, "graph_video_url": graph, "post_url": f"{graph}/posts/{{id}}"}
        if "portal" in urls:  # the post links to the demo portal's copy
            config["link_template"] = f"{urls['portal']}/{unit.slug}/by-uri?uri={{uri}}"
        # The stand-in started with --demo takes this token for any numeric page.
        return [DemoDestination(unit, f"Fanpage BHXH {label}", "fanpage", config, f"demo-page-token-{page_id}")]

    def format(self, item, *, action, config):
        fields = item_fields(item)
        template = (config.get("link_template") or "").strip()
        link = template.format(uri=fields["uri"], slug=fields["slug"], translation_key=fields["translation_key"],
                               language=fields["language"], url=fields["url"], id=fields["id"]) if template \
            else fields["url"]
        kind = KINDS.get(fields["type"], "link")
        external_video = getattr(item, "video_url", "") or ""  # a clip hosted elsewhere is shared as a link
        return {
            "kind": kind,
            "title": fields["title"],
            "summary": fields["summary"] or (fields["image_alt"] if kind == "photo" else ""),
            "link": link,
            "hashtags": fields["hashtags"],
            # 1200 x 630 JPEG cut around the focal point, the size Facebook shows without cropping.
            "image": rendition_ref(fields["image_id"], "facebook", "jpeg"),
            "file": fields["file"],
            "video": fields["video"],
            "video_name": "" if external_video else fields["video_name"],
            "video_size": fields["video_size"],
        }

    def schedule_natively(self, payload, *, due, config):
        if str(config.get("native_scheduling", "")).lower() not in ("1", "true", "yes"):
            return None
        ahead = due - timezone.now()
        if not (datetime.timedelta(seconds=SCHEDULE_MIN_SECONDS) + SCHEDULE_MARGIN <= ahead
                <= datetime.timedelta(seconds=SCHEDULE_MAX_SECONDS)):
            return None  # outside what Facebook accepts: the pipeline waits for the time itself
        return {**payload, "scheduled_publish_time": int(due.timestamp())}

    def clean_config(self, config):
        version = config.get("graph_version", "")
        if version and not (version.startswith("v") and version[1:].replace(".", "").isdigit()):
            raise ValidationError({"graph_version": _("Write the version as Facebook does, e.g. v21.0.")})
