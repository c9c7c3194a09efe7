"""python manage.py seed_scale [--small | --national] [--organisations N] [--users N] ... [--seed N] [--no-count]

Builds a whole county's data in bulk (tools.scale) for the benchmark: by default 5
compacts, 10,000 organisations, 30,000 people, 200,000 self-assessment answers, 20,000
consultations with responses, 5,000 cases, 2,000 funding agreements with payment schedules,
and enough of everything that the deadline registry yields about 100,000 open deadlines.
`--national` builds every local Compact in England instead: 150 compacts, 60,000
organisations, 200,000 people and about 1,000,000 open deadlines.
Never for a production database: it writes made-up organisations and people.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from compact_portal import workdays
from signatories import open_deadlines
from tools import scale

OPTIONS = {
    "compacts": "compacts",
    "organisations": "organisations",
    "users": "people",
    "assessment_responses": "self-assessment answers",
    "consultations": "consultations",
    "disputes": "cases",
    "deadlines": "open deadlines to aim for",
    "agreements": "funding agreements",
    "sections": "sections in each compact's edition (six undertakings each)",
    "actions": "action plan actions in each compact",
}


class Command(BaseCommand):
    help = "Build made-up data at the scale of a whole county, in bulk, for the benchmark."

    def add_arguments(self, parser):
        size = parser.add_mutually_exclusive_group()
        size.add_argument("--small", action="store_true", help="The tiny data set the tests use")
        size.add_argument("--national", action="store_true", help="Every local Compact in England")
        for name, meaning in OPTIONS.items():
            parser.add_argument(
                f"--{name.replace('_', '-')}",
                type=int,
                dest=name,
                help=f"How many {meaning} (default {getattr(scale.FULL, name):,})",
            )
        parser.add_argument("--seed", type=int, default=1, help="Seed of the random choices")
        parser.add_argument("--no-count", action="store_true", help="Do not count the open deadlines afterwards")

    def handle(self, *args, small=False, national=False, seed=1, no_count=False, **options):
        if getattr(settings, "PRODUCTION", False):
            raise CommandError("seed_scale writes made-up people and organisations; it does not run in production.")
        base = scale.SMALL if small else scale.NATIONAL if national else scale.FULL
        sizes = scale.Sizes(
            **{name: options[name] if options.get(name) is not None else getattr(base, name) for name in OPTIONS}
        )
        self.stdout.write(
            "Building: "
            + ", ".join(f"{getattr(sizes, name):,} {meaning.split(' (')[0]}" for name, meaning in OPTIONS.items())
        )
        started = time.monotonic()
        counts = scale.build(sizes, seed=seed, log=self.stdout.write)
        took = time.monotonic() - started
        self.stdout.write(scale.describe(counts))
        self.stdout.write(self.style.SUCCESS(f"Wrote {scale.rows_written(counts):,} rows in {took:.1f} s."))
        if not no_count:
            started = time.monotonic()
            found = open_deadlines.open_on(workdays.today()).count()
            self.stdout.write(
                f"The open deadlines table holds {found:,} deadlines open today "
                f"(counted in {time.monotonic() - started:.1f} s)."
            )
