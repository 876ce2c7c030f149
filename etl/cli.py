"""Command line: `python -m etl run PATH... --out DIR`, `python -m etl schema`.

A thin layer over `etl.pipeline.run_pipeline`: parses options, prints a one-screen
summary, and turns each kind of failure into a message saying what to do next.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections import Counter
from pathlib import Path

from . import settings
from .schema import data_dictionary_markdown


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {value!r}") from None


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {value!r}")
    return n


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m etl", description=(
        "Extract refugee figures, diplomatic visits, country mentions and dates from news articles "
        "into tidy tables (CSV, Parquet and one DuckDB file)."))
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="extract articles from files or folders into an output folder",
                         description="Read articles (.txt .md .html .json .jsonl .csv .xml .rss .atom, "
                         "optionally .gz) and add what they contain to the tables in --out. Articles "
                         "already in the tables are skipped, so re-runs only process new input.")
    run.add_argument("paths", nargs="+", type=Path, help="input files or folders (read recursively)")
    run.add_argument("--out", type=Path, required=True, help="output folder for the tables")
    run.add_argument("--published", type=_date, metavar="YYYY-MM-DD",
                     help="publication date for articles that carry none (relative dates resolve against it)")
    run.add_argument("--workers", type=_positive, default=1, help="worker processes for extraction (default 1)")
    run.add_argument("--max-file-mb", type=_positive, default=settings.Limits.max_file_bytes // 2**20,
                     help="reject input files larger than this (default %(default)s)")
    run.add_argument("--max-article-chars", type=_positive, default=settings.Limits.max_article_chars,
                     help="reject articles longer than this (default %(default)s)")
    run.add_argument("--quiet", action="store_true", help="no progress bar and no summary")
    sub.add_parser("schema", help="print the data dictionary of every table (Markdown)",
                   description="Print every output table's columns, types and meaning.")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "schema":
        print(data_dictionary_markdown())
        return 0
    from .pipeline import OutputLocked, run_pipeline
    limits = settings.Limits(max_file_bytes=args.max_file_mb * 2**20,
                             max_whole_file_bytes=min(settings.Limits.max_whole_file_bytes, args.max_file_mb * 2**20),
                             max_article_chars=args.max_article_chars)
    try:
        summary = run_pipeline(args.paths, args.out, published=args.published, workers=args.workers,
                               progress=not args.quiet and sys.stderr.isatty(), limits=limits)
    except OutputLocked as e:
        print(f"error: {e}", file=sys.stderr)
        return 75
    except PermissionError as e:
        print(f"error: cannot write to {e.filename}: permission denied; choose another --out", file=sys.stderr)
        return 73
    except OSError as e:
        print(f"error: {e.filename or ''}: {e.strerror or e}", file=sys.stderr)
        return 74
    if not args.quiet:
        print(format_summary(summary))
    return 0


def format_summary(s) -> str:
    rate = s.new_articles / s.seconds if s.seconds else 0.0
    lines = [
        f"Read {s.files} file(s), {s.articles_read} article(s) in {s.seconds:.1f} s "
        f"({rate:,.0f} new articles/s).",
        f"  new: {s.new_articles}   already in the tables (skipped): {s.duplicates}   rejected: {len(s.rejects)}",
    ]
    if s.no_date:
        lines.append(f"  {s.no_date} article(s) had no publication date: relative dates left empty "
                     "(give --published YYYY-MM-DD to set one).")
    lines.append("  rows added (total now):")
    for table in ("articles", "refugee_counts", "visits", "mentions", "dates", "rejects"):
        lines.append(f"    {table:<15} {s.rows.get(table, 0):>8,}  ({s.totals.get(table, 0):,})")
    if s.rejects:
        lines.append("  rejected inputs:")
        for r in s.rejects[:10]:
            lines.append(f"    {r['input_path']}: {r['reason']}")
        if len(s.rejects) > 10:
            reasons = Counter(r["reason"].split(":")[0] for r in s.rejects[10:])
            lines.append(f"    ... and {len(s.rejects) - 10} more: " +
                         "; ".join(f"{n} x {reason}" for reason, n in reasons.most_common(3)))
    lines.append(f"Tables in {s.out_dir}/ (.csv, .parquet, {settings.DUCKDB_NAME}).")
    return "\n".join(lines)
