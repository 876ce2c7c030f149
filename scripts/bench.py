"""`make bench`: throughput and memory of the ETL end to end, against a one-pass regex floor,
then the dashboard's render times.

Generates a synthetic corpus of seed-sized (~2,400 character) news articles as JSONL under
data/bench/ (git-ignored), runs `python -m etl run` on it as a subprocess at two corpus
sizes, and prints articles/s, MB/s and peak resident memory. Memory should stay flat as
the corpus grows: input is streamed and rows go to the staging store in batches.

Usage: python -m scripts.bench [--sizes 2000 20000] [--workers 1] [--skip-dashboard]
"""
from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH_DIR = ROOT / "data" / "bench"

# Building blocks for synthetic articles; written for this benchmark.
_ORIGINS = [("Ukraine", "Ukrainian"), ("Sudan", "Sudanese"), ("Syria", "Syrian"), ("Afghanistan", "Afghan"),
            ("Venezuela", "Venezuelan"), ("Myanmar", "Burmese")]
_HOSTS = ["Poland", "Romania", "Moldova", "Hungary", "Slovakia", "Germany", "Czechia", "Chad", "Egypt",
          "Turkey", "Lebanon", "Colombia", "Peru", "Pakistan", "Bangladesh", "Uganda"]
_CITIES = ["Rzeszow", "Warsaw", "Bucharest", "Chisinau", "Budapest", "Berlin", "Prague", "Cairo", "Ankara",
           "Beirut", "Bogota", "Lima", "Islamabad", "Dhaka", "Kampala", "Brussels", "Kyiv", "Vienna"]
_VISITORS = [("US Secretary of State", "Antony Blinken"), ("German Chancellor", "Olaf Scholz"),
             ("French President", "Emmanuel Macron"), ("UN Secretary-General", "Antonio Guterres"),
             ("British Foreign Secretary", "James Cleverly"), ("Italian Prime Minister", "Giorgia Meloni")]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_QUALS = ["More than", "Over", "About", "Nearly", "At least", "Some", "Almost", ""]
_FILLER = [
    "Aid groups said reception centres near the border were stretched and asked for more volunteers.",
    "The ministry said {n} troops remained on alert and that a $1.2 billion package was under review.",
    "Officials said the figures would be revised as registration caught up with arrivals.",
    "Prices of food and fuel rose by 12 percent in the region over the past month.",
    "Also Read: Markets steady as talks resume",
    "Local volunteers have set up kitchens at the railway station, serving hot meals around the clock.",
    "The agency warned that its funding appeal for the year was less than a third covered.",
]


def make_article(rng: random.Random, i: int) -> dict:
    origin, demonym = rng.choice(_ORIGINS)
    host = rng.choice(_HOSTS)
    title, name = rng.choice(_VISITORS)
    city = rng.choice(_CITIES)
    q = rng.choice(_QUALS)
    n = rng.randrange(10, 3000) * 1000
    sentences = [
        f"{title} {name} arrived in {city} on {rng.choice(_DAYS)} to meet officials and discuss the crisis.",
        f"{(q + ' ') if q else ''}{n:,} {demonym} refugees have fled to {host} since the fighting began, the UN said.",
        f"{name.split()[-1]} will travel to {rng.choice(_HOSTS)} next week for talks on humanitarian aid.",
        f"{host} has taken in about {rng.randrange(1, 9)}.{rng.randrange(0, 9)} million people in total, "
        f"while {rng.randrange(2, 40)},000 were displaced inside {origin} in the past week alone.",
    ]
    body = []
    while sum(len(s) + 1 for s in body) < 2400:
        body.append(rng.choice(sentences + _FILLER).format(n=rng.randrange(100, 9000)))
    return {"title": f"Synthetic report {i}", "text": "\n".join(body),
            "published": f"2022-{rng.randrange(3, 12):02d}-{rng.randrange(1, 28):02d}", "source": "Bench Wire"}


def write_corpus(n: int, seed: int = 7) -> Path:
    """A JSONL corpus of n articles, written once and reused."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    path = BENCH_DIR / f"corpus-{n}.jsonl"
    if path.exists():
        return path
    rng = random.Random(seed)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps(make_article(rng, i)) + "\n")
    tmp.replace(path)
    return path


def run_etl(corpus: Path, workers: int) -> dict:
    """Run the CLI as a subprocess; wall time and peak RSS (VmHWM, polled from /proc)."""
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "etl", "run", str(corpus), "--out", out, "--quiet",
                                 "--workers", str(workers)], cwd=ROOT)
        peak_kb = 0
        while proc.poll() is None:
            peak_kb = max(peak_kb, _peak_rss_kb(proc.pid))
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        if proc.returncode != 0:
            raise SystemExit(f"etl run failed with exit code {proc.returncode}")
    return {"seconds": seconds, "peak_mb": peak_kb / 1024}


def _peak_rss_kb(pid: int) -> int:
    total = 0
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    for p in [str(pid)] + children:
        try:
            status = Path(f"/proc/{p}/status").read_text()
        except OSError:
            continue
        m = re.search(r"VmHWM:\s+(\d+)", status)
        total += int(m.group(1)) if m else 0
    return total


def regex_floor(corpus: Path) -> float:
    """Seconds for one compiled pass of three simple patterns over every article's text."""
    pattern = re.compile(r"\d[\d,.]*\s*(?:million)?|\b[A-Z][a-z]+\b|\b(?:fled|arrived|visited)\b")
    started = time.perf_counter()
    with open(corpus, encoding="utf-8") as fh:
        for line in fh:
            sum(1 for _ in pattern.finditer(json.loads(line)["text"]))
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000])
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--skip-dashboard", action="store_true")
    args = ap.parse_args(argv)

    print(f"ETL end to end (python -m etl run, --workers {args.workers}); seed-sized synthetic articles")
    print(f"{'articles':>9} {'MB':>7} {'seconds':>8} {'articles/s':>11} {'MB/s':>6} {'peak RSS MB':>12} "
          f"{'regex floor art/s':>18}")
    for n in args.sizes:
        corpus = write_corpus(n)
        mb = corpus.stat().st_size / 1e6
        result = run_etl(corpus, args.workers)
        floor = regex_floor(corpus)
        print(f"{n:>9,} {mb:>7.1f} {result['seconds']:>8.1f} {n / result['seconds']:>11,.0f} "
              f"{mb / result['seconds']:>6.2f} {result['peak_mb']:>12.0f} {n / floor:>18,.0f}")

    # Extraction alone, in process: the per-core figure the target refers to.
    from etl import extract_article
    rng = random.Random(1)
    sample = [make_article(rng, i)["text"] for i in range(500)]
    import datetime as dt
    extract_article(sample[0], dt.date(2022, 3, 5))
    started = time.perf_counter()
    for text in sample:
        extract_article(text, dt.date(2022, 3, 5))
    rate = len(sample) / (time.perf_counter() - started)
    print(f"\nextract_article alone, one core: {rate:,.0f} articles/s (target 1,000)")

    if not args.skip_dashboard:
        try:
            from scripts import bench_dashboard
        except ImportError:
            print("dashboard benchmark not available")
        else:
            print()
            bench_dashboard.main([])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
