"""Hypothesis profiles for the trust tests, and the tally of inputs tried.

HYPOTHESIS_PROFILE selects how many examples each property tries: "ci" (the default, quick
enough for every CI run) or "slow" (a long search, for a night run or before a release). At the
end of the session the number of inputs tried and server errors seen is written to
var/trust/bad-input.json and printed in one line.
"""

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from .posting import TALLY

COMMON = {
    "deadline": None,
    "database": None,
    "print_blob": True,
    "suppress_health_check": [
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
}
hypothesis_settings.register_profile("ci", max_examples=20, **COMMON)
hypothesis_settings.register_profile("slow", max_examples=300, **COMMON)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
hypothesis_settings.load_profile(PROFILE)

REPORT = Path(__file__).resolve().parents[2] / "var" / "trust" / "bad-input.json"
_tests_run = []


@pytest.fixture(autouse=True)
def _small_upload_limit(settings):
    """A 256KB limit, so a file just over it is quick to build and send in every example."""
    settings.MAX_UPLOAD_BYTES = 256 * 1024


def pytest_runtest_logreport(report):
    if report.when == "call" and "tests/trust/" in report.nodeid.replace("\\", "/"):
        _tests_run.append(report.nodeid)


def _summary() -> dict:
    return {
        "inputs_tried": TALLY["inputs_tried"],
        "server_errors": TALLY["server_errors"],
        "tests": len(_tests_run),
        "profile": PROFILE,
    }


def pytest_sessionfinish(session, exitstatus):
    if not _tests_run:
        return
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(_summary(), indent=2) + "\n")


def pytest_terminal_summary(terminalreporter):
    if _tests_run:
        found = _summary()
        terminalreporter.write_line(
            f"bad input: {found['inputs_tried']} inputs tried in {found['tests']} tests "
            f"({found['profile']} profile), {found['server_errors']} server errors; "
            f"written to {REPORT.relative_to(REPORT.parents[2])}"
        )
