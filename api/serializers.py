"""Input and output shapes of the staff API. Inputs are validated here; every rule about
what may happen lives in ``workflow.services``."""

from __future__ import annotations

import datetime

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from config import params
from workflow import selectors, services
from workflow.models import (
    AgendaItem,
    Body,
    Consultation,
    Location,
    Meeting,
    Organization,
    Paper,
    PaperType,
    Person,
    ResolutionKind,
)


class PaperSerializer(serializers.ModelSerializer):
    state_label = serializers.CharField(source="get_state_display", read_only=True)

    class Meta:
        model = Paper
        fields = [
            "id",
            "reference",
            "name",
            "paper_type",
            "date",
            "lead_organization",
            "officer",
            "state",
            "state_label",
            "created",
            "modified",
        ]
        read_only_fields = fields


@extend_schema_field(OpenApiTypes.INT)
class VisiblePaperField(serializers.PrimaryKeyRelatedField):
    """A paper by id, among those the caller may see: any other id is "does not exist", so a
    refusal never names a paper the caller may not read."""

    def get_queryset(self):
        return selectors.visible_papers(self.context["request"].user)


class BoundedDateTimeField(serializers.DateTimeField):
    """A date-time between the years 1900 and 2200 (``config.params``): a year 1 or 9999
    with an offset would overflow in the conversion to UTC."""

    def to_internal_value(self, value):
        try:
            moment = super().to_internal_value(value)
        except OverflowError:
            self.fail("invalid", format="ISO 8601")
        if not params.MIN_YEAR <= moment.year <= params.MAX_YEAR:
            self.fail("invalid", format="ISO 8601")
        return moment


class BoundedDateField(serializers.DateField):
    """A date between the years 1900 and 2200."""

    def to_internal_value(self, value) -> datetime.date:
        day = super().to_internal_value(value)
        if not params.MIN_YEAR <= day.year <= params.MAX_YEAR:
            self.fail("invalid", format="YYYY-MM-DD")
        return day


# a text that is more than blanks (the serializer trims them); the schema says so as pattern
NOT_BLANK = RegexValidator(r"\S", _("Dieses Feld darf nicht nur aus Leerzeichen bestehen."))


class PaperCreateSerializer(serializers.Serializer):
    body = serializers.PrimaryKeyRelatedField(queryset=Body.objects.all())
    name = serializers.CharField(max_length=500, validators=[NOT_BLANK])
    paper_type = serializers.PrimaryKeyRelatedField(queryset=PaperType.objects.all())
    date = BoundedDateField(required=False)
    lead_organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), required=False, allow_null=True
    )
    officer = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), required=False, allow_null=True
    )
    statement = serializers.CharField(required=False, allow_blank=True, default="")
    resolution_proposal = serializers.CharField(required=False, allow_blank=True, default="")


class ConsultationCreateSerializer(serializers.Serializer):
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    role = serializers.ChoiceField(choices=Consultation.Role.choices)
    authoritative = serializers.BooleanField(required=False, allow_null=True, default=None)
    # a PositiveSmallIntegerField; a Beratungsfolge is never longer than a few steps
    position = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=100)


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ReasonSerializer(serializers.Serializer):
    """For the steps that need a reason (``return_agenda``, ``cancel_meeting``)."""

    # required; an empty one is refused by the service, with its reason
    comment = serializers.CharField(allow_blank=True, help_text="Begründung (Pflicht)")


class MeetingSerializer(serializers.ModelSerializer):
    state_label = serializers.CharField(source="get_state_display", read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "reference",
            "name",
            "organization",
            "start",
            "end",
            "actual_start",
            "actual_end",
            "location",
            "state",
            "state_label",
            "created",
            "modified",
        ]
        read_only_fields = fields


class MeetingCreateSerializer(serializers.Serializer):
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    name = serializers.CharField(
        max_length=300, default="Ordentliche Sitzung", validators=[NOT_BLANK]
    )
    start = BoundedDateTimeField()
    end = BoundedDateTimeField(required=False, allow_null=True)
    location = serializers.PrimaryKeyRelatedField(
        queryset=Location.objects.all(), required=False, allow_null=True
    )
    archive = serializers.BooleanField(
        default=False,
        help_text="nachträglich erfassen: Pflicht für eine Sitzung, deren Beginn vorbei ist",
    )
    allow_overlap = serializers.BooleanField(
        default=False,
        help_text="Überschneidung mit einer anderen Sitzung des Gremiums bestätigen",
    )


class RescheduleSerializer(serializers.Serializer):
    """Sitzung verlegen: the new time and room, and the reason the invited are told."""

    start = BoundedDateTimeField()
    end = BoundedDateTimeField(required=False, allow_null=True)
    location = serializers.PrimaryKeyRelatedField(
        queryset=Location.objects.all(), required=False, allow_null=True
    )
    # required; an empty one is refused by the service, with its reason
    reason = serializers.CharField(allow_blank=True, help_text="Begründung (Pflicht)")
    allow_overlap = serializers.BooleanField(
        default=False,
        help_text="Überschneidung mit einer anderen Sitzung des Gremiums bestätigen",
    )


class ActualTimesSerializer(serializers.Serializer):
    """The actual start and end of a meeting that has begun."""

    actual_start = BoundedDateTimeField(required=False, allow_null=True, default=None)
    actual_end = BoundedDateTimeField(required=False, allow_null=True, default=None)


class AgendaItemSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)
    is_recommendation = serializers.BooleanField(read_only=True)

    class Meta:
        model = AgendaItem
        fields = [
            "id",
            "meeting",
            "number",
            "public",
            "position",
            "name",
            "consultation",
            "result",
            "resolution_text",
            "minutes_text",
            "votes_yes",
            "votes_no",
            "votes_abstain",
            "is_recommendation",
        ]
        read_only_fields = fields


class AgendaItemCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")
    public = serializers.BooleanField(default=True)
    paper = VisiblePaperField(required=False, allow_null=True)
    amendment_reason = serializers.CharField(required=False, allow_blank=True, default="")


class ResultSerializer(serializers.Serializer):
    result = serializers.PrimaryKeyRelatedField(queryset=ResolutionKind.objects.all())
    resolution_text = serializers.CharField(required=False, allow_blank=True, default="")
    minutes_text = serializers.CharField(required=False, allow_blank=True, default="")
    votes_yes = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=services.MAX_VOTES
    )
    votes_no = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=services.MAX_VOTES
    )
    votes_abstain = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=services.MAX_VOTES
    )
