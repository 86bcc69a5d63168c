"""The project's API views: public item reads (cached), draft preview (signed token)."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.decorators import method_decorator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.models import Page

from cms.api import selectors
from cms.api.caching import Validators
from cms.api.documents import TYPE_MODELS, item_document
from cms.api.errors import BadParameter
from cms.api.pagination import ItemCursorPagination
from cms.api.params import FIELDS, MAX_QUERY_LENGTH, ORDERINGS, Languages, detail_params, list_params
from cms.api.preview import preview_token_create, preview_token_page
from cms.api.serializers import (
    ErrorSerializer,
    ItemPageSerializer,
    ItemSerializer,
    PreviewTokenRequestSerializer,
    PreviewTokenSerializer,
)
from cms.api.throttling import AnonThrottle, UserThrottle

ERRORS = {400: OpenApiResponse(ErrorSerializer, description="A parameter the API cannot use, named in the body."),
          429: OpenApiResponse(ErrorSerializer, description="Too many requests from this client.")}
MAX_ID = 2**62
# What the parameter checks (cms.api.params) accept, stated in the schema so that clients and
# schemathesis know an empty list (or only commas) is a 400 rather than "no filter".
LISTED = {"type": "string", "minLength": 1, "pattern": r"[^\s,]"}
NON_EMPTY = {"type": "string", "minLength": 1}
ITEM_ID = {"type": "integer", "minimum": 1, "maximum": MAX_ID}


def present(rows, *, fields, locale_id, languages, request):
    """The answer for ``rows`` (PublishedItem): stored documents plus renditions and translations."""
    detail_base = request.build_absolute_uri(reverse("api-item-detail", args=["0"]))[:-2]
    translations = (selectors.translations_of(rows, languages, lambda pk: f"{detail_base}{pk}/")
                    if "translations" in fields else {})
    ready = (selectors.renditions_of({row.image_id for row in rows if row.image_id})
             if "image" in fields else {})
    results = []
    for row in rows:
        document = row.document
        item = {}
        for name in fields:
            if name == "is_fallback":
                item[name] = locale_id is not None and row.locale_id != locale_id
            elif name == "translations":
                item[name] = [other for other in translations.get(row.translation_key, ())
                              if other["id"] != row.page_id]
            elif name == "image":
                image = document.get("image")
                item[name] = ({**image, "renditions": selectors.image_renditions(image["id"], ready)}
                              if image else None)
            else:
                item[name] = document.get(name)
        results.append(item)
    return results


# Reads never write: no transaction around them (ATOMIC_REQUESTS is on for the admin's sake).
@method_decorator(transaction.non_atomic_requests, name="dispatch")
class PublicReadView(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [AnonThrottle, UserThrottle]


LIST_PARAMETERS = [
    OpenApiParameter("type", LISTED, description=f"Content types, comma-separated: {', '.join(TYPE_MODELS)}."),
    OpenApiParameter("policy_area", LISTED, description="Policy area codes, comma-separated (any of them), e.g. bhyt."),
    OpenApiParameter("audience", LISTED, description="Audience group codes, comma-separated (any of them)."),
    OpenApiParameter("campaign", LISTED, description="Campaign slugs, comma-separated."),
    OpenApiParameter("unit", LISTED, description="Organisation unit codes; a province includes its communes."),
    OpenApiParameter("locale", NON_EMPTY, description="BCP 47 tag, e.g. km-Khmr (default: vi). Items without a "
                                                "version in it come in Vietnamese, marked is_fallback."),
    OpenApiParameter("fallback", bool, description="false: only items in the locale asked for."),
    OpenApiParameter("updated_since", OpenApiTypes.DATETIME, description="Published or updated since (ISO 8601)."),
    OpenApiParameter("q", {"type": "string", "maxLength": MAX_QUERY_LENGTH}, description="Search words; case and diacritics are ignored "
                                           "(\"bao hiem y te\" finds \"Bảo hiểm y tế\")."),
    OpenApiParameter("ordering", str, enum=list(ORDERINGS), description="Default -first_published_at."),
    OpenApiParameter("fields", LISTED, description=f"Fields to return, comma-separated: {', '.join(FIELDS)}."),
    OpenApiParameter("page_size", {"type": "integer", "minimum": 1, "maximum": settings.VSS_API_MAX_PAGE_SIZE},
                     description=f"Items per page, 1-{settings.VSS_API_MAX_PAGE_SIZE} "
                                 f"(default {settings.VSS_API_PAGE_SIZE})."),
    OpenApiParameter("cursor", str, description="From the previous answer's next or previous link."),
]


class ItemListView(PublicReadView):
    @extend_schema(operation_id="items_list", parameters=LIST_PARAMETERS,
                   responses={200: ItemPageSerializer, **ERRORS},
                   summary="Live items across content types, filtered, newest first")
    def get(self, request):
        validators = Validators(request)
        if (not_modified := validators.not_modified(request)) is not None:
            return not_modified
        languages = Languages.load()
        params = list_params(request.query_params, languages)
        paginator = ItemCursorPagination(params.ordering)
        rows = paginator.paginate_queryset(selectors.items_list(params, languages), request, view=self)
        results = present(rows, fields=params.fields, locale_id=params.locale_id, languages=languages,
                          request=request)
        return validators.apply(paginator.get_paginated_response(results))


class ItemDetailView(PublicReadView):
    @extend_schema(
        operation_id="items_retrieve",
        parameters=[
            OpenApiParameter("id", ITEM_ID, OpenApiParameter.PATH, description="The item's id (a whole number)."),
            OpenApiParameter("locale", NON_EMPTY, description="Give this item's version in that locale (BCP 47), "
                                                        "or the Vietnamese one if there is none."),
            OpenApiParameter("fallback", bool, description="false: 404 when there is no version in the locale."),
            OpenApiParameter("fields", LISTED, description="Fields to return, comma-separated."),
        ],
        responses={200: ItemSerializer, 404: OpenApiResponse(ErrorSerializer), **ERRORS},
        summary="One live item")
    def get(self, request, pk):
        page_id = parse_id(pk)
        validators = Validators(request)
        if (not_modified := validators.not_modified(request)) is not None:
            return not_modified
        languages = Languages.load()
        params = detail_params(request.query_params, languages)
        row = selectors.item_detail(page_id, params, languages)
        if row is None:
            raise NotFound("No live item has this id.")
        if params.locale_id is not None and not params.fallback and row.locale_id != params.locale_id:
            raise NotFound("This item has no live version in that locale.")
        [item] = present([row], fields=params.fields, locale_id=params.locale_id, languages=languages,
                         request=request)
        return validators.apply(Response(item))


def parse_id(raw):
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise BadParameter("id", f"The item id must be a whole number, not {raw!r}.") from None
    if not 1 <= value <= MAX_ID:
        raise BadParameter("id", "The item id is out of range.")
    return value


class PreviewTokenView(APIView):
    permission_classes = [IsAuthenticated]
    throttle_classes = [UserThrottle]

    @extend_schema(operation_id="preview_token_create", request=PreviewTokenRequestSerializer,
                   responses={201: PreviewTokenSerializer, 401: ErrorSerializer, 403: ErrorSerializer,
                              404: ErrorSerializer, **ERRORS},
                   summary="A signed, expiring link to an item's latest draft")
    def post(self, request):
        body = PreviewTokenRequestSerializer(data=request.data)
        if not body.is_valid():
            raise ValidationError(body.errors)
        page = Page.objects.filter(pk=body.validated_data["page"]).first()
        if page is None:
            raise NotFound("No item has this id.")
        try:
            token, expires = preview_token_create(page=page, user=request.user)
        except PermissionError:
            raise PermissionDenied("You may not edit this item, so you may not preview it.") from None
        url = request.build_absolute_uri(reverse("api-preview")) + f"?token={token}"
        answer = PreviewTokenSerializer({"token": token, "expires_at": expires, "url": url}).data
        return Response(answer, status=status.HTTP_201_CREATED, headers={"Cache-Control": "no-store"})


@method_decorator(transaction.non_atomic_requests, name="dispatch")
class PreviewView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []  # the signed token is the credential
    throttle_classes = [AnonThrottle]

    @extend_schema(operation_id="preview_retrieve",
                   parameters=[OpenApiParameter("token", NON_EMPTY, required=True,
                                                description="From POST /api/preview/tokens/.")],
                   responses={200: ItemSerializer, 403: ErrorSerializer, **ERRORS},
                   summary="The latest draft of an item, for a front end's preview")
    def get(self, request):
        token = request.query_params.get("token")
        if not token:
            raise BadParameter("token", "Give the preview token as ?token=.")
        unknown = sorted(set(request.query_params) - {"token"})
        if unknown:
            raise BadParameter(unknown[0], f"Unknown query parameter {unknown[0]!r}.", allowed=["token"])
        page = preview_token_page(token)
        document = item_document(page)
        image = document.get("image")
        if image:
            image["renditions"] = selectors.image_renditions(image["id"], selectors.renditions_of({image["id"]}))
        document["is_fallback"] = False
        document["translations"] = []
        return Response(document, headers={"Cache-Control": "private, no-store"})
