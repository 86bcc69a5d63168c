"""The toy channel's one public page: the boards it serves, mounted at its AppConfig.url_prefix."""

from django.http import JsonResponse
from django.urls import path


def boards(request):
    return JsonResponse({"boards": ["front", "back"]})


urlpatterns = [path("", boards, name="noticeboard_boards")]
