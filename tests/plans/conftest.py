"""Plans of the two test provinces, register entries and deliveries with known answers."""

import datetime
import itertools
from zoneinfo import ZoneInfo

import pytest
from django.test import Client


VN = ZoneInfo("Asia/Ho_Chi_Minh")
_keys = itertools.count()


def login(username):
    # force_login: django-axes wants the request in authenticate(), which Client.login() does not pass.
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def make_plan(unit, year, lines, *, live=True, user=None):
    """A plan whose lines are ``[(template code, quantity, period kind, period number)]``, received (live) by default."""
    from plans.models import PlanLine, PlanTemplateLine, YearlyPlan

    templates = {line.code: line for line in PlanTemplateLine.objects.all()}
    plan = YearlyPlan(org_unit=unit, year=year, live=live)
    plan.lines = [PlanLine(template_line=templates[code], quantity=quantity, period_kind=kind, period_number=number,
                           budget=1, content=f"Nội dung {code}") for code, quantity, kind, number in lines]
    plan.save()
    plan.save_revision(user=user)
    return plan


def entry(unit, kind, day, **fields):
    from plans.models import ActivityEntry

    fields.setdefault("title", f"{kind} {day}")
    return ActivityEntry.objects.create(org_unit=unit, kind=kind, held_on=day, **fields)


def send(page, destination, at, *, status="sent"):
    from publishing.models import Delivery

    return Delivery.objects.create(page=page, item_title=page.title, destination=destination, action="publish",
                                   status=status, due_at=at, next_attempt_at=at,
                                   finished_at=at if status == "sent" else None,
                                   idempotency_key=f"plans-test-{next(_keys)}")


@pytest.fixture
def day():
    return datetime.date
