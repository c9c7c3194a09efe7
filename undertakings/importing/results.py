"""What the importer makes of a document: sections, undertakings, principles, proposed timeline
rules, signatories, and the things it was unsure of, for the board to check in the preview."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


class CompactParseError(Exception):
    """The document could not be read as a Compact: `report` lists what was found and
    `stopped_at` says where reading stopped."""

    def __init__(self, message: str, *, report: list[str] | None = None, stopped_at: str = ""):
        self.message, self.report, self.stopped_at = message, list(report or []), stopped_at
        super().__init__(str(self))

    def __str__(self):
        where = f" Stopped at {self.stopped_at}." if self.stopped_at else ""
        found = "".join(f"\n- {line}" for line in self.report)
        return f"Could not import this Compact document: {self.message}{where}{found}"


@dataclass
class ParsedUndertaking:
    # "shared" | "public" | "vcs" | "partner" | "community" | "bme", or "" when not recognised or a procedure's step
    party: str
    number: str | None
    text: str  # sub-points stay inside: "...:\n- a\n- b"
    group: str = ""  # a lettered or named sub-group inside a party's list ("b] Value the work ...")
    unsure: str = ""  # why the board should look at it

    def to_dict(self) -> dict:
        return {"party": self.party, "number": self.number, "text": self.text}


@dataclass
class ParsedSection:
    kind: str  # "promise" | "code" | "other" | "procedure" (its undertakings are steps, with no party)
    number: str | None
    title: str
    purpose: str = ""
    undertakings: list[ParsedUndertaking] = field(default_factory=list)
    unsure: str = ""
    principles: list[str] = field(default_factory=list)  # stated as agreed, not undertaken: "We agree that: ..."


@dataclass
class ProposedTimelineRule:
    rule: str  # a TimelineRules field name
    value: float | int
    unit: str  # "weeks" | "months" | "days" | "people"
    source: str  # the sentence it was read from


@dataclass
class ProposedProcedureRule:
    rule: str  # a ProcedureRules rule: stage_names, panel_decides, details_readers, ...
    value: object  # {"stage_2": "Panel"}, "finding", "resolution_group", [{"name", "url"}], 36
    source: str  # the text it was read from


@dataclass
class ProposedSignatory:
    name: str  # the organisation, as the document names it
    sector: str  # "public" | "vcs" | "partner", read from the name; the board confirms
    signed_by: str = ""  # "Name, Chief Executive" when the document gives it


@dataclass
class ParsedCompact:
    title: str
    sections: list[ParsedSection]
    principles: list[str]
    timeline_rules: list[ProposedTimelineRule]
    warnings: list[str] = field(default_factory=list)
    signatories: list[ProposedSignatory] = field(default_factory=list)
    draft: bool = False
    procedure_rules: list[ProposedProcedureRule] = field(default_factory=list)

    def to_dict(self) -> dict:
        """The importer's JSON schema (what `import_compact --json` prints)."""
        return {
            "title": self.title,
            "sections": [
                {
                    "kind": s.kind,
                    "number": s.number,
                    "title": s.title,
                    "principles": list(s.principles),
                    "undertakings": [u.to_dict() for u in s.undertakings],
                }
                for s in self.sections
            ],
            "principles": list(self.principles),
            "timeline_rules": [asdict(r) for r in self.timeline_rules],
            "procedure_rules": [asdict(r) for r in self.procedure_rules],
        }

    def to_preview(self) -> dict:
        """The schema plus what the board corrects in the preview: purposes, sub-groups, what
        the importer was unsure of, the signatories it proposes and whether it is a draft."""
        data = self.to_dict()
        for section, item in zip(self.sections, data["sections"]):
            item["purpose"], item["unsure"] = section.purpose, section.unsure
            for undertaking, entry in zip(section.undertakings, item["undertakings"]):
                entry["group"], entry["unsure"] = undertaking.group, undertaking.unsure
        data["warnings"] = list(self.warnings)
        data["signatories"] = [asdict(s) for s in self.signatories]
        data["draft"] = self.draft
        return data
