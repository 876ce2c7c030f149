"""Score the ETL on the bundled sample corpus against the hand-written `data/EXPECTED.md`.

Usage (from the repository root):

    python -m scripts.check_sample                 # the table of scores
    python -m scripts.check_sample --show-errors   # also every FP / FN per article
    python -m scripts.check_sample --json          # the metrics as JSON

A second quality check next to `scripts/eval.py`: it runs the whole pipeline (ingest of
txt/html/json/jsonl/csv/rss/atom included) on `data/sample/` into a temporary folder,
parses the per-article tables of EXPECTED.md and matches rows with eval's own rules
(refugee_counts: count, origin_iso3, destination_iso3; visits: visitor last name and
host_iso3). Rows whose note says PROJECTION, PLEDGE or GLOBAL are traps: they are left
out of precision/recall and scored on their own line (handled when the ETL leaves the
figure out or gives it a non-empty `flag`).
"""
from __future__ import annotations

import argparse
import csv
import functools
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from scripts.eval import (ATTRIBUTE_NORMALIZERS, ATTRIBUTES, _anchors, _describe, _snippet, count_key,
                          dedupe, fold, match_greedy, norm_count, prf, print_metrics, score_lines, tally,
                          visit_key)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SAMPLE = ROOT / "data" / "sample"
DEFAULT_EXPECTED = ROOT / "data" / "EXPECTED.md"

TABLES = ("refugee_counts", "visits")
TRAP_WORDS = re.compile(r"\b(PROJECTION|PLEDGE|GLOBAL)\b")  # upper case only: 'NO HEADER' is not a trap
EMPTY_CELL = re.compile(r"^[–—-]\s*(\(.*\))?$")  # '–', '-', '– (total)'
MONTH = re.compile(r"^\d{4}-\d{2}$")  # month granularity in EXPECTED.md


# ----------------------------------------------------------------------------- parsing
@dataclass
class Expected:
    """One article of EXPECTED.md: `file` plus `record` (1-based, None for single-article files)."""
    number: int
    file: str
    record: int | None
    title: str = ""
    refugee_counts: list[dict] = field(default_factory=list)
    visits: list[dict] = field(default_factory=list)
    index: dict = field(default_factory=dict)  # its row of the Index table

    @property
    def label(self) -> str:
        return self.file if self.record is None else f"{self.file}#{self.record}"


def split_label(label: str) -> tuple[str, int | None]:
    """'wire-feed.jsonl#2' -> ('wire-feed.jsonl', 2); 'a.txt' -> ('a.txt', None)."""
    name, _, rec = label.strip().strip("`").partition("#")
    return name, int(rec) if rec else None


@functools.cache
def qualifier_codes() -> frozenset[str]:
    """The codes the schema documents for refugee_counts.qualifier (etl/schema.py is the one definition)."""
    from etl.schema import TABLES as SCHEMA
    doc = next(c.doc for c in SCHEMA["refugee_counts"] if c.name == "qualifier")
    return frozenset(re.findall(r"[a-z]+(?:_[a-z]+)*", doc)) - {"or"}


# Everyday words an annotator may write instead of a code.
QUALIFIER_WORDS = {"over": "more_than", "around": "about", "some": "about", "roughly": "about",
                   "approximately": "about", "almost": "nearly", "less_than": "fewer_than"}


def norm_qualifier(text: str) -> str:
    """'more than' -> 'more_than', 'More-than' -> 'more_than', 'almost' -> 'nearly'; unknown words kept, snake_cased."""
    t = "_".join(re.split(r"[\s_-]+", text.strip().lower()))
    return t if t in qualifier_codes() else QUALIFIER_WORDS.get(t, t)


def _cell(text: str) -> str:
    text = text.strip().strip("`").strip()
    return "" if EMPTY_CELL.match(text) else text


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _count_row(row: dict) -> dict:
    note = row.get("note", "")
    trap = TRAP_WORDS.search(note)
    return {
        "surface": _cell(row.get("surface", "")),
        "count": norm_count(re.sub(r"[,\s]", "", _cell(row.get("count", "")))),
        "qualifier": norm_qualifier(_cell(row.get("qualifier", ""))),
        "origin_iso3": _cell(row.get("origin", "")).upper(),
        "destination_iso3": _cell(row.get("destination", "")).upper(),
        "as_of": _cell(row.get("as_of", "")),
        "population": _cell(row.get("population", "")).lower(),
        "trap": trap.group(1) if trap else "",  # the only use of the note column
    }


def _visit_row(row: dict) -> dict:
    return {
        "visitor": _cell(row.get("visitor", "")),
        "visitor_iso3": _cell(row.get("visitor_iso3", "")).upper(),
        "host_iso3": _cell(row.get("host", "")).upper(),
        "city": _cell(row.get("city", "")),
        "date": _cell(row.get("date", "")),
        "status": _cell(row.get("status", "")).lower(),
        "met_with": [m.strip() for m in _cell(row.get("met_with", "")).split(";") if m.strip()],
    }


def parse_expected(text: str) -> list[Expected]:
    """The articles of EXPECTED.md in order, with their parsed rows.

    A table is recognised by its header (first column 'surface', 'visitor' or '#'), so
    prose, blank lines and 'No visits.' between tables do not matter."""
    articles: list[Expected] = []
    index: dict[tuple, dict] = {}
    header: list[str] | None = None
    for line in text.splitlines():
        if m := re.match(r"^##\s+(\d+)\.\s+`?([^`]+?)`?\s*$", line):
            articles.append(Expected(int(m[1]), *split_label(m[2])))
            header = None
        elif articles and not articles[-1].title and (m := re.match(r"^\*([^*]+)\*", line)):
            title = m[1].strip()
            articles[-1].title = "" if title.startswith("(no header") else title
        elif not line.lstrip().startswith("|"):
            header = None  # any other line ends a table
        elif header is None:
            header = [c.lower() for c in _cells(line)]
        elif not re.fullmatch(r"[\s|:-]*", line):  # skip the |---| separator
            row = dict(zip(header, _cells(line)))
            if header[0] == "#":
                index[split_label(row.get("file / record", ""))] = row
            elif articles and header[0] == "surface":
                articles[-1].refugee_counts.append(_count_row(row))
            elif articles and header[0] == "visitor":
                articles[-1].visits.append(_visit_row(row))
    for art in articles:
        art.index = index.get((art.file, art.record), {})
    return articles


def check_index(articles: list[Expected]) -> list[str]:
    """Warnings where the Index table's counts/visits columns disagree with the article's tables."""
    out = []
    for art in articles:
        for table, col in (("refugee_counts", "counts"), ("visits", "visits")):
            stated = art.index.get(col, "")
            if stated.isdigit() and int(stated) != len(getattr(art, table)):
                out.append(f"{art.label}: index says {stated} {col}, its table has {len(getattr(art, table))} rows")
    return out


# ----------------------------------------------------------------------------- ETL output
def read_table(out_dir: Path, table: str) -> list[dict]:
    path = Path(out_dir) / f"{table}.csv"
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def record_ordinals(input_paths: list[str]) -> dict[str, tuple[str, int | None]]:
    """input_path -> (file name, 1-based position of the record in its file).

    The ETL labels records with its own numbers (line numbers for JSONL, CSV rows counting
    the header, 1-based positions for JSON and feeds), so the position is the rank of the
    number among the file's labels, not the number itself."""
    by_file: dict[str, list[tuple[int, str]]] = {}
    out: dict[str, tuple[str, int | None]] = {}
    for p in input_paths:
        path, _, rec = p.partition("#")
        name = Path(path).name
        if rec.isdigit():
            by_file.setdefault(name, []).append((int(rec), p))
        else:
            out[p] = (name, None)
    for name, recs in by_file.items():
        for pos, (_, p) in enumerate(sorted(set(recs)), 1):
            out[p] = (name, pos)
    return out


def run_etl(sample: Path, out_dir: Path) -> None:
    from etl import run_pipeline
    run_pipeline([Path(sample)], Path(out_dir))


# ----------------------------------------------------------------------------- scoring
def same_attribute(col: str, gold, pred) -> bool:
    """eval's normalised equality, except that a month-granularity gold date ('2022-04')
    accepts any day of that month, since the ETL stores dates as full days."""
    g = gold or ""
    if col in ("as_of", "date") and MONTH.match(g):
        return (ATTRIBUTE_NORMALIZERS[col](pred) or "")[:7] == g
    norm = ATTRIBUTE_NORMALIZERS[col]
    return norm(gold) == norm(pred)


def score(expected: list[Expected], out_dir: Path) -> dict:
    """Match the ETL tables in `out_dir` against `expected`; metrics as a dict like eval's."""
    articles = read_table(out_dir, "articles")
    rejected = [r["input_path"] for r in read_table(out_dir, "rejects")]
    # Rejected records keep their place in the file, so they count when ranking records.
    ordinals = record_ordinals([a["input_path"] for a in articles] + rejected)
    by_label = {ordinals[a["input_path"]]: a for a in articles}
    pred_rows = {t: {} for t in TABLES}
    for t in TABLES:
        for row in read_table(out_dir, t):
            pred_rows[t].setdefault(row["article_id"], []).append(row)

    totals = {t: {"tp": 0, "fp": 0, "fn": 0} for t in TABLES}
    attrs = {col: {"correct": 0, "total": 0} for _, col in ATTRIBUTES}
    traps = {"total": 0, "absent": 0, "flagged": 0, "unflagged": 0}
    errors: list[dict] = []
    missing, unexpected, mismatched = [], [], []
    swaps = 0  # population errors that only swap refugees and border_crossings

    def scored(label: str, text: str, gold: dict[str, list[dict]], pred: dict[str, list[dict]]) -> None:
        nonlocal swaps
        def err(table: str, kind: str, row: dict, detail: str = "") -> None:
            errors.append({"id": label, "table": table, "kind": kind, "row": row,
                           "description": _describe(table, row) + detail,
                           "snippet": _snippet(text, _anchors(table, row)) if text else ""})

        for table, key, dedupe_pred in (("refugee_counts", count_key, True), ("visits", visit_key, False)):
            rows = dedupe(pred[table], key) if dedupe_pred else pred[table]
            trap_rows = [g for g in gold[table] if g.get("trap")]
            pairs, missed, spurious = match_greedy([g for g in gold[table] if not g.get("trap")], rows, key)
            # A trap is about the number, whatever country the ETL pinned it on: every left-over
            # prediction of that count belongs to the trap line, not to the false positives.
            for g in trap_rows:
                hits = [p for p in spurious if norm_count(p.get("count")) == g["count"]]
                spurious = [p for p in spurious if p not in hits]
                traps["total"] += 1
                if not hits:
                    traps["absent"] += 1
                elif all(p.get("flag") for p in hits):
                    traps["flagged"] += 1
                else:
                    traps["unflagged"] += 1
                    for p in hits:
                        if not p.get("flag"):
                            err(table, f"trap:{g['trap']}", p, "  (kept without a flag)")
            for g, p, col in tally(table, pairs, missed, spurious, totals, attrs, err, same=same_attribute):
                err(table, f"attr:{col}", p, f"  (gold {col}={g.get(col) or None!r})")
                if col == "population" and {g[col], p.get(col)} == {"refugees", "border_crossings"}:
                    swaps += 1

    for exp in expected:
        art = by_label.pop((exp.file, exp.record), None)
        if art is None:
            missing.append(exp.label)
        elif exp.title and art["title"] and fold(exp.title) != fold(art["title"]):
            mismatched.append(exp.label)  # a record mapped to the wrong article would score as noise
        pred = {t: pred_rows[t].get(art["article_id"], []) if art else [] for t in TABLES}
        scored(exp.label, art["text"] if art else "", {t: getattr(exp, t) for t in TABLES}, pred)
    for (name, rec), art in by_label.items():  # articles EXPECTED.md does not describe: all FP
        unexpected.append(name if rec is None else f"{name}#{rec}")
        scored(unexpected[-1], art["text"], {t: [] for t in TABLES},
               {t: pred_rows[t].get(art["article_id"], []) for t in TABLES})

    metrics: dict = {"n_articles": len(expected), "missing": missing, "unexpected": unexpected,
                     "title_mismatches": mismatched, "population_swaps": swaps}
    for table in TABLES:
        metrics[table] = prf(**totals[table])
    metrics["attributes"] = {
        name: {**v, "accuracy": v["correct"] / v["total"] if v["total"] else None} for name, v in attrs.items()
    }
    metrics["traps"] = traps
    metrics["errors"] = errors
    return metrics


# ----------------------------------------------------------------------------- report
def format_report(metrics: dict, show_errors: bool = False) -> str:
    lines = [f"Sample corpus: {metrics['n_articles']} articles in EXPECTED.md", ""] + score_lines(metrics, TABLES)
    if metrics["population_swaps"]:  # EXPECTED.md accepts either reading for early UNHCR neighbour counts
        lines.append(f"  (population errors that swap refugees/border_crossings: {metrics['population_swaps']})")
    t = metrics["traps"]
    lines += ["", f"traps (PROJECTION/PLEDGE/GLOBAL): {t['absent'] + t['flagged']} of {t['total']} handled "
                  f"(left out {t['absent']}, flagged {t['flagged']}, kept unflagged {t['unflagged']})"]
    if metrics["missing"]:
        lines.append(f"not found in the ETL output: {', '.join(metrics['missing'])}")
    if metrics["title_mismatches"]:
        lines.append(f"title differs from EXPECTED.md (record mapped wrongly?): {', '.join(metrics['title_mismatches'])}")
    if metrics["unexpected"]:
        lines.append(f"not in EXPECTED.md: {', '.join(metrics['unexpected'])}")
    if show_errors:
        lines += ["", "Errors (FP = predicted, not expected; FN = expected, not predicted; "
                      "attr = matched, attribute differs; trap = trap figure kept unflagged):"]
        for e in metrics["errors"]:  # already in EXPECTED.md's article order
            lines.append(f"  [{e['id']}] {e['table']:<15} {e['kind']:<17} {e['description']}")
            if e["snippet"]:
                lines.append(f"      {e['snippet']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.check_sample", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", default=str(DEFAULT_SAMPLE), help="folder of sample articles")
    parser.add_argument("--expected", default=str(DEFAULT_EXPECTED), help="the hand-written expectations")
    parser.add_argument("--show-errors", action="store_true", help="print every false positive and false negative")
    parser.add_argument("--json", action="store_true", help="print the metrics (without the error list) as JSON")
    args = parser.parse_args(argv)
    expected = parse_expected(Path(args.expected).read_text(encoding="utf-8"))
    for warning in check_index(expected):
        print(f"warning: {warning}", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="check-sample-") as out_dir:
        run_etl(Path(args.sample), Path(out_dir))
        metrics = score(expected, Path(out_dir))
    print_metrics(metrics, args.json, args.show_errors, format_report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
