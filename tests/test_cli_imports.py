"""Commands that never parse must not pay for loading spaCy."""
from __future__ import annotations

import subprocess
import sys

import pytest

# Runs one command in a fresh interpreter and prints the heavy modules it imported.
PROBE = """
import sys
from geopol import cli
try:
    cli.main(sys.argv[1:])
except SystemExit:
    pass
print("LOADED", sorted(m for m in ("spacy", "thinc", "torch") if m in sys.modules))
"""


@pytest.mark.parametrize("args", [
    ["--help"],
    ["events", "--db", "x.db"],
    ["search", "--db", "x.db", "CSTO"],
    ["kb", "show", "Kazakhstan"],
    ["kb", "members", "CSTO"],
    ["relations", "--db", "x.db"],
    ["network", "--db", "x.db", "--format", "json"],
])
def test_cli_commands_that_never_parse_do_not_import_spacy(tmp_path, args):
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=tmp_path, capture_output=True, text=True,
                          timeout=120)
    assert "LOADED" in proc.stdout, proc.stderr
    assert proc.stdout.splitlines()[-1] == "LOADED []"


def test_cli_extract_does_import_spacy(tmp_path):
    """The probe can see an import: extract parses, so it loads spaCy."""
    (tmp_path / "a.txt").write_text("Title\n\nKazakhstan praised Russia.\n")
    proc = subprocess.run([sys.executable, "-c", PROBE, "extract", "--date", "2022-01-01", "a.txt"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    assert "'spacy'" in proc.stdout.splitlines()[-1], proc.stderr
