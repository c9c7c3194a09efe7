"""Question pages in the GOV.UK pattern: a multi-page form whose answers are kept in the
session, a "Check your answers" page with a Change link back to each question, and nothing
written anywhere until the person confirms on that page.

A journey is a list of `Question`s, each with its own form. What a page sent is kept as sent
(not as cleaned values), so a page shown again, after an error or by going back, is filled in
exactly as it was left, and every page is checked again, with what came before, when the
answers are checked and when they are confirmed. Files chosen on a page are put aside in the
storage (under `pending/`, served by no view) and handed back as files when the journey is
confirmed; they are deleted once it is, or when the person removes them.

Imports no app: each app says what its questions are, what a form needs to know (the answers
so far) and what confirming does."""

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.datastructures import MultiValueDict

SESSION_PREFIX = "question-pages:"
CHANGING = "check"  # ?next=check: a Change link, which returns to the check page
IGNORED = {"csrfmiddlewaretoken", "submit"}


@dataclass(frozen=True)
class Question:
    """One page. `asked(answers)` says whether it is asked, given the cleaned answers of the
    questions before it (for example the charity number only of a charity)."""

    slug: str
    title: str
    form_class: type
    asked: Callable[[dict], bool] = field(default=lambda answers: True)


def named_urls(prefix, *args):
    """The `url` of a journey whose pages are named <prefix>_question (with the question's
    slug), <prefix>_check and <prefix>_done, each with `args` first."""

    def url(name):
        if name in ("check", "done"):
            return reverse(f"{prefix}_{name}", args=args)
        return reverse(f"{prefix}_question", args=[*args, name])

    return url


def _display(bound) -> str | list[str]:
    """What a field's answer reads as on the check page: the chosen option's words, not its value."""
    field, value = bound.field, bound.form.cleaned_data.get(bound.name)
    if isinstance(field, forms.ModelMultipleChoiceField):
        return [field.label_from_instance(item) for item in value or []]
    if isinstance(field, forms.ModelChoiceField):
        return field.label_from_instance(value) if value is not None else ""
    if isinstance(field, forms.ChoiceField):
        words = {str(key): str(label) for key, label in field.choices}
        raw = bound.data
        if isinstance(raw, (list, tuple)):
            return [words.get(str(v), str(v)) for v in raw]
        return words.get(str(raw), str(raw or ""))
    if isinstance(field, forms.BooleanField):
        return "Yes" if value else "No"
    return "" if value in (None, "") else str(value)


class QuestionPages:
    """One person's journey through the questions, kept under `key` in their session.

    `url(name)` gives the address of a question (its slug), of "check" and of "done";
    `form_kwargs(question, answers)` gives a form what it needs beyond the data."""

    def __init__(self, request, *, key, questions, url, form_kwargs=None):
        self.request = request
        self.key = SESSION_PREFIX + key
        self.questions = list(questions)
        self.url = url
        self.form_kwargs = form_kwargs or (lambda question, answers: {})

    # What is kept ---------------------------------------------------------------------------

    @property
    def kept(self) -> dict:
        return self.request.session.get(self.key, {})

    def _keep(self, slug, data=None, files=None):
        kept = dict(self.kept)
        page = dict(kept.get(slug, {"data": {}, "files": {}}))
        if data is not None:
            page["data"] = data
        if files is not None:
            page["files"] = files
        kept[slug] = page
        self.request.session[self.key] = kept

    def kept_files(self, slug) -> list[dict]:
        return [item for items in self.kept.get(slug, {}).get("files", {}).values() for item in items]

    def forget(self):
        """Drop every answer and any file put aside."""
        for question in self.questions:
            for item in self.kept_files(question.slug):
                default_storage.delete(item["path"])
        self.request.session.pop(self.key, None)

    # Forms ----------------------------------------------------------------------------------

    def _form(self, question, answers, data=None, files=None):
        kwargs = self.form_kwargs(question, answers)
        if data is None and question.slug in self.kept:
            data = MultiValueDict(self.kept[question.slug]["data"])
        return question.form_class(data, files, **kwargs)

    def walk(self):
        """Each question asked, in order, with its form bound to what was kept, until the first
        not answered or no longer valid: yields (question, form), and the answers so far are
        in `self.answers`."""
        self.answers = {}
        for question in self.questions:
            if not question.asked(self.answers):
                continue
            form = self._form(question, self.answers)
            yield question, form
            if not form.is_bound or not form.is_valid():
                return
            self.answers[question.slug] = form.cleaned_data

    def _state(self):
        """(asked questions with their forms, the first not answered or invalid, or None)."""
        walked = list(self.walk())
        pending = walked[-1][0] if walked and not (walked[-1][1].is_bound and walked[-1][1].is_valid()) else None
        return walked, pending

    def question_url(self, question, changing=False):
        return self.url(question.slug) + (f"?next={CHANGING}" if changing else "")

    # Pages ----------------------------------------------------------------------------------

    def question_page(self, slug, *, template, context=None, start_url):
        """Show a question, or keep what was sent and go on: to the next question, or back to
        the check page when the person came from a Change link."""
        question = next((q for q in self.questions if q.slug == slug), None)
        if question is None:
            raise Http404
        walked, pending = self._state()
        asked = [q for q, _ in walked]
        if question not in asked:
            # Not reached yet, or not asked given the answers: the first question still to answer.
            return redirect(self.question_url(pending) if pending else self.url("check"))
        changing = self.request.GET.get("next") == CHANGING
        before = {q.slug for q in asked[: asked.index(question)]}
        answers = {s: a for s, a in self.answers.items() if s in before}
        if self.request.method == "POST" and "remove_files" in self.request.POST:
            for item in self.kept_files(slug):
                default_storage.delete(item["path"])
            self._keep(slug, files={})
            return redirect(self.request.get_full_path())
        if self.request.method == "POST":
            form = self._form(question, answers, self.request.POST, self.request.FILES)
            if form.is_valid():
                self._keep(slug, data=self._data(self.request.POST), files=self._put_aside(slug, form))
                return redirect(self._after(question, changing))
        else:
            form = self._form(question, answers)
            if form.is_bound:
                form.is_valid()  # errors found after a change elsewhere are shown
        position = asked.index(question)
        back = self.url("check") if changing else (self.question_url(asked[position - 1]) if position else start_url)
        return render(
            self.request,
            template,
            {
                "form": form,
                "question": question,
                "back_url": back,
                "kept_files": self.kept_files(slug),
                **(context or {}),
            },
        )

    def _after(self, question, changing):
        walked, pending = self._state()
        if pending is None:
            return self.url("check")
        if changing and pending == question:
            return self.url("check")
        return self.question_url(pending, changing=changing and pending != question)

    @staticmethod
    def _data(post) -> dict:
        return {name: post.getlist(name) for name in post if name not in IGNORED}

    def _put_aside(self, slug, form) -> dict:
        """Files chosen on this page replace those chosen before; no file chosen keeps them."""
        kept = dict(self.kept.get(slug, {}).get("files", {}))
        for name, bound_field in form.fields.items():
            if not isinstance(bound_field, forms.FileField):
                continue
            uploads = self.request.FILES.getlist(form.add_prefix(name))
            if not uploads:
                continue
            for item in kept.get(name, []):
                default_storage.delete(item["path"])
            folder = f"pending/{secrets.token_urlsafe(16)}"
            kept[name] = [
                {"name": upload.name, "path": default_storage.save(f"{folder}/upload-{number}", upload)}
                for number, upload in enumerate(uploads)
            ]
        return kept

    def summary(self):
        """For the check page: each question asked with its rows (label, answer, Change link),
        or a redirect to the first question still to answer."""
        walked, pending = self._state()
        if pending is not None:
            return None, redirect(self.question_url(pending, changing=bool(self.kept)))
        sections = []
        for question, form in walked:
            rows = []
            for bound in form.visible_fields():
                if isinstance(bound.field, forms.FileField):
                    answer = [
                        item["name"] for item in self.kept.get(question.slug, {}).get("files", {}).get(bound.name, [])
                    ]
                else:
                    answer = _display(bound)
                listed = isinstance(answer, list)
                rows.append(
                    {
                        "label": bound.label,
                        "items": answer if listed else None,
                        "text": "" if listed else answer,
                        "id": bound.auto_id,
                    }
                )
            if rows:
                sections.append(
                    {"question": question, "rows": rows, "change_url": self.question_url(question, changing=True)}
                )
        return sections, None

    def check_page(self, *, template, context=None, confirm):
        """Show the answers; on POST check them all again and `confirm(answers)`, which saves
        and returns what the confirmation page needs to find (kept as `done` in the session).
        A refusal it raises (ValidationError) is shown at the top of the page."""
        sections, elsewhere = self.summary()
        if elsewhere is not None:
            return elsewhere
        errors = []
        if self.request.method == "POST":
            try:
                result = confirm(self.answers_with_files())
            except ValidationError as error:
                errors = error.messages
            else:
                self.forget()
                self.request.session[self.key + ":done"] = result
                return redirect(self.url("done"))
        back = self.question_url(sections[-1]["question"]) if sections else None
        return render(
            self.request,
            template,
            {"sections": sections, "errors": errors, "answers": self.answers, "back_url": back, **(context or {})},
        )

    def answers_with_files(self) -> dict:
        """The cleaned answers by question, with the files put aside opened under their own names."""
        answers = {slug: dict(cleaned) for slug, cleaned in self.answers.items()}
        for slug, cleaned in answers.items():
            for name, items in self.kept.get(slug, {}).get("files", {}).items():
                files = [File(default_storage.open(item["path"]), name=item["name"]) for item in items]
                # A field of several files gives a list; a field of one, the file.
                cleaned[name] = files if isinstance(cleaned.get(name), list) else (files[0] if files else None)
        return answers

    def finished(self):
        """What the last confirmation returned, for its confirmation page; None if nothing was."""
        return self.request.session.get(self.key + ":done")
