"""The Facebook channel's loopback stand-in: the Graph API double (double.py).

Tests, benchmarks and ``make run`` import it from here. The code still lives in
double.py (``python -m channels.facebook.double`` keeps working) while another
branch edits it; the lead moves it here after merging.
"""

from channels.facebook.double import *  # noqa: F401,F403
