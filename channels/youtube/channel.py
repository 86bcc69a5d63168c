"""YouTube: a clip becomes a video on the destination's channel, with captions, thumbnail and premiere."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from channels.base import Channel, ChannelBox, ConfigField, DemoDestination, DemoStandIn, RenditionSize
from channels.content import item_fields
from channels.youtube import text
from channels.youtube.transmitter import YouTubeTransmitter

LINK_PLACEHOLDERS = ("uri", "slug", "translation_key", "language", "url", "id")
# publishAt must be in the future when YouTube receives it; closer than this, the pipeline waits itself.
SCHEDULE_MARGIN = datetime.timedelta(minutes=15)
PRIVACY = (("public", _("Public")), ("unlisted", _("Unlisted")), ("private", _("Private")))


class YouTubeChannel(Channel):
    kind = "youtube"
    display_name = _("YouTube channel (Data API)")
    box = ChannelBox("youtube", "YouTube", "YouTube", sort_order=4, default_for=("cms.clippage",),
                     report_label=_("YouTube"), colour="#ff0000")
    renditions = (RenditionSize("youtube", "fill-1280x720-c100", formats=("jpeg",),
                                note="video thumbnail, 16:9, under YouTube's 2 MB"),)
    config_fields = (
        ConfigField("channel_id", _("YouTube channel ID"), max_length=40,
                    help=_("Starts with UC (YouTube Studio → Settings → Channel → Advanced).")),
        ConfigField("privacy", _("Privacy of new videos"), type="choice", choices=PRIVACY, required=False,
                    help=_("Empty: public. A project Google has not audited can only make private videos.")),
        ConfigField("withdraw", _("When an item is withdrawn"), type="choice", required=False,
                    choices=(("delete", _("Delete the video")), ("private", _("Make the video private"))),
                    help=_("Empty: delete the video.")),
        ConfigField("category_id", _("Video category"), type="digits", required=False, max_length=4,
                    help=_("YouTube's category number; empty: 25 (News & Politics).")),
        ConfigField("link_template", _("Link to the portal copy"), required=False, type="template",
                    placeholders=LINK_PLACEHOLDERS,
                    help=_("With {uri}, {slug}, {translation_key}, {language}, {url}, {id}; empty: the item's "
                           "own URL.")),
        ConfigField("daily_quota", _("Daily quota (units)"), type="integer", required=False, min_value=100,
                    max_value=10_000_000, help=_("Empty: 10000, Google's default for a project.")),
        ConfigField("daily_uploads", _("Uploads a day"), type="integer", required=False, min_value=1,
                    max_value=100_000, help=_("Empty: 100, Google's default for videos.insert.")),
        ConfigField("chunk_mib", _("Upload chunk (MiB)"), type="integer", required=False, min_value=1,
                    max_value=256, help=_("Empty: 8 MiB. A smaller chunk loses less on a bad line.")),
        ConfigField("client_id", _("OAuth client ID"), required=False, max_length=200,
                    help=_("The Google Cloud project's OAuth client; empty: the YOUTUBE_CLIENT_ID setting.")),
        ConfigField("api_url", _("Data API base URL"), required=False, type="url",
                    help=_("Empty: Google's (the library's own API description). Set for a test stand-in.")),
        ConfigField("token_url", _("OAuth token URL"), required=False, type="url",
                    help=_("Empty: https://oauth2.googleapis.com/token")),
        ConfigField("auth_url", _("OAuth consent URL"), required=False, type="url",
                    help=_("Empty: https://accounts.google.com/o/oauth2/v2/auth")),
        ConfigField("video_url", _("Video address template"), required=False, type="template",
                    placeholders=("id",), help=_("With {id}; empty: https://www.youtube.com/watch?v={id}")),
        ConfigField("timeout", _("Read timeout (seconds)"), required=False, type="number", min_value=1,
                    max_value=600, help=_("Empty: 60 seconds.")),
    )
    needs_secret = True
    secret_label = _("Refresh token")
    secret_help = _("Filled in by \"Kết nối YouTube\"; a person rarely types it.")
    standin = "channels.youtube.standin"
    # It keeps its demo tokens and uploads in data/youtube across restarts.
    demo_standin = DemoStandIn(port=8040, args=("--folder", "{data}/youtube"), shows="demo YouTube on {url}/")
    example_config = {"channel_id": "UCvss-lao-cai-demo0000001", "privacy": "public",
                      "api_url": "http://127.0.0.1:8040", "token_url": "http://127.0.0.1:8040/token",
                      "auth_url": "http://127.0.0.1:8040/o/oauth2/auth", "client_id": "vss-demo.apps.googleusercontent.com",
                      "video_url": "http://127.0.0.1:8040/watch?v={id}",
                      "link_template": "http://127.0.0.1:8010/lao-cai/by-uri?uri={uri}"}
    payload_uses_config = True  # the link and the privacy are the destination's
    # The pipeline passes a moved per-destination time to an update too: it becomes a new publishAt.
    reschedules_natively = True
    transmitter_class = YouTubeTransmitter

    def demo_destinations(self, unit, *, number, label, urls):
        if unit.kind != "province":
            return []
        channel_id, youtube = f"UCvss-{unit.code}-demo", urls["youtube"]
        config = {"channel_id": channel_id, "api_url": youtube, "token_url": f"{youtube}/token",
                  "auth_url": f"{youtube}/o/oauth2/auth", "client_id": "vss-demo.apps.googleusercontent.com",
                  "video_url": f"{youtube}/watch?v={{id}}"}
        if "portal" in urls:
            config["link_template"] = f"{urls['portal']}/{unit.slug}/by-uri?uri={{uri}}"
        return [DemoDestination(unit, f"YouTube BHXH {label}", "youtube", config, f"demo-refresh-token-{channel_id}")]

    def format(self, item, *, action, config):
        fields = item_fields(item)
        template = (config.get("link_template") or "").strip()
        link = template.format(uri=fields["uri"], slug=fields["slug"], translation_key=fields["translation_key"],
                               language=fields["language"], url=fields["url"], id=fields["id"]) if template \
            else fields["url"]
        subtitles = getattr(item, "subtitles", None)
        captions = []
        for track in (subtitles.all() if subtitles is not None else ()):
            language = track.language
            captions.append({"language": text.language(language.bcp47), "name": language.name_vi,
                             "vtt": text.nfc(track.vtt)})
        poster = getattr(item, "poster_image_id", None) or fields["image_id"]
        return {
            "title": text.title(fields["title"]),
            "summary": fields["summary"],
            "transcript": getattr(item, "transcript", "") or "",
            "link": link,
            "hashtags": fields["hashtags"],
            "tags": text.tags(fields["policy_area_names"][code] for code in fields["policy_areas"]),
            "category_id": str(config.get("category_id") or text.DEFAULT_CATEGORY),
            "language": text.language(fields["language"]),
            "privacy": config.get("privacy") or "public",
            "video_name": fields["video_name"] if not getattr(item, "video_url", "") else "",
            "video_size": fields["video_size"],
            "captions": sorted(captions, key=lambda caption: caption["language"]),
            "poster_id": poster,
        }

    def schedule_natively(self, payload, *, due, config):
        if due - timezone.now() < SCHEDULE_MARGIN:
            return None  # too close for YouTube to take as publishAt: the pipeline sends it at the time
        return {**payload, "publish_at": due.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")}

    def clean_config(self, config):
        channel_id = config.get("channel_id", "")
        if channel_id and not channel_id.startswith("UC"):
            raise ValidationError({"channel_id": _("A YouTube channel ID starts with UC.")})
        if config.get("privacy") == "private" and config.get("withdraw") == "private":
            raise ValidationError({"withdraw": _("Videos are private already: choose to delete them.")})

    def admin_links(self, destination):
        return [(_("Connect YouTube"), reverse("youtube_connect", args=[destination.pk]))]
