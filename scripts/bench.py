"""`make bench`: throughput and memory of the ETL end to end, against a one-pass regex floor,
then the dashboard's render times.

Generates synthetic corpora of seed-sized (~2,400 character) news articles as JSONL under
data/bench/ (git-ignored), runs `python -m etl run` on them as a subprocess, and prints
articles/s, MB/s and peak resident memory. Memory should stay flat as the corpus grows:
input is streamed and rows go to the staging store in batches.

Two densities, because the cost of an article grows with what it holds:
- "news": like the seed article (one or two refugee figures and one or two officials'
  trips in ~2,400 characters, the rest narrative, quotes and other numbers);
- "dense": nearly every other sentence a figure or a trip (about five times the seed's).
The rows per article that each corpus gave are printed next to its speed. Then
extract_article alone, in process, on each corpus and on the seed article itself (the
case the speed anchors in shared/FACTS.md were measured on).

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


# Narrative sentences for the "news" density: context, quotes, money, years and
# percentages, names and places, but no refugee figure and no trip. Written for this benchmark.
_NARRATIVE = [
    "The {org} said its teams at the border had handed out blankets, water and baby food through the night.",
    "\u201cWe are seeing families who left with a single bag,\u201d said a volunteer at the reception centre in {city}.",
    "Officials in {host} said schools would open extra classes and that {money} had been set aside for the coming months.",
    "The war in {origin} has also pushed up the price of grain, with wheat futures rising {pct} percent since {month}.",
    "Talks between the two sides are due to resume, though diplomats said they expected little progress.",
    "The {org} appealed for {money} to cover shelter, food and medical care until the end of the year.",
    "Local authorities said the railway station in {city} had been turned into a temporary shelter.",
    "Analysts said the crisis was the largest movement of people in Europe since the Second World War.",
    "A spokesperson for the ministry declined to comment on the figures, citing an ongoing review.",
    "The {org} said it had registered {small} complaints about conditions at collective centres in {month}.",
    "In {year}, parliament passed a law giving new arrivals the right to work and access to health care.",
    "\u201cThe generosity of ordinary people has been remarkable,\u201d the mayor of {city} told local radio.",
    "Aid agencies warned that winter would bring new hardship for those living in damaged homes.",
    "The government of {host} has asked the European Commission for more money to support local councils.",
    "Prices for rented flats in {city} have risen by {pct} percent, according to a property website.",
    "The central bank kept its main interest rate at {pct} percent on {day}, citing uncertainty over energy prices.",
    "Most of those arriving are women, children and older people, aid workers said, many of them exhausted.",
    "The {org} said it was running {small} buses a week from the border to larger cities further west.",
    "Opposition politicians in {host} criticised the government for being slow to pay local councils.",
    "A field hospital run by volunteers near {city} treated patients for exhaustion and minor injuries.",
    "Several airlines said they would add flights from {city} to help relatives reunite.",
    "Energy ministers from across the region are to meet in {month} to discuss gas supplies for the winter.",
    "\u201cNobody knows how long this will last,\u201d said one woman waiting for a train with her two sons.",
    "Human rights groups urged governments to make sure people without passports were not turned away.",
]
_ORGS = ["International Organization for Migration", "Red Cross", "UNICEF", "World Food Programme",
         "Norwegian Refugee Council", "UN refugee agency"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October"]


def make_news_article(rng: random.Random, i: int) -> dict:
    """A seed-like article: one or two refugee figures, one or two trips, the rest narrative."""
    origin, demonym = rng.choice(_ORIGINS)
    host = rng.choice(_HOSTS)
    title, name = rng.choice(_VISITORS)
    q = rng.choice(_QUALS)
    n = rng.randrange(10, 3000) * 1000
    facts = [
        f"{(q + ' ') if q else ''}{n:,} {demonym} refugees have fled to {host} since the fighting began, the UN said.",
        f"{title} {name} arrived in {rng.choice(_CITIES)} on {rng.choice(_DAYS)} to meet officials and discuss the crisis.",
    ]
    if rng.random() < 0.5:
        facts.append(f"{name.split()[-1]} will travel to {rng.choice(_HOSTS)} next week for talks on humanitarian aid.")
    if rng.random() < 0.3:
        facts.append(f"About {rng.randrange(2, 40)},000 people were displaced inside {origin} in the past week alone.")
    fill = dict(org=rng.choice(_ORGS), city=rng.choice(_CITIES), host=host, origin=origin,
                money=f"${rng.randrange(2, 90)} million", pct=rng.randrange(2, 30), month=rng.choice(_MONTHS),
                small=rng.randrange(20, 400), year=rng.randrange(2015, 2022), day=rng.choice(_DAYS))
    body = list(facts)
    narrative = rng.sample(_NARRATIVE, len(_NARRATIVE))
    while sum(len(s) + 1 for s in body) < 2400 and narrative:
        body.insert(rng.randrange(1, len(body) + 1), narrative.pop().format(**fill))
    return {"title": f"Synthetic news report {i}", "text": "\n".join(body),
            "published": f"2022-{rng.randrange(3, 12):02d}-{rng.randrange(1, 28):02d}", "source": "Bench Wire"}


DENSITIES = {"news": make_news_article, "dense": make_article}


def write_corpus(n: int, seed: int = 7, density: str = "dense") -> Path:
    """A JSONL corpus of n articles, written once and reused."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    path = BENCH_DIR / (f"corpus-{n}.jsonl" if density == "dense" else f"corpus-{density}-{n}.jsonl")
    if path.exists():
        return path
    rng = random.Random(seed)
    make = DENSITIES[density]
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps(make(rng, i)) + "\n")
    tmp.replace(path)
    return path


def run_etl(corpus: Path, workers: int) -> dict:
    """Run the CLI as a subprocess; wall time, peak RSS (VmHWM, polled from /proc) and the
    rows per table it wrote."""
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
        rows = {t: sum(1 for _ in open(Path(out) / f"{t}.csv", encoding="utf-8")) - 1
                for t in ("refugee_counts", "visits", "mentions")}
    return {"seconds": seconds, "peak_mb": peak_kb / 1024, "rows": rows}


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


SEED_ARTICLE = ROOT.parent / "shared" / "seed" / "blinken-rzeszow-2022.txt"


def _timed(fn, texts, published) -> float:
    started = time.perf_counter()
    for text in texts:
        fn(text, published)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000])
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--skip-dashboard", action="store_true")
    args = ap.parse_args(argv)

    import etl.extract
    compiled = not etl.extract.__file__.endswith(".py")
    print(f"Python {sys.version.split()[0]} ({sys.base_prefix}; the Makefile prefers Debian's python3.11)")
    print(f"Rule modules: {'compiled (build/native, see etl/native.py)' if compiled else 'plain Python'}")
    print(f"ETL end to end (python -m etl run, --workers {args.workers}); seed-sized synthetic articles")
    print(f"{'corpus':>6} {'articles':>9} {'MB':>6} {'seconds':>8} {'articles/s':>11} {'MB/s':>6} "
          f"{'peak RSS MB':>12} {'regex floor art/s':>18}   rows per article (figures, visits, mentions)")
    for density in DENSITIES:
        for n in args.sizes:
            corpus = write_corpus(n, density=density)
            mb = corpus.stat().st_size / 1e6
            result = run_etl(corpus, args.workers)
            floor = regex_floor(corpus)
            per = ", ".join(f"{result['rows'][t] / n:.1f}" for t in ("refugee_counts", "visits", "mentions"))
            print(f"{density:>6} {n:>9,} {mb:>6.1f} {result['seconds']:>8.1f} {n / result['seconds']:>11,.0f} "
                  f"{mb / result['seconds']:>6.2f} {result['peak_mb']:>12.0f} {n / floor:>18,.0f}   {per}")

    # Extraction alone, in process, one core: what the per-core target is about.
    import datetime as dt
    from etl import extract_article
    samples = {}
    for density, make in DENSITIES.items():
        rng = random.Random(1)
        samples[density] = [make(rng, i)["text"] for i in range(400)]
    if SEED_ARTICLE.exists():
        samples["seed article"] = [SEED_ARTICLE.read_text(encoding="utf-8")] * 400
    print("\nextract_article alone, one core (target 1,000 articles/s):")
    for name, texts in samples.items():
        extract_article(texts[0], dt.date(2022, 3, 5))
        best = min(_timed(extract_article, texts, dt.date(2022, 3, 5)) for _ in range(3))
        print(f"  {name:<13} {len(texts) / best:>7,.0f} articles/s")

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
