"""No silent wrong answers from the CLI (issue 11, case 6): a mistyped store
name is an error, not a new empty store; an empty --actor is a usage error;
actor names are read through the knowledge base; the demo never deletes a
store it was not told to replace."""
from __future__ import annotations

import json

import pytest

from geopol import api, cli
from geopol.store import Store

READERS = [
    ["events"], ["search", "CSTO"], ["relations"], ["network"], ["institution", "CSTO"], ["clusters"],
    ["corrections"], ["cluster"], ["export", "--format", "csv", "-"], ["correct", "ev:0", "--reject"],
    ["kb", "proposals"],
]


@pytest.mark.parametrize("command", READERS, ids=lambda c: c[0] if c[0] != "kb" else "kb-proposals")
def test_cli_safety_missing_store_is_an_error_not_a_new_store(tmp_path, capsys, command):
    typo = tmp_path / "TYPO.db"
    code = cli.main([*command, "--db", str(typo)])
    err = capsys.readouterr().err
    assert code == cli.STORE_EXITS["E309"] == 3
    assert "[E309]" in err and str(typo) in err and "geopol ingest" in err
    assert not typo.exists()


@pytest.mark.parametrize("command", [["events"], ["export", "--format", "csv", "-"], ["relations"]])
@pytest.mark.parametrize("actor", ["", "  "])
def test_cli_safety_empty_actor_is_a_usage_error(demo_db, capsys, command, actor):
    with pytest.raises(SystemExit) as stop:
        cli.main([*command, "--db", str(demo_db), "--actor", actor])
    assert stop.value.code == 2
    assert "empty actor" in capsys.readouterr().err


def _events(capsys, demo_db, actor: str) -> tuple[set[str], str]:
    assert cli.main(["events", "--db", str(demo_db), "--actor", actor, "--format", "jsonl"]) == 0
    captured = capsys.readouterr()
    return {json.loads(line)["id"] for line in captured.out.splitlines()}, captured.err


@pytest.mark.parametrize(("name", "code"), [
    ("Tokayev", "person/kassym-jomart-tokayev"),
    ("Astana", "KAZ"),
    ("Kazakhstan", "KAZ"),
    ("Collective Security Treaty Organization", "CSTO"),
])
def test_cli_safety_actor_names_resolve_through_the_knowledge_base(demo_db, capsys, name, code):
    expected, err = _events(capsys, demo_db, code)
    assert expected and err == ""  # a code as stored: matched, and nothing said
    found, err = _events(capsys, demo_db, name)
    assert found == expected
    assert f"--actor {name!r} read as {code}" in err and err.count("\n") == 1


@pytest.mark.parametrize("name", ["Nobody Atall"])
def test_cli_safety_unknown_actor_name_says_it_is_not_in_the_knowledge_base(demo_db, capsys, name):
    found, err = _events(capsys, demo_db, name)
    assert found == set() and "not in the knowledge base" in err


@pytest.mark.parametrize("name", ["Astana"])
def test_cli_safety_export_resolves_actor_names_too(demo_db, tmp_path, capsys, name):
    out = tmp_path / "kaz.csv"
    assert cli.main(["export", "--db", str(demo_db), "--format", "csv", "--actor", "KAZ", str(out)]) == 0
    by_code = out.read_text(encoding="utf-8")
    assert cli.main(["export", "--db", str(demo_db), "--format", "csv", "--actor", name, str(out)]) == 0
    assert out.read_text(encoding="utf-8") == by_code and by_code.count("\n") > 1
    assert "read as KAZ" in capsys.readouterr().err


@pytest.fixture
def fake_demo(monkeypatch):
    """api.demo without the parse: it records the path and makes an empty store there."""
    built = []

    def demo(db, pipeline=None, on_result=None):
        built.append(str(db))
        Store(db).close()
        return api.IngestReport()

    monkeypatch.setattr(api, "demo", demo)
    return built


@pytest.mark.parametrize("content", [b"an analyst's store, months of work"])
def test_cli_safety_demo_refuses_to_delete_an_existing_store(tmp_path, capsys, fake_demo, content):
    db = tmp_path / "work.db"
    db.write_bytes(content)
    assert cli.main(["demo", "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert str(db) in err and "--replace" in err
    assert db.read_bytes() == content and fake_demo == []
    assert cli.main(["demo", "--db", str(db), "--replace"]) == 0
    assert fake_demo == [str(db)] and db.read_bytes() != content


def _relations(capsys, demo_db, *flags: str) -> tuple[int, list, str]:
    code = cli.main(["relations", "--db", str(demo_db), "--format", "json", *flags])
    captured = capsys.readouterr()
    return code, json.loads(captured.out) if code == 0 else [], captured.err


@pytest.mark.parametrize(("names", "codes"), [
    (["--actor", "Astana"], ["--actor", "KAZ"]),
    (["--dyad", "Kyrgyzstan", "Dushanbe"], ["--dyad", "KGZ", "TJK"]),
    (["--actor", "Collective Security Treaty Organization"], ["--actor", "CSTO"]),
])
def test_cli_safety_relations_read_names_through_the_knowledge_base(demo_db, capsys, names, codes):
    code, expected, err = _relations(capsys, demo_db, *codes)
    assert code == 0 and expected and err.count("read as") == 0
    code, found, err = _relations(capsys, demo_db, *names)
    assert code == 0 and found == expected
    assert err.count("read as") == len(names) - 1


@pytest.mark.parametrize("name", ["Tokayev"])
def test_cli_safety_relations_of_a_person_is_a_usage_error(demo_db, capsys, name):
    code, _, err = _relations(capsys, demo_db, "--actor", name)
    assert code == 2 and "person/kassym-jomart-tokayev" in err and "between states and organisations" in err
