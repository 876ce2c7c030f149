"""Precision, recall and F1 of the ETL's extractors on the annotated evaluation set.

Usage (from the repository root):

    python -m scripts.eval                 # the table of scores
    python -m scripts.eval --show-errors   # also every false positive / false negative
    python -m scripts.eval --json          # the metrics as JSON

Stages:
1. Load the annotated articles (`tests/eval/articles.jsonl`, guidelines in
   `tests/eval/README.md`).
2. Run the ETL's pure entry point `etl.extract_article(text, published)` on each one.
3. Match predictions to gold, one article at a time:
   - refugee_counts: same count, origin_iso3 and destination_iso3 (greedy, one-to-one;
     predicted rows repeating an already-seen key are dropped first, since the ETL may
     emit one row per mention of the same figure);
   - visits: same visitor last name (case-insensitive, accents folded) and host_iso3
     (greedy, one-to-one; not de-duplicated: a visit mentioned three times is one row);
   - mentions: the set of iso3 codes.
4. Micro-average TP/FP/FN over articles into precision/recall/F1 per table, plus the
   accuracy of attributes on matched pairs (as_of, qualifier, population; date, status).

`evaluate()` returns the metrics as a dict; the pytest gate (`tests/test_eval_gate.py`)
compares them with pinned floors. The command always exits 0 once it has scored the set
(the gate is the test), and 2 when the ETL cannot be imported.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import unicodedata
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PATH = ROOT / "tests" / "eval" / "articles.jsonl"

TABLES = ("refugee_counts", "visits", "mentions")

# Attributes scored on matched pairs: (table, column).
ATTRIBUTES = (
    ("refugee_counts", "as_of"),
    ("refugee_counts", "qualifier"),
    ("refugee_counts", "population"),
    ("visits", "date"),
    ("visits", "status"),
)

SNIPPET_CHARS = 70  # characters shown on each side of an error's anchor


# ----------------------------------------------------------------------------- loading
def load_articles(path: str | Path | None = None) -> list[dict]:
    """The annotated articles, one dict per JSONL line (blank lines skipped)."""
    path = Path(path) if path else DEFAULT_PATH
    articles = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                articles.append(json.loads(line))
            except json.JSONDecodeError as e:
                raise ValueError(f"{path}:{lineno}: not valid JSON ({e.msg})") from e
    return articles


def parse_published(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


# ----------------------------------------------------------------------------- normalizing
def fold(text: str) -> str:
    """Lower-case, accents removed: 'Erdoğan' -> 'erdogan'."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


# Arabic article prefixed to a family name, dropped so 'al-Sisi' and 'Sisi' compare equal.
NAME_PARTICLE = re.compile(r"^(?:al|el)-")


def last_name(name: str) -> str:
    """Last word of a name, folded, without punctuation: 'Recep Tayyip Erdoğan' -> 'erdogan',
    'Abdel Fattah al-Sisi' -> 'sisi'."""
    words = re.findall(r"[\w'-]+", fold(name))
    return NAME_PARTICLE.sub("", words[-1].strip("'-")) if words else ""


def norm_iso(value: Any) -> str:
    return str(value or "").strip().upper()


def norm_date(value: Any) -> str | None:
    """'YYYY-MM-DD' for a date or date string; None for '', None or NaN-like values."""
    if value is None:
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%Y-%m-%d")
    text = str(value).strip()
    return text[:10] if text and text.lower() not in ("nan", "nat", "none") else None


def norm_text(value: Any) -> str:
    return str(value or "").strip().lower()


def norm_count(value: Any) -> int | None:
    try:
        return int(round(float(value)))
    except (TypeError, ValueError):
        return None


def count_key(row: dict) -> tuple:
    return (norm_count(row.get("count")), norm_iso(row.get("origin_iso3")), norm_iso(row.get("destination_iso3")))


def visit_key(row: dict) -> tuple:
    return (last_name(row.get("visitor", "")), norm_iso(row.get("host_iso3")))


ATTRIBUTE_NORMALIZERS: dict[str, Callable[[Any], Any]] = {
    "as_of": norm_date,
    "date": norm_date,
    "qualifier": norm_text,
    "population": norm_text,
    "status": norm_text,
}


# ----------------------------------------------------------------------------- matching
def dedupe(rows: Iterable[dict], key: Callable[[dict], Hashable]) -> list[dict]:
    """Rows with a key not seen before, in order."""
    seen, out = set(), []
    for row in rows:
        k = key(row)
        if k not in seen:
            seen.add(k)
            out.append(row)
    return out


def match_greedy(gold: list[dict], pred: list[dict], key: Callable[[dict], Hashable]):
    """One-to-one matching on equal keys, gold in order, each taking the first free prediction.

    Returns (pairs, unmatched_gold, unmatched_pred)."""
    free = list(range(len(pred)))
    pred_keys = [key(p) for p in pred]
    pairs, missed = [], []
    for g in gold:
        gk = key(g)
        hit = next((i for i in free if pred_keys[i] == gk), None)
        if hit is None:
            missed.append(g)
        else:
            free.remove(hit)
            pairs.append((g, pred[hit]))
    return pairs, missed, [pred[i] for i in free]


def prf(tp: int, fp: int, fn: int) -> dict:
    """Precision, recall, F1; an empty side counts as perfect only when the other is empty too."""
    precision = tp / (tp + fp) if tp + fp else (1.0 if fn == 0 else 0.0)
    recall = tp / (tp + fn) if tp + fn else (1.0 if fp == 0 else 0.0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": precision, "recall": recall, "f1": f1}


# ----------------------------------------------------------------------------- snippets
def _same_normalized(col: str, gold: Any, pred: Any) -> bool:
    norm = ATTRIBUTE_NORMALIZERS[col]
    return norm(gold) == norm(pred)


def tally(table: str, pairs, missed, spurious, totals: dict, attrs: dict, err: Callable,
          same: Callable[[str, Any, Any], bool] = _same_normalized) -> list[tuple[dict, dict, str]]:
    """Add one article's matching of `table` to the totals and attribute counts, record its
    FN and FP rows with `err`, and return the matched pairs' differing attributes."""
    totals[table]["tp"] += len(pairs)
    totals[table]["fp"] += len(spurious)
    totals[table]["fn"] += len(missed)
    for row in missed:
        err(table, "FN", row)
    for row in spurious:
        err(table, "FP", row)
    differ = []
    for g, p in pairs:
        for t, col in ATTRIBUTES:
            if t != table:
                continue
            attrs[col]["total"] += 1
            if same(col, g.get(col), p.get(col)):
                attrs[col]["correct"] += 1
            else:
                differ.append((g, p, col))
    return differ


def _snippet(text: str, anchors: Iterable[str]) -> str:
    """Text around the first anchor found (case-insensitive), else the article's opening."""
    lowered = text.lower()
    for anchor in anchors:
        if anchor and (pos := lowered.find(anchor.lower())) >= 0:
            start, end = max(0, pos - SNIPPET_CHARS), pos + len(anchor) + SNIPPET_CHARS
            return ("…" if start else "") + text[start:end].replace("\n", " ") + ("…" if end < len(text) else "")
    return text[: 2 * SNIPPET_CHARS].replace("\n", " ") + "…"


def _count_anchors(count: int | None) -> list[str]:
    if count is None:
        return []
    anchors = [f"{count:,}", f"{count:,}".replace(",", " "), str(count)]
    for unit, word in ((1_000_000, "million"), (1_000, "thousand")):
        if count >= unit and count % (unit // 100) == 0:
            n = f"{count / unit:g}"
            anchors += [f"{n} {word}", f"{n}m" if word == "million" else f"{n}k"]
    return anchors


def _anchors(table: str, row: dict) -> list[str]:
    found = [row["surface"]] if row.get("surface") else []
    if row.get("sentence"):
        found.append(str(row["sentence"])[:40])
    if table == "refugee_counts":
        found += _count_anchors(norm_count(row.get("count")))
    elif table == "visits":
        found += [str(row.get("visitor", "")), last_name(row.get("visitor", ""))]
    elif table == "mentions":
        found += _country_names(norm_iso(row.get("iso3")))
    return found


def _country_names(iso3: str) -> list[str]:
    try:
        import pycountry
    except ImportError:  # pragma: no cover - pycountry is a runtime requirement
        return []
    country = pycountry.countries.get(alpha_3=iso3)
    if not country:
        return []
    return [n for n in (getattr(country, "common_name", None), country.name) if n]


def _describe(table: str, row: dict) -> str:
    if table == "refugee_counts":
        return (f"{row.get('count')} {row.get('qualifier', '')} "
                f"{norm_iso(row.get('origin_iso3')) or '-'}->{norm_iso(row.get('destination_iso3')) or '-'} "
                f"{row.get('population', '')} as_of={norm_date(row.get('as_of'))}")
    if table == "visits":
        return (f"{row.get('visitor')} ({norm_iso(row.get('visitor_iso3')) or '-'}) -> "
                f"{norm_iso(row.get('host_iso3'))} {row.get('city') or ''} "
                f"date={norm_date(row.get('date'))} {row.get('status', '')}")
    return norm_iso(row.get("iso3"))


# ----------------------------------------------------------------------------- evaluation
def _import_extractor():
    from etl import extract_article  # the ETL's pure, public entry point

    return extract_article


def evaluate(path: str | Path | None = None, extract: Callable | None = None) -> dict:
    """Score `extract` (default: `etl.extract_article`) on the evaluation set at `path`.

    Returns {"n_articles", "refugee_counts"/"visits"/"mentions": {tp, fp, fn, precision,
    recall, f1}, "attributes": {as_of|qualifier|population|date|status: {correct, total,
    accuracy}}, "errors": [...],
    "crashes": [...]}. Each error is {"id", "table", "kind" ("FP" or "FN"), "row",
    "description", "snippet"}; an attribute mismatch is kind "attr:<name>"."""
    extract = extract or _import_extractor()
    articles = load_articles(path)
    totals = {t: {"tp": 0, "fp": 0, "fn": 0} for t in TABLES}
    attrs = {col: {"correct": 0, "total": 0} for _, col in ATTRIBUTES}
    errors: list[dict] = []
    crashes: list[dict] = []

    for art in articles:
        text, gold = art["text"], art["gold"]
        try:
            pred = extract(text, parse_published(art.get("published"))) or {}
        except Exception as e:  # one failing article must not hide the scores of the rest
            crashes.append({"id": art["id"], "error": f"{type(e).__name__}: {e}"})
            pred = {}

        def err(table: str, kind: str, row: dict, detail: str = "") -> None:
            errors.append({"id": art["id"], "table": table, "kind": kind, "row": row,
                           "description": _describe(table, row) + detail,
                           "snippet": _snippet(text, _anchors(table, row))})

        # refugee_counts and visits: greedy one-to-one matching on a key.
        for table, key, dedupe_pred in (("refugee_counts", count_key, True), ("visits", visit_key, False)):
            pred_rows = [r for r in pred.get(table, []) or [] if isinstance(r, dict)]
            if dedupe_pred:
                pred_rows = dedupe(pred_rows, key)
            pairs, missed, spurious = match_greedy(gold.get(table, []), pred_rows, key)
            for g, p, col in tally(table, pairs, missed, spurious, totals, attrs, err):
                err(table, f"attr:{col}", p, f"  (gold {col}={ATTRIBUTE_NORMALIZERS[col](g.get(col))!r})")

        # mentions: sets of iso3 codes.
        gold_iso = {norm_iso(c) for c in gold.get("mentions", [])}
        pred_iso = {norm_iso(r.get("iso3")) for r in pred.get("mentions", []) or [] if isinstance(r, dict)}
        pred_iso.discard("")
        totals["mentions"]["tp"] += len(gold_iso & pred_iso)
        totals["mentions"]["fp"] += len(pred_iso - gold_iso)
        totals["mentions"]["fn"] += len(gold_iso - pred_iso)
        for iso in sorted(gold_iso - pred_iso):
            err("mentions", "FN", {"iso3": iso})
        for iso in sorted(pred_iso - gold_iso):
            sample = next((r for r in pred.get("mentions", []) if norm_iso(r.get("iso3")) == iso), {"iso3": iso})
            err("mentions", "FP", sample)

    metrics: dict[str, Any] = {"n_articles": len(articles)}
    for table in TABLES:
        metrics[table] = prf(**totals[table])
    metrics["attributes"] = {
        name: {**v, "accuracy": v["correct"] / v["total"] if v["total"] else None} for name, v in attrs.items()
    }
    metrics["errors"] = errors
    metrics["crashes"] = crashes
    return metrics


# ----------------------------------------------------------------------------- report
def score_lines(metrics: dict, tables: Iterable[str] = TABLES) -> list[str]:
    """The P/R/F1 table and the attribute accuracies, as printed by this and check_sample."""
    lines = [f"{'table':<16}{'TP':>6}{'FP':>6}{'FN':>6}{'precision':>11}{'recall':>9}{'F1':>8}"]
    for table in tables:
        m = metrics[table]
        lines.append(f"{table:<16}{m['tp']:>6}{m['fp']:>6}{m['fn']:>6}"
                     f"{m['precision']:>11.3f}{m['recall']:>9.3f}{m['f1']:>8.3f}")
    lines += ["", f"{'attribute (on matched rows)':<30}{'correct':>9}{'total':>7}{'accuracy':>10}"]
    for table, col in ATTRIBUTES:
        a = metrics["attributes"][col]
        acc = "n/a" if a["accuracy"] is None else f"{a['accuracy']:.3f}"
        lines.append(f"{table + '.' + col:<30}{a['correct']:>9}{a['total']:>7}{acc:>10}")
    return lines


def format_report(metrics: dict, show_errors: bool = False) -> str:
    lines = [f"Evaluation set: {metrics['n_articles']} articles", ""] + score_lines(metrics)
    if metrics["crashes"]:
        lines += ["", f"extract_article raised on {len(metrics['crashes'])} article(s):"]
        lines += [f"  {c['id']}: {c['error']}" for c in metrics["crashes"]]
    if show_errors:
        lines += ["", "Errors (FP = predicted, not in gold; FN = in gold, not predicted; attr = matched, attribute differs):"]
        for e in sorted(metrics["errors"], key=lambda e: (e["id"], e["table"], e["kind"])):
            lines.append(f"  [{e['id']}] {e['table']:<15} {e['kind']:<14} {e['description']}")
            lines.append(f"      {e['snippet']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.eval", description=__doc__.split("\n\n")[0])
    parser.add_argument("--path", default=None, help=f"annotated JSONL file (default: {DEFAULT_PATH.relative_to(ROOT)})")
    parser.add_argument("--show-errors", action="store_true", help="print every false positive and false negative")
    parser.add_argument("--json", action="store_true", help="print the metrics (without the error list) as JSON")
    args = parser.parse_args(argv)
    try:
        extract = _import_extractor()
    except ImportError as e:
        print(f"Cannot import etl.extract_article ({e}). Run from the repository root, "
              "after the ETL package exposes extract_article(text, published).", file=sys.stderr)
        return 2
    print_metrics(evaluate(args.path, extract), args.json, args.show_errors, format_report)
    return 0


def print_metrics(metrics: dict, as_json: bool, show_errors: bool, report: Callable) -> None:
    """The metrics as JSON (without the error list), or as the script's report."""
    if as_json:
        print(json.dumps({k: v for k, v in metrics.items() if k != "errors"}, indent=2))
    else:
        print(report(metrics, show_errors=show_errors))


if __name__ == "__main__":
    sys.exit(main())
