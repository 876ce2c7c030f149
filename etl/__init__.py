"""Refugee-flow ETL: news articles -> tidy tables of refugee figures, visits, mentions, dates.

Public API:
    extract_article(text, published) -> dict of rows per table (pure, no I/O)
    run_pipeline(inputs, out_dir, published=None, workers=1) -> RunSummary
    TABLES, columns(table)  (the table definitions)
"""
from .native import compiled_path

# A compiled build of the rule modules, when one matches the sources (see etl/native.py).
__path__[:0] = compiled_path()

from .extract import extract_article  # noqa: E402 (after the path is set)
from .schema import TABLES, columns  # noqa: E402


def run_pipeline(*args, **kwargs):
    from .pipeline import run_pipeline as _run
    return _run(*args, **kwargs)


__all__ = ["extract_article", "run_pipeline", "TABLES", "columns"]
