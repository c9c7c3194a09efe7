"""compact_portal/question_pages.py on its own: a journey of three small forms kept in a session."""

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import RequestFactory

from compact_portal.forms import PortalFormMixin
from compact_portal.question_pages import Question, QuestionPages


class NameForm(PortalFormMixin, forms.Form):
    name = forms.CharField(label="Your name")


class KindForm(PortalFormMixin, forms.Form):
    kind = forms.ChoiceField(label="Kind", choices=[("club", "A club"), ("charity", "A charity")])


class NumberForm(PortalFormMixin, forms.Form):
    number = forms.CharField(label="Charity number")

    def __init__(self, *args, name, **kwargs):
        super().__init__(*args, **kwargs)
        self.name = name


class LetterForm(PortalFormMixin, forms.Form):
    letter = forms.FileField(label="A letter (optional)", required=False)


QUESTIONS = [
    Question("name", "Your name", NameForm),
    Question("kind", "What kind", KindForm),
    Question("number", "Charity number", NumberForm, asked=lambda answers: answers["kind"]["kind"] == "charity"),
    Question("letter", "A letter", LetterForm),
]


QUESTION, CHECK = "question_pages/question.html", "question_pages/check.html"
pytestmark = pytest.mark.django_db


def url(name):
    return f"/journey/{name}/"  # check and done too


class Journey:
    """Requests sharing one session, as a browser's would."""

    def __init__(self):
        self.session = SessionStore()
        self.factory = RequestFactory()

    def pages(self, method="get", path="/journey/", data=None, **extra):
        request = getattr(self.factory, method)(path, data or {}, **extra)
        request.session, request.user = self.session, AnonymousUser()
        return QuestionPages(
            request,
            key="test",
            questions=QUESTIONS,
            url=url,
            form_kwargs=lambda question, answers: (
                {"name": answers["name"]["name"]} if question.slug == "number" else {}
            ),
        )

    def answer(self, slug, data, path=None):
        pages = self.pages("post", path or url(slug), data)
        return pages.question_page(slug, template=QUESTION, context={"caption": "A journey"}, start_url="/start/")


@pytest.fixture
def journey():
    return Journey()


def test_an_answer_is_kept_and_leads_to_the_next_question(journey):
    assert journey.answer("name", {"name": "Ada"})["Location"] == url("kind")
    assert journey.answer("kind", {"kind": "club"})["Location"] == url("letter")
    assert journey.session["question-pages:test"]["name"]["data"] == {"name": ["Ada"]}


def test_a_question_asked_only_for_some_answers_is_asked_then(journey):
    journey.answer("name", {"name": "Ada"})
    assert journey.answer("kind", {"kind": "charity"})["Location"] == url("number")


def test_a_later_question_sends_back_to_the_first_not_answered(journey):
    assert journey.pages().question_page("letter", template=CHECK, start_url="/")["Location"] == url("name")
    with pytest.raises(Http404):
        journey.pages().question_page("nothing", template=CHECK, start_url="/")


def test_the_check_page_waits_for_every_answer_then_lists_them_with_change_links(journey):
    journey.answer("name", {"name": "Ada"})
    sections, elsewhere = journey.pages().summary()
    assert sections is None and elsewhere["Location"].startswith(url("kind"))
    journey.answer("kind", {"kind": "club"})
    journey.answer("letter", {})
    sections, elsewhere = journey.pages().summary()
    assert elsewhere is None
    assert [(s["question"].slug, s["change_url"]) for s in sections] == [
        ("name", "/journey/name/?next=check"),
        ("kind", "/journey/kind/?next=check"),
        ("letter", "/journey/letter/?next=check"),
    ]
    assert sections[1]["rows"][0]["text"] == "A club"  # the option's words, not its value


def test_a_change_returns_to_the_check_page_unless_it_asks_a_new_question(journey):
    for slug, data in (("name", {"name": "Ada"}), ("kind", {"kind": "club"}), ("letter", {})):
        journey.answer(slug, data)
    changing = url("name") + "?next=check"
    assert journey.answer("name", {"name": "Grace"}, path=changing)["Location"] == "/journey/check/"
    # Now a charity: its number is asked next, and then back to the check page.
    response = journey.answer("kind", {"kind": "charity"}, path=url("kind") + "?next=check")
    assert response["Location"] == url("number") + "?next=check"
    response = journey.answer("number", {"number": "1123456"}, path=url("number") + "?next=check")
    assert response["Location"] == "/journey/check/"


def test_an_answer_refused_is_shown_with_its_error_and_not_kept(journey):
    journey.answer("name", {"name": "Ada"})
    response = journey.answer("name", {"name": ""})
    assert response.status_code == 200 and "There is a problem" in response.content.decode()
    assert journey.session["question-pages:test"]["name"]["data"] == {"name": ["Ada"]}


def test_going_back_shows_what_was_answered(journey):
    journey.answer("name", {"name": "Ada"})
    html = journey.pages().question_page("name", template=QUESTION, start_url="/start/").content.decode()
    assert 'value="Ada"' in html and 'href="/start/"' in html


def test_confirming_saves_once_and_forgets_the_answers(journey):
    for slug, data in (("name", {"name": "Ada"}), ("kind", {"kind": "club"}), ("letter", {})):
        journey.answer(slug, data)
    saved = []

    def confirm(answers):
        saved.append(answers)
        return 7

    response = journey.pages("post").check_page(template=CHECK, confirm=confirm)
    assert response["Location"] == url("done")
    assert saved[0]["name"] == {"name": "Ada"} and saved[0]["kind"] == {"kind": "club"}
    assert journey.pages().finished() == 7
    again = journey.pages("post").check_page(template=CHECK, confirm=confirm)
    assert again["Location"] == url("name") and len(saved) == 1


def test_a_refusal_on_confirming_is_shown_and_keeps_the_answers(journey):
    for slug, data in (("name", {"name": "Ada"}), ("kind", {"kind": "club"}), ("letter", {})):
        journey.answer(slug, data)

    def refuse(answers):
        raise ValidationError("The Compact has closed.")

    response = journey.pages("post").check_page(template=CHECK, confirm=refuse)
    assert "The Compact has closed." in response.content.decode()
    assert "name" in journey.session["question-pages:test"] and journey.pages().finished() is None


def test_the_check_page_shows_each_answer_with_a_change_link(journey):
    for slug, data in (("name", {"name": "Ada"}), ("kind", {"kind": "charity"}), ("number", {"number": "1123456"})):
        journey.answer(slug, data)
    journey.answer("letter", {})
    html = journey.pages().check_page(template=CHECK, confirm=None).content.decode()
    for answer in ("Ada", "A charity", "1123456", 'href="/journey/number/?next=check#id_number"'):
        assert answer in html


def test_files_are_put_aside_until_confirmed_then_deleted(journey):
    journey.answer("name", {"name": "Ada"})
    journey.answer("kind", {"kind": "club"})
    journey.answer("letter", {"letter": SimpleUploadedFile("letter.pdf", b"%PDF-1.4 letter")})
    [kept] = journey.pages().kept_files("letter")
    assert kept["name"] == "letter.pdf" and default_storage.exists(kept["path"])
    # Going back and sending the page without a file keeps it.
    journey.answer("letter", {})
    assert journey.pages().kept_files("letter") == [kept]
    received = {}

    def confirm(answers):
        received["file"] = answers["letter"]["letter"]
        return 1

    journey.pages("post").check_page(template=CHECK, confirm=confirm)
    assert received["file"].name == "letter.pdf" and received["file"].read() == b"%PDF-1.4 letter"
    received["file"].close()
    assert not default_storage.exists(kept["path"])


def test_files_can_be_removed(journey):
    journey.answer("name", {"name": "Ada"})
    journey.answer("kind", {"kind": "club"})
    journey.answer("letter", {"letter": SimpleUploadedFile("letter.pdf", b"%PDF-1.4 letter")})
    [kept] = journey.pages().kept_files("letter")
    assert journey.answer("letter", {"remove_files": "1"}).status_code == 302
    assert journey.pages().kept_files("letter") == [] and not default_storage.exists(kept["path"])
