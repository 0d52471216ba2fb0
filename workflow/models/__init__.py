from workflow.models.access import (
    ClerkAssignment,
    OrganizationGroupObjectPermission,
    OrganizationUserObjectPermission,
)
from workflow.models.attendance import InvitationReply
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
from workflow.models.filing import CoSignature, Filing
from workflow.models.history import HistoryEntry
from workflow.models.meeting import AgendaItem, Meeting
from workflow.models.paper import (
    Consultation,
    Paper,
    PaperPublication,
    SignOff,
    StatementRequest,
)
from workflow.models.proceedings import (
    AgendaDecision,
    Attendance,
    BiasExclusion,
    RollCallVote,
    SittingFeeExport,
    Vote,
)

# What the services run transitions on and write history about.
Subject = Paper | Meeting | Filing

__all__ = [
    "AgendaDecision",
    "AgendaItem",
    "Attendance",
    "BiasExclusion",
    "Body",
    "ClerkAssignment",
    "CoSignature",
    "Consultation",
    "Filing",
    "HistoryEntry",
    "InvitationReply",
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
    "RollCallVote",
    "SignOff",
    "SignOffRule",
    "SittingFeeExport",
    "StatementRequest",
    "Subject",
    "Vote",
]
