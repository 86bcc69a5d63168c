"""The bench's settings for its worker process: the bench process's media folder (test settings make a new one each)."""

import os

from cms.settings.test import *  # noqa: F401,F403

MEDIA_ROOT = os.environ["BENCH_MEDIA_ROOT"]
