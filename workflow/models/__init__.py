from workflow.models.body import (
    Body,
    LegislativeTerm,
    Location,
    Membership,
    Organization,
    PaperType,
    Person,
    ReferenceCounter,
    ResolutionKind,
)
from workflow.models.history import TransitionLog
from workflow.models.meeting import AgendaItem, Meeting
from workflow.models.paper import Consultation, Paper

__all__ = [
    "AgendaItem",
    "Body",
    "Consultation",
    "LegislativeTerm",
    "Location",
    "Meeting",
    "Membership",
    "Organization",
    "Paper",
    "PaperType",
    "Person",
    "ReferenceCounter",
    "ResolutionKind",
    "TransitionLog",
]
