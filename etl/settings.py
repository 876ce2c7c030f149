"""Limits and thresholds in one place; the CLI can override the limits."""
from __future__ import annotations

from dataclasses import dataclass

# Publication dates outside these years are treated as unreadable.
MIN_YEAR = 1900
MAX_YEAR = 2100

# File names written in the output folder.
DUCKDB_NAME = "refugees.duckdb"
LOCK_NAME = ".etl.lock"

# Memory DuckDB may use while staging and writing tables.
DUCKDB_MEMORY_LIMIT = "128MB"
# Bytes of a table sorted at a time within that budget (DuckDB cannot spill a sort of long
# strings); Parquet row groups are a quarter of this.
PUBLISH_PART_BYTES = 24 * 1024 * 1024

# Articles sent to a worker at a time (with one worker: read before they are extracted; at
# most CHUNK_CHARS characters of them), and rows buffered before a write to the store.
CHUNK_SIZE = 64
CHUNK_CHARS = 1_000_000
FLUSH_ARTICLES = 2000


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 1024 * 1024 * 1024    # any input file; JSONL and CSV are streamed
    max_whole_file_bytes: int = 100 * 1024 * 1024  # formats read whole (HTML, JSON, XML, text, .gz)
    max_article_chars: int = 1_000_000           # one article's text
