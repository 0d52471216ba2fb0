"""Staff REST API: one endpoint per service action. Thin: validate the input, call the
service (which checks permissions and refuses with a reason), return the object.

Every object is looked up among those the caller may see (``workflow.selectors``): any
other id is a 404 before any permission or state check, so no refusal names an object the
caller may not read."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, permissions, status, viewsets
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response

from api import serializers as s
from config import params
from workflow import selectors, services

if TYPE_CHECKING:
    from django.contrib.auth.models import User


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


def _actor(request: Request) -> User:
    """Who runs a POST action: ``CanRead`` lets signed-in users only post."""
    return cast("User", request.user)


def _body(serializer_class, request: Request) -> dict:
    serializer = serializer_class(data=request.data, context={"request": request})
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class VisibleViewSet(viewsets.ReadOnlyModelViewSet):
    """Reads and actions on what ``get_queryset`` (a selector) lets the caller see; the id of
    the path is parsed by ``config.params`` (``abc`` or a 30-digit id: 404, not 500)."""

    permission_classes = [CanRead]
    # JSON only: a form encoding cannot say ``null``, so the schema would promise bodies the
    # serializers then refuse
    parser_classes = [JSONParser]

    def get_object(self):
        pk = params.parse_id(self.kwargs.get(self.lookup_url_kwarg or self.lookup_field))
        if pk is None:
            raise exceptions.NotFound()
        obj = get_object_or_404(self.get_queryset(), pk=pk)
        self.check_object_permissions(self.request, obj)
        return obj


class PaperViewSet(VisibleViewSet):
    """Vorlagen: create, build the Beratungsfolge, submit, withdraw."""

    serializer_class = s.PaperSerializer

    def get_queryset(self):
        """Only what the user may see (``workflow.selectors``), as in the workspace."""
        return selectors.visible_papers(self.request.user).order_by("pk")

    @extend_schema(request=s.PaperCreateSerializer, responses={201: s.PaperSerializer})
    def create(self, request: Request) -> Response:
        paper = services.create_paper(**_body(s.PaperCreateSerializer, request), by=_actor(request))
        return Response(s.PaperSerializer(paper).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ConsultationCreateSerializer, responses={201: s.PaperSerializer})
    @action(detail=True, methods=["post"])
    def consultations(self, request: Request, pk: str) -> Response:
        paper = self.get_object()
        services.add_consultation(
            paper, **_body(s.ConsultationCreateSerializer, request), by=_actor(request)
        )
        return Response(s.PaperSerializer(paper).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.CommentSerializer, responses={200: s.PaperSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        return self._transition(services.submit_paper, request)

    @extend_schema(request=s.CommentSerializer, responses={200: s.PaperSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        return self._transition(services.withdraw_paper, request)

    def _transition(self, service, request: Request) -> Response:
        paper = service(
            self.get_object(),
            **_body(s.CommentSerializer, request),
            by=_actor(request),
        )
        return Response(s.PaperSerializer(paper).data)


def _meeting_action(name: str, service, url_path: str, body=s.CommentSerializer):
    """A POST action ``<meeting>/<url_path>/`` that runs one meeting transition service;
    ``body`` is its input (``ReasonSerializer`` where the service needs a comment)."""

    def run(self, request: Request, pk: str) -> Response:
        meeting = service(
            self.get_object(),
            **_body(body, request),
            by=_actor(request),
        )
        return Response(s.MeetingSerializer(meeting).data)

    run.__name__ = name
    run.__doc__ = service.__doc__
    run = action(detail=True, methods=["post"], url_path=url_path)(run)
    return extend_schema(request=body, responses={200: s.MeetingSerializer})(run)


class MeetingViewSet(VisibleViewSet):
    """Sitzungen: create, build the agenda, and every step of the meeting's life."""

    serializer_class = s.MeetingSerializer

    def get_queryset(self):
        return selectors.visible_meetings(self.request.user).order_by("pk")

    @extend_schema(request=s.MeetingCreateSerializer, responses={201: s.MeetingSerializer})
    def create(self, request: Request) -> Response:
        meeting = services.create_meeting(
            **_body(s.MeetingCreateSerializer, request), by=_actor(request)
        )
        return Response(s.MeetingSerializer(meeting).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.AgendaItemCreateSerializer, responses={201: s.AgendaItemSerializer})
    @action(detail=True, methods=["post"], url_path="agenda-items")
    def agenda_items(self, request: Request, pk: str) -> Response:
        item = services.add_agenda_item(
            self.get_object(),
            **_body(s.AgendaItemCreateSerializer, request),
            by=_actor(request),
        )
        return Response(s.AgendaItemSerializer(item).data, status=status.HTTP_201_CREATED)

    submit_agenda = _meeting_action("submit_agenda", services.submit_agenda, "submit-agenda")
    return_agenda = _meeting_action(
        "return_agenda", services.return_agenda, "return-agenda", s.ReasonSerializer
    )
    approve_agenda = _meeting_action("approve_agenda", services.approve_agenda, "approve-agenda")
    send_invitations = _meeting_action(
        "send_invitations", services.send_invitations, "send-invitations"
    )
    close = _meeting_action("close", services.close_meeting, "close")
    approve_minutes = _meeting_action(
        "approve_minutes", services.approve_minutes, "approve-minutes"
    )
    cancel = _meeting_action("cancel", services.cancel_meeting, "cancel", s.ReasonSerializer)

    @extend_schema(request=s.RescheduleSerializer, responses={200: s.MeetingSerializer})
    @action(detail=True, methods=["post"])
    def reschedule(self, request: Request, pk: str) -> Response:
        """Move a meeting not yet held (start, end, room) with a reason; the invited get an
        updated calendar entry."""
        meeting = services.reschedule_meeting(
            self.get_object(), **_body(s.RescheduleSerializer, request), by=_actor(request)
        )
        return Response(s.MeetingSerializer(meeting).data)

    @extend_schema(request=s.ActualTimesSerializer, responses={200: s.MeetingSerializer})
    @action(detail=True, methods=["post"], url_path="actual-times")
    def actual_times(self, request: Request, pk: str) -> Response:
        """Record the actual start and end of a meeting that has begun."""
        meeting = services.record_results(
            self.get_object(),
            entries=[],
            **_body(s.ActualTimesSerializer, request),
            by=_actor(request),
        )
        return Response(s.MeetingSerializer(meeting).data)


class AgendaItemViewSet(VisibleViewSet):
    """TOPs: read, and record the result (Beschlussart, Beschluss, minutes, votes)."""

    serializer_class = s.AgendaItemSerializer

    def get_queryset(self):
        """Non-public TOPs only for their committee's members and clerks."""
        return selectors.visible_agenda_items(self.request.user).order_by("pk")

    @extend_schema(request=s.ResultSerializer, responses={200: s.AgendaItemSerializer})
    @action(detail=True, methods=["post"])
    def result(self, request: Request, pk: str) -> Response:
        item = services.record_result(
            self.get_object(),
            **_body(s.ResultSerializer, request),
            by=_actor(request),
        )
        return Response(s.AgendaItemSerializer(item).data)


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE"])
@permission_classes([permissions.AllowAny])
def not_found(request: Request) -> Response:
    """Every address under ``/api/`` that names no endpoint (problem+json, as the others)."""
    raise exceptions.NotFound()
