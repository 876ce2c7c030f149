"""`python -m etl` end to end, as a user runs it: real subprocesses on small fixture folders."""
from __future__ import annotations

import duckdb
import pytest

from conftest import SMALL_CORPUS, TABLE_NAMES, read_csv, read_parquet, run_cli, table_bytes, write_files
from etl.schema import TABLES, columns


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return write_files(tmp_path_factory.mktemp("in"), SMALL_CORPUS)


@pytest.fixture(scope="module")
def undated_run(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("out-undated")
    return out, run_cli("run", corpus, "--out", out, check=True)


@pytest.fixture(scope="module")
def dated_run(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("out-dated")
    return out, run_cli("run", corpus, "--out", out, "--published", "2022-03-16", check=True)


def _article(out, file_name):
    arts = read_csv(out, "articles")
    rows = arts[arts.input_path.str.endswith(file_name)]
    assert len(rows) == 1, f"expected one article from {file_name}"
    return rows.iloc[0]


# --- outputs -------------------------------------------------------------------------

def test_run_writes_every_table_with_the_schema_columns(undated_run):
    out, _ = undated_run
    for table in TABLE_NAMES:
        assert list(read_csv(out, table).columns) == columns(table), table
        assert list(read_parquet(out, table).columns) == columns(table), table
    con = duckdb.connect(str(out / "refugees.duckdb"), read_only=True)
    try:
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        assert tables == set(TABLES)
        for table in TABLES:
            cols = [r[0] for r in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index",
                [table]).fetchall()]
            assert cols == columns(table), table
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 5
    finally:
        con.close()
    leftovers = [p.name for p in out.iterdir() if p.name.startswith((".tmp-", ".staging-"))]
    assert leftovers == []


def test_run_output_content(undated_run):
    out, _ = undated_run
    arts = read_csv(out, "articles")
    assert len(arts) == 5 and arts.article_id.is_unique
    poland = _article(out, "poland.txt")
    assert (poland.title, poland.published, poland.source) == ("Queues at the Medyka crossing", "2022-03-08",
                                                               "Test Wire")
    assert "Also Read" not in poland.text  # boilerplate removed before extraction
    assert _article(out, "wire.jsonl#2").title == "Scholz in Kyiv"
    counts = read_csv(out, "refugee_counts")
    pol = counts[counts.article_id == poland.article_id]
    assert pol[["count", "destination_iso3"]].values.tolist() == [["1200000", "POL"]]
    visits = read_csv(out, "visits")
    assert set(zip(visits.visitor, visits.host_iso3)) >= {("Olaf Scholz", "UKR")}
    assert read_csv(out, "rejects").empty


def test_summary_is_printed(undated_run):
    _, proc = undated_run
    assert "Read 4 file(s), 5 article(s)" in proc.stdout
    assert "new: 5" in proc.stdout and "skipped): 0" in proc.stdout
    for table in TABLE_NAMES:
        assert table in proc.stdout
    assert "Traceback" not in proc.stderr


# --- publication dates -----------------------------------------------------------------

def test_without_published_undated_articles_stay_undated(undated_run):
    out, proc = undated_run
    undated = _article(out, "undated.txt")
    assert undated.published == ""
    dates = read_csv(out, "dates")
    relative = dates[dates.article_id == undated.article_id]
    assert set(relative.surface) == {"last week", "on Sunday"}
    assert set(relative.date) == {""}  # never the processing date
    counts = read_csv(out, "refugee_counts")
    assert set(counts[counts.article_id == undated.article_id].as_of) == {""}
    assert "1 article(s) had no publication date" in proc.stdout
    assert "--published" in proc.stdout


def test_published_applies_to_undated_inputs_only(dated_run):
    out, proc = dated_run
    assert _article(out, "undated.txt").published == "2022-03-16"
    assert _article(out, "poland.txt").published == "2022-03-08"  # its own date wins
    assert "no publication date" not in proc.stdout


def test_relative_dates_resolve_against_published(dated_run):
    out, _ = dated_run
    aid = _article(out, "undated.txt").article_id
    dates = read_csv(out, "dates")
    got = dict(dates[dates.article_id == aid][["surface", "date"]].values.tolist())
    # 2022-03-16 is a Wednesday: the latest Sunday before it is the 13th, last week began Monday the 7th.
    assert got == {"on Sunday": "2022-03-13", "last week": "2022-03-07"}
    visits = read_csv(out, "visits")
    blinken = visits[visits.article_id == aid]
    assert blinken[["visitor", "host_iso3", "date", "status"]].values.tolist() == [
        ["Antony Blinken", "MDA", "2022-03-13", "completed"]]


# --- workers -------------------------------------------------------------------------

def test_two_workers_give_the_same_tables(corpus, tmp_path):
    many = write_files(tmp_path / "many", {
        f"batch/{i:03d}.txt": (f"Published: 2022-04-{1 + i % 28:02d}\n\nAbout {1000 + 37 * i:,} Ukrainians "
                               f"arrived in {['Poland', 'Romania', 'Moldova', 'Slovakia'][i % 4]} on Monday, "
                               f"officials said in report number {i}.\n")
        for i in range(150)})
    one, two = tmp_path / "one", tmp_path / "two"
    run_cli("run", corpus, many, "--out", one, "--workers", "1", check=True)
    run_cli("run", corpus, many, "--out", two, "--workers", "2", check=True)
    assert len(read_csv(one, "articles")) == 155
    assert table_bytes(one) == table_bytes(two)


# --- help and schema ---------------------------------------------------------------------

@pytest.mark.parametrize("args, expected", [
    (["--help"], ["run", "schema"]),
    (["run", "--help"], ["--out", "--published", "--workers", "--max-file-mb", "--max-article-chars"]),
    (["schema", "--help"], ["columns, types and meaning"]),
])
def test_help_text(args, expected):
    proc = run_cli(*args)
    assert proc.returncode == 0
    assert len(proc.stdout.strip().splitlines()) >= 3
    for word in expected:
        assert word in proc.stdout


def test_every_option_has_help_text():
    from etl.cli import build_parser
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    for name, p in sub.choices.items():
        assert p.description, f"{name} has no description"
        for action in p._actions:
            assert action.help, f"{name} {action.option_strings or action.dest} has no help text"


def test_schema_prints_every_table_and_column():
    proc = run_cli("schema")
    assert proc.returncode == 0
    for table, cols in TABLES.items():
        assert f"### `{table}`" in proc.stdout
        for c in cols:
            assert f"| `{c.name}` |" in proc.stdout


# --- bad arguments -------------------------------------------------------------------------

@pytest.mark.parametrize("extra, message", [
    (["--published", "2022-13-01"], "expected a date as YYYY-MM-DD, got '2022-13-01'"),
    (["--published", "yesterday"], "expected a date as YYYY-MM-DD"),
    (["--workers", "0"], "expected a whole number of at least 1, got '0'"),
    (["--workers", "two"], "expected a whole number of at least 1"),
    (["--max-file-mb", "-5"], "at least 1"),
])
def test_bad_arguments_give_a_clear_message(tmp_path, extra, message):
    write_files(tmp_path / "in", {"a.txt": "Buses left Lviv."})
    proc = run_cli("run", tmp_path / "in", "--out", tmp_path / "out", *extra)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists()


def test_missing_out_and_unknown_command(tmp_path):
    for args, message in ((["run", tmp_path], "--out"), (["frobnicate"], "invalid choice")):
        proc = run_cli(*args)
        assert proc.returncode == 2 and message in proc.stderr and "Traceback" not in proc.stderr


def test_out_that_is_a_file_gives_a_clear_message(tmp_path):
    write_files(tmp_path, {"in/a.txt": "Buses left Lviv.", "out.txt": "I am a file"})
    proc = run_cli("run", tmp_path / "in", "--out", tmp_path / "out.txt")
    assert proc.returncode != 0
    assert "out.txt" in proc.stderr and "Traceback" not in proc.stderr
    assert (tmp_path / "out.txt").read_text() == "I am a file"


def test_missing_input_is_a_reject_not_a_crash(tmp_path):
    write_files(tmp_path / "in", {"a.txt": "Some 2,000 refugees arrived in Moldova on Monday."})
    proc = run_cli("run", tmp_path / "in", tmp_path / "nope.txt", "--out", tmp_path / "out",
                   "--published", "2022-03-09")
    assert proc.returncode == 0, proc.stderr
    rejects = read_csv(tmp_path / "out", "rejects")
    assert rejects[["input_path", "reason"]].values.tolist() == [[str(tmp_path / "nope.txt"), "no such file or folder"]]
    assert "rejected: 1" in proc.stdout and "no such file or folder" in proc.stdout
    assert len(read_csv(tmp_path / "out", "articles")) == 1


def test_bad_inputs_in_a_folder_are_rejects_with_reasons(tmp_path):
    folder = write_files(tmp_path / "in", {
        "good.txt": "Published: 2022-03-09\n\nSome 2,000 refugees arrived in Moldova on Monday.",
        "empty.txt": "",
        "binary.txt": bytes(range(256)) * 8,
        "lines.jsonl": '{"text": "Some 500 people crossed into Romania on Sunday.", "date": "2022-03-09"}\n{oops\n',
        "notes.docx": b"PK\x03\x04",
        "tiny.txt": "Also Read: nothing here\nADVERTISEMENT\n",
    })
    proc = run_cli("run", folder, "--out", tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    rejects = read_csv(tmp_path / "out", "rejects")
    reasons = {p.rsplit("/", 1)[-1]: r for p, r in rejects[["input_path", "reason"]].values.tolist()}
    assert set(reasons) == {"empty.txt", "binary.txt", "lines.jsonl#2", "notes.docx", "tiny.txt"}
    assert reasons["empty.txt"] == "empty file"
    assert reasons["binary.txt"].startswith("binary file")
    assert reasons["lines.jsonl#2"].startswith("malformed JSON on line 2")
    assert "unsupported file type '.docx'" in reasons["notes.docx"]
    assert "boilerplate" in reasons["tiny.txt"]
    assert len(read_csv(tmp_path / "out", "articles")) == 2


def test_size_and_length_caps_from_the_command_line(tmp_path):
    body = "Some 2,000 refugees arrived in Moldova on Monday. " * 60  # about 3,000 characters
    folder = write_files(tmp_path / "in", {
        "big.txt": "x" * (2 * 2**20),
        "long.jsonl": '{"text": "' + body + '", "date": "2022-03-09"}\n',
        "ok.txt": "Published: 2022-03-09\n\nSome 2,000 refugees arrived in Moldova on Monday.",
    })
    proc = run_cli("run", folder, "--out", tmp_path / "out", "--max-file-mb", "1", "--max-article-chars", "1000")
    assert proc.returncode == 0, proc.stderr
    reasons = dict(read_csv(tmp_path / "out", "rejects")[["input_path", "reason"]].values.tolist())
    assert "--max-file-mb" in reasons[str(folder / "big.txt")]
    assert "over the 1,000 limit" in reasons[f"{folder / 'long.jsonl'}#1"]
    assert len(read_csv(tmp_path / "out", "articles")) == 1
