"""Zalo Official Accounts: each item becomes an article on the OA, broadcast to followers when asked."""

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from channels.base import Channel, ChannelBox, ConfigField, DemoDestination, DemoStandIn, RenditionSize
from channels.content import item_fields, rendition_ref, sanitise_html
from channels.zalo import article
from channels.zalo.apps import BROADCAST_BOX
from channels.zalo.demo import demo_connect, demo_oa
from channels.zalo.transmitter import ZaloTransmitter


class ZaloChannel(Channel):
    kind = "zalo"
    display_name = _("Zalo Official Account (Open API)")
    # Broadcast scripts are read aloud on loudspeakers; they are not Zalo articles.
    box = ChannelBox("zalo", "Zalo OA", "Zalo Official Account", sort_order=5,
                     default_for=("cms.newspage", "cms.infographicpage", "cms.clippage", "cms.leafletpage"),
                     report_label=_("Zalo OA"), colour="#0068ff")
    # JPEG only (Zalo takes JPG/PNG up to 1 MB): 1200 x 675 at Wagtail's JPEG quality (85) is
    # 150-500 kB for a photo; body pictures at most 1080 px on their longer side. The
    # transmitter still checks each file against the limit before uploading it.
    renditions = (
        RenditionSize("zalo_cover", "fill-1200x675-c100", formats=("jpeg",),
                      note="Zalo article cover, 16:9, under 1 MB"),
        RenditionSize("zalo_body", "max-1080x1080", formats=("jpeg",),
                      note="pictures inside a Zalo article, under 1 MB"),
    )
    config_fields = (
        ConfigField("app_id", _("Zalo app ID"), type="digits", max_length=30,
                    help=_("The app's ID at developers.zalo.me (the app the OA authorises).")),
        ConfigField("oa_id", _("OA ID"), type="digits", max_length=30,
                    help=_("The Official Account's numeric ID (oa.zalo.me → Account settings).")),
        ConfigField("author", _("Author shown on articles"), required=False, max_length=50,
                    help=_("At most 50 characters; empty: the unit's name.")),
        ConfigField("comments", _("Allow comments"), type="boolean",
                    help=_("Followers may comment on the OA's articles.")),
        ConfigField("broadcast_cities", _("Broadcast to these provinces only"), required=False, max_length=200,
                    help=_("Zalo's province codes, comma-separated (e.g. 27 for Hà Giang); empty: every follower.")),
        ConfigField("api_url", _("Open API base URL"), required=False, type="url",
                    help=_("Empty: https://openapi.zalo.me")),
        ConfigField("oauth_url", _("OAuth base URL"), required=False, type="url",
                    help=_("Empty: https://oauth.zaloapp.com")),
        ConfigField("post_url", _("Article address template"), required=False, type="template",
                    placeholders=("id", "oa_id"), help=_("With {id} and {oa_id}; empty: no link.")),
        ConfigField("verify_seconds", _("Wait for Zalo to finish an article (seconds)"), required=False,
                    type="number", min_value=1, max_value=120, help=_("Empty: 20 seconds; then it is tried again.")),
        ConfigField("timeout", _("Read timeout (seconds)"), required=False, type="number", min_value=1,
                    max_value=300, help=_("Empty: 30 seconds.")),
    )
    needs_secret = True
    secret_label = _("Zalo app secret key")
    secret_help = _("The app's secret key (developers.zalo.me → the app → Settings). The OA's tokens are not "
                    "typed here: use \"Kết nối Zalo OA\" after saving.")
    standin = "channels.zalo.standin"
    # --demo: any numeric OA, and the tokens it handed out survive a restart.
    demo_standin = DemoStandIn(port=8030, args=("--demo",), shows="demo Zalo OAs on {url}/")
    # One demo province's OA on the stand-in `make run` starts (channels/zalo/demo.py).
    example_config = {"app_id": "1000200030004000", "oa_id": "3100000000000000015", "comments": True,
                      "api_url": "http://127.0.0.1:8030", "oauth_url": "http://127.0.0.1:8030",
                      "post_url": "http://127.0.0.1:8030/v2.0/article/getdetail?id={id}"}
    payload_uses_config = True  # author and comment setting are the OA's own
    transmitter_class = ZaloTransmitter

    def demo_destinations(self, unit, *, number, label, urls):
        if unit.kind != "province":
            return []
        config, secret = demo_oa(number, url=urls["zalo"])
        demo_connect(config)
        return [DemoDestination(unit, f"Zalo OA BHXH {label}", "zalo", config, secret)]

    def format(self, item, *, action, config):
        fields = item_fields(item)
        kind = fields["type"]
        blocks = article.body_blocks(item) if kind == "newspage" else []
        if kind == "infographicpage" and fields["image_id"]:
            blocks = [article.image_block(fields["image_id"])] + blocks
        if kind == "clippage" and fields["video"]:
            # A clip hosted elsewhere (or our file's address) is linked: Zalo's own video
            # upload needs its prepare/verify flow and an MP4 under 50 MB.
            blocks.append({"type": "video", "url": fields["video"]})
        if not any(block["type"] == "text" for block in blocks):
            blocks.append({"type": "text", "content": sanitise_html(fields["html"] or f"<p>{fields['summary']}</p>")})
        if kind == "leafletpage" and fields["file"]:
            blocks.append({"type": "text", "content": sanitise_html(
                f'<p>Tải tờ gấp (PDF): <a href="{fields["file"]}">{fields["file"]}</a></p>')})
        boxes = {box.code for box in item.channel_kinds.all()}
        return {
            "type": "normal",
            "title": article.title(fields["title"]),
            "description": article.description(fields["summary"] or fields["image_alt"] or fields["title"]),
            "author": article.author(config.get("author") or fields["unit_name"] or "BHXH Việt Nam"),
            "cover": rendition_ref(fields["image_id"], "zalo_cover", "jpeg"),
            "cover_image_id": fields["image_id"],
            "body": blocks,
            "link": fields["url"],
            "comment": "show" if config.get("comments") else "hide",
            "broadcast": BROADCAST_BOX[0] in boxes,
        }

    def clean_config(self, config):
        cities = [part.strip() for part in str(config.get("broadcast_cities") or "").split(",") if part.strip()]
        if any(not city.isdigit() for city in cities):
            raise ValidationError({"broadcast_cities": _("Write Zalo's province codes as numbers separated by "
                                                         "commas, e.g. 27,9.")})

    def admin_links(self, destination):
        return [(_("Connect Zalo OA"), f"{reverse('zalo_connect')}?destination={destination.pk}")]
