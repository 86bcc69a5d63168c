from celery import shared_task


@shared_task(ignore_result=True)
def refresh_tokens_due():
    """Beat: refresh every OA's pair well before its access token expires (tokens.refresh_due)."""
    from channels.zalo.tokens import refresh_due

    return refresh_due()
