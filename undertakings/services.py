"""Writes with rules for compacts: bring an imported document in as a draft edition, adopt an
edition (asking signatories to re-sign), confirm a proposed timeline rule."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from compact_portal import emails
from compact_portal.workdays import add_months, today
from signatories.selectors import admin_emails

from .models import Compact, Edition, Party, ProposedTimelineRule, Section, TimelineRules, Undertaking
from .procedure import ProcedureRules, ProposedProcedureRule, procedure_for

KINDS = {choice for choice, _ in Section.Kind.choices}


def _unique(slug: str, taken: set[str]) -> str:
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    taken.add(candidate)
    return candidate


def _is_procedure(section: dict) -> bool:
    return section.get("kind") == Section.Kind.PROCEDURE


@transaction.atomic
def create_draft_edition(*, compact: Compact, data: dict, label: str, filename: str = "") -> Edition:
    """Store a parsed document (the importer's dictionary, possibly corrected by the board) as
    a draft edition with its sections, undertakings and proposed timeline rules. A section is
    kept when it has undertakings, principles of its own, or is a procedure (whose steps, if
    any, are stored without a party, with their sub-groups such as "Stage 2")."""
    if compact.editions.filter(label=label).exists():
        raise ValidationError(f"{compact.name} already has an edition called “{label}”. Choose another version label.")
    sections = [s for s in data.get("sections", []) if s.get("undertakings") or s.get("principles") or _is_procedure(s)]
    if not any(s.get("undertakings") for s in sections):
        raise ValidationError("The document has no sections with undertakings, so there is nothing to adopt.")
    unassigned = [
        u for s in sections if not _is_procedure(s) for u in s["undertakings"] if u.get("party") not in Party.values
    ]
    if unassigned:
        raise ValidationError(
            f"{len(unassigned)} undertaking(s) have no party, for example “{unassigned[0]['text'][:80]}”. "
            "Choose whose undertaking each one is in the preview."
        )
    edition = Edition.objects.create(
        compact=compact,
        label=label,
        title=data.get("title", "")[:200],
        principles=list(data.get("principles", [])),
        source_filename=filename[:200],
    )
    section_slugs: set[str] = set()
    rows = []
    for position, item in enumerate(sections, start=1):
        kind = item.get("kind") if item.get("kind") in KINDS else Section.Kind.OTHER
        title = (item.get("title") or f"Section {position}").strip()[:300]
        section = Section.objects.create(
            edition=edition,
            kind=kind,
            number=(item.get("number") or "")[:20],
            title=title,
            slug=_unique(slugify(title)[:100] or f"section-{position}", section_slugs),
            purpose=item.get("purpose", ""),
            principles=list(item.get("principles", [])),
            position=position,
        )
        counts: dict[str, int] = {}
        for order, undertaking in enumerate(item["undertakings"], start=1):
            # a procedure's steps are nobody's undertakings: no party, referenced as steps
            party = "" if section.is_procedure else undertaking["party"]
            counts[party] = counts.get(party, 0) + 1
            rows.append(
                Undertaking(
                    section=section,
                    party=party,
                    number=(undertaking.get("number") or "")[:20],
                    group=(undertaking.get("group") or "")[:300],
                    text=undertaking["text"].strip(),
                    position=order,
                    reference=f"{party or 'step'}-{counts[party]}",
                )
            )
    Undertaking.objects.bulk_create(rows)
    create_signatory_organisations(
        compact=compact, signatories=[s for s in data.get("signatories", []) if s.get("confirmed")], source=filename
    )
    ProposedTimelineRule.objects.bulk_create(
        [
            ProposedTimelineRule(
                edition=edition,
                rule=rule["rule"],
                value=Decimal(str(rule["value"])),
                unit=rule["unit"],
                source=rule["source"],
            )
            for rule in data.get("timeline_rules", [])
            if rule.get("rule") in TimelineRules.RULE_FIELDS
        ]
    )
    ProposedProcedureRule.objects.bulk_create(
        [
            ProposedProcedureRule(edition=edition, rule=rule["rule"], value=rule["value"], source=rule["source"])
            for rule in data.get("procedure_rules", [])
            if rule.get("rule") in ProcedureRules.RULES
        ]
    )
    return edition


@transaction.atomic
def adopt_edition(*, edition: Edition, adopted_on=None, review_after_months: int | None = None) -> Edition:
    """Adopt an edition: the previous adopted one is superseded and every signatory of it is
    asked to re-sign. Its formal review falls after the compact's review interval (Stafford:
    after three years; undertakings.procedure)."""
    if review_after_months is None:
        review_after_months = procedure_for(edition.compact).edition_review_months
    refusal = adoption_refusal(edition)
    if refusal:
        raise ValidationError(refusal)
    previous = list(edition.compact.editions.filter(status=Edition.Status.ADOPTED))
    for old in previous:
        old.status = Edition.Status.SUPERSEDED
        old.save()
    edition.status = Edition.Status.ADOPTED
    edition.adopted_on = adopted_on or today()
    edition.next_review_on = edition.next_review_on or add_months(edition.adopted_on, review_after_months)
    edition.save()
    if previous:
        from signatories.models import Organisation

        for organisation in Organisation.objects.filter(signatures__edition__in=previous).distinct():
            _ask_to_resign(organisation, edition)
    return edition


def adoption_effects(edition: Edition) -> dict:
    """What adopting this edition will do, for the page that asks the board to confirm: the
    adopted edition whose text it replaces and the signatories who will be asked to re-sign."""
    from signatories.models import Organisation

    replaced = list(edition.compact.editions.filter(status=Edition.Status.ADOPTED).exclude(pk=edition.pk))
    resigning = (
        Organisation.objects.filter(signatures__edition__in=replaced).distinct()
        if replaced
        else Organisation.objects.none()
    )
    return {"replaced": replaced, "resigning_count": resigning.count(), "refusal": adoption_refusal(edition)}


def adoption_refusal(edition: Edition) -> str | None:
    """Why this edition cannot be adopted, or None."""
    if edition.status != Edition.Status.DRAFT:
        return f"The {edition.edition_name} is {edition.get_status_display().lower()}; only a draft can be adopted."
    if not edition.sections.exists():
        return "An edition with no sections cannot be adopted. Import or add its sections first."
    return None


def _ask_to_resign(organisation, edition):
    from django.urls import reverse

    recipients = sorted(set(admin_emails([organisation])[organisation.pk]) | {organisation.contact_email})
    context = {
        "organisation": organisation,
        "edition": edition,
        "sign_url": emails.absolute_url(reverse("signatories:sign", args=[organisation.slug])),
    }
    transaction.on_commit(lambda: emails.send("undertakings/emails/resign", recipients, context))


def signatories_yet_to_resign(edition: Edition):
    """Organisations that signed an earlier edition of the compact but not this one."""
    from signatories.models import Organisation

    earlier = edition.compact.editions.exclude(pk=edition.pk)
    return (
        Organisation.objects.filter(signatures__edition__in=earlier)
        .exclude(signatures__edition=edition)
        .exclude(status=Organisation.Status.WITHDRAWN)
        .distinct()
        .order_by("name")
    )


@transaction.atomic
def confirm_rule(*, proposed: ProposedTimelineRule) -> TimelineRules:
    """The board confirms a timeline rule the importer found; only then is it applied."""
    if proposed.rule not in TimelineRules.RULE_FIELDS:
        raise ValidationError(f"“{proposed.rule}” is not a timeline rule the portal keeps.")
    rules = proposed.edition.compact.rules
    setattr(rules, proposed.rule, int(proposed.value))
    rules.save()
    proposed.status = ProposedTimelineRule.Status.CONFIRMED
    proposed.save()
    return rules


@transaction.atomic
def confirm_procedure_rule(*, proposed: ProposedProcedureRule) -> ProcedureRules:
    """The board confirms a procedure rule the importer found; only then is it applied."""
    if proposed.status != ProposedProcedureRule.Status.PROPOSED:
        raise ValidationError(f"“{proposed.in_words}” has already been {proposed.get_status_display().lower()}.")
    rules = save_procedure_rules(compact=proposed.edition.compact, changes={proposed.rule: proposed.value})
    proposed.status = ProposedProcedureRule.Status.CONFIRMED
    proposed.save(update_fields=["status"])
    return rules


@transaction.atomic
def save_procedure_rules(*, compact: Compact, changes: dict) -> ProcedureRules:
    """Set and confirm procedure rules of a compact ({rule: value}), from a confirmed proposal
    or the admin. A new review interval moves the review date of the adopted edition when that
    date came from the old interval (one the board set by hand is left alone)."""
    rules = ProcedureRules.objects.select_for_update().filter(compact=compact).first() or ProcedureRules(
        compact=compact
    )
    old_months = rules.edition_review_months
    for rule, value in changes.items():
        try:
            rules.apply(rule, value)
        except (TypeError, ValueError) as error:
            raise ValidationError(str(error)) from None
    rules.full_clean()
    rules.save()
    compact.procedure_rules = rules  # the caller's compact reads the rules just saved
    if rules.edition_review_months != old_months:
        for edition in compact.editions.filter(status=Edition.Status.ADOPTED, adopted_on__isnull=False):
            if edition.next_review_on in (None, add_months(edition.adopted_on, old_months)):
                edition.next_review_on = add_months(edition.adopted_on, rules.edition_review_months)
                edition.save(update_fields=["next_review_on"])
    return rules


@transaction.atomic
def create_compact(*, name: str, area: str, by) -> Compact:
    """A new compact for an imported document. The board member who brings it in takes a seat
    on its board for the year, so that they can see and adopt its first edition."""
    from signatories.models import BoardMembership

    name = name.strip()
    if Compact.objects.filter(name__iexact=name).exists():
        raise ValidationError(
            f"There is a compact called “{name}” already. Choose it as the existing compact, "
            "or give the new one another name."
        )
    compact = Compact(name=name, area=area.strip() or name)
    compact.slug = slugify(name)[:200]
    compact.full_clean()
    compact.save()
    compact.rules  # noqa: B018 - the compact's timeline rules, with the defaults, from the start
    if by is not None and not by.is_superuser:
        BoardMembership.objects.get_or_create(compact=compact, user=by, year=today().year)
    return compact


def parse_document(data, filename: str) -> dict:
    """Read and parse an uploaded or local document (Word, PDF, text or Markdown) into the
    dictionary the preview edits. Raises importing.CompactParseError when the file has no text
    or nothing in it reads as undertakings."""
    from . import importing

    return parse_text(importing.read_document(data, filename), filename)


def parse_text(text: str, filename: str) -> dict:
    """The preview's dictionary from a document's text: the importer's JSON plus purposes,
    sub-groups, what the importer was unsure of, proposed signatories and the draft mark."""
    from . import importing

    return importing.parse_compact(text, filename=filename).to_preview()


def create_signatory_organisations(*, compact: Compact, signatories: list[dict], source: str = "") -> list:
    """Organisations the document names as signatories, created once the board has confirmed
    them in the preview: approved, with the sector the board chose, and nothing else known yet
    (the board completes their details). A name the compact already has is left alone."""
    from signatories.models import Organisation, OrganisationType, Sector

    created = []
    for signatory in signatories:
        name = (signatory.get("name") or "").strip()[:200]
        if not name or compact.organisations.filter(name__iexact=name).exists():
            continue
        sector = signatory.get("sector") if signatory.get("sector") in Sector.values else Sector.VCS
        kind = {Sector.PUBLIC: OrganisationType.OTHER_PUBLIC, Sector.PARTNER: OrganisationType.OTHER_PARTNER}.get(
            sector, OrganisationType.OTHER_VCS
        )
        signed_by = f" (signed by {signatory['signed_by']})" if signatory.get("signed_by") else ""
        created.append(
            Organisation.objects.create(
                compact=compact,
                name=name,
                sector=sector,
                type=kind,
                status=Organisation.Status.APPROVED,
                description=f"Named as a signatory in {source or 'an imported document'}{signed_by}.",
            )
        )
    return created


def merge_marked(undertakings: list[dict], merge_into_previous: set[int]) -> list[dict]:
    """The board merges an undertaking into the one before it (a sentence the importer cut in
    two): its text is appended to the previous one's."""
    merged: list[dict] = []
    for index, undertaking in enumerate(undertakings):
        if index in merge_into_previous and merged:
            merged[-1] = {**merged[-1], "text": f"{merged[-1]['text']} {undertaking['text']}".strip()}
        else:
            merged.append(undertaking)
    return merged


def split_marked(text: str) -> list[str]:
    """The board splits an undertaking in the preview by putting a line "---" where it breaks."""
    parts = [part.strip() for part in text.replace("\r\n", "\n").split("\n---\n")]
    return [part for part in parts if part]


def summarise(data: dict) -> list[str]:
    """One line per section: kind, number, title and undertakings per party."""
    lines = []
    for section in data["sections"]:
        parties: dict[str, int] = {}
        for undertaking in section["undertakings"]:
            party = undertaking["party"] or ("steps" if _is_procedure(section) else "no party")
            parties[party] = parties.get(party, 0) + 1
        counts = ", ".join(f"{n} {party}" for party, n in parties.items())
        lines.append(f"{section['kind']:<8} {section.get('number') or '-':>4}  {section['title']}  ({counts})")
    return lines
