"""LOG_FORMAT=json: one JSON object a line, with the traceback and the caller's extra fields."""

import json
import logging

from compact_portal.logs import JsonFormatter


def _record(**kwargs) -> logging.LogRecord:
    return logging.getLogger("compact_portal.test").makeRecord(
        "compact_portal.test", logging.WARNING, __file__, 1, "Reminder %s failed", ("r-1",), None, **kwargs
    )


def test_a_record_is_one_line_of_json():
    line = JsonFormatter().format(_record(extra={"user_id": 7}))
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "WARNING" and entry["logger"] == "compact_portal.test"
    assert entry["message"] == "Reminder r-1 failed" and entry["user_id"] == 7
    assert entry["time"].endswith("+00:00")


def test_a_traceback_is_kept_in_the_entry():
    try:
        raise ValueError("bad date")
    except ValueError:
        import sys

        record = logging.getLogger("x").makeRecord("x", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    entry = json.loads(JsonFormatter().format(record))
    assert "ValueError: bad date" in entry["exception"]


def test_the_settings_choose_json_from_the_environment():
    import os
    import subprocess
    import sys

    code = "import django; django.setup(); import logging; logging.getLogger('compact_portal').warning('hello')"
    env = {**os.environ, "LOG_FORMAT": "json", "DJANGO_SETTINGS_MODULE": "compact_portal.settings"}
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=root, capture_output=True, text=True, timeout=60, check=True
    )
    assert json.loads(result.stderr.strip().splitlines()[-1])["message"] == "hello"
