from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_http_methods

from signatories import permissions

from . import selectors, services
from .forms import AdoptEditionForm
from .models import Compact, Edition, Party, Section, Undertaking


def _edition_for(request, compact, edition_pk=None) -> Edition:
    """The adopted edition for everyone; the board may also read drafts and old editions."""
    if edition_pk is None:
        edition = compact.adopted_edition()
        if edition is None:
            raise Http404("This Compact has no adopted edition yet.")
        return edition
    edition = get_object_or_404(Edition, pk=edition_pk, compact=compact)
    if edition.status == Edition.Status.DRAFT and not permissions.is_board_member(request.user, compact):
        raise Http404
    return edition


def compact_detail(request, slug):
    """A compact's text: the adopted edition, or (for the board) another one."""
    page = _compact_page(request, slug, request.GET.get("edition"))
    return render(request, "published_page.html", {"published": page})


def _compact_page(request, slug, edition_pk) -> dict:
    compact = get_object_or_404(Compact, slug=slug)
    edition = _edition_for(request, compact, int(edition_pk) if edition_pk and edition_pk.isdigit() else None)
    party = request.GET.get("party") if request.GET.get("party") in Party.values else None
    query = request.GET.get("q", "").strip()
    context = {
        "compact": compact,
        "edition": edition,
        "party": party,
        "parties": Party.choices,
        "query": query,
        "party_label": Party(party).label if party else None,
    }
    if query:
        context["results"] = Paginator(selectors.search_undertakings(edition, query), 50).get_page(
            request.GET.get("page")
        )
        params = request.GET.copy()
        params.pop("page", None)
        context["pagination_query"] = params.urlencode()
    else:
        context["sections"] = selectors.sections_with_undertakings(edition, party)
    title = f"{context['party_label']} – {compact.name}" if party else compact.name
    return {"title": title, "body": render_to_string("undertakings/compact_body.html", context)}


def undertaking_detail(request, slug, edition_pk, section_slug, reference):
    compact = get_object_or_404(Compact, slug=slug)
    edition = _edition_for(request, compact, edition_pk)
    section = get_object_or_404(Section, edition=edition, slug=section_slug)
    undertaking = get_object_or_404(Undertaking, section=section, reference=reference)
    return render(
        request,
        "undertakings/undertaking.html",
        {"compact": compact, "edition": edition, "section": section, "undertaking": undertaking},
    )


def compare_editions(request, slug):
    compact = get_object_or_404(Compact, slug=slug)
    if not permissions.is_board_member(request.user, compact):
        raise Http404
    editions = list(compact.editions.order_by("-created_at"))
    old = _pick(editions, request.GET.get("old"), 1)
    new = _pick(editions, request.GET.get("new"), 0)
    comparison = selectors.compare_editions(old, new) if old and new and old != new else None
    return render(
        request,
        "undertakings/compare.html",
        {"compact": compact, "editions": editions, "old": old, "new": new, "comparison": comparison},
    )


def _pick(editions, pk, fallback_index):
    for edition in editions:
        if str(edition.pk) == pk:
            return edition
    return editions[fallback_index] if len(editions) > fallback_index else None


@login_required
@require_http_methods(["GET", "POST"])
def adopt_edition(request, pk):
    """The board adopts a draft edition, after a page saying whose text it replaces and who
    will be asked to re-sign."""
    edition = get_object_or_404(Edition.objects.select_related("compact"), pk=pk)
    if not permissions.is_board_member(request.user, edition.compact):
        raise Http404
    form = AdoptEditionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.adopt_edition(edition=edition)
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            messages.success(
                request,
                f"Adopted the {edition.edition_name} of {edition.compact.the_name}. "
                "Signatories of the edition it replaces have been asked to re-sign.",
            )
            return redirect(f"{edition.compact.get_absolute_url()}?edition={edition.pk}")
    return render(
        request, "undertakings/adopt.html", {"edition": edition, "form": form, **services.adoption_effects(edition)}
    )
