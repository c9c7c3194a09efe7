"""The slow tier's summary fails when a zero-goal figure is not zero or a run left nothing."""

import json

from tools import trust_report


def write(folder, **files):
    for name, figures in files.items():
        (folder / f"{name}.json").write_text(json.dumps(figures))


GOOD = {
    "faults": {
        "requests_made": 10,
        "faults_injected": 4,
        "writes_lost": 0,
        "reminders_lost": 0,
        "reminders_duplicated": 0,
        "tracebacks_or_raw_errors": 0,
    },
    "bad-input": {"inputs_tried": 100, "server_errors": 0},
    "accessibility": {"pages_checked": 50, "violations": 0},
}


def test_all_goals_met(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(trust_report, "FOLDER", tmp_path)
    write(tmp_path, **GOOD)
    assert trust_report.main() == 0
    assert "| bad inputs tried | 100 |" in capsys.readouterr().out


def test_a_lost_write_fails(tmp_path, monkeypatch):
    monkeypatch.setattr(trust_report, "FOLDER", tmp_path)
    write(tmp_path, **{**GOOD, "faults": {**GOOD["faults"], "writes_lost": 1}})
    assert trust_report.main() == 1


def test_a_run_that_left_nothing_fails(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(trust_report, "FOLDER", tmp_path)
    write(tmp_path, faults=GOOD["faults"], **{"bad-input": GOOD["bad-input"]})
    assert trust_report.main() == 1
    assert "axe violations" in capsys.readouterr().err
