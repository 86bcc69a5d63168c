"""The "log" channel's transmitter: records each payload in the database instead of sending it.

So `make run` shows the whole flow, approval to "sent", with no outside service.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from channels.base import Sent, Transmitter
from channels.exceptions import PermanentError


class LogTransmitter(Transmitter):
    def _label(self):
        return self.config.get("label", "log")

    def publish(self, payload, *, key):
        from channels.models import LoggedPost

        try:
            with transaction.atomic():
                post = LoggedPost.objects.create(destination=self._label(), key=key, payload=payload)
        except IntegrityError:  # the same delivery again: the post already exists
            post = LoggedPost.objects.get(key=key)
        return Sent(post.external_id, f"/admin/log-posts/{post.pk}/")

    def _get(self, external_id):
        from channels.models import LoggedPost

        try:
            return LoggedPost.objects.get(pk=int(external_id.removeprefix("log-")))
        except (LoggedPost.DoesNotExist, ValueError):
            raise PermanentError(f"no logged post {external_id}") from None

    def update(self, payload, *, external_id, key):
        post = self._get(external_id)
        post.payload = payload
        post.updates += 1
        post.save(update_fields=["payload", "updates", "updated_at"])
        return Sent(post.external_id, f"/admin/log-posts/{post.pk}/")

    def withdraw(self, *, external_id, key):
        post = self._get(external_id)
        if post.withdrawn_at is None:
            post.withdrawn_at = timezone.now()
            post.save(update_fields=["withdrawn_at"])

    def reconcile(self, *, key):
        from channels.models import LoggedPost

        post = LoggedPost.objects.filter(key=key).first()
        return Sent(post.external_id, f"/admin/log-posts/{post.pk}/") if post else None
