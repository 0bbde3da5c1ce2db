"""Stage 1, ingest: formats, dates, ids and every kind of bad input."""
from __future__ import annotations

import io
import json
import os
from datetime import date
from pathlib import Path

import pytest

from geopol.errors import Problem
from geopol.stages.ingest import read_inputs, text_id
from geopol.types import Document

ARTICLE = "Kazakhstan asks CSTO for troops\n\nPresident Tokayev asked the CSTO for help on Wednesday.\n"
PAGE = """<!DOCTYPE html><html><head><title>Tokayev asks CSTO for help | Steppe Wire</title>
<meta name="date" content="{date}"></head><body>
<div class="cookie-banner">We use cookies to improve your experience. <button>Accept all</button></div>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/world">World</a></li></ul></nav></header>
<main><article><h1>Tokayev asks CSTO for help</h1>
<p>Kazakh President Kassym-Jomart Tokayev asked the Collective Security Treaty Organization on Wednesday
to send troops to help restore order after days of unrest across the country.</p>
<p>The bloc's current chair, Armenian Prime Minister Nikol Pashinyan, said the alliance had agreed to send
peacekeeping forces for a limited period, according to a statement published overnight.</p>
</article>
<aside class="related"><h2>Related articles</h2><ul><li><a href="/a">Fuel prices spark protests</a></li>
<li><a href="/b">Who is Tokayev?</a></li></ul></aside>
<div class="donate"><h2>Support our journalism</h2><p>Donate today from as little as 5 euros a month.</p></div>
</main><footer><p>&copy; 2022 Steppe Wire. All rights reserved.</p></footer></body></html>
"""


def _run(*paths: object, **kwargs) -> tuple[list[Document], list[Problem]]:
    items = list(read_inputs([str(p) for p in paths], **kwargs))
    return ([i for i in items if isinstance(i, Document)], [i for i in items if isinstance(i, Problem)])


def _write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# formats, titles, dates, ids --------------------------------------------------------
@pytest.mark.parametrize("name,content,title", [
    ("2022-01-06-a.txt", ARTICLE, "Kazakhstan asks CSTO for troops"),
    ("2022-01-06-b.md", "\n# Kazakhstan asks CSTO for troops\n\nBody text here.\n", "Kazakhstan asks CSTO for troops"),
    ("2022-01-06-c.txt", "\n\n   Headline after blanks  \nBody.\n", "Headline after blanks"),
])
def test_ingest_title_is_first_nonempty_line(tmp_path, name, content, title):
    docs, problems = _run(_write(tmp_path / name, content))
    assert problems == []
    assert docs[0].title == title
    assert docs[0].text == content


@pytest.mark.parametrize("content,expected", [("Title\r\nBody one.\r\nBody two.\r\n", "Title\nBody one.\nBody two.\n")])
def test_ingest_text_newlines_normalised(tmp_path, content, expected):
    docs, _ = _run(_write(tmp_path / "2022-01-06.txt", content.encode("utf-8")))
    assert docs[0].text == expected


@pytest.mark.parametrize("name,expected", [
    ("2022-01-06-kazakh.txt", date(2022, 1, 6)),
    ("report_2021_08_17.md", date(2021, 8, 17)),
    ("wire20200316x.txt", date(2020, 3, 16)),
])
def test_ingest_date_from_file_name(tmp_path, name, expected):
    docs, problems = _run(_write(tmp_path / name, ARTICLE), default_date=date(1999, 1, 1))
    assert docs[0].date == expected and problems == []


@pytest.mark.parametrize("default", [date(2023, 5, 1)])
def test_ingest_date_default_used_without_name_date(tmp_path, default):
    docs, problems = _run(_write(tmp_path / "article.txt", ARTICLE), default_date=default)
    assert docs[0].date == default and problems == []


@pytest.mark.parametrize("name", ["undated.txt"])
def test_ingest_no_date_warns_E008_and_reads(tmp_path, name):
    docs, problems = _run(_write(tmp_path / name, ARTICLE))
    assert [p.code for p in problems] == ["E008"] and not problems[0].fatal
    assert docs[0].date is None and name in problems[0].text


@pytest.mark.parametrize("content", [ARTICLE])
def test_ingest_doc_id_is_stable_content_hash(tmp_path, content):
    first, _ = _run(_write(tmp_path / "a" / "2022-01-06.txt", content))
    second, _ = _run(_write(tmp_path / "b" / "other-2022-01-06.txt", content))
    changed, _ = _run(_write(tmp_path / "c" / "2022-01-06.txt", content + "More.\n"))
    assert first[0].doc_id == second[0].doc_id == text_id(content)
    assert first[0].doc_id.startswith("sha1:") and len(first[0].doc_id) == 5 + 16
    assert changed[0].doc_id != first[0].doc_id


@pytest.mark.parametrize("page_date", ["2022-01-06"])
def test_ingest_html_title_date_and_no_boilerplate(tmp_path, page_date):
    docs, problems = _run(_write(tmp_path / "page.html", PAGE.format(date=page_date)))
    doc = docs[0]
    assert problems == []
    assert doc.title == "Tokayev asks CSTO for help"
    assert doc.date == date(2022, 1, 6)
    assert doc.text.startswith("Tokayev asks CSTO for help\n\nKazakh President")
    assert doc.text.count("Tokayev asks CSTO for help") == 1
    for boilerplate in ("cookies", "Accept all", "Home", "Related articles", "Fuel prices", "Donate",
                        "Support our journalism", "All rights reserved"):
        assert boilerplate not in doc.text


@pytest.mark.parametrize("page", [
    "<html><head><title>Empty</title></head><body><script>var x = 1;</script></body></html>",
    "<html><body><div>   </div></body></html>",
])
def test_ingest_html_without_text_E005(tmp_path, page):
    docs, problems = _run(_write(tmp_path / "2022-01-06.html", page))
    assert docs == [] and [p.code for p in problems] == ["E005"]


# JSONL and stdin ------------------------------------------------------------------
def _records(n: int) -> list[str]:
    return [json.dumps({"id": f"r{i}", "text": f"Record {i} text.", "date": "2022-01-06", "url": "https://e.org",
                        "source": "wire", "title": f"R{i}"}) for i in range(1, n + 1)]


@pytest.mark.parametrize("bad_line", [3])
def test_ingest_jsonl_malformed_line_E006_others_read(tmp_path, bad_line):
    lines = _records(4)
    lines.insert(bad_line - 1, '{"id": "broken", "text": ')
    path = _write(tmp_path / "batch.jsonl", "\n".join(lines) + "\n")
    docs, problems = _run(path)
    assert [d.doc_id for d in docs] == ["r1", "r2", "r3", "r4"]
    assert [d.line for d in docs] == [1, 2, 4, 5]
    assert [(p.code, p.line) for p in problems] == [("E006", bad_line)]
    assert f"{path}:{bad_line}" in problems[0].text
    assert docs[0].path == str(path) and docs[0].url == "https://e.org" and docs[0].source == "wire"


@pytest.mark.parametrize("record,codes,doc_date", [
    ({"id": "x"}, ["E007"], None),
    ({"id": "x", "text": "Body.", "date": "06/01/2022"}, ["E011"], date(2020, 2, 2)),
    ({"id": "x", "text": "Body.", "date": "2022-01-06T09:30:00Z"}, [], date(2022, 1, 6)),
    ({"text": "Body without id."}, [], date(2020, 2, 2)),
])
def test_ingest_jsonl_record_cases(tmp_path, record, codes, doc_date):
    docs, problems = _run(_write(tmp_path / "r.jsonl", json.dumps(record) + "\n"), default_date=date(2020, 2, 2))
    assert [p.code for p in problems] == codes
    if codes == ["E007"]:
        assert docs == [] and problems[0].line == 1
        return
    assert docs[0].date == doc_date and all(not p.fatal for p in problems)
    assert docs[0].doc_id == record.get("id", text_id(record["text"]))


@pytest.mark.parametrize("page_date", ["2020-10-16"])
def test_ingest_jsonl_html_record(tmp_path, page_date):
    record = {"id": "h1", "html": PAGE.format(date=page_date)}
    docs, problems = _run(_write(tmp_path / "h.jsonl", json.dumps(record) + "\n"))
    assert problems == [] and docs[0].date == date(2020, 10, 16)
    assert docs[0].text.startswith("Tokayev asks CSTO for help\n\n") and "cookies" not in docs[0].text


@pytest.mark.parametrize("lines", [2])
def test_ingest_stdin_jsonl(lines):
    stdin = io.StringIO("\n  " + "\n".join(_records(lines)) + "\n")
    docs, problems = _run("-", stdin=stdin)
    assert [d.doc_id for d in docs] == ["r1", "r2"] and problems == []
    assert all(d.path == "-" for d in docs) and docs[1].line == 3


@pytest.mark.parametrize("text", [ARTICLE])
def test_ingest_stdin_plain_text(text):
    docs, problems = _run("-", stdin=io.StringIO(text), default_date=date(2022, 1, 6))
    assert problems == [] and docs[0].text == text and docs[0].title == "Kazakhstan asks CSTO for troops"


# bad input -----------------------------------------------------------------------
@pytest.mark.parametrize("name,content,code", [
    ("2022-01-01-empty.txt", b"", "E001"),
    ("2022-01-01-blank.md", b"  \n\t\n  \n", "E001"),
    ("2022-01-01-nul.txt", b"Title\n\x00\x01\x02binary" * 10, "E002"),
    ("2022-01-01-ctl.txt", bytes(range(1, 9)) * 200 + b"some text", "E002"),
    ("2022-01-01-empty.jsonl", b"\n\n", "E001"),
    ("2022-01-01-nul.jsonl", b'{"text": "a"}\n\x00\x00\x00', "E002"),
])
def test_ingest_bad_file_one_fatal_problem(tmp_path, name, content, code):
    path = _write(tmp_path / name, content)
    docs, problems = _run(path)
    assert docs == [] and [p.code for p in problems] == [code]
    assert problems[0].fatal and problems[0].path == str(path) and str(path) in problems[0].text


@pytest.mark.parametrize("raw,encoding", [
    ("Título de prueba\nEl presidente habló en la capital.\n".encode("cp1252"), "cp1252"),
    (b"Title\nBad \x81 byte.\n", "latin-1"),
])
def test_ingest_non_utf8_warns_E003_and_reads(tmp_path, raw, encoding):
    docs, problems = _run(_write(tmp_path / "2022-01-06.txt", raw))
    assert [p.code for p in problems] == ["E003"] and not problems[0].fatal
    assert encoding in problems[0].text
    assert docs[0].text == raw.decode(encoding)


@pytest.mark.parametrize("size_mb", [50])
def test_ingest_huge_file_E004_not_read(tmp_path, monkeypatch, size_mb):
    path = _write(tmp_path / "2022-01-06-huge.txt", "Headline\nBody text.\n")
    os.truncate(path, size_mb * 1024 * 1024)  # sparse: no 50 MB written
    real_open = open

    def guarded_open(file, *args, **kwargs):
        assert str(file) != str(path), "an over-limit file must not be opened"
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", guarded_open)
    docs, problems = _run(path)
    assert docs == [] and [p.code for p in problems] == ["E004"]
    assert "50 MB" in problems[0].text and "20 MB" in problems[0].text


@pytest.mark.parametrize("limit_mb", [0.001])
def test_ingest_jsonl_line_over_limit_E004_rest_read(tmp_path, limit_mb):
    big = json.dumps({"id": "big", "text": "x" * 5000})
    path = _write(tmp_path / "2022-01-06.jsonl", "\n".join([_records(1)[0], big, _records(2)[1]]) + "\n")
    docs, problems = _run(path, max_mb=limit_mb)
    assert [d.doc_id for d in docs] == ["r1", "r2"]
    assert [(p.code, p.line) for p in problems] == [("E004", 2)]


@pytest.mark.parametrize("error", [PermissionError(13, "Permission denied")])
def test_ingest_unreadable_file_E009(tmp_path, monkeypatch, error):
    path = _write(tmp_path / "2022-01-06.txt", ARTICLE)
    real_open = open

    def denied(file, *args, **kwargs):
        if str(file) == str(path):
            raise error
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", denied)  # chmod 000 does not stop root
    docs, problems = _run(path)
    assert docs == [] and [p.code for p in problems] == ["E009"]
    assert "Permission denied" in problems[0].text


@pytest.mark.parametrize("missing", ["no/such/file.txt"])
def test_ingest_missing_path_E010_batch_goes_on(tmp_path, missing):
    good = _write(tmp_path / "2022-01-06.txt", ARTICLE)
    docs, problems = _run(tmp_path / missing, good)
    assert [p.code for p in problems] == ["E010"] and len(docs) == 1


@pytest.mark.parametrize("name", ["notes.pdf", "README"])
def test_ingest_explicit_unsupported_file_E012(tmp_path, name):
    docs, problems = _run(_write(tmp_path / name, "some text"))
    assert docs == [] and [p.code for p in problems] == ["E012"]


# directories ----------------------------------------------------------------------
@pytest.mark.parametrize("layout", [{
    "b/2022-01-02.txt": ARTICLE + "b", "a.md": "# A\n\nText a.", "c.pdf": "x", ".hidden.txt": ARTICLE,
    ".git/2022-01-01.txt": ARTICLE, "b/a/2022-01-03.html": PAGE.format(date="2022-01-03"), "z.jsonl": _records(1)[0],
}])
def test_ingest_directory_sorted_recursive_skips_hidden_and_unsupported(tmp_path, layout):
    for name, content in layout.items():
        _write(tmp_path / name, content)
    docs, problems = _run(tmp_path, default_date=date(2022, 1, 1))
    names = [os.path.relpath(d.path, tmp_path) for d in docs]
    assert names == ["a.md", os.path.join("b", "2022-01-02.txt"), os.path.join("b", "a", "2022-01-03.html"), "z.jsonl"]
    assert [(p.code, p.fatal) for p in problems] == [("E013", False)]  # c.pdf is counted, the hidden files are not
    assert "skipped 1 file of unsupported types (.pdf x1)" in problems[0].text


@pytest.mark.parametrize("count", [3000])
def test_ingest_directory_of_many_files_streams(tmp_path, count):
    for i in range(count):
        (tmp_path / f"2022-01-06-{i:05d}.txt").write_text(f"Headline {i}\nBody {i}.\n", encoding="utf-8")
    stream = read_inputs([str(tmp_path)])
    first = next(stream)
    assert isinstance(first, Document) and first.title == "Headline 0"
    rest = list(stream)
    assert len(rest) + 1 == count and all(isinstance(d, Document) for d in rest)
    assert len({d.doc_id for d in rest}) == count - 1


@pytest.mark.parametrize("samples", [Path(__file__).resolve().parents[1] / "src" / "geopol" / "data" / "samples"])
def test_ingest_sample_corpus_reads_cleanly(samples):
    docs, problems = _run(samples)
    assert problems == [] and len(docs) == 41
    assert all(d.date is not None and d.title for d in docs if not d.path.endswith(".jsonl"))
