from workflow.models.access import (
    ClerkAssignment,
    OrganizationGroupObjectPermission,
    OrganizationUserObjectPermission,
)
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
    SignOffRule,
)
from workflow.models.history import HistoryEntry
from workflow.models.meeting import AgendaItem, Meeting
from workflow.models.paper import Consultation, Paper, PaperPublication, SignOff

__all__ = [
    "AgendaItem",
    "Body",
    "ClerkAssignment",
    "Consultation",
    "HistoryEntry",
    "LegislativeTerm",
    "Location",
    "Meeting",
    "Membership",
    "Organization",
    "OrganizationGroupObjectPermission",
    "OrganizationUserObjectPermission",
    "Paper",
    "PaperPublication",
    "PaperType",
    "Person",
    "ReferenceCounter",
    "ResolutionKind",
    "SignOff",
    "SignOffRule",
]
