"""The notice board channel: its declarations and its pure formatter."""

from django.core.exceptions import ValidationError

from channels.base import Channel, ChannelBox, ConfigField, DemoDestination, DemoStandIn, RenditionSize
from channels.content import item_fields, rendition_ref
from tests.toychannel.transmitter import NoticeBoardTransmitter


class NoticeBoardChannel(Channel):
    kind = "noticeboard"
    display_name = "Bảng tin thử nghiệm"
    box = ChannelBox("noticeboard", "Bảng tin", "Notice board", sort_order=9, default_for=("cms.newspage",),
                     report_label="Bảng tin", colour="#7a3e9d")
    renditions = (RenditionSize("notice_square", "fill-600x600-c100", formats=("webp", "jpeg")),)
    config_fields = (
        ConfigField("url", "Địa chỉ bảng tin", type="url", help="Nơi nhận bài, ví dụ http://bang-tin.local/"),
        ConfigField("greeting", "Lời chào", required=False, max_length=40, help="Đặt trước tiêu đề."),
        ConfigField("max_title", "Độ dài tiêu đề tối đa", required=False, type="integer", min_value=20,
                    max_value=200, help="Số ký tự; để trống: 80."),
        ConfigField("board", "Khu vực", type="choice", choices=(("front", "Mặt trước"), ("back", "Mặt sau"))),
    )
    needs_secret = True
    secret_label = "Mã bảng tin"
    transmitter_class = NoticeBoardTransmitter
    standin = "tests.toychannel.standin"
    demo_standin = DemoStandIn(port=8090, args=("--token", "demo-board-token"), shows="demo notice boards on {url}/")
    example_config = {"url": "http://127.0.0.1:8040", "greeting": "Tin mới:", "board": "front"}

    def demo_destinations(self, unit, *, number, label, urls):
        if unit.kind != "province":
            return []
        return [DemoDestination(unit, f"Bảng tin {label}", "noticeboard", {"url": urls["noticeboard"], "board": "front"},
                                "demo-board-token")]

    def format(self, item, *, action, config):
        fields = item_fields(item)
        greeting = config.get("greeting", "")
        title = f"{greeting} {fields['title']}".strip()[: int(config.get("max_title") or 80)]
        return {"title": title, "link": fields["url"], "board": config.get("board", "front"),
                "picture": rendition_ref(fields["image_id"], "notice_square", "webp")}

    payload_uses_config = True

    def clean_config(self, config):
        # Across fields: the back of the board is small, so titles there must be short.
        if config.get("board") == "back" and int(config.get("max_title") or 80) > 60:
            raise ValidationError({"max_title": "Mặt sau chỉ đủ chỗ cho tiêu đề tối đa 60 ký tự."})
