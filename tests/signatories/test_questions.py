"""The registry of questions other apps ask an organisation (signatories.questions)."""

from datetime import UTC, datetime

import pytest

from signatories import questions
from signatories.questions import WaitingQuestion


@pytest.fixture
def providers(monkeypatch):
    monkeypatch.setattr(questions, "PROVIDERS", [])
    return questions.PROVIDERS


def asked(organisation_id, name, question, day):
    return WaitingQuestion(
        organisation_id, name, question, f"/{question}/", "Testshire Council", datetime(2026, 1, day, tzinfo=UTC)
    )


def test_questions_come_from_every_registered_provider_for_the_given_organisations_only(providers):
    def first(ids):
        return [asked(i, f"Org {i}", "first", 2) for i in ids]

    def second(ids):
        return [asked(i, f"Org {i}", "second", 1) for i in ids if i == 1]

    questions.questions_asked_by(first)
    questions.questions_asked_by(second)
    questions.questions_asked_by(first)  # registering twice asks once
    found = questions.waiting_for([2, 1])
    assert [(q.organisation_id, q.question) for q in found] == [(1, "second"), (1, "first"), (2, "first")]


def test_no_organisations_no_questions(providers):
    providers.append(lambda ids: pytest.fail("not asked for no organisations"))
    assert questions.waiting_for([]) == []


def test_consultations_registers_its_questions():
    from consultations.selectors import waiting_questions

    assert waiting_questions in questions.PROVIDERS
