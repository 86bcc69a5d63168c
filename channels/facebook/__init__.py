"""Facebook fanpages: link, photo and video posts through the Graph API."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy

from channels.base import Channel, ConfigField
from channels.content import item_fields, rendition_ref
from channels.facebook.transmitter import SCHEDULE_MAX_SECONDS, SCHEDULE_MIN_SECONDS, FacebookTransmitter

KINDS = {"newspage": "link", "infographicpage": "photo", "clippage": "video", "leafletpage": "file",
         "broadcastscriptpage": "link"}
# A schedule must still be at least 10 minutes ahead when the delivery reaches Facebook.
SCHEDULE_MARGIN = datetime.timedelta(minutes=5)


class FacebookChannel(Channel):
    kind = "facebook"
    display_name = gettext_lazy("Facebook fanpage (Graph API)")
    config_fields = (
        ConfigField("page_id", "Page ID"),
        ConfigField("link_template", "Link to the portal copy", required=False,
                    help="With {uri}, {slug}, {translation_key}, {language}, {url}; empty: the item's own URL."),
        ConfigField("native_scheduling", "Let Facebook hold scheduled posts", required=False,
                    help="true: a post due 10 minutes to 30 days ahead is sent at once as a scheduled post."),
        ConfigField("graph_version", "Graph API version", required=False, help="Empty: the FACEBOOK_GRAPH_VERSION setting."),
        ConfigField("graph_url", "Graph API base URL", required=False, help="Empty: https://graph.facebook.com"),
        ConfigField("graph_video_url", "Graph API video upload URL", required=False),
        ConfigField("post_url", "Post address template", required=False, help="Default https://www.facebook.com/{id}"),
        ConfigField("slow_down_at", "Rest the page at this usage percentage", required=False),
        ConfigField("timeout", "Read timeout (seconds)", required=False),
    )
    needs_secret = True
    payload_uses_config = True  # the link to the portal copy is the page's own
    transmitter_class = FacebookTransmitter

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

    def validate_config(self, config):
        problems = super().validate_config(config)
        if config.get("page_id") and not str(config["page_id"]).strip().isdigit():
            problems.append("page_id must be the page's numeric id")
        template = config.get("link_template") or ""
        try:
            template.format(uri="", slug="", translation_key="", language="", url="", id=0)
        except (KeyError, IndexError, ValueError) as exc:
            problems.append(f"link_template: unknown placeholder {exc}")
        return problems
