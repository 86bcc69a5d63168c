"""YouTube uploads: a 200 MB clip through the channel's adapter against a plain chunked PUT loop, and peak memory.

Figures, each against a baseline measured in the same run, on the same loopback
Data API stand-in (channels/youtube/standin.py, which streams to disk):
- upload throughput (MB/s) of YouTubeTransmitter.publish (google-api-python-client,
  resumable, 8 MiB chunks, quota counted, progress recorded) against a loop of
  ``requests`` PUTs of 8 MiB chunks to a session opened the same way (goal ≥ 0.8);
- the adapter process's peak resident memory over its idle size (Django set up,
  the channel imported), from ``resource.getrusage(...).ru_maxrss`` in a child
  process of its own (goal < 100 MB: a clip is never read whole).
"""

import json
import os
import random
import resource
import subprocess
import sys
import time

SIZE = int(os.environ.get("BENCH_YOUTUBE_MB", "200")) * 1024 * 1024
CHUNK = 8 * 1024 * 1024
CLIENT = "vss-bench.apps.googleusercontent.com"
TOKEN = "1//bench-refresh-token"
CHANNEL = "UCvss-bench-0000000001"
GOAL_RATIO, GOAL_MB = 0.8, 100


def _config(url):
    return {"channel_id": CHANNEL, "api_url": url, "token_url": f"{url}/token", "client_id": CLIENT,
            "video_url": url + "/watch?v={id}", "daily_quota": 1_000_000, "daily_uploads": 100_000, "timeout": 60}


def _adapter(url, name):
    import django

    django.setup()
    from django.test import override_settings

    from channels.youtube.transmitter import YouTubeTransmitter

    override_settings(MEDIA_ROOT=os.environ["BENCH_MEDIA_ROOT"]).enable()  # the parent's (test settings make one each)

    idle = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    transmitter = YouTubeTransmitter(config=_config(url), secret=TOKEN)
    payload = {"title": "Bench clip", "summary": "", "transcript": "", "link": "https://example.vn/a", "hashtags": [],
               "tags": [], "category_id": "25", "language": "vi", "privacy": "public", "video_name": name,
               "video_size": SIZE, "captions": [], "poster_id": None}
    started = time.perf_counter()
    sent = transmitter.publish(payload, key=f"bench-{time.time_ns()}")
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"seconds": seconds, "idle_kb": idle, "peak_kb": peak, "video": sent.external_id}


def _plain(url, path):
    import requests

    session = requests.Session()
    token = session.post(f"{url}/token", data={"grant_type": "refresh_token", "refresh_token": TOKEN,
                                                "client_id": CLIENT}).json()["access_token"]
    started = time.perf_counter()
    opened = session.post(f"{url}/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status",
                          json={"snippet": {"title": "Plain", "categoryId": "25"}, "status": {"privacyStatus": "public"}},
                          headers={"Authorization": f"Bearer {token}", "X-Upload-Content-Length": str(SIZE)})
    location = opened.headers["Location"]
    with open(path, "rb") as handle:
        offset = 0
        while offset < SIZE:
            chunk = handle.read(CHUNK)
            answer = session.put(location, data=chunk, headers={
                "Content-Range": f"bytes {offset}-{offset + len(chunk) - 1}/{SIZE}"})
            offset += len(chunk)
    assert answer.status_code in (200, 201), answer.status_code
    return {"seconds": time.perf_counter() - started, "video": answer.json()["id"]}


def _child(arm, url, target):
    command = [sys.executable, "-m", "bench.youtube", arm, url, target]
    done = subprocess.run(command, capture_output=True, text=True, env=os.environ)
    if done.returncode:
        raise RuntimeError(f"bench/youtube {arm} failed: {done.stderr[-2000:]}")
    output = done.stdout
    return json.loads(output.strip().splitlines()[-1])


def run(report):
    from django.conf import settings
    from django.core.files import File
    from django.core.files.storage import default_storage

    from channels.youtube.standin import YouTubeStandIn

    server = YouTubeStandIn().start()
    server.add_channel(CHANNEL, "Bench", refresh_token=TOKEN, client_id=CLIENT)
    path = os.path.join(os.environ.get("VSS_DATA_DIR", "/tmp"), "bench-youtube-clip.mp4")
    rng = random.Random(3)
    with open(path, "wb") as out:
        for _ in range(SIZE // CHUNK):
            out.write(rng.randbytes(CHUNK))
    with open(path, "rb") as handle:
        name = default_storage.save("bench/youtube-clip.mp4", File(handle))
    os.environ["BENCH_MEDIA_ROOT"] = str(settings.MEDIA_ROOT)
    try:
        # The machine is shared: each arm runs twice, alternating, and its better run counts.
        runs = [(_child("plain", server.url, path), _child("adapter", server.url, name)) for _ in range(2)]
    finally:
        server.stop()
        default_storage.delete(name)
        os.unlink(path)
    megabytes = SIZE / 2**20
    baseline = megabytes / min(plain["seconds"] for plain, _ in runs)
    measured = megabytes / min(adapter["seconds"] for _, adapter in runs)
    adapter = max((adapter for _, adapter in runs), key=lambda run: run["peak_kb"] - run["idle_kb"])
    report(f"upload {megabytes:.0f} MB: adapter vs plain PUT loop", measured, baseline, "MB/s",
           f"goal ≥ {GOAL_RATIO}x; {'met' if measured / baseline >= GOAL_RATIO else 'NOT met'}")
    over = (adapter["peak_kb"] - adapter["idle_kb"]) / 1024
    report("adapter peak memory over its idle size", over, GOAL_MB, "MB",
           f"idle {adapter['idle_kb'] / 1024:.0f} MB, peak {adapter['peak_kb'] / 1024:.0f} MB; goal < {GOAL_MB} MB "
           f"(ratio < 1); {'met' if over < GOAL_MB else 'NOT met'}")


if __name__ == "__main__":
    arm, url, target = sys.argv[1:4]
    print(json.dumps(_adapter(url, target) if arm == "adapter" else _plain(url, target)))
