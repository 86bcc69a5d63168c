"""The rows of appendix 03 of the agency's 2020 plan ("Tổng hợp số liệu kết quả công tác thông tin,
truyền thông"), in its order and wording, each marked as counted by the system or entered by hand.

The screen, the XLSX, the CSV and the hand-entry form all read this one list, so the
layout changes in one place when the agency changes its template.
"""

import dataclasses

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from reports.series import item_boxes

COUNTED = "counted"
MANUAL = "manual"
HEADING = "heading"


@dataclasses.dataclass(frozen=True)
class Line:
    number: str
    label: str
    unit: str = ""
    source: str = HEADING  # COUNTED, MANUAL or HEADING
    key: str = ""  # metric name (counted) or field name (manual)
    note: str = ""
    decimal: bool = False  # a manual figure that may have decimals (coverage rates)

    @property
    def drill(self):
        """Query arguments of the drill-down listing behind a counted figure."""
        if self.key in DRILL:
            return DRILL[self.key]
        box, _sep, measure = self.key.rpartition("_")
        if self.source == COUNTED and measure in ("total", "hi") and box in item_boxes():
            return {"what": "items", "channel": box, **({"hi": "1"} if measure == "hi" else {})}
        return None

    def drill_url(self, unit, period):
        """A drill-down address another app gives for this figure (hook ``report_drill_url``), or None."""
        for hook in hooks.get_hooks("report_drill_url"):
            url = hook(self.key, unit, period)
            if url:
                return url
        return None


# Section A: results of communication activities.
SECTION_A = [
    Line("1", _("Cooperation with departments, agencies, socio-political organisations, unions "
                "and related units")),
    Line("1.1", _("Total number of cooperating units"), _("Units"), MANUAL, "partner_units"),
    Line("1.2", _("Total number of training, advice, dialogue and workshop meetings (including the post office)")),
    Line("-", _("Total number of meetings"), _("Meetings"), COUNTED, "meetings",
         _("Counted: conferences, training, workshops, dialogues and post office meetings in the activity register")),
    Line("-", _("Total number of attendees"), _("People"), COUNTED, "meeting_attendees"),
    Line("1.3", _("Post office meetings advising on and developing voluntary social insurance participants")),
    Line("-", _("Total number of meetings"), _("Meetings"), COUNTED, "post_office_meetings",
         _("Post office only")),
    Line("-", _("Total number of attendees"), _("People"), COUNTED, "post_office_attendees"),
    Line("-", _("Voluntary social insurance participants gained through the meetings"), _("People"), COUNTED,
         "post_office_new_participants"),
    Line("1.4", _("Meetings and workshops about health insurance only")),
    Line("-", _("Total number of meetings"), _("Meetings"), COUNTED, "hi_meetings",
         _("Only meetings and workshops about health insurance alone")),
    Line("-", _("Total number of attendees"), _("People"), COUNTED, "hi_meeting_attendees"),
    Line("1.5", _("Other communication activities (internal newsletters, mobile campaigns…)"), _("Activities"),
         MANUAL, "other_activities"),
    Line("2", _("Cooperation with the media")),
    Line("2.1", _("Local radio and television, local newspapers")),
    Line("-", _("Total number of special pages, columns, regular programmes, news items, articles, reports, "
                "talk shows…"), _("Columns, pages, items, articles, reports…"), COUNTED, "press_items",
         _("Counted: press items in the activity register")),
    Line("-", _("Special pages, columns, reports, articles, news items… about health insurance only"),
         _("Columns, pages, articles, items…"), COUNTED, "press_hi_items",
         _("Only pages, reports, articles and items about health insurance alone")),
    Line("2.2", _("Commune loudspeaker systems")),
    Line("-", _("Total number of broadcasts"), _("Times"), COUNTED, "loudspeaker_total",
         _("Counted: broadcasts confirmed by commune radio operators")),
    Line("-", _("Broadcasts about health insurance only"), _("Times"), COUNTED, "loudspeaker_hi",
         _("Counted: scripts whose policy areas are all health insurance")),
    Line("2.3", _("Other media activities"), _("Activities"), MANUAL, "other_media_activities"),
    Line("3", _("Visual communication, printing and distribution of publications")),
    Line("3.1", _("Panels, posters, banners, slogans, LED boards, agency signs…"), _("Pieces"), COUNTED,
         "posters", _("Counted: panels, posters and banners put up, in the activity register")),
    Line("3.2", _("Printing and distribution of leaflets and folded leaflets")),
    Line("-", _("Student health insurance leaflets"), _("Sheets"), COUNTED, "leaflets_student_hi",
         _("Counted: print quantity of leaflets first published in the period")),
    Line("-", _("Household health insurance leaflets"), _("Sheets"), COUNTED, "leaflets_household_hi"),
    Line("-", _("Compulsory social insurance leaflets"), _("Sheets"), COUNTED, "leaflets_compulsory_si"),
    Line("-", _("Voluntary social insurance leaflets"), _("Sheets"), COUNTED, "leaflets_voluntary_si"),
    Line("-", _("Other leaflets"), _("Sheets"), COUNTED, "leaflets_other"),
    Line("4", _("The provincial social security website")),
    Line("4.1", _("Number of news items, articles, videos…")),
    Line("-", _("Total number of news items, articles, videos…"), _("Items"), COUNTED, "portal_total",
         _("Counted: items published to the provincial portal")),
    Line("-", _("News items, articles… about health insurance only"), _("Items"), COUNTED, "portal_hi",
         _("Only items about health insurance alone")),
    Line("4.2", _("Online Q&A sessions"), _("Sessions"), COUNTED, "online_qa",
         _("Counted: online Q&A sessions in the activity register")),
    Line("4.3", _("Number of visitors"), _("People"), MANUAL, "website_visitors"),
    Line("5", _("Building the team of communication staff and volunteers")),
    Line("5.1", _("Full-time communication staff"), _("People"), MANUAL, "staff_full_time"),
    Line("5.2", _("Part-time communication staff"), _("People"), MANUAL, "staff_part_time"),
    Line("5.3", _("Volunteers"), _("People"), MANUAL, "volunteers"),
    Line("5.4", _("Meetings and training to guide and improve the staff and volunteers"), _("Meetings"), COUNTED,
         "staff_training", _("Counted: staff and volunteer training in the activity register")),
    Line("6", _("Directing, inspecting and guiding the communication work of the local offices")),
    Line("-", _("Directive and guidance documents issued"), _("Documents"), MANUAL, "directive_documents"),
    Line("-", _("Inspections and guidance visits"), _("Visits"), MANUAL, "inspections"),
    Line("-", _("Units inspected and guided"), _("Units"), MANUAL, "units_inspected"),
    Line("7", _("Other communication activities (contests, social networks…)")),
    Line("7.1", _("Posts on the province's Facebook fanpage"), _("Posts"), COUNTED, "fanpage_total",
         _("Counted: items published to the fanpage")),
    Line("-", _("of which about health insurance only"), _("Posts"), COUNTED, "fanpage_hi"),
    Line("7.2", _("News items in the VssID app"), _("Items"), COUNTED, "vssid_total",
         _("Counted: items published to the VssID feed")),
    Line("-", _("of which about health insurance only"), _("Items"), COUNTED, "vssid_hi"),
    Line("7.3", _("Other activities (contests…)"), _("Activities"), MANUAL, "other_activities_7"),
]

# Section B: participants gained since the start of the year; section C: budget. Both by hand.
SECTION_B = [
    Line("1", _("Compulsory social insurance"), _("People"), MANUAL, "new_compulsory_si"),
    Line("", _("Coverage rate"), "%", MANUAL, "coverage_compulsory_si", decimal=True),
    Line("2", _("Voluntary social insurance"), _("People"), MANUAL, "new_voluntary_si"),
    Line("", _("Coverage rate"), "%", MANUAL, "coverage_voluntary_si", decimal=True),
    Line("3", _("Health insurance"), _("People"), MANUAL, "new_hi"),
    Line("", _("Coverage rate"), "%", MANUAL, "coverage_hi", decimal=True),
]

SECTION_C = [
    Line("1", _("Budget carried over from the previous year"), _("VND"), MANUAL, "budget_carried_over"),
    Line("2", _("Budget allocated in the year"), _("VND"), MANUAL, "budget_allocated"),
    Line("3", _("Budget used in the year"), _("VND"), MANUAL, "budget_used"),
    Line("4", _("Budget remaining"), _("VND"), MANUAL, "budget_remaining"),
]

SECTIONS = [
    ("A", _("Results of communication activities"), SECTION_A),
    ("B", _("Participants gained"), SECTION_B),
    ("C", _("Use of the budget"), SECTION_C),
]

# The title of the second column in each section, as the template words it.
COLUMN_TITLES = {"A": _("Activity"), "B": _("Participant group"), "C": _("Work item")}

ALL_LINES = [line for _code, _title, lines in SECTIONS for line in lines]
MANUAL_LINES = [line for line in ALL_LINES if line.source == MANUAL]
COUNTED_KEYS = [line.key for line in ALL_LINES if line.source == COUNTED]

# What each counted figure lists when clicked (see views.DrillDownView).
DRILL = {
    "loudspeaker_total": {"what": "broadcasts"},
    "loudspeaker_hi": {"what": "broadcasts", "hi": "1"},
    # "<box>_total" / "<box>_hi" of every channel box counting items: see Line.drill.
    "leaflets_student_hi": {"what": "leaflets", "kind": "student_hi"},
    "leaflets_household_hi": {"what": "leaflets", "kind": "household_hi"},
    "leaflets_compulsory_si": {"what": "leaflets", "kind": "compulsory_si"},
    "leaflets_voluntary_si": {"what": "leaflets", "kind": "voluntary_si"},
    "leaflets_other": {"what": "leaflets", "kind": "other"},
}
