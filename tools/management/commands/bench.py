"""python manage.py bench [--only PART ...] [--requests N] [--load-seconds N] [--output FILE] [--json]

The benchmark (tools.bench) against the database in DATABASE_URL, which
`manage.py seed_scale` has filled. `bin/bench` sets up PostgreSQL and runs the lot. Parts:
sweep, pages, load, pdf, import (all by default). Prints the figures as Markdown tables.
"""

import json
from dataclasses import asdict

from django.core.management.base import BaseCommand

from tools import bench

PARTS = ("sweep", "pages", "load", "pdf", "import")
# Requests a page: the p95 of 200 is the tenth slowest, not (as of 30) the second slowest.
REQUESTS = 200


class Command(BaseCommand):
    help = (
        "Measure the portal at scale: key pages, throughput, the reminder sweep, the annual review PDF, the importer."
    )

    def add_arguments(self, parser):
        parser.add_argument("--only", nargs="+", choices=PARTS, help="Measure only these parts")
        parser.add_argument("--requests", type=int, default=REQUESTS, help=f"Requests per page (default {REQUESTS})")
        parser.add_argument("--load-seconds", type=int, default=10, help="Seconds of load at each step (default 10)")
        parser.add_argument("--output", help="Also write the tables to this file")
        parser.add_argument("--json", action="store_true", help="Print the figures as JSON (the PDF part uses it)")

    def handle(self, *args, only=None, requests=REQUESTS, load_seconds=10, output=None, json=False, **options):
        if json and only == ["pdf"]:
            # The PDF in a process of its own, so that its peak memory is the PDF's alone.
            self.stdout.write(_dumps(asdict(bench.measure_pdf())))
            return
        outcome = bench.run(
            only=only, requests=requests, load_seconds=load_seconds, log=lambda line: self.stderr.write(line)
        )
        text = bench.table(outcome)
        self.stdout.write(bench.as_json(outcome) if json else text)
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text + "\n")


def _dumps(data) -> str:
    return json.dumps(data)
