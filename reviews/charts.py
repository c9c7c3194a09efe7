"""Hand-built SVG bar charts of the self-assessment results, drawn by
templates/reviews/report/chart.html: the geometry is worked out here so the template only draws,
and the PDF needs no JavaScript or image files."""

from dataclasses import dataclass

from .models import Rating
from .selectors import ResultRow, percent

# Charts: hand-built SVG bar charts, drawn by templates/reviews/report/chart.html ------

CHART_WIDTH, LABEL_WIDTH, BAR_AREA, ROW_HEIGHT, BAR_HEIGHT, TOP = 640, 200, 350, 30, 20, 34
SEGMENTS = (
    (Rating.MET, "Met", "#00703c", "#ffffff"),
    (Rating.PARTLY_MET, "Partly met", "#ffdd00", "#0b0c0c"),
    (Rating.NOT_MET, "Not met", "#d4351c", "#ffffff"),
)


@dataclass
class Segment:
    label: str
    count: int
    percent: int
    x: float
    width: float
    fill: str
    text_colour: str

    @property
    def text_x(self) -> float:
        return round(self.x + self.width / 2, 1)

    @property
    def shows_text(self) -> bool:
        return self.width >= 34


@dataclass
class Bar:
    label: str
    full_label: str
    y: float
    segments: list[Segment]
    note: str

    @property
    def text_y(self) -> float:
        return self.y + BAR_HEIGHT / 2 + 4


@dataclass
class Chart:
    id: str
    title: str
    description: str
    bars: list[Bar]
    width: int = CHART_WIDTH
    label_width: int = LABEL_WIDTH
    bar_x: int = LABEL_WIDTH + 10
    bar_area: int = BAR_AREA
    bar_height: int = BAR_HEIGHT
    legend: tuple = SEGMENTS

    @property
    def height(self) -> int:
        return TOP + ROW_HEIGHT * len(self.bars) + 8

    @property
    def legend_items(self):
        x = self.bar_x
        for _, label, fill, _ in SEGMENTS:
            yield {"label": label, "fill": fill, "x": x, "text_x": x + 16}
            x += 16 + 7 * len(label) + 16


def _short(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def bar_chart(chart_id: str, title: str, rows: list[ResultRow]) -> Chart:
    """Stacked horizontal bars of met / partly met / not met, as shares of the undertakings
    that applied. Geometry is worked out here so the template only draws."""
    bars = []
    for index, row in enumerate(rows):
        y, x, segments = TOP + index * ROW_HEIGHT, LABEL_WIDTH + 10, []
        rated = row.tally.rated
        for rating, label, fill, text_colour in SEGMENTS:
            count = row.tally.count(rating)
            if rated and count:
                width = round(BAR_AREA * count / rated, 1)
                segments.append(Segment(label, count, percent(count, rated), x, width, fill, text_colour))
                x += width
        note = f"{row.tally.percent_met}% met" if rated else "no ratings"
        bars.append(Bar(_short(row.label), row.label, y, segments, note))
    summary = "; ".join(
        f"{row.label}: {row.tally.percent_met}% met of {row.tally.rated} rated"
        if row.tally.rated
        else f"{row.label}: no ratings"
        for row in rows
    )
    return Chart(chart_id, title, summary, bars)


# Simple bars: counts (consultations, funding, disputes) and shares (the survey) -----------

BAR_COLOUR, WITHHELD_NOTE = "#1d70b8", "not shown"


@dataclass
class ValueBar:
    label: str
    full_label: str
    y: float
    width: float
    note: str

    @property
    def text_y(self) -> float:
        return self.y + BAR_HEIGHT / 2 + 4


@dataclass
class ValueChart:
    """Horizontal bars of one value each, drawn by templates/reviews/report/bars.html. A value
    withheld (None) draws no bar and says so, so the picture tells no more than the table."""

    id: str
    title: str
    description: str
    bars: list[ValueBar]
    caption: str = ""
    width: int = CHART_WIDTH
    label_width: int = LABEL_WIDTH
    bar_x: int = LABEL_WIDTH + 10
    bar_area: int = BAR_AREA
    bar_height: int = BAR_HEIGHT
    fill: str = BAR_COLOUR

    @property
    def height(self) -> int:
        return 10 + ROW_HEIGHT * len(self.bars) + 4


def value_chart(
    chart_id: str, title: str, rows: list[tuple[str, int | None]], *, describe, scale: int | None = None, caption=""
) -> ValueChart | None:
    """Bars for (label, value) rows; `describe(value)` says a value in words ("3 cases", "80%").
    Bars are scaled to `scale` (100 for shares) or to the largest value. None when every
    value is zero or withheld: a chart of nothing is left out and the text says so."""
    values = [value for _, value in rows if value]
    if not values:
        return None
    top = scale or max(values)
    bars = []
    for index, (label, value) in enumerate(rows):
        width = round(BAR_AREA * value / top, 1) if value else 0
        note = WITHHELD_NOTE if value is None else describe(value)
        bars.append(ValueBar(_short(label), label, 10 + index * ROW_HEIGHT, width, note))
    summary = "; ".join(f"{label}: {WITHHELD_NOTE if value is None else describe(value)}" for label, value in rows)
    return ValueChart(chart_id, title, summary, bars, caption)


def survey_chart(results) -> ValueChart | None:
    """The survey: the share saying the partnership works well or very well, overall and
    under each promise or code (withheld where fewer than five answered)."""
    rows = [("Overall", results.overall.percent_well)]
    rows += [(row.label, row.scores.percent_well) for row in results.by_section]
    return value_chart(
        "chart-survey",
        "Share of signatories saying the partnership works well or very well",
        rows,
        describe=lambda value: f"{value}%",
        scale=100,
        caption="Shares of the organisations that gave a view; “don't know” answers are left out.",
    )


def trend_chart(points) -> ValueChart | None:
    """The survey year by year: the share saying the partnership works well or very well."""
    return value_chart(
        "chart-survey-trend",
        "Partnership working well or very well, year by year",
        [(str(point.year), point.percent_well) for point in points],
        describe=lambda value: f"{value}%",
        scale=100,
        caption="Each year's Compact survey; a year with fewer than five answers is not shown.",
    )
