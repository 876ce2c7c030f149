"""Shared fixtures and helpers for the ETL tests.

- `write_files(root, {relative_name: str | bytes})` writes a small fixture folder.
- `run_cli(*args)` runs `python -m etl ...` as a real subprocess from the repository root.
- `read_csv(out, table)` / `read_parquet(out, table)` read an output table as text.
- `read_all(path, limits)` reads one input file through `etl.ingest` into (articles, rejects).

Every article snippet used by the tests is written in the test files themselves.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # so `etl` and `scripts` import however pytest is started
    sys.path.insert(0, str(ROOT))

PYTHON = sys.executable

TABLE_NAMES = ("articles", "refugee_counts", "visits", "mentions", "dates", "rejects")
EXTRACTED = ("refugee_counts", "visits", "mentions", "dates")


def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write `{relative name: text or bytes}` under `root` (folders created); return `root`."""
    root = Path(root)
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def cli_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("PYTHONHASHSEED", None)
    return env


def run_cli(*args, timeout: float = 120, check: bool = False) -> subprocess.CompletedProcess:
    """`python -m etl <args>` in the repository root; stdout/stderr captured as text."""
    proc = subprocess.run([PYTHON, "-m", "etl", *map(str, args)], cwd=ROOT, env=cli_env(),
                          capture_output=True, text=True, timeout=timeout)
    if check and proc.returncode != 0:
        raise AssertionError(f"etl {' '.join(map(str, args))} exited {proc.returncode}:\n{proc.stderr}")
    return proc


def popen_cli(*args, **kwargs) -> subprocess.Popen:
    """`python -m etl <args>` started in the background (for kill and concurrency tests)."""
    return subprocess.Popen([PYTHON, "-m", "etl", *map(str, args)], cwd=ROOT, env=cli_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


def read_csv(out: Path, table: str):
    """An output CSV with every value as text ('' for empty), as a person opening it sees it."""
    import pandas as pd
    return pd.read_csv(Path(out) / f"{table}.csv", dtype=str, keep_default_na=False)


def read_parquet(out: Path, table: str):
    import pandas as pd
    return pd.read_parquet(Path(out) / f"{table}.parquet")


def read_duckdb(out: Path, table: str):
    import duckdb
    con = duckdb.connect(str(Path(out) / "refugees.duckdb"), read_only=True)
    try:
        return con.execute(f'SELECT * FROM "{table}"').df()
    finally:
        con.close()


def table_bytes(out: Path) -> dict[str, bytes]:
    """Contents of every CSV and Parquet output, by file name."""
    return {f"{t}.{ext}": (Path(out) / f"{t}.{ext}").read_bytes() for t in TABLE_NAMES for ext in ("csv", "parquet")}


def read_all(path: Path, limits=None):
    """Everything `etl.ingest.read_path` yields for one file, split into (articles, rejects)."""
    from etl.ingest import RawArticle, read_path
    items = list(read_path(Path(path), limits))
    return [i for i in items if isinstance(i, RawArticle)], [i for i in items if not isinstance(i, RawArticle)]


# A few short articles, written for these tests, used by the CLI and pipeline tests.
SMALL_CORPUS = {
    "poland.txt": (
        "Title: Queues at the Medyka crossing\n"
        "Published: 2022-03-08\n"
        "Source: Test Wire\n"
        "\n"
        "More than 1.2 million Ukrainians have crossed into Poland since the invasion, the border guard said on Tuesday.\n"
        "Also Read: Ten things to pack for a winter trip\n"
        "Volunteers in Przemysl handed out hot soup to families arriving by train.\n"
    ),
    "undated.txt": (
        "Aid workers said about 40,000 refugees arrived in Moldova last week.\n"
        "Antony Blinken visited Chisinau on Sunday and met President Maia Sandu.\n"
    ),
    "feed/wire.jsonl": (
        '{"headline": "Romania opens new shelters", "body": "Some 300,000 Ukrainians have entered Romania since '
        'February 24, officials in Bucharest said.", "date": "2022-03-20", "link": "https://example.org/ro-1"}\n'
        '{"headline": "Scholz in Kyiv", "content": "German Chancellor Olaf Scholz travelled to Kyiv on Thursday '
        'and met President Volodymyr Zelensky.", "date": "2022-06-17", "link": "https://example.org/de-2"}\n'
    ),
    "page.html": (
        "<!doctype html><html><head><title>Hungary registers arrivals</title>"
        '<meta property="article:published_time" content="2022-04-02T09:00:00Z"></head>'
        "<body><article><h1>Hungary registers arrivals</h1>"
        "<p>Nearly 380,000 people fleeing the war in Ukraine have arrived in Hungary, the police said on Friday.</p>"
        "<p>Most of them continued their journey west within days, aid groups in Budapest reported.</p>"
        "</article></body></html>"
    ),
}

