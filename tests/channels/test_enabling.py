"""Enabling a channel is INSTALLED_APPS, read from VSS_CHANNELS: what is left out is nowhere."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import json, django
django.setup()
from channels.registry import get_registry
from media.renditions import channel_sizes
registry = get_registry()
print(json.dumps({"kinds": registry.kinds(), "boxes": [box.code for box in registry.boxes()],
                  "sizes": sorted(channel_sizes())}))
"""


def _probe(channels):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test", "VSS_CHANNELS": channels}
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_only_the_listed_channels_are_registered_with_their_boxes_and_sizes():
    found = _probe("log,portal,loudspeaker")
    assert found == {"kinds": ["log", "loudspeaker", "portal"], "boxes": ["portal", "loudspeaker"],
                     "sizes": ["portal", "portal_thumb"]}


def test_a_channel_from_outside_channels_is_enabled_by_its_app_path():
    found = _probe("log,tests.toychannel")
    assert found["kinds"] == ["log", "noticeboard"] and found["sizes"] == ["notice_square"]
