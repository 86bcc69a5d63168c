"""Demo data of the plans app: each demo province's plan for this year (approved and received through
the real workflow), a year of register entries, so the calendar and plan against actual have something
to show. Called by ``seed_demo``; idempotent (left alone once a plan exists)."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from cms.models import Campaign, OrgUnit, PolicyArea
from plans.models import ActivityEntry, PlanLine, PlanTemplateLine, YearlyPlan
from plans.setup import plans_setup

# (template line, yearly quantity, period kind, period number, lead unit, budget in million đồng)
LINES = [
    ("1.1", 24, "year", None, "Phòng Truyền thông và Phát triển đối tượng", 120),
    ("1.2", 2, "quarter", 2, "Phòng Truyền thông và Phát triển đối tượng", 60),
    ("1.3", 6, "quarter", 3, "Phòng Truyền thông và Phát triển đối tượng", 45),
    ("2.1", 48, "year", None, "Đài Phát thanh - Truyền hình tỉnh", 150),
    ("2.2", 36, "year", None, "Báo địa phương", 90),
    ("2.3", 400, "year", None, "BHXH cơ sở", 0),
    ("3.1", 40, "month", 5, "Văn phòng", 80),
    ("3.2", 120, "quarter", 3, "Văn phòng", 30),
    ("3.3", 20000, "year", None, "Phòng Truyền thông và Phát triển đối tượng", 200),
    ("4.2", 240, "year", None, "Ban biên tập Cổng thông tin", 40),
    ("4.3", 2, "month", 7, "Ban biên tập Cổng thông tin", 20),
    ("5.3", 2, "quarter", 1, "Phòng Tổ chức cán bộ", 30),
    ("8", 300, "year", None, "Ban biên tập Cổng thông tin", 0),
]
KINDS = [("conference", "Hội nghị tuyên truyền chính sách BHXH, BHYT tại xã"), ("training", "Tập huấn đại lý thu"),
         ("dialogue", "Đối thoại với người lao động khu công nghiệp"), ("workshop", "Hội thảo BHYT học sinh"),
         ("post_office_meeting", "Hội nghị khách hàng tại Bưu điện"), ("press_radio_tv", "Phóng sự trên Đài PT-TH"),
         ("press_newspaper", "Bài viết trên báo địa phương"), ("poster", "Treo pa nô tháng BHXH toàn dân"),
         ("banner", "Băng rôn Ngày BHYT Việt Nam"), ("leaflet", "Phát tờ gấp BHYT hộ gia đình"),
         ("online_qa", "Giao lưu trực tuyến về Luật BHXH 2024")]


def _plan(unit, year, editor, approver, receiver):
    templates = {line.code: line for line in PlanTemplateLine.objects.all()}
    plan = YearlyPlan(org_unit=unit, year=year, live=False, place=unit.name, signer="Nguyễn Văn A")
    plan.lines = [PlanLine(template_line=templates[code], quantity=quantity, period_kind=kind, period_number=number,
                           lead_unit=lead, partner_units="Liên đoàn Lao động tỉnh; Hội Nông dân tỉnh", budget=budget,
                           content=templates[code].label) for code, quantity, kind, number, lead, budget in LINES]
    plan.save()
    plan.save_revision(user=editor)
    state = plan.get_workflow().start(plan, editor)
    for user in (approver, receiver):
        task_state = state.current_task_state
        task_state.task.specific.on_action(task_state, user, "approve")
        state.refresh_from_db()
    return YearlyPlan.objects.get(pk=plan.pk)


def _entries(province, year, today, rng):
    campaigns = list(Campaign.objects.all())
    areas = list(PolicyArea.objects.all())
    communes = list(province.children.order_by("code")[:6]) or [province]
    entries = []
    day = datetime.date(year, 1, 5)
    while day <= min(today + datetime.timedelta(days=45), datetime.date(year, 12, 31)):
        kind, title = KINDS[rng.randrange(len(KINDS))]
        unit = communes[rng.randrange(len(communes))] if rng.random() < 0.5 else province
        active = [c for c in campaigns if c.is_active_on(day)]
        entries.append(ActivityEntry(
            kind=kind, title=f"{title} ({unit.name})", held_on=day, org_unit=unit,
            campaign=active[0] if active else None,
            attendees=rng.randrange(30, 250) if kind in ("conference", "training", "dialogue", "workshop",
                                                          "post_office_meeting", "online_qa") else None,
            quantity=rng.randrange(10, 60) if kind in ("poster", "banner") else
            (rng.randrange(500, 3000) if kind == "leaflet" else None),
            participants_gained=rng.randrange(0, 20) if kind == "post_office_meeting" else None,
            outlet="Đài PT-TH tỉnh" if kind == "press_radio_tv" else ("Báo tỉnh" if kind == "press_newspaper" else "")))
        day += datetime.timedelta(days=rng.choice((2, 3, 4)))
    created = ActivityEntry.objects.bulk_create(entries)
    Through = ActivityEntry.policy_areas.through
    Through.objects.bulk_create([Through(activityentry_id=entry.pk, policyarea_id=areas[n % len(areas)].pk)
                                 for n, entry in enumerate(created)])
    return len(created)


def seed_plans(*, province_codes, out=print):
    plans_setup()
    User = get_user_model()
    year = timezone.localdate().year
    today = timezone.localdate()
    receiver = User.objects.get(username="lanhdao.tw")
    rng = random.Random(19)
    for code in province_codes:
        province = OrgUnit.objects.get(code=code)
        if YearlyPlan.objects.filter(org_unit=province, year=year).exists():
            continue
        editor = User.objects.get(username=f"bientap.{province.slug}")
        approver = User.objects.get(username=f"duyet.{province.slug}")
        plan = _plan(province, year, editor, approver, receiver)
        count = _entries(province, year, today, rng)
        out(f"  plan {plan} ({'received' if plan.live else 'in workflow'}), {count} register entries")
