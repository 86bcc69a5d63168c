"""One import point for the plans app's models."""

from plans.models.calendar import CalendarToken
from plans.models.plans import PlanLine, PlanStepTask, PlanTemplateLine, YearlyPlan
from plans.models.register import ActivityAttachment, ActivityEntry, ActivityKind
from plans.models.reminders import ReminderSent, ReportSubmission

__all__ = ["ActivityAttachment", "ActivityEntry", "ActivityKind", "CalendarToken", "PlanLine", "PlanStepTask",
           "PlanTemplateLine", "ReminderSent", "ReportSubmission", "YearlyPlan"]
