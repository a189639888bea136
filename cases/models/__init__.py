from .action import ActionItem
from .case import Case
from .concern import Concern, ConcernCategory
from .consent import Consent
from .event import CaseEvent
from .meeting import AgendaItem, Attendance, Invitation, InviteeGroup, Meeting, MinutesItem
from .people import CasePresence, InvolvedProfessional, Target
from .sheet import CaseSheetVersion, SheetBatch
from .student import SchoolStudentCount, Student

__all__ = [
    "ActionItem",
    "AgendaItem",
    "Attendance",
    "Case",
    "CaseEvent",
    "CasePresence",
    "CaseSheetVersion",
    "Concern",
    "ConcernCategory",
    "Consent",
    "Invitation",
    "InviteeGroup",
    "InvolvedProfessional",
    "Meeting",
    "MinutesItem",
    "SchoolStudentCount",
    "SheetBatch",
    "Student",
    "Target",
]
