"""The consultation journey in a real browser: a council officer takes a funding-reduction
consultation from the multi-step form to the end of its formal notice, with a VCS response
(and attachment), a joint impact assessment and published feedback. The clock moves as the
Compact's weeks and months pass; every page is checked for WCAG problems with axe."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from consultations.models import Consultation, ConsultationResponse
from signatories.models import Membership
from tests import factories
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.steps import (
    assert_accessible,
    assert_clean_load,
    date_typed,
    fill_date,
    last_email_to,
    link_in,
    sign_in,
)
from tests.consultations.conftest import at, clock  # noqa: F401, F811  (the clock fixture)
from tests.consultations.factories import ConsultationFactory, FundingAgreementFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"]),
]

OFFICER = "priya.shah@testshire.gov.uk"
MEMBER = "tom.evans@testshire-action.org.uk"
ADMIN = "asha.patel@testshire-action.org.uk"
TITLE = "Reducing the community transport grant"


def people():
    compact = factories.CompactFactory(name="Testshire Compact", area="Testshire")
    factories.EditionFactory(compact=compact, label="2026")
    council = factories.PublicBodyFactory(compact=compact, name="Testshire County Council")
    action = factories.OrganisationFactory(compact=compact, name="Testshire Community Action")
    factories.MembershipFactory(
        organisation=council,
        role=Membership.Role.ADMIN,
        user=factories.UserFactory(email=OFFICER, full_name="Priya Shah"),
    )
    factories.MembershipFactory(organisation=action, user=factories.UserFactory(email=MEMBER, full_name="Tom Evans"))
    factories.MembershipFactory(
        organisation=action, role=Membership.Role.ADMIN, user=factories.UserFactory(email=ADMIN, full_name="Asha Patel")
    )
    FundingAgreementFactory(funder=council, recipient=action, title="Community transport")
    return council, action


def travel(clock, page, email, day):  # noqa: F811
    """Weeks pass: move the clock and sign in again (sessions do not last months)."""
    clock.move_to(at(day))
    page.context.clear_cookies()
    sign_in(page, email)


def test_funding_reduction_consultation_from_start_to_the_end_of_formal_notice(open_page, clock, tmp_path):  # noqa: F811
    council, action = people()

    # The officer starts a consultation from "Your consultations".
    officer = open_page("officer")
    sign_in(officer, OFFICER)
    officer.goto("/consultations/yours/")
    assert_accessible(officer)
    officer.get_by_role("link", name="Start a consultation").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("What the consultation is about")
    officer.get_by_label("Reducing or ending funding (decommissioning)").check()
    officer.get_by_label("Title").fill(TITLE)
    assert_accessible(officer)
    officer.get_by_role("button", name="Save and continue").click()

    expect(officer.get_by_role("heading", level=1)).to_have_text("Who is affected")
    officer.get_by_role("button", name="Save and continue").click()
    expect(officer.locator(".govuk-error-summary")).to_contain_text(
        "Select at least one organisation affected by the proposal"
    )
    officer.get_by_role("checkbox", name="Testshire Community Action", exact=True).check()
    officer.get_by_label(re.compile("Community transport with Testshire Community Action")).check()
    officer.get_by_role("button", name="Save and continue").click()

    expect(officer.get_by_role("heading", level=1)).to_have_text("The proposal")
    officer.get_by_label("The proposal").fill("Reduce the grant by a quarter from April.")
    officer.get_by_role("button", name="Save and continue").click()

    # Dates: an impossible date is refused, the input kept; blank close date means 12 weeks.
    expect(officer.get_by_role("heading", level=1)).to_have_text("When it runs")
    fill_date(officer, "Opening date", "31/2/2026")
    officer.get_by_role("button", name="Save and continue").click()
    expect(officer.locator(".govuk-error-summary")).to_contain_text("The opening date must be a real date")
    assert date_typed(officer, "Opening date") == "31/2/2026"
    assert_accessible(officer)
    fill_date(officer, "Opening date", "2/2/2026")
    officer.get_by_role("button", name="Save and continue").click()

    # Check your answers: a funding change cannot launch without criteria and revised outcomes.
    expect(officer.get_by_role("heading", level=1)).to_have_text("Check your answers")
    expect(officer.locator(".govuk-inset-text")).to_contain_text(
        "A funding change cannot be launched without the criteria and revised outcomes"
    )
    assert_accessible(officer)
    officer.get_by_role("link", name="Change the criteria").click()
    officer.get_by_label("Criteria on which the decision will be made").fill(
        "Journeys to medical appointments; cost per journey."
    )
    officer.get_by_label("Revised outcomes").fill("4,000 journeys a year to medical appointments.")
    officer.get_by_role("button", name="Save and continue").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("Check your answers")
    expect(officer.locator("main")).to_contain_text("27 April 2026")
    officer.get_by_role("button", name="Launch the consultation").click()
    expect(officer.locator(".govuk-notification-banner--success")).to_contain_text("The consultation is open.")
    assert_accessible(officer)

    # The VCS member is emailed, follows the link and responds with an attachment.
    respond_url = link_in(last_email_to(MEMBER, TITLE), "/respond/")
    member = open_page("member")
    sign_in(member, MEMBER)
    member.goto(respond_url)
    assert_clean_load(member)
    expect(member.get_by_role("heading", level=1)).to_have_text("Your response")
    assert_accessible(member)
    member.get_by_role("button", name="Continue").click()
    expect(member.locator(".govuk-error-summary")).to_contain_text("Enter your organisation’s response")
    member.get_by_label("Your organisation’s response").fill("Medical journeys matter most to our members.")
    member.get_by_role("button", name="Continue").click()
    expect(member.get_by_role("heading", level=1)).to_have_text("A supporting document")
    assert_accessible(member)
    attachment = tmp_path / "our-response.pdf"
    attachment.write_bytes(b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n")
    member.get_by_label("Upload a document (optional)").set_input_files(str(attachment))
    member.get_by_role("button", name="Continue").click()
    expect(member.get_by_role("heading", level=1)).to_have_text("Check your answers")
    expect(member.locator("main")).to_contain_text("our-response.pdf")
    assert_accessible(member)
    member.get_by_role("link", name="Change your organisation’s response").click()
    member.get_by_label("Your organisation’s response").fill("Medical journeys matter most to our 300 members.")
    member.get_by_role("button", name="Continue").click()
    expect(member.locator("main")).to_contain_text("Medical journeys matter most to our 300 members.")
    assert not ConsultationResponse.objects.exists()
    member.get_by_role("button", name="Send response").click()
    expect(member.get_by_role("heading", level=1)).to_have_text("Response sent")
    expect(member.locator("main")).to_contain_text("We have sent you a receipt by email")
    assert_accessible(member)
    assert last_email_to(MEMBER, "Your response has been received")
    member.get_by_role("link", name="See your organisation’s response").click()
    expect(member.get_by_role("heading", level=1)).to_have_text("Response from Testshire Community Action")
    expect(member.get_by_role("link", name="our-response.pdf")).to_be_visible()
    assert ConsultationResponse.objects.get().attachment_content_type == "application/pdf"

    # The officer asks the affected organisation to take part in the joint impact assessment;
    # its admin agrees in the portal and names who will represent it.
    consultation = Consultation.objects.get(title=TITLE)
    officer.goto(f"/consultations/{consultation.pk}/impact-assessment/")
    officer.get_by_role("link", name="Who is taking part").click()
    assert_accessible(officer)
    officer.get_by_role("button", name="Ask the organisations not yet asked").click()
    expect(officer.locator(".govuk-notification-banner--success")).to_contain_text("have been asked to take part")
    admin = open_page("admin")
    sign_in(admin, ADMIN)
    admin.goto(link_in(last_email_to(ADMIN, "impact assessment"), "/consultations/asked/"))
    expect(admin.get_by_role("heading", level=1)).to_contain_text("asks you to take part in its impact assessment")
    assert_accessible(admin)
    admin.get_by_label("Yes, Testshire Community Action will take part").check()
    admin.get_by_label(re.compile("Who will take part for your organisation")).fill("Tom Evans, Volunteer coordinator")
    admin.get_by_role("button", name="Send your answer").click()
    expect(admin.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your answer for Testshire Community Action"
    )

    # Six weeks in, the officer completes the joint impact assessment.
    travel(clock, officer, OFFICER, date(2026, 3, 16))
    officer.goto(f"/consultations/{consultation.pk}/manage/")
    expect(officer.locator("main")).to_contain_text("Not yet: The consultation is open until the end of 27 April 2026")
    expect(officer.locator("main")).to_contain_text("Taking part: Tom Evans, Volunteer coordinator")
    officer.get_by_role("link", name="Update the impact assessment").click()
    officer.get_by_label("What the assessment found").fill("Fewer journeys for people without a car.")
    officer.get_by_label("Equalities impact").fill("Older and disabled residents are most affected.")
    fill_date(officer, "Date completed", "16/3/2026")
    officer.get_by_role("button", name="Save impact assessment").click()
    expect(officer.locator(".govuk-notification-banner--success")).to_contain_text("Impact assessment saved.")

    # Twelve weeks on, the consultation closes, and feedback is written, reviewed and published.
    travel(clock, officer, OFFICER, date(2026, 4, 28))
    officer.goto(f"/consultations/{consultation.pk}/manage/")
    officer.get_by_role("link", name="Close the consultation").click()
    officer.get_by_role("button", name="Close the consultation").click()
    expect(officer.locator(".govuk-notification-banner--success")).to_contain_text("The consultation is closed.")
    officer.get_by_role("link", name="Write the feedback").click()
    officer.get_by_label("What you said").fill("Medical journeys matter most.")
    officer.get_by_label("What we did").fill("Medical journeys keep their funding; shopping trips are reduced.")
    officer.get_by_label("I have reviewed the responses and this feedback").check()
    assert_accessible(officer)
    officer.get_by_role("button", name="Save feedback").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("Publish the feedback")
    expect(officer.locator("main")).to_contain_text("Medical journeys keep their funding; shopping trips are reduced.")
    assert_accessible(officer)
    officer.get_by_role("button", name="Publish the feedback").click()
    expect(officer.locator(".govuk-notification-banner--success")).to_contain_text("The feedback is published")

    feedback_url = link_in(last_email_to(MEMBER, "Feedback published"), f"/consultations/{consultation.pk}/")
    travel(clock, member, MEMBER, date(2026, 4, 28))
    member.goto(feedback_url)
    expect(member.locator("main")).to_contain_text("Medical journeys keep their funding; shopping trips are reduced.")

    # The decision: notice under the minimum is refused without exceptional circumstances.
    officer.goto(f"/consultations/{consultation.pk}/decision/")
    officer.get_by_label("Proceed with changes").check()
    officer.get_by_label("Reasons for the decision").fill("Costs rose; medical journeys are protected.")
    officer.get_by_label("How to appeal").fill("Write to the chief executive within 28 days.")
    officer.get_by_label("Financial information given to the organisations").fill(
        "£30,000 a year becomes £22,500 from November."
    )
    officer.get_by_label("Length of formal notice (months)").fill("2")
    officer.get_by_role("button", name="Record the decision").click()
    expect(officer.locator(".govuk-error-summary")).to_contain_text("Formal notice must be at least 3 months")
    assert_accessible(officer)
    officer.get_by_label("Length of formal notice (months)").fill("6")
    officer.get_by_role("button", name="Record the decision").click()
    expect(officer.locator(".govuk-notification-banner--success")).to_contain_text("Decision recorded and published")
    expect(officer.locator("main")).to_contain_text("Formal notice 28 April 2026 to 28 October 2026")
    decision_email = last_email_to(MEMBER, "Decision")
    assert "£30,000 a year becomes £22,500 from November." in decision_email.body

    # Six months on, formal notice has ended and the consultation is completed.
    travel(clock, officer, OFFICER, date(2026, 10, 28))
    officer.goto(f"/consultations/{consultation.pk}/manage/")
    officer.get_by_role("link", name="Complete the consultation").click()
    officer.get_by_role("button", name="Complete the consultation").click()
    expect(officer.locator(".govuk-notification-banner--success")).to_contain_text("The consultation is completed.")

    # The public sees it among past consultations, with a timeline that kept the Compact.
    visitor = open_page("visitor")
    visitor.goto("/consultations/?status=past")
    visitor.get_by_role("link", name=TITLE).click()
    expect(visitor.locator("main")).to_contain_text("What we did")
    assert_accessible(visitor)
    expect(visitor.locator("main")).not_to_contain_text("£22,500")
    visitor.get_by_role("link", name=re.compile("Every date in this consultation")).click()
    expect(visitor.locator("main")).to_contain_text("No departures from the Compact.")
    expect(visitor.locator("main")).not_to_contain_text("Overdue")
    assert_accessible(visitor)


SHORTER_TITLE = "Changes to the volunteer centre grant"


def test_affected_organisations_agree_to_or_refuse_a_shorter_consultation(open_page, clock):  # noqa: F811
    council, action = people()
    other = factories.OrganisationFactory(compact=council.compact, name="Riverside Youth Club")
    other_admin = "sam.okafor@riverside-youth.org.uk"
    factories.MembershipFactory(
        organisation=other,
        role=Membership.Role.ADMIN,
        user=factories.UserFactory(email=other_admin, full_name="Sam Okafor"),
    )
    consultation = ConsultationFactory(
        owner=council,
        title=SHORTER_TITLE,
        kind="other_policy",
        created_by=council.memberships.get().user,
        affected=[action, other],
        opens_on=date(2026, 2, 16),
        closes_on=None,
    )

    # The officer proposes nine weeks, with the reason; both organisations are asked by email.
    officer = open_page("officer")
    sign_in(officer, OFFICER)
    officer.goto(f"/consultations/{consultation.pk}/edit/dates/")
    fill_date(officer, "Opening date", "16/2/2026")
    fill_date(officer, "Closing date", "20/4/2026")
    officer.get_by_label(re.compile("Reason for a shorter period")).fill("The council's budget is set on 21 April.")
    officer.get_by_role("button", name="Save and continue").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("Check your answers")

    # One admin agrees, from the email.
    admin = open_page("admin")
    sign_in(admin, ADMIN)
    admin.goto(link_in(last_email_to(ADMIN, "shorter consultation"), "/consultations/asked/shorter-period/"))
    expect(admin.get_by_role("heading", level=1)).to_contain_text("asks to consult for less than 12 weeks")
    expect(admin.locator("main")).to_contain_text("The council's budget is set on 21 April.")
    assert_accessible(admin)
    admin.get_by_role("button", name="Send your answer").click()
    expect(admin.locator(".govuk-error-summary")).to_contain_text("Choose yes or no")
    assert_accessible(admin)
    admin.get_by_label("Yes, Testshire Community Action agrees to the shorter period").check()
    admin.get_by_label("Your name and role").fill("Asha Patel, Chair of trustees")
    admin.get_by_role("button", name="Send your answer").click()
    expect(admin.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your answer for Testshire Community Action"
    )

    # The other finds the question on "Your consultations" and refuses.
    youth = open_page("youth club")
    sign_in(youth, other_admin)
    youth.goto("/consultations/yours/")
    assert_accessible(youth)
    youth.get_by_role("link", name=re.compile(f"A shorter consultation period: {SHORTER_TITLE}")).click()
    youth.get_by_label("No, Riverside Youth Club does not agree").check()
    youth.get_by_label("Your name and role").fill("Sam Okafor, Manager")
    youth.get_by_role("button", name="Send your answer").click()
    expect(youth.locator("main")).to_contain_text("Refused")

    # The officer sees both answers and cannot launch the shorter period.
    officer.goto(f"/consultations/{consultation.pk}/manage/")
    answers = officer.get_by_role("region", name="Agreement to a shorter period")
    expect(answers).to_contain_text("Agreed on 2 February 2026 by Asha Patel, Chair of trustees")
    expect(answers).to_contain_text("Refused on 2 February 2026 by Sam Okafor, Manager")
    expect(officer.locator("main")).to_contain_text("Riverside Youth Club must agree to a period shorter than 12 weeks")
    assert_accessible(officer)
