"""Exports read back by the tools the field uses: pyarrow and DuckDB for
Parquet, networkx for GraphML, csv for the Phoenix TSV; DataFrames; and
DuckDB reading the SQLite store itself, leaving the file as it was."""
from __future__ import annotations

import csv
import hashlib
import importlib.util
import io
import json
from datetime import date
from pathlib import Path

import duckdb
import networkx as nx
import pyarrow.parquet as pq
import pytest

from geopol.errors import RecordsError
from geopol.export import COLUMNS, PHOENIX_COLUMNS, events_frame, export, mentions_frame
from geopol.store import Store
from records_data import clash_corpus

CANONICAL = "a3-0-ASSAULT"


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "geopol.db") as opened:
        for result in clash_corpus():
            opened.write(result)
        opened.cluster()
        yield opened


def test_export_parquet_keeps_types_and_occurrences(store, tmp_path):
    out = tmp_path / "events.parquet"
    assert export(store, "parquet", out) == 10
    table = pq.read_table(out)
    assert table.num_rows == 10
    kinds = {f.name: str(f.type) for f in table.schema}
    assert (kinds["date"], kinds["negated"], kinds["start"], kinds["intensity"]) == ("date32[day]", "bool",
                                                                                       "int32", "double")
    assert kinds["source_actors"].startswith("list<element: struct<id: string, name: string")
    rows = {r["id"]: r for r in table.to_pylist()}
    assert rows["a1-0-ASSAULT"]["date"] == date(2021, 4, 29)
    assert (rows["a1-0-ASSAULT"]["occurrence"], rows["a1-0-ASSAULT"]["reports"]) == (CANONICAL, 5)
    assert rows["a5-0-ASSAULT"]["reports"] == 1
    assert rows["a1-0-ASSAULT"]["source_actors"][0]["wikidata"] == "Q813"


def test_export_parquet_reads_in_duckdb(store, tmp_path):
    out = tmp_path / "events.parquet"
    export(store, "parquet", out)
    sql = f"SELECT count(*), count(DISTINCT occurrence), max(reports) FROM read_parquet('{out}')"
    assert duckdb.sql(sql).fetchone() == (10, 5, 5)
    sql = f"SELECT count(*) FROM read_parquet('{out}') WHERE date BETWEEN DATE '2021-04-29' AND DATE '2021-04-30'"
    assert duckdb.sql(sql).fetchone() == (7,)  # a1, a2 (three), a5, a7 (two)


@pytest.mark.parametrize("filters, expected", [({}, 10), ({"type": "ASSAULT"}, 7), ({"actor": "CSTO"}, 1),
                                               ({"since": "2021-05-01"}, 3)])
def test_export_filters_as_events(store, tmp_path, filters, expected):
    assert export(store, "csv", tmp_path / "events.csv", **filters) == expected
    with open(tmp_path / "events.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == expected
    assert list(rows[0]) == [name for name, _ in COLUMNS]


def test_export_cameo_tsv_has_the_phoenix_columns(store, tmp_path):
    out = tmp_path / "events.tsv"
    export(store, "cameo-tsv", out)
    with open(out, newline="", encoding="utf-8") as handle:
        rows = [dict(zip(PHOENIX_COLUMNS, r, strict=True)) for r in csv.reader(handle, delimiter="\t")]
    assert len(rows) == 10 and len(PHOENIX_COLUMNS) == 26
    first = next(r for r in rows if r["EventID"] == "a1-0-ASSAULT")
    assert (first["Date"], first["Year"], first["Month"], first["Day"]) == ("20210429", "2021", "04", "29")
    assert (first["SourceActorFull"], first["SourceActorEntity"], first["SourceActorRole"]) == ("KGZMIL", "KGZ", "MIL")
    assert (first["TargetActorFull"], first["EventCode"], first["EventRootCode"]) == ("TJKMIL", "190", "19")
    assert (first["PentaClass"], first["GoldsteinScore"], first["SentenceID"]) == ("4", "-10", "a1_0")
    assert (first["URLs"], first["NewsSources"]) == ("https://example.org/a1", "Example Wire")
    request = next(r for r in rows if r["EventCode"] == "020")
    assert (request["TargetActorFull"], request["TargetActorEntity"], request["TargetActorAttribute"]) == (
        "IGOCSTO", "IGO", "CSTO")
    assert request["PentaClass"] == "0"


def test_export_plover_json_uses_the_plover_field_names(store):
    out = io.BytesIO()
    export(store, "plover-json", out, type="ASSAULT")
    records = [json.loads(line) for line in out.getvalue().decode("utf-8").splitlines()]
    assert len(records) == 7
    one = next(r for r in records if r["id"] == "a1-0-ASSAULT")
    assert (one["event"], one["date"], one["quad_code"], one["event_scale"]) == (["ASSAULT"], "2021-04-29", 4, -10.0)
    assert one["source"] == [{"code": "KGZ", "sector": "MIL", "actor_text": "Kyrgyz border guards",
                              "identifier_id": "Q813", "identifier_text": "Kyrgyz border guards"}]
    assert one["recipient"][0]["code"] == "TJK"
    assert (one["link"], one["reports"], one["event_text"]) == (CANONICAL, 5, ["fired"])
    assert one["text_info"] == {"start": 0, "end": 73}
    assert one["cite_info"]["url"] == "https://example.org/a1"


def test_export_graphml_reads_in_networkx(store, tmp_path):
    out = tmp_path / "events.graphml"
    export(store, "graphml", out)
    g = nx.read_graphml(out, force_multigraph=True)
    assert sorted(g.nodes) == ["CSTO", "KAZ", "KGZ", "TJK"]
    assert g.number_of_edges("KGZ", "TJK") == 8 and g.number_of_edges("TJK", "KGZ") == 1
    edge = g.get_edge_data("KGZ", "TJK")["a1-0-ASSAULT"]
    assert (edge["type"], edge["occurrence"], edge["reports"], edge["corrected"]) == ("ASSAULT", CANONICAL, 5, False)
    assert g.nodes["CSTO"]["kind"] == "organisation"


def test_export_frames_are_typed(store):
    frame = events_frame(store, actor="KGZ")
    assert len(frame) == 9
    assert str(frame["negated"].dtype) == "bool" and str(frame["start"].dtype) == "int32"
    assert str(frame["date"].dtype).startswith("datetime64")
    assert frame.groupby("occurrence").size().max() == 6
    assert list(mentions_frame(store).columns)[:3] == ["doc_id", "published", "start"]


def test_export_unknown_format_names_the_choices(store, tmp_path):
    with pytest.raises(RecordsError, match="plover-json, cameo-tsv"):
        export(store, "xlsx", tmp_path / "x")


def test_export_duckdb_reads_the_sqlite_store_unchanged(store, tmp_path):
    path = Path(store.path)
    store.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    [home] = importlib.util.find_spec("duckdb_ext").submodule_search_locations
    con = duckdb.connect(config={"extension_directory": str(Path(home) / "extensions"),
                                 "autoinstall_known_extensions": False})
    con.sql("LOAD sqlite")
    con.sql(f"ATTACH '{path}' AS g (TYPE sqlite, READ_ONLY)")
    assert con.sql("SELECT count(*), count(DISTINCT COALESCE(cluster_id, id)) FROM g.events").fetchone() == (10, 5)
    sql = ("SELECT e.type, a.country FROM g.events e JOIN g.event_actors a ON a.event_id = e.id "
           "AND a.role = 'target' WHERE e.id = 'a7-0-REQUEST'")
    assert con.sql(sql).fetchone() == ("REQUEST", None)
    assert con.sql("SELECT reports FROM g.clusters").fetchall() == [(5,)]
    con.close()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


@pytest.mark.parametrize("module", ["pyarrow", "pyarrow.parquet"])
def test_export_without_the_extra_says_how_to_install_it(store, tmp_path, monkeypatch, module):
    monkeypatch.setitem(__import__("sys").modules, module, None)
    with pytest.raises(RecordsError, match=r"pip install 'geopol\[export\]'"):
        export(store, "parquet", tmp_path / "events.parquet")
    assert not (tmp_path / "events.parquet").exists()


@pytest.mark.parametrize("fmt, lines", [("cameo-tsv", 7), ("plover-json", 7), ("csv", 8)])
def test_export_cli_writes_the_file(store, tmp_path, capsys, fmt, lines):
    from geopol import cli

    out = tmp_path / f"out.{fmt}"
    assert cli.main(["export", "--db", store.path, "--format", fmt, "--type", "ASSAULT", str(out)]) == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == lines
    assert "7 events written" in capsys.readouterr().err


def test_export_relations_frame_has_a_column_per_type(store):
    from geopol.export import relations_frame

    frame = relations_frame(store, dyad=("KGZ", "TJK"), by="all")
    row = frame.set_index(["source", "target"]).loc[("KGZ", "TJK")]
    # the clash (counted once however often reported), the later shooting, the accusation
    assert row["events"] == 3 and row["reports"] > row["events"]
    assert row["type_ACCUSE"] == 1
    assert isinstance(row["event_ids"], list)


def test_export_frames_are_in_the_public_api(store):
    import geopol

    assert {"events_frame", "mentions_frame", "relations_frame", "export"} <= set(geopol.__all__)
    assert geopol.events_frame is events_frame
