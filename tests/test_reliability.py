"""Reliability (issue 4): a run killed with SIGKILL at any moment leaves the previous tables
readable and intact and the next run finishes the job; two runs on one output folder never
corrupt it; nonsense figures are kept and flagged, not dropped.

Each test starts real `python -m etl run` subprocesses on a generated corpus.
"""
from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import random
import shutil
import signal
import time
from pathlib import Path

import pytest

from conftest import TABLE_NAMES, popen_cli, read_csv, read_duckdb, read_parquet, run_cli, table_bytes, write_files
from etl import extract_article, run_pipeline

COUNTRIES = ["Poland", "Romania", "Moldova", "Hungary", "Slovakia", "Germany", "Czechia"]
VISITORS = ["Antony Blinken", "Olaf Scholz", "Emmanuel Macron", "Antonio Guterres"]


def generate_articles(n: int, seed: int = 0):
    """`n` short, distinct, dated news-style records (dicts), reproducibly."""
    rnd = random.Random(seed)
    for i in range(n):
        country = COUNTRIES[i % len(COUNTRIES)]
        yield {
            "title": f"Border update {seed}-{i}",
            "date": f"2022-{3 + i % 9:02d}-{1 + i % 28:02d}",
            "text": (f"About {rnd.randrange(1_000, 900_000):,} Ukrainians have crossed into {country} since the "
                     f"invasion, officials said on Monday. {VISITORS[i % len(VISITORS)]} visited {country} last "
                     f"week. Bulletin {seed}-{i}."),
        }


def write_jsonl(path: Path, n: int, seed: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        for record in generate_articles(n, seed):
            fh.write(json.dumps(record) + "\n")
    return path


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    """A baseline output (a small corpus) and the reference result of adding a big corpus to it."""
    root = tmp_path_factory.mktemp("kill")
    write_jsonl(root / "base_in" / "base.jsonl", 40, seed=1)
    write_jsonl(root / "big_in" / "big.jsonl", 2500, seed=2)
    run_cli("run", root / "base_in", "--out", root / "baseline", "--quiet", check=True)
    shutil.copytree(root / "baseline", root / "reference")
    # The kill moments are fractions of the time until publishing starts (the first temporary
    # output file), so that they fall while articles are read, extracted and staged.
    started = time.monotonic()
    proc = popen_cli("run", root / "big_in", "--out", root / "reference", "--quiet")
    out = root / "reference"
    _wait_for(proc, lambda: any(p.name.startswith(".tmp-") for p in out.iterdir()))
    until_publish = time.monotonic() - started
    proc.communicate(timeout=120)
    assert proc.returncode == 0
    return root, until_publish


# When to kill: seconds after start (during start-up), a fraction of an uninterrupted run's
# time (reading, extracting, writing the staging store), or an event seen in the output folder.
MOMENTS = [0.2, "30%", "50%", "70%", "publishing", "renaming"]


def _kill_group(proc) -> None:
    os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)


def _wait_for(proc, condition, pause: float = 0.002, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition() and proc.poll() is None:
        assert time.monotonic() < deadline, "the moment to kill never came"
        time.sleep(pause)


def _assert_readable(out: Path, consistent: bool = True) -> None:
    for table in TABLE_NAMES:
        csv, pq, db = read_csv(out, table), read_parquet(out, table), read_duckdb(out, table)
        assert list(csv.columns) == list(pq.columns) == list(db.columns), table
        if consistent:
            assert len(csv) == len(pq) == len(db), table


@pytest.mark.parametrize("moment", MOMENTS)
def test_sigkill_leaves_previous_tables_and_next_run_completes(setup, tmp_path, moment):
    setup, duration = setup
    out = tmp_path / "out"
    shutil.copytree(setup / "baseline", out)
    before, final = table_bytes(out), table_bytes(setup / "reference")
    proc = popen_cli("run", setup / "big_in", "--out", out, "--quiet", start_new_session=True)
    if moment == "publishing":  # the first temporary output file appears: publish has begun
        _wait_for(proc, lambda: any(p.name.startswith(".tmp-") for p in out.iterdir()))
    elif moment == "renaming":  # the first new table has replaced its old version
        inode = (out / "articles.csv").stat().st_ino
        _wait_for(proc, lambda: (out / "articles.csv").stat().st_ino != inode, pause=0)
    elif isinstance(moment, str):
        time.sleep(duration * float(moment.rstrip("%")) / 100)
    else:
        time.sleep(moment)
    finished = proc.poll() is not None
    _kill_group(proc)
    # A killed run leaves its temporary files: their presence says publishing had begun.
    publishing = any(p.name.startswith(".tmp-") for p in out.iterdir())
    # The renames take milliseconds, so that moment may be missed; the others must not be.
    assert not finished or moment == "renaming", "the run finished before it could be killed"

    # Every table file is whole: the previous version, or (killed mid-publish) the new one.
    now = table_bytes(out)
    for name, data in now.items():
        assert data in (before[name], final[name]), f"{name} is neither the old nor the new table"
    if moment not in ("publishing", "renaming") and not publishing:
        assert now == before
    # Killed inside the renames, CSV and Parquet of one table may briefly be of different runs.
    _assert_readable(out, consistent=moment != "renaming")
    assert len(read_duckdb(out, "articles")) in (40, 2540)

    # The next run completes and gives exactly the uninterrupted result.
    proc = run_cli("run", setup / "big_in", "--out", out, check=True)
    assert table_bytes(out) == final
    assert len(read_csv(out, "articles")) == 2540
    leftovers = sorted(p.name for p in out.iterdir() if p.name.startswith((".tmp-", ".staging-")))
    assert leftovers == []


def test_second_concurrent_run_is_refused_or_waits_its_turn(setup, tmp_path):
    setup, _ = setup
    out = tmp_path / "out"
    shutil.copytree(setup / "baseline", out)
    first = popen_cli("run", setup / "big_in", "--out", out, "--quiet")
    time.sleep(0.8)  # the first holds the lock by now (it takes it before reading input)
    second = popen_cli("run", setup / "big_in", "--out", out, "--quiet")
    results = []
    for proc in (first, second):
        _, err = proc.communicate(timeout=120)
        results.append((proc.returncode, err))
    assert results[0][0] == 0, results[0][1]
    code, err = results[1]
    assert code in (0, 75)
    if code == 75:
        assert "being written by another etl run" in err and "Traceback" not in err
    _assert_readable(out)
    assert table_bytes(out) == table_bytes(setup / "reference")


def test_locked_output_gives_exit_75_and_leaves_tables(setup, tmp_path):
    setup, _ = setup
    out = tmp_path / "out"
    shutil.copytree(setup / "baseline", out)
    before = table_bytes(out)
    with open(out / ".etl.lock", "a+") as fh:  # as another live run would hold it
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        proc = run_cli("run", setup / "big_in", "--out", out)
        fcntl.flock(fh, fcntl.LOCK_UN)
    assert proc.returncode == 75
    assert "being written by another etl run" in proc.stderr
    assert "--out" in proc.stderr  # says what to do
    assert "Traceback" not in proc.stderr
    assert table_bytes(out) == before


def test_stale_lock_file_from_a_dead_run_does_not_block(setup, tmp_path):
    setup, _ = setup
    out = tmp_path / "out"
    shutil.copytree(setup / "baseline", out)
    (out / ".etl.lock").write_text("pid 999999")
    (out / ".staging-999999.duckdb").write_bytes(b"half-written")
    (out / ".tmp-999999-articles.csv").write_text("article_id\n")
    run_cli("run", setup / "base_in", "--out", out, "--quiet", check=True)
    assert table_bytes(out) == table_bytes(setup / "baseline")
    assert not list(out.glob(".tmp-*")) and not list(out.glob(".staging-*"))


# --- nonsense figures are kept, flagged, and never dropped ---------------------------------

NONSENSE = {
    "huge.txt": ("Published: 2022-03-10\n\n"
                 "More than 90 million Ukrainians have fled to Moldova since the invasion, a post claimed.\n"),
    "absurd.txt": ("Published: 2022-03-10\n\n"
                   "Some 400 million refugees have fled Ukraine, an anonymous account said.\n"),
    "sound.txt": ("Published: 2022-03-10\n\n"
                  "About 100,000 Ukrainians have crossed into Moldova since the invasion, officials said.\n"),
}


@pytest.fixture(scope="module")
def nonsense_tables(tmp_path_factory):
    root = tmp_path_factory.mktemp("nonsense")
    folder = write_files(root / "in", NONSENSE)
    run_pipeline([folder], root / "out")
    counts = read_csv(root / "out", "refugee_counts")
    arts = read_csv(root / "out", "articles")
    name = dict(zip(arts.article_id, arts.input_path.str.rsplit("/", n=1).str[-1]))
    counts["file"] = counts.article_id.map(name)
    return counts


@pytest.mark.parametrize("file, count, reason", [
    ("huge.txt", "90000000", "exceeds the population"),
    ("absurd.txt", "400000000", "exceeds any plausible"),
])
def test_nonsense_count_is_kept_with_a_flag(nonsense_tables, file, count, reason):
    rows = nonsense_tables[nonsense_tables.file == file]
    assert rows["count"].tolist() == [count]
    assert reason in rows.flag.iloc[0]


def test_sound_count_has_no_flag(nonsense_tables):
    rows = nonsense_tables[nonsense_tables.file == "sound.txt"]
    assert rows[["count", "flag"]].values.tolist() == [["100000", ""]]


def test_figure_dated_after_publication_is_flagged():
    text = "As of 30 June 2022, 5,000 refugees from Ukraine were registered in Slovakia."
    (row,) = extract_article(text, dt.date(2022, 3, 10))["refugee_counts"]
    assert row["as_of"] == "2022-06-30"
    assert "after publication" in row["flag"]


def test_completed_visit_dated_after_publication_is_flagged():
    text = "Antony Blinken visited Warsaw on March 30, 2022 and met President Andrzej Duda."
    (row,) = extract_article(text, dt.date(2022, 3, 10))["visits"]
    assert (row["date"], row["status"]) == ("2022-03-30", "completed")
    assert "after publication" in row["flag"]


@pytest.mark.parametrize("count, origin, destination, as_of, period_start, published, reason", [
    (0, "UKR", "POL", "2022-03-01", None, "2022-03-02", "count is zero"),
    (200_000_000, "", "", "2022-03-01", None, "2022-03-02", "exceeds any plausible"),
    (5_000_000, "UKR", "MDA", "2022-03-01", None, "2022-03-02", "population of destination MDA"),
    (5_000, "UKR", "POL", "1850-03-01", None, "2022-03-02", "before 1900"),
    (5_000, "UKR", "POL", "2022-03-01", "1899-12-31", "2022-03-02", "period_start 1899-12-31 is before 1900"),
    (5_000, "UKR", "POL", "2022-06-30", None, "2022-03-02", "after publication"),
    (5_000, "UKR", "POL", "2022-03-02", None, "2022-03-02", ""),  # as_of on the publication day is sound
    (5_000, "UKR", "POL", "2022-06-30", None, None, ""),          # undated article: nothing to compare
])
def test_figure_flag_rules(count, origin, destination, as_of, period_start, published, reason):
    from etl.counts import Figure
    from etl.plausibility import figure_flag
    d = lambda s: dt.date.fromisoformat(s) if s else None  # noqa: E731
    f = Figure(0, 5, "x", count, "exact", count, count, origin, destination, "refugees", "cumulative",
               d(period_start), d(as_of), "stated")
    flag = figure_flag(f, d(published))
    assert (reason in flag) if reason else flag == ""
    assert bool(flag) == bool(reason)


# --- resource use ----------------------------------------------------------------------------

def test_stress_script_smoke(tmp_path):
    """`python -m scripts.stress` runs end to end and prints its table (the real run uses 100,000)."""
    import subprocess
    import sys

    from conftest import ROOT, cli_env
    proc = subprocess.run([sys.executable, "-m", "scripts.stress", "--n", "300", "--keep", str(tmp_path)],
                          cwd=ROOT, env=cli_env(), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert lines[0].split()[:2] == ["articles", "input"]
    assert [line.split()[0] for line in lines[1:3]] == ["30", "300"]
    peak_mb = float(lines[2].split()[4])
    assert 20 < peak_mb < 2000
    assert "Peak RSS grew" in lines[3]
    assert len(read_csv(tmp_path / "out-300", "articles")) == 300
