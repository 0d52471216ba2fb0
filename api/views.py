"""Staff REST API: one endpoint per service action. Thin: validate the input, call the
service (which checks permissions and refuses with a reason), return the object."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from api import serializers as s
from workflow import selectors, services
from workflow.models import AgendaItem, Meeting, Paper


class CanRead(permissions.DjangoModelPermissions):
    """Reading needs the model's view permission; writing is decided by the services."""

    perms_map = {
        **permissions.DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
    }

    def has_permission(self, request: Request, view) -> bool:
        if request.method == "POST":
            return bool(request.user and request.user.is_authenticated)
        return super().has_permission(request, view)


def _body(serializer_class, request: Request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class PaperViewSet(viewsets.ReadOnlyModelViewSet):
    """Vorlagen: create, build the Beratungsfolge, submit, withdraw."""

    queryset = Paper.objects.order_by("pk")
    serializer_class = s.PaperSerializer
    permission_classes = [CanRead]

    def get_queryset(self):
        """Only what the user may see (``workflow.selectors``), as in the workspace."""
        return selectors.visible_papers(self.request.user).order_by("pk")

    @extend_schema(request=s.PaperCreateSerializer, responses={201: s.PaperSerializer})
    def create(self, request: Request) -> Response:
        paper = services.create_paper(**_body(s.PaperCreateSerializer, request), by=request.user)
        return Response(s.PaperSerializer(paper).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ConsultationCreateSerializer, responses={201: s.PaperSerializer})
    @action(detail=True, methods=["post"])
    def consultations(self, request: Request, pk: str) -> Response:
        paper = get_object_or_404(Paper, pk=pk)
        services.add_consultation(
            paper, **_body(s.ConsultationCreateSerializer, request), by=request.user
        )
        return Response(s.PaperSerializer(paper).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.CommentSerializer, responses={200: s.PaperSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        return self._transition(services.submit_paper, request, pk)

    @extend_schema(request=s.CommentSerializer, responses={200: s.PaperSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        return self._transition(services.withdraw_paper, request, pk)

    def _transition(self, service, request: Request, pk: str) -> Response:
        paper = service(
            get_object_or_404(Paper, pk=pk),
            **_body(s.CommentSerializer, request),
            by=request.user,
        )
        return Response(s.PaperSerializer(paper).data)


def _meeting_action(name: str, service, url_path: str):
    """A POST action ``<meeting>/<url_path>/`` that runs one meeting transition service."""

    @extend_schema(request=s.CommentSerializer, responses={200: s.MeetingSerializer})
    def run(self, request: Request, pk: str) -> Response:
        meeting = service(
            get_object_or_404(Meeting, pk=pk),
            **_body(s.CommentSerializer, request),
            by=request.user,
        )
        return Response(s.MeetingSerializer(meeting).data)

    run.__name__ = name
    run.__doc__ = service.__doc__
    return action(detail=True, methods=["post"], url_path=url_path)(run)


class MeetingViewSet(viewsets.ReadOnlyModelViewSet):
    """Sitzungen: create, build the agenda, and every step of the meeting's life."""

    queryset = Meeting.objects.order_by("pk")
    serializer_class = s.MeetingSerializer
    permission_classes = [CanRead]

    @extend_schema(request=s.MeetingCreateSerializer, responses={201: s.MeetingSerializer})
    def create(self, request: Request) -> Response:
        meeting = services.create_meeting(
            **_body(s.MeetingCreateSerializer, request), by=request.user
        )
        return Response(s.MeetingSerializer(meeting).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.AgendaItemCreateSerializer, responses={201: s.AgendaItemSerializer})
    @action(detail=True, methods=["post"], url_path="agenda-items")
    def agenda_items(self, request: Request, pk: str) -> Response:
        item = services.add_agenda_item(
            get_object_or_404(Meeting, pk=pk),
            **_body(s.AgendaItemCreateSerializer, request),
            by=request.user,
        )
        return Response(s.AgendaItemSerializer(item).data, status=status.HTTP_201_CREATED)

    submit_agenda = _meeting_action("submit_agenda", services.submit_agenda, "submit-agenda")
    return_agenda = _meeting_action("return_agenda", services.return_agenda, "return-agenda")
    approve_agenda = _meeting_action("approve_agenda", services.approve_agenda, "approve-agenda")
    send_invitations = _meeting_action(
        "send_invitations", services.send_invitations, "send-invitations"
    )
    close = _meeting_action("close", services.close_meeting, "close")
    approve_minutes = _meeting_action(
        "approve_minutes", services.approve_minutes, "approve-minutes"
    )
    cancel = _meeting_action("cancel", services.cancel_meeting, "cancel")


class AgendaItemViewSet(viewsets.ReadOnlyModelViewSet):
    """TOPs: read, and record the result (Beschlussart, Beschluss, minutes, votes)."""

    queryset = AgendaItem.objects.order_by("pk")
    serializer_class = s.AgendaItemSerializer
    permission_classes = [CanRead]

    def get_queryset(self):
        """Non-public TOPs only for their committee's members and clerks."""
        return selectors.visible_agenda_items(self.request.user).order_by("pk")

    @extend_schema(request=s.ResultSerializer, responses={200: s.AgendaItemSerializer})
    @action(detail=True, methods=["post"])
    def result(self, request: Request, pk: str) -> Response:
        item = services.record_result(
            get_object_or_404(AgendaItem, pk=pk),
            **_body(s.ResultSerializer, request),
            by=request.user,
        )
        return Response(s.AgendaItemSerializer(item).data)
