"""collectstatic with production settings: whitenoise's compressed manifest storage, which
refuses a stylesheet or script that refers to a file that is not there. The GOV.UK Frontend
assets come from bin/setup."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    static_root = tmp_path_factory.mktemp("staticfiles")
    env = {key: value for key, value in os.environ.items() if key != "DEBUG"}
    env.update(
        {
            "DJANGO_ENV": "production",
            "SECRET_KEY": "collectstatic-" + "x" * 40,
            "ALLOWED_HOSTS": "portal.example",
            "MFA_ENCRYPTION_KEY": "a" * 43 + "=",
            "STATIC_ROOT": str(static_root),
            "VAR_DIR": str(tmp_path_factory.mktemp("var")),
            "DJANGO_SETTINGS_MODULE": "compact_portal.settings",
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return static_root


def test_every_file_is_in_the_manifest_with_a_hashed_name(collected):
    manifest = json.loads((collected / "staticfiles.json").read_text())["paths"]
    for name in ("govuk/govuk-frontend.min.css", "govuk/govuk-frontend.min.js", "css/portal.css"):
        assert name in manifest, name
        assert (collected / manifest[name]).is_file()
        assert manifest[name] != name


def test_the_stylesheet_refers_to_hashed_fonts_and_images_and_to_no_source_map(collected):
    manifest = json.loads((collected / "staticfiles.json").read_text())["paths"]
    css = (collected / manifest["govuk/govuk-frontend.min.css"]).read_text()
    assert "sourceMappingURL" not in css
    font = next(name for name in manifest if name.startswith("govuk/assets/fonts/") and name.endswith(".woff2"))
    assert f"/static/{manifest[font]}" in css


def test_compressed_copies_are_made_for_whitenoise(collected):
    manifest = json.loads((collected / "staticfiles.json").read_text())["paths"]
    assert (collected / (manifest["govuk/govuk-frontend.min.js"] + ".gz")).is_file()
