from celery import shared_task


@shared_task(ignore_result=True)
def tidy():
    """The toy channel's periodic task (ToyChannelConfig.beat_schedule)."""
    return "tidy"
