"""Time the importer on a 100-page PDF Compact: `python -m tools.import_timing [PAGES]`.

The document is made here (numbered themes, party lines, numbered undertakings, a running
footer with page numbers), set as a PDF by WeasyPrint, then read and parsed; only reading and
parsing are timed. bin/bench prints the figure; the goal is under 5 seconds.
"""

from __future__ import annotations

import html
import sys
import time

TOPICS = (
    "funding",
    "consultation",
    "volunteering",
    "premises",
    "procurement",
    "equality",
    "information",
    "training",
    "commissioning",
    "partnership boards",
    "community assets",
    "monitoring",
)
PARTIES = (
    "The Council and other public bodies will:",
    "Voluntary and community organisations will:",
    "Together we will:",
)


def compact_html(pages: int) -> str:
    """About `pages` A4 pages: one theme a page, three party lists of four undertakings each."""
    parts = ["<h1>The Benchmark Compact</h1>"]
    for theme in range(1, pages + 1):
        topic = f"{TOPICS[theme % len(TOPICS)].capitalize()}, part {theme // len(TOPICS) + 1}"
        parts.append(f'<h2 style="break-before: page">{theme}. {topic}</h2>')
        parts.append(f"<p>This theme sets out how the partners work together on matter {theme}.</p>")
        item = 0
        for party in PARTIES:
            parts.append(f"<p>{html.escape(party)}</p>")
            for _ in range(4):
                item += 1
                parts.append(
                    f"<p>{theme}.{item} Consult for twelve weeks on any change to matter {theme}, share what "
                    "was heard and explain the decision in writing to every partner who took part.</p>"
                )
    style = (
        '@page { size: A4; margin: 2cm; @bottom-center { content: "Benchmark Compact - Page " counter(page) } }'
        "body { font-size: 10pt } h2 { font-size: 15pt } p { margin: 0 0 0.8em }"
    )
    return f"<html><head><style>{style}</style></head><body>{''.join(parts)}</body></html>"


def measure_pdf_import(pages: int = 100) -> dict:
    from weasyprint import HTML

    from undertakings.importing import parse_compact, read_document

    pdf = HTML(string=compact_html(pages)).write_pdf()
    started = time.perf_counter()
    text = read_document(pdf, "benchmark.pdf")
    read = time.perf_counter()
    compact = parse_compact(text, filename="benchmark.pdf")
    parsed = time.perf_counter()
    return {
        "pages": text.count("\f") + 1,
        "kb": len(pdf) / 1024,
        "read_seconds": read - started,
        "parse_seconds": parsed - read,
        "sections": len(compact.sections),
        "undertakings": sum(len(s.undertakings) for s in compact.sections),
    }


def main() -> None:
    figure = measure_pdf_import(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
    total = figure["read_seconds"] + figure["parse_seconds"]
    print(
        f"Import of a {figure['pages']}-page PDF ({figure['kb']:.0f} KB): {total:.2f} s "
        f"(reading {figure['read_seconds']:.2f} s, parsing {figure['parse_seconds']:.2f} s; "
        f"{figure['sections']} sections, {figure['undertakings']} undertakings; goal under 5 s)"
    )


if __name__ == "__main__":
    main()
