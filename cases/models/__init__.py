from .action import ActionItem
from .case import Case
from .concern import Concern, ConcernCategory
from .consent import Consent
from .event import CaseEvent
from .people import CasePresence, InvolvedProfessional, Target
from .sheet import CaseSheetVersion
from .student import Student

__all__ = [
    "ActionItem",
    "Case",
    "CaseEvent",
    "CasePresence",
    "CaseSheetVersion",
    "Concern",
    "ConcernCategory",
    "Consent",
    "InvolvedProfessional",
    "Student",
    "Target",
]
