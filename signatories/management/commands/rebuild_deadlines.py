"""Work out every open deadline from the record and make the kept table agree: for repairs
after writes that sent no signals, and as a check that it does (--check changes nothing and
exits with status 1 if anything differs)."""

import time

from django.core.management.base import BaseCommand, CommandError

from signatories import open_deadlines
from signatories.models import OpenDeadline


class Command(BaseCommand):
    help = "Recompute every open deadline and repair (or with --check, report) any difference with the kept table."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Report differences without changing anything")
        parser.add_argument("--if-empty", action="store_true", help="Only when the table is empty (the release step)")

    def handle(self, *args, check=False, if_empty=False, **options):
        if if_empty and OpenDeadline.objects.exists():
            self.stdout.write("Open deadlines already kept: nothing to rebuild.")
            return
        started = time.monotonic()
        found = open_deadlines.rebuild(check=check)
        differing = {source: d for source, d in found.items() if d}
        verb = ("would be written", "would be removed") if check else ("written", "removed")
        for source, difference in differing.items():
            self.stdout.write(
                f"{source or '(no provider)'}: {difference.written} {verb[0]}, {difference.removed} {verb[1]}"
            )
        self.stdout.write(
            f"{OpenDeadline.objects.count()} open deadlines kept; "
            f"{'differences' if differing else 'no difference'} found in {time.monotonic() - started:.1f} s."
        )
        if check and differing:
            raise CommandError("The kept open deadlines differ from the record: run manage.py rebuild_deadlines.")
