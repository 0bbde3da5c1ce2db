"""CLI arguments that used to end in a traceback or a refusal."""
from __future__ import annotations

import sqlite3

import pytest

from geopol import __version__, cli


def test_cli_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"geopol {__version__}"


@pytest.mark.parametrize("value", ["nan", "inf", "-3", "0", "lots"])
def test_cli_max_mb_must_be_a_positive_size(capsys, tmp_path, value):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["extract", "--max-mb", value, str(tmp_path)])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "not a size in MB" in err and "Traceback" not in err


@pytest.mark.parametrize("since, until, expected", [("2022", None, 2), ("2022-03", "2022-03", 1), ("2023", "2023", 0)])
def test_cli_events_since_a_year_or_month(capsys, tmp_path, since, until, expected):
    from geopol.store import Store

    db = tmp_path / "g.db"
    Store(db).close()
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO documents (doc_id, content_hash, text, ingested_at) VALUES ('d', 'h', 't', 'x')")
        for i, day in enumerate(("2022-03-05", "2022-07-01")):
            conn.execute('INSERT INTO events (id, doc_id, type, cameo, quad_class, intensity, date, sentence, start, '
                         '"end", "trigger", confidence) VALUES (?, \'d\', \'AGREE\', \'05\', \'verbal cooperation\', '
                         "3.0, ?, 's', 0, 1, 'agreed', 0.8)", (f"e{i}", day))
    args = ["events", "--db", str(db), "--format", "jsonl", "--since", since] + (["--until", until] if until else [])
    assert cli.main(args) == 0
    assert len(capsys.readouterr().out.splitlines()) == expected
