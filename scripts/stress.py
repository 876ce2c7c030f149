"""Stress test of `etl run`: peak memory and throughput on a large synthetic corpus.

    python -m scripts.stress [--n 100000] [--workers 1] [--keep DIR] [--short]

Writes N seed-sized synthetic news articles (the bench's "news" corpus; --short for the
earlier ~400-character bulletins) as JSONL (streamed to disk, never held in memory), runs
`python -m etl run` on them in a subprocess and measures its wall time, articles per
second and peak resident memory; then does the same at N/10. Memory should stay flat as
the corpus grows (the ETL streams its input and buffers a bounded number of rows).

Peak RSS is the kernel's high-water mark for the ETL process (from wait4), and the peak
of the summed RSS of the process and its workers, sampled every 20 ms from /proc.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

COUNTRIES = ["Poland", "Romania", "Moldova", "Hungary", "Slovakia", "Germany", "Czechia", "Lithuania"]
CITIES = ["Warsaw", "Bucharest", "Chisinau", "Budapest", "Bratislava", "Berlin", "Prague", "Vilnius"]
VISITORS = ["Antony Blinken", "Olaf Scholz", "Emmanuel Macron", "Antonio Guterres", "Kamala Harris"]
QUALIFIERS = ["", "more than ", "about ", "nearly ", "at least ", "some "]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def synthetic_article(i: int, rnd: random.Random) -> dict:
    """One short, distinct, dated news-style record."""
    k = rnd.randrange(len(COUNTRIES))
    count = rnd.randrange(1_000, 2_000_000)
    text = (f"{QUALIFIERS[i % len(QUALIFIERS)].capitalize()}{count:,} Ukrainians have crossed into "
            f"{COUNTRIES[k]} since the invasion, officials said on {WEEKDAYS[i % 7]}. "
            f"{VISITORS[i % len(VISITORS)]} visited {CITIES[k]} last week and met volunteers. "
            f"Aid groups in {CITIES[(k + 1) % len(CITIES)]} said shelters were {rnd.randrange(50, 100)} percent full. "
            f"Bulletin number {i}.")
    return {"title": f"Bulletin {i}", "text": text,
            "date": f"{2022 + i % 2}-{1 + i % 12:02d}-{1 + i % 28:02d}", "source": "Synthetic Wire"}


def write_corpus(path: Path, n: int, seed: int = 0, short: bool = False) -> int:
    """Stream `n` articles to `path` as JSONL; returns the bytes written."""
    from scripts.bench import make_news_article
    make = (lambda rng, i: synthetic_article(i, rng)) if short else make_news_article
    rnd = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps(make(rnd, i)) + "\n")
    return path.stat().st_size


def _tree_rss(pid: int) -> int:
    """Summed RSS in bytes of `pid` and its descendants (0 if gone)."""
    total, stack, seen = 0, [pid], set()
    while stack:
        p = stack.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            with open(f"/proc/{p}/statm") as fh:
                total += int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            with open(f"/proc/{p}/task/{p}/children") as fh:
                stack += [int(c) for c in fh.read().split()]
        except (OSError, ValueError):
            continue
    return total


def run_etl(inputs: Path, out: Path, workers: int) -> dict:
    """Run `python -m etl run` and measure it."""
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    cmd = [sys.executable, "-m", "etl", "run", str(inputs), "--out", str(out), "--quiet", "--workers", str(workers)]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak_tree = 0
    done = threading.Event()

    def sample():
        nonlocal peak_tree
        while not done.is_set():
            peak_tree = max(peak_tree, _tree_rss(proc.pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)  # rusage of this child alone
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"etl run failed ({proc.returncode}):\n{stderr.decode(errors='replace')}")
    return {"seconds": seconds, "peak_rss": usage.ru_maxrss * 1024, "peak_tree_rss": peak_tree}


def measure(n: int, workdir: Path, workers: int, short: bool = False) -> dict:
    corpus = workdir / f"in-{n}" / "articles.jsonl"
    size = write_corpus(corpus, n, short=short)
    result = run_etl(corpus.parent, workdir / f"out-{n}", workers)
    import duckdb
    con = duckdb.connect(str(workdir / f"out-{n}" / "refugees.duckdb"), read_only=True)
    try:
        rows = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        con.close()
    if rows != n:
        raise SystemExit(f"expected {n} articles in the tables, found {rows}")
    return {"n": n, "mb": size / 1e6, **result, "rate": n / result["seconds"]}


def format_table(results: list[dict]) -> str:
    lines = [f"{'articles':>9} {'input MB':>9} {'seconds':>8} {'articles/s':>11} {'peak RSS MB':>12} "
             f"{'tree RSS MB':>12}"]
    for r in results:
        lines.append(f"{r['n']:>9,} {r['mb']:>9.1f} {r['seconds']:>8.1f} {r['rate']:>11,.0f} "
                     f"{r['peak_rss'] / 2**20:>12.0f} {r['peak_tree_rss'] / 2**20:>12.0f}")
    small, big = results[0], results[-1]
    growth = big["peak_rss"] / small["peak_rss"] if small["peak_rss"] else float("nan")
    from etl import settings
    lines.append(f"Peak RSS grew {growth:.2f}x for {big['n'] / small['n']:.0f}x the articles; the staging "
                 f"store's share is capped at {settings.DUCKDB_MEMORY_LIMIT} (etl.settings.DUCKDB_MEMORY_LIMIT).")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.stress", description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="articles in the large corpus (default 100000)")
    parser.add_argument("--workers", type=int, default=1, help="--workers passed to etl run (default 1)")
    parser.add_argument("--keep", type=Path, help="write corpora and outputs here and keep them")
    parser.add_argument("--short", action="store_true", help="short bulletins instead of seed-sized articles")
    args = parser.parse_args(argv)
    if args.n < 10:
        parser.error("--n must be at least 10")
    sizes = [args.n // 10, args.n]
    with tempfile.TemporaryDirectory(prefix="etl-stress-") as tmp:
        workdir = args.keep or Path(tmp)
        results = []
        for n in sizes:
            print(f"running etl on {n:,} synthetic articles ...", file=sys.stderr, flush=True)
            results.append(measure(n, workdir, args.workers, args.short))
    print(format_table(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
