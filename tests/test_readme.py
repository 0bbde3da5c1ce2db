"""The README's quick start and CI stay in step."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_readme_test_command_is_what_ci_runs():
    readme = (ROOT / "README.md").read_text()
    ci = [line for line in (ROOT / ".ci" / "run").read_text().splitlines()
          if line.strip() and not line.startswith("#") and "python -m pytest" in line]
    assert len(ci) == 1 and ci[0].strip() in readme


def test_readme_demo_command_installs_and_runs_demo():
    readme = (ROOT / "README.md").read_text()
    assert any(line.strip().endswith("geopol demo") and "pip install" in line for line in readme.splitlines())


def test_readme_test_command_installs_every_extra():
    """CI installs every optional part from scratch, so every extra's tests run."""
    extras = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"])
    ci = (ROOT / ".ci" / "run").read_text()
    installed = re.search(r"pip install -q -e '\.\[([^\]]*)\]'", ci)
    assert installed and set(installed.group(1).split(",")) == extras
