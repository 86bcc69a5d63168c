from channels.apps import ChannelAppConfig


class WebhookChannelConfig(ChannelAppConfig):
    name = "channels.webhook"
    label = "webhook"
    verbose_name = "Webhook channel"
    channel = "channels.webhook.channel.WebhookChannel"
