"""Numbers as the published report shows them: periods in weeks and days, small counts
withheld in the public version (and only there), rows of zeros folded out of tables."""

import pytest
from django.template import Context, Template

from compact_portal import figures


@pytest.mark.parametrize(
    ("days", "text"),
    [
        (112, "16 weeks"),
        (71, "10 weeks and 1 day"),
        (73, "10 weeks and 3 days"),
        (7, "1 week"),
        (8, "1 week and 1 day"),
        (6, "6 days"),
        (1, "1 day"),
        (0, "0 days"),
        (-14, "2 weeks"),
    ],
)
def test_a_period_reads_in_weeks_and_days_never_as_a_decimal(days, text):
    assert figures.format_weeks(days) == text
    assert "." not in figures.format_weeks(days)


@pytest.mark.parametrize("count", [1, 2, 3, 4])
def test_a_count_under_five_is_withheld_in_the_public_version_only(count):
    assert figures.shown(count, public=True) is None
    assert figures.count_text(figures.shown(count, public=True)) == "fewer than 5"
    assert figures.shown(count, public=False) == count


@pytest.mark.parametrize("count", [0, 5, 6, 1204])
def test_zero_and_counts_of_five_or_more_are_shown_in_both_versions(count):
    assert figures.shown(count, public=True) == count == figures.shown(count, public=False)


def test_large_counts_are_grouped_for_reading():
    assert figures.count_text(1204) == "1,204"


def test_rows_of_zeros_fold_out_of_a_table_but_a_withheld_count_stays():
    rows = [("Shortened", 0), ("Under the minimum", None), ("Kept", 7), ("Late", 0)]
    shown, zeros = figures.fold_zeros(rows)
    assert shown == [("Under the minimum", None), ("Kept", 7)]
    assert zeros == ["Shortened", "Late"]


def _render(source, **context):
    return Template("{% load report_figures %}" + source).render(Context(context))


def test_the_report_tags_withhold_by_the_report_version_and_agree_in_number():
    assert _render('{% count n "case" %}', n=3, public=True) == "fewer than 5 cases"
    assert _render('{% count n "case" %}', n=1, public=False) == "1 case"
    assert _render('{% count n "case" %}', n=1, public=True) == "fewer than 5 cases"
    assert _render('{% count n "signatory" "signatories" %}', n=7, public=True) == "7 signatories"
    assert _render("{% figure n %}", n=2, public=False) == "2"
    assert _render("{% figure n %}", n=2, public=True) == "fewer than 5"
    assert _render("{{ d|weeks }}", d=71) == "10 weeks and 1 day"
