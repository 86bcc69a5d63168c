"""Throttles whose rates are read from settings at request time (VSS_API_ANON_RATE, VSS_API_USER_RATE).

DRF's own classes copy their rates when imported; reading them per request lets an
operator (and a test) change them with the settings. An empty rate turns the throttle off.
"""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class AnonThrottle(AnonRateThrottle):
    def get_rate(self):
        return settings.VSS_API_ANON_RATE or None


class UserThrottle(UserRateThrottle):
    def get_rate(self):
        return settings.VSS_API_USER_RATE or None
