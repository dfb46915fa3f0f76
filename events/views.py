"""Agenda pages: thin views over events.services and events.selectors.

Someone who may not see an event gets 404 (its existence stays hidden);
someone who sees it but may not organise it gets 403 on organiser pages.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events import exports, ical, selectors, services
from events.forms import (
    AttendanceForm,
    CalendarFilterForm,
    EventDocumentForm,
    EventForm,
    MinutesForm,
    RegisterSomeoneForm,
    SessionFormSet,
)
from events.models import Event, EventDocument, Registration, Session
from network import permissions
from network.models import Province

PAGE_SIZE = 20


def _filters(request: HttpRequest) -> tuple[CalendarFilterForm, dict]:
    form = CalendarFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    return form, {"kind": data.get("type", ""), "province": data.get("province"),
                  "axis": data.get("axe", "")}


def _query_without(request: HttpRequest, *keys: str) -> str:
    query = request.GET.copy()
    for key in keys:
        query.pop(key, None)
    return query.urlencode()


def calendar(request: HttpRequest) -> HttpResponse:
    """The list view: upcoming events (or past ones), filterable."""
    form, filters = _filters(request)
    past = request.GET.get("quand") == "passes"
    now = timezone.now()
    if past:
        events = selectors.event_list(user=request.user, end=now, **filters).reverse()
    else:
        events = selectors.event_list(user=request.user, start=now, **filters)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    return render(request, "events/calendar_list.html", {
        "form": form, "page": page, "past": past, "today": today,
        "filter_query": _query_without(request, "page", "quand"),
        "can_create": permissions.may_create_events(request.user),
    })


def month(request: HttpRequest, year: int, month: int) -> HttpResponse:
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise Http404
    form, filters = _filters(request)
    start, end = selectors.month_bounds(year, month)
    events = list(selectors.event_list(user=request.user, start=start, end=end, **filters))
    first = date(year, month, 1)
    previous = (first - timedelta(days=1)).replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return render(request, "events/calendar_month.html", {
        "form": form, "weeks": selectors.month_grid(events=events, year=year, month=month),
        "events": events, "first": first, "previous": previous, "following": following,
        "filter_query": _query_without(request, "page"),
        "can_create": permissions.may_create_events(request.user),
    })


def current_month(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    query = request.GET.urlencode()
    url = redirect("events:month", year=today.year, month=today.month).url
    return redirect(f"{url}?{query}" if query else url)


def my_calendar(request: HttpRequest) -> HttpResponse:
    """"Mon agenda": my registrations, and my personal feed."""
    member = permissions.member_of(request.user)
    events = selectors.event_list(user=request.user, start=timezone.now(), mine=True) \
        if member else Event.objects.none()
    return render(request, "events/my_calendar.html", {
        "events": events,
        "has_feed": member is not None and member.calendar_tokens.filter(
            revoked_at__isnull=True).exists(),
        "feed_url": request.session.pop("events_new_feed_url", None),
        "province_feeds": Province.objects.filter(
            pk__in=permissions.access(request.user).province_ids),
        "feed_token": request.session.pop("events_new_feed_token", None),
        "can_create": permissions.may_create_events(request.user),
    })


@require_POST
def feed_token(request: HttpRequest) -> HttpResponse:
    if request.POST.get("action") == "revoke":
        services.revoke_calendar_tokens(actor=request.user)
        messages.success(request, _("Votre flux agenda est désactivé : l'ancienne adresse ne "
                                    "fonctionne plus."))
    else:
        raw = services.issue_calendar_token(actor=request.user)
        request.session["events_new_feed_token"] = raw
        request.session["events_new_feed_url"] = request.build_absolute_uri(
            redirect("events:feed", token=raw).url)
        messages.success(request, _("Nouvelle adresse de flux créée. L'ancienne ne "
                                    "fonctionne plus."))
    return redirect("events:mine")


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_detail(user=request.user, pk=pk)
    registration = selectors.my_registration(user=request.user, event=event)
    rank = None
    if registration and registration.status == Registration.Status.WAITLISTED:
        rank = selectors.waitlist_rank(registration)
    can_edit = permissions.can_edit_event(request.user, event)
    places_left = None
    if event.capacity is not None:
        places_left = max(event.capacity - event.confirmed_count, 0)
    return render(request, "events/event_detail.html", {
        "event": event, "registration": registration, "rank": rank,
        "can_edit": can_edit, "places_left": places_left,
        "is_past": event.ends_at is not None and event.ends_at < timezone.now(),
        "state": event.registration_state(),
        "can_register": permissions.can_register_for_event(request.user, event),
        "minutes_form": MinutesForm(initial={"minutes": event.minutes}) if can_edit else None,
        **_documents_by_kind(selectors.event_documents(user=request.user, event=event)),
    })


def _documents_by_kind(documents: list[EventDocument]) -> dict[str, list[EventDocument]]:
    """Agenda documents go with the agenda, minutes documents with the minutes."""
    return {f"{kind}_documents": [d for d in documents if d.kind == kind]
            for kind in EventDocument.Kind.values}


def event_ics(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_detail(user=request.user, pk=pk)
    return _ics_response(ical.build_calendar([event], name=event.title),
                         f"evenement-{event.pk}.ics")


def _ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_not_required
def personal_feed(request: HttpRequest, token: str) -> HttpResponse:
    """Authenticated by the token alone; yields what its owner may see today."""
    member = services.authenticate_calendar_token(token)
    if member is None:
        raise Http404
    events = selectors.feed_events(member=member)
    return _ics_response(ical.build_calendar(events, name=_("Réseau — mon agenda")),
                         "reseau-agenda.ics")


@login_not_required
def province_feed(request: HttpRequest, token: str, slug: str) -> HttpResponse:
    member = services.authenticate_calendar_token(token)
    if member is None:
        raise Http404
    province = get_object_or_404(Province, slug=slug)
    events = selectors.province_feed_events(user=member.user, province=province)
    name = _("Réseau — plateforme %(province)s") % {"province": province.name}
    return _ics_response(ical.build_calendar(events, name=name), f"reseau-{slug}.ics")


# --- Registration -------------------------------------------------------------------


@require_POST
def register(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_detail(user=request.user, pk=pk)
    try:
        registration = services.register(actor=request.user, event=event)
    except services.RegistrationError as exc:
        messages.error(request, str(exc))
    else:
        if registration.status == Registration.Status.CONFIRMED:
            messages.success(request, _("Vous êtes inscrit·e. Une confirmation avec le fichier "
                                        "agenda (.ics) vous a été envoyée."))
        else:
            messages.warning(request, _("L'événement est complet : vous êtes en position %(rank)s "
                                        "sur la liste d'attente.")
                             % {"rank": selectors.waitlist_rank(registration)})
    return redirect(event)


@require_POST
def unregister(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_detail(user=request.user, pk=pk)
    registration = selectors.my_registration(user=request.user, event=event)
    if registration is None:
        messages.error(request, _("Vous n'êtes pas inscrit·e à cet événement."))
        return redirect(event)
    try:
        services.cancel_registration(actor=request.user, registration=registration)
    except services.RegistrationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Votre inscription est annulée."))
    return redirect(event)


# --- Organisers ---------------------------------------------------------------------


def _organised_event(request: HttpRequest, pk: int) -> Event:
    event = selectors.event_detail(user=request.user, pk=pk)
    if not permissions.can_edit_event(request.user, event):
        raise PermissionDenied
    return event


def _new_event(user) -> Event:
    """A blank event with the kind and organiser its author may choose."""
    if permissions.is_coordinator(user):
        return Event(kind="training", organiser="swl")
    if permissions.access(user).led_province_ids:
        return Event(kind="platform_meeting", organiser="platform")
    return Event(kind="training", organiser="working_group")


def event_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if pk is None:
        if not permissions.may_create_events(request.user):
            raise PermissionDenied
        event = _new_event(request.user)
    else:
        event = _organised_event(request, pk)
    form = EventForm(request.POST or None, instance=event, user=request.user)
    formset = SessionFormSet(request.POST or None, instance=event, prefix="seances")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            with transaction.atomic():
                event = services.save_event(
                    actor=request.user, event=form.save(commit=False),
                    sessions=[f.instance for f in formset.forms
                              if f.has_changed() and f not in formset.deleted_forms],
                    deleted_sessions=[f.instance for f in formset.deleted_forms])
                if "publish" in request.POST:
                    services.publish_event(actor=request.user, event=event)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("L'événement est publié.") if "publish" in request.POST
                             else _("L'événement est enregistré."))
            return redirect(event)
    return render(request, "events/event_form.html",
                  {"form": form, "formset": formset, "event": event})


@require_POST
def event_status(request: HttpRequest, pk: int) -> HttpResponse:
    event = _organised_event(request, pk)
    try:
        if request.POST.get("action") == "cancel":
            services.cancel_event(actor=request.user, event=event)
            messages.success(request, _("L'événement est annulé ; les inscrit·es sont prévenu·es."))
        else:
            services.publish_event(actor=request.user, event=event)
            messages.success(request, _("L'événement est publié."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(event)


@require_POST
def minutes(request: HttpRequest, pk: int) -> HttpResponse:
    event = _organised_event(request, pk)
    form = MinutesForm(request.POST)
    if form.is_valid():
        services.publish_minutes(actor=request.user, event=event,
                                 minutes=form.cleaned_data["minutes"])
        messages.success(request, _("Le compte rendu est publié pour les participant·es "
                                    "invité·es."))
    return redirect(event)


def documents(request: HttpRequest, pk: int) -> HttpResponse:
    """Organisers attach the agenda, the minutes and other documents."""
    event = _organised_event(request, pk)
    form = EventDocumentForm(request.POST or None, request.FILES or None,
                             initial={"kind": request.GET.get("type", "agenda")})
    if request.method == "POST" and form.is_valid():
        try:
            document = services.add_event_document(
                actor=request.user, event=event, kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"], upload=form.cleaned_data["file"])
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            messages.success(request, _("« %(title)s » est ajouté.") % {"title": document.title})
            return redirect("events:documents", pk=event.pk)
    return render(request, "events/documents.html", {
        "event": event, "form": form,
        "documents": selectors.event_documents(user=request.user, event=event),
    })


@require_POST
def delete_document(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    event = _organised_event(request, pk)
    document = selectors.event_document(user=request.user, event=event, pk=document_pk)
    services.delete_event_document(actor=request.user, document=document)
    messages.success(request, _("« %(title)s » est supprimé.") % {"title": document.title})
    return redirect("events:documents", pk=event.pk)


def document_file(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    """The file, only to whoever may open it (404 otherwise), never cached by proxies."""
    event = selectors.event_detail(user=request.user, pk=pk)
    document = selectors.event_document(user=request.user, event=event, pk=document_pk)
    filename = f"{slugify(document.title) or 'document'}.{document.extension}"
    response = FileResponse(document.file.open("rb"), content_type=document.content_type,
                            as_attachment=True, filename=filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def registrants(request: HttpRequest, pk: int) -> HttpResponse:
    event = _organised_event(request, pk)
    form = RegisterSomeoneForm(request.POST or None,
                               members=selectors.registrable_members(event=event))
    if request.method == "POST" and form.is_valid():
        member = form.cleaned_data["member"]
        try:
            registration = services.register(actor=request.user, event=event, member=member)
        except services.RegistrationError as exc:
            form.add_error("member", str(exc))
        else:
            messages.success(request, _("%(name)s : %(status)s.") % {
                "name": member.full_name, "status": registration.get_status_display()})
            return redirect("events:registrants", pk=event.pk)
    return render(request, "events/registrants.html", {
        "event": event, "form": form,
        "registrations": selectors.registrants(event=event),
        "by_company": selectors.attendance_by_company(event=event),
    })


@require_POST
def cancel_someone(request: HttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    event = _organised_event(request, pk)
    registration = get_object_or_404(Registration, pk=registration_pk, event=event)
    try:
        services.cancel_registration(actor=request.user, registration=registration)
    except services.RegistrationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("L'inscription est annulée."))
    return redirect("events:registrants", pk=event.pk)


def attendance(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    event = _organised_event(request, pk)
    session = get_object_or_404(Session.objects.select_related("event"), pk=session_pk,
                                event=event)
    members, present = selectors.attendance_sheet(session=session)
    form = AttendanceForm(request.POST or None, members=members,
                          initial={"present": sorted(present)})
    if request.method == "POST" and form.is_valid():
        count = services.record_attendance(actor=request.user, session=session,
                                           present=form.cleaned_data["present"],
                                           candidates=members)
        messages.success(request, _("Présences enregistrées : %(n)s personne(s) présente(s).")
                         % {"n": count})
        return redirect(event)
    return render(request, "events/attendance.html",
                  {"event": event, "session": session, "form": form, "members": members})


def export_registrants(request: HttpRequest, pk: int) -> HttpResponse:
    event = _organised_event(request, pk)
    return exports.registrants_csv(event=event, registrations=selectors.registrants(event=event))


def export_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    event = _organised_event(request, pk)
    return exports.attendance_csv(event=event,
                                  rows=selectors.attendance_by_company(event=event))


def attendance_rates(request: HttpRequest) -> HttpResponse:
    rows = selectors.attendance_rates(user=request.user)
    if request.GET.get("format") == "csv":
        return exports.rates_csv(rows=rows)
    return render(request, "events/attendance_rates.html", {"rows": rows})
