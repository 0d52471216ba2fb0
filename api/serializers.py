"""Input and output shapes of the staff API. Inputs are validated here; every rule about
what may happen lives in ``workflow.services``."""

from __future__ import annotations

from rest_framework import serializers

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


class PaperCreateSerializer(serializers.Serializer):
    body = serializers.PrimaryKeyRelatedField(queryset=Body.objects.all())
    name = serializers.CharField(max_length=500)
    paper_type = serializers.PrimaryKeyRelatedField(queryset=PaperType.objects.all())
    date = serializers.DateField(required=False)
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
    position = serializers.IntegerField(required=False, allow_null=True, min_value=1)


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


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
            "location",
            "state",
            "state_label",
            "created",
            "modified",
        ]
        read_only_fields = fields


class MeetingCreateSerializer(serializers.Serializer):
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    name = serializers.CharField(max_length=300, default="Ordentliche Sitzung")
    start = serializers.DateTimeField()
    end = serializers.DateTimeField(required=False, allow_null=True)
    location = serializers.PrimaryKeyRelatedField(
        queryset=Location.objects.all(), required=False, allow_null=True
    )


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
    paper = serializers.PrimaryKeyRelatedField(
        queryset=Paper.objects.all(), required=False, allow_null=True
    )
    amendment_reason = serializers.CharField(required=False, allow_blank=True, default="")


class ResultSerializer(serializers.Serializer):
    result = serializers.PrimaryKeyRelatedField(queryset=ResolutionKind.objects.all())
    resolution_text = serializers.CharField(required=False, allow_blank=True, default="")
    minutes_text = serializers.CharField(required=False, allow_blank=True, default="")
    votes_yes = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    votes_no = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    votes_abstain = serializers.IntegerField(required=False, allow_null=True, min_value=0)
