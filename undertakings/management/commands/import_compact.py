"""python manage.py import_compact FILE [--compact NAME] [--label LABEL] [--unknown-party PARTY] [--add-signatories]
[--dry-run] [--json]"""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from undertakings import services
from undertakings.importing import CompactParseError
from undertakings.models import Compact, Party


class Command(BaseCommand):
    help = (
        "Import a Compact document (Word .docx, PDF, plain text or Markdown) as a draft edition. Timeline rules "
        "found in it are proposed for the board to confirm, never applied."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--compact", help="Name of the compact (created if new); defaults to the document's title")
        parser.add_argument("--label", help="Version label of the new edition; defaults to 'Imported from FILE'")
        parser.add_argument("--area", default="", help="Area of a new compact")
        parser.add_argument(
            "--unknown-party",
            choices=Party.values,
            help="Give this party to undertakings whose party the importer could not tell (else it refuses)",
        )
        parser.add_argument(
            "--add-signatories", action="store_true", help="Create the signatories the document names as organisations"
        )
        parser.add_argument("--dry-run", action="store_true", help="Parse and report; change nothing")
        parser.add_argument("--json", action="store_true", help="Print the parsed document as JSON")

    def handle(
        self,
        *args,
        file,
        compact=None,
        label=None,
        area="",
        dry_run=False,
        json=False,
        unknown_party=None,
        add_signatories=False,
        **options,
    ):
        try:
            data = services.parse_document(file, file.rsplit("/", 1)[-1])
        except (CompactParseError, OSError) as error:
            raise CommandError(str(error)) from None
        if json:
            self.stdout.write(_dumps(data))
        else:
            self._report(data)
        if dry_run:
            return
        for section in data["sections"]:
            for undertaking in section["undertakings"] if section["kind"] != "procedure" else []:  # steps have none
                undertaking["party"] = undertaking["party"] or unknown_party or ""
        for signatory in data.get("signatories", []):
            signatory["confirmed"] = add_signatories
        name = compact or data["title"] or "Imported Compact"
        target, created = Compact.objects.get_or_create(name=name, defaults={"area": area or name})
        try:
            edition = services.create_draft_edition(
                compact=target,
                data=data,
                label=label or f"Imported from {file.rsplit('/', 1)[-1]}",
                filename=file.rsplit("/", 1)[-1],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stderr.write(
            self.style.SUCCESS(
                f"Created draft edition “{edition.label}” of {target.name}{' (new compact)' if created else ''}: "
                f"{edition.sections.count()} sections. Review it and confirm the proposed timeline rules in the admin."
            )
        )

    def _report(self, data):
        self.stdout.write(f"Title: {data['title']}")
        for line in services.summarise(data):
            self.stdout.write("  " + line)
        self.stdout.write(f"Principles: {len(data['principles'])}")
        for rule in data["timeline_rules"]:
            self.stdout.write(
                f"  Proposed rule {rule['rule']} = {rule['value']} {rule['unit']}  (from: {rule['source'][:90]})"
            )
        for signatory in data.get("signatories", []):
            self.stdout.write(f"  Signatory named: {signatory['name']} ({signatory['sector']})")
        for warning in data.get("warnings", []):
            self.stdout.write(f"  Warning: {warning}")


def _dumps(data):
    """The importer's JSON schema: no purposes, sub-groups, flags or warnings."""
    sections = [
        {
            **{key: section[key] for key in ("kind", "number", "title", "principles")},
            "undertakings": [{key: u[key] for key in ("party", "number", "text")} for u in section["undertakings"]],
        }
        for section in data["sections"]
    ]
    payload = {
        "title": data["title"],
        "sections": sections,
        "principles": data["principles"],
        "timeline_rules": data["timeline_rules"],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False)
