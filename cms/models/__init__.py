"""One import point for the CMS models; submodules split by concern."""

from cms.models.content import (  # noqa: F401
    CONTENT_TYPES,
    BroadcastScriptPage,
    ClipPage,
    ClipSubtitle,
    InfographicPage,
    LeafletPage,
    NewsPage,
)
from cms.models.languages import Language  # noqa: F401
from cms.models.org import OrgUnit, OrgUnitAlias, OrgUnitGroup, Role, StaffProfile  # noqa: F401
from cms.models.pages import ContentPage, HomePage, SectionPage  # noqa: F401
from cms.models.taxonomy import AudienceGroup, Campaign, ChannelKind, PolicyArea  # noqa: F401
from cms.models.review import ReviewTask, SendBackForm  # noqa: F401
from cms.models.published import PublishedIndexState, PublishedItem  # noqa: F401
