"""Uploading a clip to a Page with Graph API's resumable protocol (start, transfer, finish).

facebook-sdk has no video support, so this piece uses requests directly,
through the client's own session, version and base URL. A clip is sent in the
chunks Facebook asks for (start_offset/end_offset); a failed chunk is retried by
the pipeline from the start, since an upload session does not outlive a worker.
"""

from django.core.files.storage import default_storage


def upload_video(client, *, video_base_url, page_id, storage_name, size, title, description, schedule_args,
                 check):
    """Upload ``storage_name`` (a file in our media storage); return the video id.

    ``check(response, operation)`` raises the channel's error for a failed answer.
    """
    endpoint = f"{video_base_url.rstrip('/')}/{client.version}/{page_id}/videos"
    response = client.post_raw(endpoint, data={"upload_phase": "start", "file_size": str(size)})
    session = check(response, "video upload start")
    video_id, session_id = str(session["video_id"]), session["upload_session_id"]
    start, end = int(session["start_offset"]), int(session["end_offset"])
    with default_storage.open(storage_name, "rb") as handle:
        while start < end:
            handle.seek(start)
            chunk = handle.read(end - start)
            response = client.post_raw(endpoint, data={"upload_phase": "transfer", "upload_session_id": session_id,
                                                       "start_offset": str(start)},
                                       files={"video_file_chunk": ("chunk", chunk, "application/octet-stream")})
            offsets = check(response, "video upload transfer")
            start, end = int(offsets["start_offset"]), int(offsets["end_offset"])
    response = client.post_raw(endpoint, data={"upload_phase": "finish", "upload_session_id": session_id,
                                                "title": title, "description": description, **schedule_args})
    check(response, "video upload finish")
    return video_id
