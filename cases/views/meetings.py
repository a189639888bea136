"""Meeting pages: list, convene, the meeting page (agenda, invitees, answers), invitation links,
PDFs. Attendance and minutes are in meeting_sessions.py."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.db.models.lookups import Contains
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from cases.forms.meetings import (
    CaseItemForm,
    ConveneForm,
    FindForm,
    GeneralItemForm,
    InviteEmailForm,
    MeetingForm,
    ResponseForm,
)
from cases.models import AgendaItem, Case, Consent, InviteeGroup, Meeting
from cases.services import meeting_pdfs
from cases.services import meetings as svc
from crocoos import audit, page_cache
from crocoos.access import access_for
from crocoos.compiled_rows import PreparedRows, user_key
from crocoos.compiled_rows import rows as compiled_rows
from crocoos.models import Role, School
from crocoos.search import Fold, search_words
from crocoos.templatetags.crocoos_tags import row_url
from directory.models import OutsidePartner

MEETING_RELATED = ("area", "school", "chair", "convened_by")


def get_meeting(request, pk, *, manage=False, staff=False, related=MEETING_RELATED, read=None):
    """The meeting if the user may manage it (`manage`), is its staff (`staff`) or may open it;
    otherwise 404, as for a meeting that does not exist.

    The rules are MeetingQuerySet's manageable_by, staff_of and visible_to, checked on the meeting
    read by its key (Meeting.is_managed_by, is_staffed_by, and the user's invitation only for
    someone who is not its staff): compiling visible_to's invitation subquery cost more than the
    page's queries themselves (issue 7). With `related=()` only what the check reads; `read(pk)`:
    reads the meeting (or None) instead, with the columns a page shows."""
    user = request.user
    if read is not None:
        meeting = read(pk)
    else:
        meetings = Meeting.objects.filter(pk=pk)
        # (select_related() without names would follow every relation)
        meeting = (meetings.select_related(*related) if related else meetings.only("school_id", "area_id")).first()
    if meeting is None:
        raise Http404
    if manage:
        allowed = meeting.is_managed_by(user)
    elif staff:
        allowed = meeting.is_staffed_by(user)
    else:
        allowed = meeting.is_staffed_by(user) or meeting.invitations.addressed_to(user).exists()
    if not allowed:
        raise Http404
    return meeting


def own_invitation(meeting, user):
    """The user's invitation to the meeting, as themself or through their directory entry."""
    return meeting.invitations.filter(Q(user=user) | Q(partner__user=user)).select_related("user", "partner").first()


def convenable_schools(user):
    access = access_for(user)
    return School.objects.filter(
        Q(id__in=access.school_ids_with(Role.EWS_COORDINATOR)) | Q(area_id__in=access.follow_up_area_ids)
    )


@login_required
def meeting_list(request):
    when = request.GET.get("when", "upcoming")
    kind = request.GET.get("kind", "")
    meetings = Meeting.objects.visible_to(request.user).select_related("area", "school")
    today = timezone.localdate()
    if when == "past":
        meetings = meetings.filter(date__lt=today).order_by("-date", "-start_time", "-id")
    else:
        when = "upcoming"
        meetings = meetings.filter(date__gte=today).order_by("date", "start_time", "id")
    if kind in Meeting.Kind.values:
        meetings = meetings.filter(kind=kind)
    else:
        kind = ""
    page = Paginator(meetings, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/meetings/meeting_list.html",
        {
            "page": page,
            "when": when,
            "kind": kind,
            "kinds": Meeting.Kind.choices,
            "may_convene": svc.may_convene(request.user),
        },
    )


@login_required
def meeting_new(request):
    if not svc.may_convene(request.user):
        raise Http404
    access = access_for(request.user)
    schools = convenable_schools(request.user)
    form = ConveneForm(request.POST or None, schools=schools, school_required=not access.follow_up_area_ids)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        school = data["school"]
        area = school.area if school else _area_of(access)
        meeting = svc.convene_meeting(
            convened_by=request.user,
            chair=request.user,
            area=area,
            **{name: data[name] for name in ("kind", "title", "date", "start_time", "end_time", "place", "school")},
            repeat_every_weeks=data.get("repeat_every_weeks"),
            repeat_until=data.get("repeat_until"),
        )
        audit.record("meeting.convened", request=request, obj=meeting)
        messages.success(request, _("The meeting is convened. Now set the agenda and invite people."))
        return redirect("meeting_detail", meeting.pk)
    return render(request, "cases/meetings/meeting_form.html", {"form": form, "new": True})


def _area_of(access):
    from crocoos.models import Area

    return Area.objects.filter(pk__in=access.follow_up_area_ids).order_by("name").first()


@login_required
def meeting_edit(request, pk):
    meeting = get_meeting(request, pk, manage=True)
    # A coordinator cannot turn the meeting into an area meeting: only the follow-up service manages those,
    # so the coordinator would lose their own meeting (404) on saving.
    form = MeetingForm(
        request.POST or None,
        instance=Meeting.objects.get(pk=meeting.pk),
        schools=convenable_schools(request.user).filter(area=meeting.area),
        school_required=not access_for(request.user).follow_up_area_ids,
    )
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.changed_data}
        if fields:
            svc.update_meeting(meeting=meeting, **fields)
            audit.record("meeting.changed", request=request, obj=meeting, changed_fields=sorted(fields))
        messages.success(request, _("The meeting was saved."))
        return redirect("meeting_detail", meeting.pk)
    return render(request, "cases/meetings/meeting_form.html", {"form": form, "meeting": meeting})


@login_required
@require_POST
def meeting_cancel(request, pk):
    meeting = get_meeting(request, pk, manage=True)
    svc.cancel_meeting(meeting=meeting)
    audit.record("meeting.cancelled", request=request, obj=meeting)
    messages.success(request, _("The meeting is cancelled; invitees get a cancellation."))
    return redirect("meeting_detail", meeting.pk)


# The meeting page lists this many agenda candidates and people to invite; a search finds the rest.
PICKER_SIZE = 10


@dataclass(frozen=True)
class Candidate:
    """An open case the agenda picker offers (read as plain values)."""

    pk: int
    reference: str
    student_name: str
    consented: bool


def agenda_candidates(meeting, user, query="", on_agenda=None):
    """Open cases of the meeting's school/area the user looks after and that are not on the agenda,
    those with a valid consent first, each part newest first; those matching `query` (case number or
    the young person's name) when it is given. One more than PICKER_SIZE, to tell whether there are
    more, as Candidate rows. `on_agenda`: the ids of the agenda's cases when the caller has read them.

    Two queries at most, each walking the (area or school, status, date) index of open cases from
    the newest and stopping at PICKER_SIZE + 1 rows: sorting every open case of an area by whether
    it has consent read the whole consent table (6-10 ms at 100x; 2 ms this way).
    """
    if on_agenda is not None:
        on_agenda = sorted(on_agenda)

    def candidates(consented, size):
        cases = Case.objects.editable_by(user).filter(area_id=meeting.area_id, status=Case.Status.OPEN)
        if meeting.school_id:
            cases = cases.filter(school_id=meeting.school_id)
        if query:
            cases = cases.matching(query)
        if on_agenda is None:
            cases = cases.exclude(Exists(AgendaItem.objects.filter(meeting=meeting, case=OuterRef("pk"))))
        elif on_agenda:
            cases = cases.exclude(pk__in=on_agenda)
        consent = Exists(Consent.objects.valid().filter(case=OuterRef("pk")))
        cases = cases.filter(consent) if consented else cases.exclude(consent)
        cases = cases.order_by("-date", "-pk")
        return cases.values_list("pk", "reference", "student__first_name", "student__last_name")[:size]

    def read(consented, size):
        if query or on_agenda is None:
            return candidates(consented, size)
        # The meeting page's lists: their SQL depends on the user's scope, the day, the meeting's
        # school and area and the agenda's cases alone, so it is compiled once for them (issue 7).
        key = user_key(user, "agenda_candidates", meeting.area_id, meeting.school_id, tuple(on_agenda), consented, size)
        return compiled_rows(key, lambda: candidates(consented, size))

    found = [Candidate(pk, ref, f"{first} {last}", True) for pk, ref, first, last in read(True, PICKER_SIZE + 1)]
    if len(found) <= PICKER_SIZE:
        rest = read(False, PICKER_SIZE + 1 - len(found))
        found += [Candidate(pk, ref, f"{first} {last}", False) for pk, ref, first, last in rest]
    return found


def invitee_candidates(meeting, query):
    """Directory partners of the meeting's area and colleagues with an account who match every word
    of `query` and are not invited yet: ([partners], [users]), each at most PICKER_SIZE + 1 long."""
    words = search_words(query)
    if not words:
        return [], []
    invited = meeting.invitations.all()
    partners = (
        OutsidePartner.objects.filter(area=meeting.area, archived_at=None)
        .matching(query)
        .exclude(pk__in=invited.exclude(partner=None).values("partner_id"))
        .select_related("sector")
        .only("id", "institute", "contact_name", "sector__id", "sector__name")
        .order_by("institute", "contact_name", "pk")
    )
    users = svc.invitable_users(meeting.area).exclude(pk__in=invited.exclude(user=None).values("user_id"))
    for word in words:
        users = users.filter(Q(Contains(Fold("full_name"), word)) | Q(email__icontains=word))
    users = users.only("id", "full_name", "email")
    return list(partners[: PICKER_SIZE + 1]), list(users[: PICKER_SIZE + 1])


def _first(rows):
    """The rows a picker shows, and whether there were more (the lists read PICKER_SIZE + 1)."""
    return rows[:PICKER_SIZE], len(rows) > PICKER_SIZE


def _find_query(request):
    """The search of a type-ahead, and its form (a NUL character or an over-long text is an error)."""
    form = FindForm(request.GET)
    return (form.cleaned_data["q"] if form.is_valid() else ""), form


def pickers(meeting):
    """The meeting page's two type-ahead searches: where they ask, what they say, what they show."""
    return {
        "agenda": {
            "action": row_url("meeting_agenda_find", meeting.pk),
            "target": "agenda-candidates",
            "anchor": "agenda",
            "heading": _("Add a case"),
            "label": _("Find a case"),
            "placeholder": _("Case number or the young person's name"),
            "results": "cases/meetings/_agenda_candidates.html",
        },
        "invitees": {
            "action": row_url("meeting_invitees_find", meeting.pk),
            "target": "invitee-candidates",
            "anchor": "invitees",
            "heading": _("Invitees"),
            "label": _("Partner from the directory or colleague with an account"),
            "placeholder": _("Name, institute, sector or e-mail"),
            "results": "cases/meetings/_invitee_candidates.html",
        },
    }


def _picker_response(request, meeting, name, **context):
    """The answer of a type-ahead: its results alone for htmx, else a page of their own."""
    picker = pickers(meeting)[name]
    context.update(meeting=meeting, picker=picker)
    return render(request, picker["results"] if request.htmx else "cases/meetings/picker_page.html", context)


@login_required
def agenda_find(request, pk):
    """Agenda candidates matching a search (case number or the young person's name)."""
    meeting = get_meeting(request, pk, manage=True)
    query, form = _find_query(request)
    candidates, more = _first(agenda_candidates(meeting, request.user, query))
    return _picker_response(
        request, meeting, "agenda", find_form=form, query=query, candidates=candidates, more_candidates=more
    )


@login_required
def invitees_find(request, pk):
    """Partners and colleagues to invite matching a search."""
    meeting = get_meeting(request, pk, manage=True)
    query, form = _find_query(request)
    (partners, more_partners), (users, more_users) = map(_first, invitee_candidates(meeting, query))
    return _picker_response(
        request,
        meeting,
        "invitees",
        find_form=form,
        query=query,
        partners=partners,
        users=users,
        more_invitees=more_partners or more_users,
    )


@login_required
def meeting_detail(request, pk):
    # A kept page needs the check alone; a page built reads the meeting once, with all it shows.
    viewing = audit.Viewing("meeting.viewed", request=request, obj=Meeting(pk=pk))
    html, students = page_cache.cached(
        request,
        lambda: _meeting_page(request, get_meeting(request, pk, read=_meeting_reader(request.user)), {}, viewing),
        guard=lambda: get_meeting(request, pk, related=()),
    )
    viewing.done(students)
    return HttpResponse(html)


def meeting_page(request, meeting, **forms):
    """The meeting page. `forms`: a submitted form that did not validate, shown with its errors and
    what was typed in place of the empty one (general_form, email_form, response_form)."""
    viewing = audit.Viewing("meeting.viewed", request=request, obj=meeting)
    html, students = page_cache.cached(request, lambda: _meeting_page(request, meeting, forms, viewing))
    viewing.done(students)
    return HttpResponse(html)


def _page_meetings(*, following, lists=True):
    """What the page shows of a meeting: its own columns, the chair's name, with `lists` on
    PostgreSQL the lists its convenors see (svc.with_lists) and, with `following` (for those who
    manage it), whether a next meeting follows."""
    meetings = Meeting.objects.select_related("chair").only(
        *(field.name for field in Meeting._meta.concrete_fields), "chair__full_name"
    )
    if following:
        meetings = meetings.annotate(has_following=Exists(Meeting.objects.filter(previous=OuterRef("pk"))))
    return svc.with_lists(meetings) if lists else meetings


# The page's reads of a meeting: the same SQL for every meeting, compiled once (crocoos/compiled_rows.py);
# its agenda, invitations, the area's groups and the suggestions as plain values (svc.agenda_rows,
# invitee_rows, invitee_groups, suggest_home_representatives); without them for those who manage no
# meeting (the lists are the convenor's: an invitee or an EWS member would read them in vain).
_PAGE_MEETING = PreparedRows(lambda pk: _page_meetings(following=True).filter(pk=pk))
_PAGE_MEETING_ALONE = PreparedRows(lambda pk: _page_meetings(following=True, lists=False).filter(pk=pk))


# The page's empty forms: crispy_static makes their markup once per language, and nothing changes
# an unbound form when it is shown, so one instance of each serves every page (a submitted form that
# did not validate comes in `forms` in their place).
_EMPTY_FORMS = {"general_form": GeneralItemForm(), "email_form": InviteEmailForm()}


# The meeting with what its page shows and whether a next meeting follows, or None; _alone: without
# the lists only those who manage the meeting see.
_page_meeting = _PAGE_MEETING.instance
_page_meeting_alone = _PAGE_MEETING_ALONE.instance


def _meeting_reader(user):
    """How the page reads a meeting for `user`: with its lists for those who convene meetings
    (follow-up officers, EWS coordinators: they manage those of their areas and schools)."""
    return _page_meeting if svc.may_convene(user) else _page_meeting_alone


def _meeting_page(request, meeting, forms, viewing):
    """The meeting page's HTML and the young people its agenda names (whose viewing is written
    while the rest is read and rendered)."""
    manage = meeting.is_managed_by(request.user)
    staff = manage or meeting.is_staffed_by(request.user)
    # Read again unless read already with all the page shows (meeting_detail): a meeting read for
    # the check alone (get_meeting with related=()), or without whether a next meeting follows.
    if meeting.get_deferred_fields() or (manage and not hasattr(meeting, "has_following")):
        meeting = _page_meetings(following=manage, lists=manage).get(pk=meeting.pk)
    context = {"meeting": meeting, "manage": manage, "staff": staff}
    if staff:
        # Staff see the whole agenda, names included; their own invitation is not shown to them.
        context["items"] = items = svc.agenda_rows(meeting.pk, meeting)
        students = [item.student_id for item in items if item.case_id]
    else:
        context["invitation"] = invitation = own_invitation(meeting, request.user)
        context["lines"] = lines = svc.agenda_for(meeting, invitation=invitation)
        students = svc.named_students(lines)
        if invitation is not None:
            context["response_form"] = ResponseForm(
                initial={"response": invitation.response, "substitute_name": invitation.substitute_name}
            )
    if manage:
        invitations = svc.invitee_rows(meeting.pk, meeting)
        on_agenda = [item.case_id for item in items if item.case_id]
        candidates, more_candidates = _first(agenda_candidates(meeting, request.user, on_agenda=on_agenda))
        context.update(
            candidates=candidates,
            more_candidates=more_candidates,
            pickers=pickers(meeting),
            invitations=invitations,
            groups=svc.invitee_groups(meeting.area_id, meeting),
            suggestions=svc.suggest_home_representatives(meeting, items),
            # (with previous_id: the related manager sets each one's previous, which read it row by row)
            following=list(meeting.following.only("date", "previous_id")) if meeting.has_following else [],
            **_EMPTY_FORMS,
        )
    context.update(forms)
    # The viewing's event is written while the page renders (Python alone from here on; the lists'
    # statements above would wait for the server busy with it on a two-core machine).
    viewing.shows(students)
    return render_to_string("cases/meetings/meeting_detail.html", context, request), students


@login_required
@require_POST
def agenda_add(request, pk):
    meeting = get_meeting(request, pk, manage=True)
    if "case" in request.POST:
        form = CaseItemForm(request.POST)
        if form.is_valid():
            case = Case.objects.editable_by(request.user).filter(pk=form.cleaned_data["case"]).first()
            if case is None:
                raise Http404
            try:
                svc.add_case_to_agenda(
                    meeting=meeting, case=case, topic=form.cleaned_data["topic"], added_by=request.user
                )
                audit.record(
                    "meeting.agenda_changed",
                    request=request,
                    obj=meeting,
                    student=case.student_id,
                    changed_fields=["agenda"],
                )
                messages.success(request, _("Case %(ref)s is on the agenda.") % {"ref": case.reference})
            except svc.AgendaError as error:
                messages.error(request, str(error))
    else:
        form = GeneralItemForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("A general item needs a title."))
            return meeting_page(request, meeting, general_form=form)
        svc.add_general_item(meeting=meeting, **form.cleaned_data)
    return redirect(f"{meeting_url(meeting)}#agenda")


def meeting_url(meeting):
    return reverse("meeting_detail", args=[meeting.pk])


@login_required
@require_POST
def agenda_item(request, pk, item_pk):
    meeting = get_meeting(request, pk, manage=True)
    item = get_object_or_404(meeting.agenda.select_related("case"), pk=item_pk)
    action = request.POST.get("action")
    student = item.case.student_id if item.case_id else None
    if action in ("up", "down"):
        svc.move_agenda_item(item=item, up=action == "up")
        audit.record("meeting.agenda_changed", request=request, obj=meeting, student=student, changed_fields=["order"])
    elif action == "remove":
        try:
            svc.remove_agenda_item(item=item)
        except svc.AgendaError as error:
            messages.error(request, str(error))
        else:
            audit.record(
                "meeting.agenda_changed", request=request, obj=meeting, student=student, changed_fields=["agenda"]
            )
    return redirect(f"{meeting_url(meeting)}#agenda")


@login_required
@require_POST
def invitees_add(request, pk):
    meeting = get_meeting(request, pk, manage=True)
    post = request.POST
    is_core = post.get("is_core") == "on"
    if post.get("group"):
        group = get_object_or_404(InviteeGroup.objects.filter(area=meeting.area), pk=_int(post["group"]))
        added = svc.invite_group(meeting=meeting, group=group)
        messages.success(request, _("%(n)s invitees from %(group)s.") % {"n": len(added), "group": group.name})
    elif post.get("partner"):
        partner = get_object_or_404(OutsidePartner.objects.filter(area=meeting.area), pk=_int(post["partner"]))
        svc.invite(meeting=meeting, partner=partner, is_core=is_core)
    elif post.get("user"):
        user = get_object_or_404(svc.invitable_users(meeting.area), pk=_int(post["user"]))
        svc.invite(meeting=meeting, user=user, is_core=is_core)
    else:
        form = InviteEmailForm(post)
        if not form.is_valid():
            messages.error(request, _("Give a valid e-mail address."))
            return meeting_page(request, meeting, email_form=form)
        svc.invite(meeting=meeting, **form.cleaned_data)
    audit.record("meeting.invitees_changed", request=request, obj=meeting, changed_fields=["invitees"])
    return redirect(f"{meeting_url(meeting)}#invitees")


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


@login_required
@require_POST
def invitees_save_group(request, pk):
    meeting = get_meeting(request, pk, manage=True)
    kind = request.POST.get("kind")
    if kind not in InviteeGroup.Kind.values:
        kind = InviteeGroup.Kind.CORE
    try:
        group = svc.save_invitees_as_group(meeting=meeting, name=request.POST.get("name", ""), kind=kind)
        messages.success(request, _("The invitees are saved as the group %(name)s.") % {"name": group.name})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(f"{meeting_url(meeting)}#invitees")


@login_required
@require_POST
def invitation_remove(request, pk, invitation_pk):
    meeting = get_meeting(request, pk, manage=True)
    get_object_or_404(meeting.invitations, pk=invitation_pk).delete()
    audit.record("meeting.invitees_changed", request=request, obj=meeting, changed_fields=["invitees"])
    return redirect(f"{meeting_url(meeting)}#invitees")


@login_required
@require_POST
def invitations_send(request, pk):
    meeting = get_meeting(request, pk, manage=True)
    if meeting.is_cancelled:
        raise Http404
    count = svc.send_invitations(meeting=meeting)
    audit.record("meeting.invitations_sent", request=request, obj=meeting)
    messages.success(request, _("%(n)s invitations are on their way.") % {"n": count})
    return redirect(meeting_url(meeting))


@login_required
@require_POST
def meeting_respond(request, pk):
    meeting = get_meeting(request, pk)
    invitation = own_invitation(meeting, request.user)
    if invitation is None:
        raise Http404
    form = ResponseForm(request.POST)
    if form.is_valid():
        svc.respond(invitation=invitation, **form.cleaned_data)
        audit.record("meeting.responded", request=request, obj=meeting, changed_fields=sorted(form.changed_data))
        messages.success(request, _("Thank you, your answer is saved."))
        return redirect(meeting_url(meeting))
    messages.error(request, _("Say who comes instead of you."))
    return meeting_page(request, meeting, response_form=form)


@never_cache  # no sign-in, yet it may show names within consent: never kept in a cache
def meeting_invitation(request, token):
    """The invitee's link without an account: only this meeting's time, place and their agenda."""
    invitation = svc.invitation_for_token(token)
    if invitation is None:
        raise Http404
    meeting = invitation.meeting
    form = ResponseForm(
        request.POST or None, initial={"response": invitation.response, "substitute_name": invitation.substitute_name}
    )
    if request.method == "POST" and not meeting.is_cancelled and form.is_valid():
        svc.respond(invitation=invitation, **form.cleaned_data)
        audit.record("meeting.responded", request=request, obj=meeting, detail={"invitee": invitation.address})
        messages.success(request, _("Thank you, your answer is saved."))
        return redirect("meeting_invitation", token)
    lines = svc.agenda_for(meeting, invitation=invitation)
    # Opened without an account: the invitee's address says who saw the agenda.
    audit.record_for_students(
        "meeting.invitation_opened",
        svc.named_students(lines),
        request=request,
        obj=meeting,
        detail={"invitee": invitation.address},
    )
    return render(
        request,
        "cases/meetings/invitation.html",
        {"meeting": meeting, "invitation": invitation, "lines": lines, "form": form},
    )


PDFS = {
    "agenda": meeting_pdfs.agenda_pdf,
    "attendance": meeting_pdfs.attendance_pdf,
    "minutes": meeting_pdfs.minutes_pdf,
}


@login_required
def meeting_pdf(request, pk, document):
    if document not in PDFS:
        raise Http404
    meeting = get_meeting(request, pk, staff=True)
    pdf = PDFS[document](meeting, language=get_language())
    audit.record_for_students(f"meeting.{document}_printed", agenda_students(meeting), request=request, obj=meeting)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.date:%Y-%m-%d}-{document}.pdf"'
    return response


def agenda_students(meeting):
    """The young people whose cases are on the meeting's agenda (staff prints name them all)."""
    return list(meeting.agenda.exclude(case=None).values_list("case__student_id", flat=True))
