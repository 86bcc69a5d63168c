"""The headless content API: Wagtail's API v2 at /api/v2/ and the project's own at /api/.

Modules: documents (an item's public fields), indexing and signals (the read model
written on publish), params (query parameters, checked), selectors (reads), caching
(ETag / Last-Modified), preview (signed draft links), views, urls, v2 (Wagtail's router).
"""
