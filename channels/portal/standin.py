"""The portal channel's loopback stand-in: the reference portal receiver (receiver.py).

Tests, benchmarks and ``make run`` import it from here. The code still lives in
receiver.py (``python -m channels.portal.receiver`` keeps working) while another
branch edits it; the lead moves it here after merging.
"""

from channels.portal.receiver import *  # noqa: F401,F403
