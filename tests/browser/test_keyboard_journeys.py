"""The main journeys done with the keyboard alone (Tab, Shift+Tab, Enter, Space and typing),
with the focus visible at every stop: responding to a consultation and raising a breach
concern. (Registering is in test_accessibility.py.)"""

import pytest
from playwright.sync_api import expect

from compact_portal import workdays
from consultations.models import Consultation, ConsultationResponse
from disputes.models import Case
from tests.browser import a11y
from tests.browser.steps import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The focus is visible when the focused element has an outline, a focus box-shadow or GOV.UK's
# yellow focus background.
FOCUS_IS_VISIBLE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;  // the focus has left the page for the browser's own controls
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow && style.boxShadow !== 'none';
  const yellow = style.backgroundColor === 'rgb(255, 221, 0)';
  const box = el.getBoundingClientRect();
  if (!(outline || shadow || yellow)) return `no visible focus on ${el.outerHTML.slice(0, 120)}`;
  if (box.width === 0 || box.height === 0) return `the focus is on a hidden element ${el.outerHTML.slice(0, 120)}`;
  return '';
}"""


class Keyboard:
    """Moves through a page with keys only, checking at every stop that the focus can be seen."""

    def __init__(self, page):
        self.page = page
        self.stops = 0

    def press(self, key):
        self.page.keyboard.press(key)
        if key in ("Tab", "Shift+Tab"):
            self.stops += 1
            problem = self.page.evaluate(FOCUS_IS_VISIBLE)
            if problem is None:
                self.stops -= 1
            assert not problem, f"after {key} on {self.page.url}: {problem}"

    def tab_to(self, selector, most=60):
        """Tab until the element matching `selector` has the focus."""
        for _ in range(most):
            self.press("Tab")
            if self.page.evaluate("s => document.activeElement.matches(s)", selector):
                return
        raise AssertionError(f"{selector} never got the focus with the Tab key on {self.page.url}")

    def type(self, text):
        self.page.keyboard.type(text)


@pytest.fixture
def consultation(compact, edition, council, vcs_organisation):
    today = workdays.today()
    consultation = Consultation.objects.create(
        compact=compact,
        owner=council,
        kind="funding_reduction",
        title="Community transport grant",
        status="open",
        proposal="Reduce the grant.",
        criteria="Cost per journey.",
        revised_outcomes="4,000 journeys.",
        opens_on=today,
        closes_on=workdays.add_weeks(today, 12),
    )
    consultation.affected_organisations.set([vcs_organisation])
    return consultation


def test_responding_to_a_consultation_with_the_keyboard_alone(page, consultation, vcs_member):
    sign_in(page, vcs_member.email)
    page.goto(consultation.get_absolute_url())
    keys = Keyboard(page)
    keys.tab_to("main a[href$='/respond/']")
    keys.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your response")

    keys.tab_to("#id_text")
    keys.type("Fewer journeys would leave older people in the villages without a way to the surgery.")
    keys.press("Shift+Tab")  # back and forth: the focus order is the reading order
    keys.press("Tab")
    keys.tab_to("main form [type=submit]")
    keys.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("A supporting document")
    keys.tab_to("#id_attachment")  # the file input is reached, and passed over when there is no file
    keys.tab_to("main form [type=submit]")
    keys.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    keys.tab_to("#send")
    keys.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Response sent")
    response = ConsultationResponse.objects.get(consultation=consultation)
    assert response.text.startswith("Fewer journeys would leave older people")
    a11y.TALLY.keyboard_journeys.append({"journey": "respond to a consultation", "focus_stops_checked": keys.stops})


def test_raising_a_breach_concern_with_the_keyboard_alone(page, edition, vcs_organisation, council, vcs_admin):
    sign_in(page, vcs_admin.email)
    page.goto("/")
    keys = Keyboard(page)
    keys.tab_to("nav a[href='/disputes/']")
    keys.press("Enter")
    page.wait_for_url("**/disputes/")
    keys.tab_to("main a[href='/disputes/raise/']")
    keys.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Raise a breach concern")
    keys.tab_to("main a[href='/disputes/raise/organisation/']")
    keys.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Who the concern is about")

    keys.tab_to("#id_respondent")
    keys.type(council.name)  # a closed select takes the option whose name is typed
    expect(page.locator("#id_respondent")).to_have_value(str(council.pk))
    keys.tab_to("main form [type=submit]")
    keys.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Which undertakings were not kept")
    undertaking = page.get_by_label("Consult for twelve weeks before changing funding.")
    keys.tab_to(f"#{undertaking.get_attribute('id')}")
    keys.press("Space")
    expect(undertaking).to_be_checked()
    keys.tab_to("main form [type=submit]")
    keys.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("What happened")
    for field, text in [
        ("#id_what_happened", "The grant was cut with two weeks' notice."),
        ("#id_what_has_been_tried", "A meeting with the commissioning team."),
        ("#id_outcome_hoped_for", "The full twelve weeks of consultation."),
    ]:
        keys.tab_to(field)
        keys.type(text)
    keys.tab_to("main form [type=submit]")
    keys.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Documents")
    keys.tab_to("main form [type=submit]")
    keys.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Where the concern starts")
    keys.tab_to("input[name=starting_stage]")  # the first radio: the informal stage
    keys.press("Space")
    expect(page.get_by_label("At the informal stage")).to_be_checked()
    keys.tab_to("main form [type=submit]")
    keys.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    keys.tab_to("#send")
    keys.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Breach concern raised")
    case = Case.objects.get(complainant=vcs_organisation)
    assert case.respondent == council
    assert case.undertakings.count() == 1
    a11y.TALLY.keyboard_journeys.append({"journey": "raise a breach concern", "focus_stops_checked": keys.stops})
