"""drf-spectacular hooks."""


def only_project_endpoints(endpoints, **kwargs):
    """Keep the project's endpoints; Wagtail's stock /api/v2/ is documented by Wagtail."""
    return [endpoint for endpoint in endpoints
            if endpoint[0].startswith("/api/") and not endpoint[0].startswith("/api/v2/")]
