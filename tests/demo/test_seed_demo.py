from io import StringIO

from django.core.management import call_command
from wagtail.models import Locale, Page, WorkflowState

from cms.models import CONTENT_TYPES, Language, OrgUnit


def test_seed_demo_builds_a_realistic_demo(db):
    out = StringIO()
    call_command("seed_demo", stdout=out)
    output = out.getvalue()

    items = [page for model in CONTENT_TYPES for page in model.objects.filter(locale=Locale.get_default())]
    assert len(items) >= 30
    assert all(model.objects.exists() for model in CONTENT_TYPES)
    assert len({area.code for page in items for area in page.policy_areas.all()}) >= 7
    assert len({page.campaign_id for page in items if page.campaign_id}) >= 6
    assert OrgUnit.objects.filter(kind="province", section_page__isnull=False).count() >= 3

    variants = [page for model in CONTENT_TYPES for page in model.objects.exclude(locale=Locale.get_default())]
    live_languages = {Language.objects.get(locale=page.locale).code for page in variants if page.live}
    assert len(live_languages & {"km-khmr", "hmn-latn", "jra-latn"}) >= 2
    assert all(page.variant_source is not None for page in variants)

    states = {state.status for state in WorkflowState.objects.all()}
    assert {"approved", "in_progress", "needs_changes"} <= states
    assert any(not page.live and page.get_latest_revision().approved_go_live_at for page in items)  # scheduled

    for username in ("admin", "bientap.lao-cai", "duyet.lao-cai", "bientap.tw", "tongbientap.tw", "lanhdao.tw"):
        assert username in output
    assert "loa." in output  # radio operators
    from django.conf import settings
    from django.contrib.auth import get_user_model

    logins = get_user_model().objects.filter(username__in=["admin", "duyet.lao-cai"]) | get_user_model().objects.filter(
        username__startswith="loa.")
    assert len(logins) >= 3
    for user in logins:  # the printed logins work with the demo password
        assert user.is_active and user.check_password(settings.VSS_DEMO_PASSWORD), user.username

    # Each installed channel that declares demo destinations has them, on its stand-in's address.
    from channels.registry import get_registry
    from demo.standins import standin_urls
    from publishing.models import Destination

    urls = standin_urls(get_registry())
    made = set(Destination.objects.values_list("channel", flat=True))
    assert {"portal", "facebook", "vssid", "loudspeaker", "zalo", "youtube"} <= made
    for destination in Destination.objects.filter(channel__in=urls):
        assert urls[destination.channel] in str(destination.config), destination.name  # its own stand-in

    pages_before = Page.objects.count()
    call_command("seed_demo", stdout=StringIO())  # a second run adds nothing
    assert Page.objects.count() == pages_before
