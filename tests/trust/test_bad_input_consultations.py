"""Consultation forms driven with generated awkward input, each as the person allowed to use it
and in the state where it is live: starting and drafting (every step), launch, consent, the
impact assessment, feedback, the decision and responding with an attachment. No server error,
every rejection says what is wrong, nothing half-saved."""

from datetime import timedelta

import pytest
import time_machine
from django.forms.models import model_to_dict
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from consultations.models import (
    Consultation,
    ConsultationResponse,
    Decision,
    Feedback,
    ImpactAssessment,
    ShortenedPeriodConsent,
)
from consultations.uploads import ALLOWED
from tests.consultations.conftest import (
    OPENS_ON,
    STANDARD_CLOSES_ON,
    at,
    close,
    complete_assessment,
    launch,
    publish_feedback,
)
from tests.consultations.factories import ConsultationFactory, FundingAgreementFactory

from .posting import changed, counts, fetch, rolled_back, saved_or_rejected, submit
from .strategies import (
    AWKWARD,
    awkward_choices,
    awkward_dates,
    awkward_multiple,
    awkward_numbers,
    crafted_files,
    formatted,
    text_or_awkward,
)

Kind, Status = Consultation.Kind, Consultation.Status
DECISION = {
    "outcome": "proceed",
    "rationale": "Costs rose.",
    "appeal_route": "Write to the chief executive.",
    "financial_information": "£30,000 a year becomes £22,500.",
    "notice_starts_on": "",
    "notice_length": "6",
    "exceptional_reason": "",
}
RECORDS = (Consultation, ShortenedPeriodConsent, ImpactAssessment, Feedback, Decision, ConsultationResponse)


@pytest.fixture
def clock():
    with time_machine.travel(at(OPENS_ON - timedelta(days=14)), tick=False) as traveller:
        yield traveller


@pytest.fixture
def draft(clock, edition, council, vcs_organisation, council_officer):
    return ConsultationFactory(owner=council, created_by=council_officer, affected=[vcs_organisation])


def _state(consultation) -> dict:
    """Everything an officer's form could change on a consultation."""
    fresh = Consultation.objects.get(pk=consultation.pk)
    return {
        **model_to_dict(fresh),
        "affected_organisations": sorted(o.pk for o in fresh.affected_organisations.all()),
        "affected_agreements": sorted(a.pk for a in fresh.affected_agreements.all()),
    }


def mostly(valid, awkward):
    """The valid value three times in four, so that examples get past it to the rest of the form."""
    return st.one_of(st.just(str(valid)), st.just(str(valid)), st.just(str(valid)), awkward)


def _check_versioned_write(client, url, consultation, values, *, creates=()):
    """Post to an officer form. A rejection changes nothing; a save moves the version on (a
    decision that starts formal notice moves it twice) and adds at most one of each row named
    in `creates`."""
    before_state, before = _state(consultation), counts(*RECORDS)
    if saved_or_rejected(submit(client, url, values)):
        assert _state(consultation)["version"] > before_state["version"]
        assert set(changed(before, *RECORDS)) <= set(creates)
        assert all(delta == 1 for delta in changed(before, *RECORDS).values())
        return True
    assert _state(consultation) == before_state
    assert changed(before, *RECORDS) == {}
    return False


@pytest.mark.django_db
def test_start_form(client, clock, edition, council, council_officer):
    client.force_login(council_officer)
    url = reverse("consultations:start")

    @given(
        values=st.fixed_dictionaries(
            {
                "owner": mostly(council.pk, awkward_choices(council.pk)),
                "kind": awkward_choices(*Kind.values),
                "title": text_or_awkward("Changes to community transport grants"),
            }
        )
    )
    def check(values):
        with rolled_back():
            before = counts(*RECORDS)
            if saved_or_rejected(submit(client, url, values)):
                assert changed(before, *RECORDS) == {"Consultation": 1}
                created = Consultation.objects.latest("pk")
                assert "\x00" not in created.title and created.title.strip()
            else:
                assert changed(before, *RECORDS) == {}

    check()


@pytest.mark.django_db
def test_kind_and_proposal_steps(client, draft, council_officer):
    client.force_login(council_officer)

    @given(
        step=st.sampled_from(["kind", "proposal"]),
        values=st.fixed_dictionaries(
            {
                "version": mostly(draft.version, awkward_numbers(draft.version)),
                "kind": awkward_choices(*Kind.values),
                "title": text_or_awkward("Changes to community transport grants"),
                "proposal": text_or_awkward("Reduce the grant by a quarter."),
                "criteria": text_or_awkward("Journeys made."),
                "revised_outcomes": text_or_awkward("4,000 journeys a year."),
            }
        ),
    )
    def check(step, values):
        with rolled_back():
            _check_versioned_write(client, reverse("consultations:edit", args=[draft.pk, step]), draft, values)

    check()


@pytest.mark.django_db
def test_affected_step(client, draft, council, vcs_organisation, other_vcs_organisation, council_officer):
    agreement = FundingAgreementFactory(funder=council, recipient=vcs_organisation)
    client.force_login(council_officer)
    url = reverse("consultations:edit", args=[draft.pk, "affected"])

    @given(
        values=st.fixed_dictionaries(
            {
                "version": mostly(draft.version, awkward_numbers(draft.version)),
                "affected_organisations": awkward_multiple(vcs_organisation.pk, other_vcs_organisation.pk),
                "affected_agreements": awkward_multiple(agreement.pk),
            }
        )
    )
    @example(
        values={
            "version": str(draft.version),
            "affected_organisations": [str(vcs_organisation.pk)],
            "affected_agreements": [str(agreement.pk)],
        }
    )
    def check(values):
        with rolled_back():
            _check_versioned_write(client, url, draft, values)

    check()


@pytest.mark.django_db
def test_dates_step(client, draft, council_officer):
    client.force_login(council_officer)
    url = reverse("consultations:edit", args=[draft.pk, "dates"])
    today = OPENS_ON - timedelta(days=14)

    @given(
        values=st.fixed_dictionaries(
            {
                "version": mostly(draft.version, awkward_numbers(draft.version)),
                "opens_on": awkward_dates(today, OPENS_ON),
                "closes_on": st.one_of(st.just(""), awkward_dates(STANDARD_CLOSES_ON, OPENS_ON + timedelta(weeks=8))),
                "shortened_reason": text_or_awkward("The budget is set in March."),
            },
            optional={"holiday_choice": awkward_choices("corrected", "keep")},
        )
    )
    @example(values={"version": str(draft.version), "opens_on": "2/2/2026", "closes_on": "", "shortened_reason": ""})
    @example(values={"version": str(draft.version), "opens_on": "1/1/0001", "closes_on": "", "shortened_reason": ""})
    @example(
        values={
            "version": str(draft.version),
            "opens_on": "15/12/2026",
            "closes_on": "31/12/9999",
            "shortened_reason": "",
        }
    )
    def check(values):
        with rolled_back():
            # A shorter period saved with its reason asks the affected organisation to agree.
            _check_versioned_write(client, url, draft, values, creates=("ShortenedPeriodConsent",))

    check()


@pytest.mark.django_db
def test_launch_confirmation(client, draft, council_officer):
    client.force_login(council_officer)
    url = reverse("consultations:check", args=[draft.pk])
    draft.opens_on, draft.closes_on = OPENS_ON, STANDARD_CLOSES_ON
    draft.save()

    @given(
        values=st.fixed_dictionaries(
            {"version": mostly(draft.version, awkward_numbers(draft.version))}, optional={"save_draft": AWKWARD}
        )
    )
    def check(values):
        with rolled_back():
            before = _state(draft)
            if saved_or_rejected(submit(client, url, values)):
                after = _state(draft)
                assert after["status"] == (Status.DRAFT if "save_draft" in values else Status.OPEN)
            else:
                assert _state(draft) == before

    check()


@pytest.mark.django_db
def test_consent_form(client, draft, vcs_organisation, other_vcs_organisation, council_officer):
    client.force_login(council_officer)
    url = reverse("consultations:consent", args=[draft.pk])

    @given(
        values=st.fixed_dictionaries(
            {
                "version": mostly(draft.version, awkward_numbers(draft.version)),
                "organisation": awkward_choices(vcs_organisation.pk, other_vcs_organisation.pk),
                "given_by": text_or_awkward("Asha Patel, Chief executive"),
                "given_on": awkward_dates(OPENS_ON - timedelta(days=14), OPENS_ON),
            }
        )
    )
    def check(values):
        with rolled_back():
            _check_versioned_write(client, url, draft, values, creates={"ShortenedPeriodConsent"})

    check()


@pytest.fixture
def open_consultation(draft, council_officer, clock):
    clock.move_to(at(OPENS_ON))
    launch(draft, council_officer)
    return Consultation.objects.get(pk=draft.pk)


@pytest.mark.django_db
def test_impact_assessment_form(client, open_consultation, council_officer):
    client.force_login(council_officer)
    url = reverse("consultations:impact_assessment", args=[open_consultation.pk])

    @given(
        values=st.fixed_dictionaries(
            {
                "version": mostly(open_consultation.version, awkward_numbers(open_consultation.version)),
                "summary": text_or_awkward("Fewer journeys for older residents."),
                "equalities": text_or_awkward("Disabled and older residents are most affected."),
                "vcs_representatives": text_or_awkward("Asha Patel, Testshire Community Action"),
                "completed_on": st.one_of(st.just(""), awkward_dates(OPENS_ON)),
            }
        )
    )
    def check(values):
        with rolled_back():
            _check_versioned_write(client, url, open_consultation, values, creates={"ImpactAssessment"})

    check()


@pytest.mark.django_db
def test_feedback_form(client, open_consultation, council_officer):
    client.force_login(council_officer)
    url = reverse("consultations:feedback", args=[open_consultation.pk])

    @given(
        values=st.fixed_dictionaries(
            {
                "version": mostly(open_consultation.version, awkward_numbers(open_consultation.version)),
                "what_you_said": text_or_awkward("Keep medical trips."),
                "what_we_did": text_or_awkward("We kept medical trips."),
            },
            optional={"reviewed": awkward_choices("on")},
        )
    )
    def check(values):
        with rolled_back():
            _check_versioned_write(client, url, open_consultation, values, creates={"Feedback"})

    check()


@pytest.mark.django_db
def test_decision_form(client, open_consultation, council_officer, clock):
    complete_assessment(open_consultation, council_officer)
    close(open_consultation, council_officer, clock)
    publish_feedback(open_consultation, council_officer)
    consultation = Consultation.objects.get(pk=open_consultation.pk)
    today = consultation.closes_on + timedelta(days=1)
    client.force_login(council_officer)
    url = reverse("consultations:decision", args=[consultation.pk])

    @given(
        values=st.fixed_dictionaries(
            {
                "version": mostly(consultation.version, awkward_numbers(consultation.version)),
                "outcome": awkward_choices(*Decision.Outcome.values),
                "rationale": text_or_awkward("Costs rose."),
                "appeal_route": text_or_awkward("Write to the chief executive."),
                "decided_on": awkward_dates(today),
                "financial_information": text_or_awkward("£30,000 a year becomes £22,500."),
                "notice_starts_on": st.one_of(st.just(""), awkward_dates(today)),
                "notice_length": awkward_numbers(3, 6, 13),
                "exceptional_reason": text_or_awkward(""),
            }
        )
    )
    @example(values={**DECISION, "version": str(consultation.version), "decided_on": formatted(today)})
    @example(
        values={**DECISION, "version": str(consultation.version), "decided_on": formatted(today), "outcome": "withdraw"}
    )
    def check(values):
        with rolled_back():
            _check_versioned_write(client, url, consultation, values, creates={"Decision"})

    check()


@pytest.mark.django_db
def test_response_form_with_crafted_files(
    client, open_consultation, vcs_organisation, vcs_admin, other_vcs_organisation
):
    client.force_login(vcs_admin)
    done = reverse("consultations:respond_done", args=[open_consultation.pk])

    def question(name):
        return reverse("consultations:respond_question", args=[open_consultation.pk, name])

    @given(
        values=st.fixed_dictionaries(
            {
                "organisation": mostly(
                    vcs_organisation.pk, awkward_choices(vcs_organisation.pk, other_vcs_organisation.pk)
                ),
                "text": text_or_awkward("We object: the grant pays for 4,000 journeys."),
            }
        ),
        attachment=st.one_of(st.none(), crafted_files()),
    )
    def check(values, attachment):
        with rolled_back():
            before = counts(*RECORDS)
            # The question pages (the organisation is asked only of someone with several), then
            # the check page: nothing is saved unless the response is confirmed there.
            pages = (
                ("organisation", {"organisation": values["organisation"]}, None),
                ("response", {"text": values["text"]}, None),
                ("document", {}, {"attachment": attachment} if attachment else None),
            )
            for slug, sent, uploaded in pages:
                response = submit(client, question(slug), sent, uploaded)
                if response.status_code != 302:
                    saved_or_rejected(response)
            response = submit(client, reverse("consultations:respond_check", args=[open_consultation.pk]), {})
            if response.status_code == 302 and response["Location"] == done:
                assert changed(before, *RECORDS) == {"ConsultationResponse": 1}
                saved = ConsultationResponse.objects.get(consultation=open_consultation, organisation=vcs_organisation)
                assert "\x00" not in saved.text
                if saved.attachment:
                    assert saved.attachment_content_type in ALLOWED
                    assert "/" not in saved.attachment_name and "\x00" not in saved.attachment_name
            else:
                assert changed(before, *RECORDS) == {}

    check()


@pytest.mark.django_db
def test_consultation_search_never_fails(client, open_consultation):
    @given(query=st.dictionaries(st.sampled_from(["q", "status", "page"]), AWKWARD, max_size=3))
    @example(query={"q": "nul\x00byte", "page": "\x00"})
    def check(query):
        assert fetch(client, reverse("consultations:list"), query).status_code == 200

    check()
