"""Pages where a council officer runs their public body's consultations: the multi-step form
that drafts one, check your answers and launch, the management page with every lifecycle move
and why it is not available yet, consent, the impact assessment, feedback and the decision.

Another body's consultation is not acknowledged (404). Writes go through `services`, which
refuse a stale `version` (ConsultationChanged): the form is shown again with the officer's
input and an explanation.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from compact_portal import workdays

from . import forms, lifecycle, permissions, rules, selectors, services
from .forms import (
    AffectedForm,
    ConsentForm,
    DatesForm,
    DecisionForm,
    FeedbackForm,
    ImpactAssessmentForm,
    KindForm,
    ParticipationForm,
    ProposalForm,
    StartForm,
    TransitionForm,
)
from .models import Consultation

Status = Consultation.Status

# The multi-step form: (slug, heading, form). Check your answers is the last step.
STEPS = [
    ("kind", "What the consultation is about", KindForm),
    ("affected", "Who is affected", AffectedForm),
    ("proposal", "The proposal", ProposalForm),
    ("dates", "When it runs", DatesForm),
]
STEP_COUNT = len(STEPS) + 1

DONE = {
    "launch": "The consultation is open. The affected organisations have been emailed.",
    "close": "The consultation is closed.",
    "publish_feedback": "The feedback is published and the organisations have been emailed.",
    "start_notice": "Formal notice has started.",
    "complete": "The consultation is completed.",
}


def _managed(request, pk) -> Consultation:
    consultation = selectors.for_page(pk).first()
    if consultation is None or not permissions.can_manage(request.user, consultation):
        raise Http404
    return consultation


def _save(form, write, *args, **kwargs):
    """Run a service write for a valid form; put a refusal on the form. True if it saved."""
    try:
        write(*args, **kwargs)
    except services.ConsultationChanged as error:
        form.show_conflict(error)
    except lifecycle.TransitionRefused as error:
        form.add_error(None, error.reason)
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
    else:
        return True
    return False


@login_required
@require_http_methods(["GET", "POST"])
def start(request):
    if not permissions.officer_organisations(request.user).exists():
        raise Http404
    form = StartForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        consultation = services.create_draft(
            owner=form.cleaned_data["owner"],
            by=request.user,
            kind=form.cleaned_data["kind"],
            title=form.cleaned_data["title"],
        )
        return redirect("consultations:edit", consultation.pk, STEPS[1][0])
    return render(
        request,
        "consultations/step.html",
        {
            "form": form,
            "heading": STEPS[0][1],
            "number": 1,
            "count": STEP_COUNT,
            "back_url": reverse("consultations:mine"),
        },
    )


def _step_payload(slug, form) -> dict:
    data = form.cleaned_data
    if slug == "kind":
        return {"fields": {"kind": data["kind"], "title": data["title"]}}
    if slug == "affected":
        payload = {"affected_organisations": data["affected_organisations"]}
        if "affected_agreements" in form.fields:
            payload["affected_agreements"] = data["affected_agreements"]
        return payload
    if slug == "proposal":
        return {"fields": {name: data[name] for name in ("proposal", "criteria", "revised_outcomes")}}
    return {"fields": form.draft_fields()}


@login_required
@require_http_methods(["GET", "POST"])
def edit_step(request, pk, step):
    consultation = _managed(request, pk)
    slugs = [slug for slug, _, _ in STEPS]
    if step not in slugs:
        raise Http404
    if consultation.status != Status.DRAFT:
        messages.info(request, "The consultation has been launched, so its details can no longer be changed.")
        return redirect("consultations:manage", consultation.pk)
    index = slugs.index(step)
    form = STEPS[index][2](request.POST or None, consultation=consultation)
    if request.method == "POST" and form.is_valid():
        payload = _step_payload(step, form)
        if _save(
            form,
            services.update_draft,
            consultation=consultation,
            version=form.cleaned_data["version"],
            by=request.user,
            **payload,
        ):
            if request.GET.get("next") == "check" or index + 1 == len(STEPS):
                return redirect("consultations:check", consultation.pk)
            return redirect("consultations:edit", consultation.pk, slugs[index + 1])
    back = (
        reverse("consultations:edit", args=[consultation.pk, slugs[index - 1]])
        if index
        else reverse("consultations:manage", args=[consultation.pk])
    )
    return render(
        request,
        "consultations/step.html",
        {
            "form": form,
            "consultation": consultation,
            "heading": STEPS[index][1],
            "number": index + 1,
            "count": STEP_COUNT,
            "back_url": back,
            "warning": getattr(form, "warning", None),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def check(request, pk):
    """Check your answers, then save as a draft or launch."""
    consultation = _managed(request, pk)
    if consultation.status != Status.DRAFT:
        return redirect("consultations:manage", consultation.pk)
    form = TransitionForm(request.POST or None, consultation=consultation, label="Launch the consultation")
    if request.method == "POST" and "save_draft" in request.POST:
        messages.success(
            request,
            f"“{consultation.title}” is saved as a draft. Only officers of {consultation.owner.name} can see it.",
        )
        return redirect("consultations:mine")
    if request.method == "POST" and form.is_valid():
        if _save(
            form,
            services.transition,
            consultation=consultation,
            name="launch",
            version=form.cleaned_data["version"],
            by=request.user,
        ):
            messages.success(request, DONE["launch"])
            return redirect("consultations:manage", consultation.pk)
    return render(
        request,
        "consultations/check.html",
        {
            **_draft_facts(consultation),
            "form": form,
            "number": STEP_COUNT,
            "count": STEP_COUNT,
            "refusal": lifecycle.refusal(consultation, "launch"),
        },
    )


def _draft_facts(c) -> dict:
    timeline_rules = rules.rules_for(c)
    facts = {
        "consultation": c,
        "rules": timeline_rules,
        "shortened": False,
        "warning": None,
        "missing_consents": [],
        "standard_closes_on": None,
    }
    if c.opens_on and c.closes_on:
        facts.update(
            shortened=rules.is_shortened(c.opens_on, c.closes_on, timeline_rules),
            warning=rules.consultation_holiday_warning(c),
            standard_closes_on=rules.standard_closes_on(c.opens_on, timeline_rules, rules.region_for(c)),
            missing_consents=lifecycle.missing_consents(c),
        )
    return facts


@login_required
def manage(request, pk):
    consultation = _managed(request, pk)
    return render(
        request,
        "consultations/manage.html",
        {
            **_draft_facts(consultation),
            "options": lifecycle.options(consultation),
            "responses": consultation.responses.select_related("organisation", "author"),
            "assessment": getattr(consultation, "impact_assessment", None),
            "feedback": getattr(consultation, "feedback", None),
            "decision": getattr(consultation, "decision", None),
            "today": workdays.today(),
            "consent_answers": answers(consultation, consultation.consents.all()),
            "participation_answers": answers(consultation, consultation.participations.all()),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def transition(request, pk, name):
    """Confirm and perform one lifecycle move; the page says why if it cannot happen yet."""
    consultation = _managed(request, pk)
    move = lifecycle.TRANSITIONS.get(name)
    if move is None:
        raise Http404
    if name == "decide":
        return redirect("consultations:decision", consultation.pk)
    form = TransitionForm(request.POST or None, consultation=consultation, label=move.label)
    if request.method == "POST" and form.is_valid():
        if _save(
            form,
            services.transition,
            consultation=consultation,
            name=name,
            version=form.cleaned_data["version"],
            by=request.user,
        ):
            messages.success(request, DONE[name])
            return redirect("consultations:manage", consultation.pk)
    return render(
        request,
        "consultations/transition.html",
        {"consultation": consultation, "move": move, "form": form, "refusal": lifecycle.refusal(consultation, name)},
    )


def _form_page(request, consultation, form, template_context, write, done_message, arguments):
    """A VersionedForm page: on a valid POST, call `write` with `arguments(form)`."""
    if request.method == "POST" and form.is_valid():
        if _save(
            form,
            write,
            consultation=consultation,
            version=form.cleaned_data["version"],
            by=request.user,
            **arguments(form),
        ):
            messages.success(request, done_message)
            return redirect("consultations:manage", consultation.pk)
    return render(request, "consultations/form.html", {"consultation": consultation, "form": form, **template_context})


def answers(consultation, rows) -> list[dict]:
    """Every affected organisation with its answer, or that it has not been asked or answered."""
    by_organisation = {row.organisation_id: row for row in rows}
    return [
        {"organisation": organisation, "row": by_organisation.get(organisation.pk)}
        for organisation in consultation.affected_organisations.all()
    ]


@login_required
@require_http_methods(["GET", "POST"])
def consent(request, pk):
    """Who has agreed, at the outset, to a shorter period; an officer may record agreement on an
    organisation's behalf, with the reason."""
    consultation = _managed(request, pk)
    editable = consultation.status == Status.DRAFT and consultation.affected_organisations.all()
    form = ConsentForm(request.POST or None, consultation=consultation) if editable else None
    context = {
        "heading": "Agreement to a shorter period",
        "caption": consultation.title,
        "template": "consent",
        "answers": answers(consultation, consultation.consents.all()),
        **_draft_facts(consultation),
        "refusal": None
        if editable
        else (
            "Agreement is recorded at the outset, before launch, from the organisations affected."
            if consultation.status != Status.DRAFT
            else "Choose the organisations affected first."
        ),
    }
    if form is None:
        return render(request, "consultations/form.html", {"consultation": consultation, **context})
    return _form_page(
        request,
        consultation,
        form,
        context,
        services.record_consent,
        "Agreement recorded on the organisation's behalf, with your reason.",
        lambda f: {name: f.cleaned_data[name] for name in ("organisation", "given_by", "given_on", "reason")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def impact_assessment(request, pk):
    consultation = _managed(request, pk)
    editable = consultation.status in (Status.DRAFT, Status.OPEN, Status.CLOSED)
    form = ImpactAssessmentForm(request.POST or None, consultation=consultation) if editable else None
    context = {
        "heading": "Joint impact assessment",
        "caption": consultation.title,
        "template": "impact_assessment",
        "assessment": getattr(consultation, "impact_assessment", None),
        "answers": answers(consultation, consultation.participations.all()),
        "refusal": None if editable else "The impact assessment cannot change once feedback is published.",
    }
    if form is None:
        return render(request, "consultations/form.html", {"consultation": consultation, **context})
    return _form_page(
        request,
        consultation,
        form,
        context,
        services.save_impact_assessment,
        "Impact assessment saved.",
        lambda f: {name: f.cleaned_data[name] for name in ("summary", "equalities", "completed_on")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def participation(request, pk):
    """Ask the affected organisations to take part in the joint impact assessment, see who has
    answered, or record taking part on an organisation's behalf, with the reason."""
    consultation = _managed(request, pk)
    refusal = services.participation_refusal(consultation) or (
        None if consultation.affected_organisations.all() else "Choose the organisations affected first."
    )
    ask = (
        TransitionForm(
            request.POST if "ask" in request.POST else None, consultation=consultation, label="Ask the organisations"
        )
        if not refusal
        else None
    )
    form = (
        ParticipationForm(request.POST if "ask" not in request.POST else None, consultation=consultation)
        if not refusal
        else None
    )
    context = {
        "heading": "Taking part in the joint impact assessment",
        "caption": consultation.title,
        "template": "participation",
        "ask_form": ask,
        "refusal": refusal,
        "answers": answers(consultation, consultation.participations.all()),
    }
    if request.method == "POST" and ask is not None and "ask" in request.POST:
        if ask.is_valid() and _save(
            ask,
            services.ask_to_take_part,
            consultation=consultation,
            version=ask.cleaned_data["version"],
            by=request.user,
        ):
            messages.success(
                request, "The organisations affected have been asked to take part. Their admins answer in the portal."
            )
            return redirect("consultations:participation", consultation.pk)
        return render(request, "consultations/form.html", {"consultation": consultation, "form": form, **context})
    if form is None:
        return render(request, "consultations/form.html", {"consultation": consultation, **context})
    return _form_page(
        request,
        consultation,
        form,
        context,
        services.record_participation,
        "Taking part recorded on the organisation's behalf, with your reason.",
        lambda f: {
            name: f.cleaned_data[name] for name in ("organisation", "representative", "given_by", "given_on", "reason")
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def feedback(request, pk):
    consultation = _managed(request, pk)
    editable = consultation.status in (Status.OPEN, Status.CLOSED)
    form = FeedbackForm(request.POST or None, consultation=consultation) if editable else None
    refusal = None
    if not editable:
        refusal = (
            "Feedback is written once the consultation is open."
            if consultation.status == Status.DRAFT
            else "The feedback is published and can no longer be changed."
        )
    context = {
        "heading": "Feedback: what you said, what we did",
        "caption": consultation.title,
        "template": "feedback",
        "feedback": getattr(consultation, "feedback", None),
        "refusal": refusal,
    }
    if form is None:
        return render(request, "consultations/form.html", {"consultation": consultation, **context})
    if request.method == "POST" and form.is_valid() and form.cleaned_data["reviewed"]:
        # Reviewed: go straight on to publishing it, which shows the text before confirming.
        if _save(
            form,
            services.save_feedback,
            consultation=consultation,
            version=form.cleaned_data["version"],
            by=request.user,
            **{name: form.cleaned_data[name] for name in ("what_you_said", "what_we_did", "reviewed")},
        ):
            if lifecycle.refusal(selectors.for_page(pk).first(), "publish_feedback") is None:
                messages.success(request, "Feedback saved and reviewed. Check it below, then publish it.")
                return redirect("consultations:transition", consultation.pk, "publish_feedback")
            messages.success(
                request,
                "Feedback saved and reviewed. Publish it from this page when the "
                "consultation has closed and the impact assessment is complete.",
            )
            return redirect("consultations:manage", consultation.pk)
        return render(request, "consultations/form.html", {"consultation": consultation, "form": form, **context})
    return _form_page(
        request,
        consultation,
        form,
        context,
        services.save_feedback,
        "Feedback saved. Publish it from this page when it is ready.",
        lambda f: {name: f.cleaned_data[name] for name in ("what_you_said", "what_we_did", "reviewed")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision(request, pk):
    consultation = _managed(request, pk)
    refusal = lifecycle.refusal(consultation, "decide")
    form = (
        None
        if refusal
        else DecisionForm(request.POST or None, consultation=consultation, initial={"decided_on": workdays.today()})
    )
    terms = rules.notice_terms(consultation.kind, rules.rules_for(consultation))
    recorded = getattr(consultation, "decision", None)
    context = {
        "heading": "The decision" if recorded else "Record the decision",
        "caption": consultation.title,
        "template": "decision",
        "decision": recorded,
        "terms": terms,
        "refusal": None if recorded else refusal,
    }
    if form is None:
        return render(request, "consultations/form.html", {"consultation": consultation, **context})
    done = "Decision recorded and published. The organisations have been emailed."
    if terms:
        done += f" Formal notice is at least {terms.describe(terms.minimum)}."
    return _form_page(request, consultation, form, context, services.decide, done, lambda f: f.decision_fields())


@login_required
@require_http_methods(["GET", "POST"])
def plan_entry(request):
    """Add an entry to the forward plan of the officer's public body."""
    owners = permissions.officer_organisations(request.user)
    if not owners.exists():
        raise Http404
    form = forms.PlannedConsultationForm(request.POST or None, owners=owners)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_planned(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, "Added to the forward plan.")
            return redirect("consultations:forward_plan")
    return render(request, "consultations/plan_entry.html", {"form": form})
