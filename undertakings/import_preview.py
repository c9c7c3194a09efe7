"""The board's preview of an imported document: what the importer read, flagged where it was
unsure, corrected (titles, kinds, parties, merges, splits, removals, signatories) or read again
from corrected text, and only then saved as a draft edition."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from signatories.models import Sector

from . import procedure, services
from .importing import CompactParseError
from .models import ImportedDocument, Party, Section, TimelineRules


def preview(model_admin, request, pk):
    document = get_object_or_404(ImportedDocument, pk=pk)
    if not model_admin.has_change_permission(request, document):
        return redirect("admin:index")
    data, error = document.parsed, None
    label = request.POST.get("label", proposed_label(document))
    if request.method == "POST" and "rerun" in request.POST:
        text = request.POST.get("text", document.text)
        try:
            data = services.parse_text(text, document.filename)
        except CompactParseError as refusal:
            error, data = str(refusal), document.parsed
        else:
            document.text, document.parsed = text, data
            document.report = "\n".join(services.summarise(data))
            document.save()
            model_admin.message_user(
                request, "Read the document again; your earlier corrections were replaced.", messages.SUCCESS
            )
    elif request.method == "POST":
        data = corrected(document.parsed, request.POST)
        document.parsed = data
        document.save()
        if "adopt" in request.POST:
            try:
                edition = services.create_draft_edition(
                    compact=document.compact, data=data, label=label.strip(), filename=document.filename
                )
            except ValidationError as refusal:
                error = refusal.messages[0]
            else:
                document.edition = edition
                document.save()
                model_admin.message_user(
                    request,
                    f"Saved as the draft edition “{edition.label}”. "
                    "Confirm its timeline rules and adopt it when ready.",
                    messages.SUCCESS,
                )
                return redirect("admin:undertakings_edition_change", edition.pk)
        else:
            model_admin.message_user(request, "Corrections saved.", messages.SUCCESS)
    for rule in data.get("timeline_rules", []):
        rule["in_words"] = TimelineRules.in_words(rule["rule"], rule["value"])
    unsure = sum(
        bool(u.get("unsure")) or (s["kind"] != Section.Kind.PROCEDURE and u.get("party") not in Party.values)
        for s in data["sections"]
        for u in s["undertakings"]
    )
    return render(
        request,
        "admin/undertakings/import_preview.html",
        {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.model._meta,
            "title": f"Preview of {document.filename}",
            "document": document,
            "data": data,
            "parties": Party.choices,
            "kinds": Section.Kind.choices,
            "sectors": Sector.choices,
            "label": label,
            "error": error,
            "unsure_count": unsure,
            "procedure_rules": [
                {**rule, "in_words": procedure.in_words(rule["rule"], rule["value"])}
                for rule in data.get("procedure_rules", [])
                if rule.get("rule") in procedure.ProcedureRules.RULES
            ],
        },
    )


def proposed_label(document: ImportedDocument) -> str:
    """The edition's name proposed from the document: its title, else its file's name."""
    title = (document.parsed.get("title") or "").strip()
    if title:
        return title[:100]
    return document.filename.rsplit(".", 1)[0][:100]


def corrected(data: dict, post) -> dict:
    """Apply the board's corrections from the preview form: titles, kinds, parties, texts,
    removals, merges (into the undertaking before) and splits (a line "---" inside an
    undertaking splits it), and which proposed signatories to create."""
    sections = []
    for s_index, section in enumerate(data["sections"]):
        if post.get(f"s{s_index}-remove"):
            continue
        undertakings, merges = [], set()
        for u_index, undertaking in enumerate(section["undertakings"]):
            key = f"s{s_index}-u{u_index}"
            if post.get(f"{key}-remove"):
                continue
            party = post.get(f"{key}-party", undertaking["party"])
            party = party if party in Party.values else undertaking["party"]
            if post.get(f"{key}-merge"):
                merges.add(len(undertakings))
            text = post.get(f"{key}-text", undertaking["text"])
            for n, part in enumerate(services.split_marked(text)):
                undertakings.append(
                    {
                        **undertaking,
                        "party": party,
                        "number": undertaking["number"] if n == 0 else None,
                        "text": part,
                        "unsure": ""
                        if party in Party.values and party != undertaking["party"]
                        else undertaking.get("unsure", ""),
                    }
                )
        sections.append(
            {
                **section,
                "title": post.get(f"s{s_index}-title", section["title"]).strip() or section["title"],
                "kind": post.get(f"s{s_index}-kind", section["kind"]),
                "undertakings": services.merge_marked(undertakings, merges),
            }
        )
    signatories = [
        {
            **signatory,
            "confirmed": bool(post.get(f"g{index}-confirm")),
            "sector": post.get(f"g{index}-sector", signatory["sector"])
            if post.get(f"g{index}-sector") in Sector.values
            else signatory["sector"],
        }
        for index, signatory in enumerate(data.get("signatories", []))
    ]
    return {**data, "sections": sections, "signatories": signatories}
