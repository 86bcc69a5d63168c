"""The Data API client: Google's google-api-python-client with google-auth credentials.

Pointed at Google by default (the library's bundled API description, no network
fetch); a destination with an ``api_url`` (the loopback stand-in) reads the API
description from that server's discovery endpoint and sends every call there,
through the client's documented ``discoveryServiceUrl`` and
``client_options={"api_endpoint": ...}``, so nothing is patched.

httplib2 treats 308 as a redirect; googleapiclient's ``build_http`` turns that
off (308 is "resume incomplete" in the upload protocol), so the transport is
built with it and then wrapped in google-auth's AuthorizedHttp, which refreshes
the access token from the refresh token as calls need.
"""

import os

import google_auth_httplib2
from django.conf import settings
from google.oauth2.credentials import Credentials
from googleapiclient.discovery import build
from googleapiclient.http import build_http

SCOPES = ("https://www.googleapis.com/auth/youtube.upload", "https://www.googleapis.com/auth/youtube.force-ssl")
TOKEN_URL = "https://oauth2.googleapis.com/token"
AUTH_URL = "https://accounts.google.com/o/oauth2/v2/auth"


def client_id(config):
    return (config.get("client_id") or getattr(settings, "YOUTUBE_CLIENT_ID", "")
            or os.environ.get("YOUTUBE_CLIENT_ID", "")).strip()


def client_secret():
    # The agency's OAuth client secret: from the environment only (it is not a destination's).
    return getattr(settings, "YOUTUBE_CLIENT_SECRET", "") or os.environ.get("YOUTUBE_CLIENT_SECRET", "")


def credentials(config, refresh_token):
    return Credentials(token=None, refresh_token=refresh_token, token_uri=config.get("token_url") or TOKEN_URL,
                       client_id=client_id(config), client_secret=client_secret(), scopes=list(SCOPES))


def authorized_http(config, refresh_token, *, timeout=60.0):
    http = build_http()
    http.timeout = timeout
    return google_auth_httplib2.AuthorizedHttp(credentials(config, refresh_token), http=http)


def youtube(config, http):
    """The youtube v3 resource over ``http``; its API description fetched from a stand-in, or bundled."""
    api_url = (config.get("api_url") or "").rstrip("/")
    if not api_url:
        return build("youtube", "v3", http=http, static_discovery=True, cache_discovery=False)
    return build("youtube", "v3", http=http, cache_discovery=False, static_discovery=False,
                 discoveryServiceUrl=f"{api_url}/discovery/v1/apis/{{api}}/{{apiVersion}}/rest",
                 client_options={"api_endpoint": f"{api_url}/"})
