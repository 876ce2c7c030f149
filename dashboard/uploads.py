"""Add articles from the browser: save uploads safely, run the ETL on them, never lose tables.

Order of work in `ingest`:
1. check each file (type by extension, size) and collect every problem;
2. save the good ones under DIR/uploads/ with a sanitized base name (no path parts, no
   hidden names, no overwrite);
3. copy the current table files aside, run `etl.pipeline.run_pipeline(saved, DIR)`;
4. if the run raises, put the copies back, so a bad file never costs the existing tables;
5. report the run's rejects that concern the uploaded files, in the ETL's own words.
"""
from __future__ import annotations

import re
import shutil
import tempfile
import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from etl.schema import TABLES

# The ETL reads files by extension (issue 2): these are the ones it understands.
UPLOAD_TYPES = ["txt", "md", "html", "htm", "json", "jsonl", "ndjson", "csv", "xml", "rss", "atom"]
MAX_UPLOAD_MB = 10        # per file; .streamlit/config.toml caps a request at 20 MB
MAX_FILES = 20
UPLOAD_DIR = "uploads"
MAX_NAME = 100
SAFE_CHARS = re.compile(r"[^A-Za-z0-9._-]+")


def sanitize_filename(name: str) -> str:
    """A safe base name for `name`: no directories (/ or \\), no leading dots, only
    letters, digits, '.', '_' and '-'; never empty. '../../x.txt' -> 'x.txt'."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode("ascii")
    base = SAFE_CHARS.sub("_", base).strip("._-")
    stem, dot, ext = base.rpartition(".")
    if not dot:
        stem, ext = base, ""
    stem = stem[: MAX_NAME - len(ext) - 1] or "upload"
    return f"{stem}.{ext}" if ext else stem


def extension(name: str) -> str:
    return sanitize_filename(name).rpartition(".")[2].lower() if "." in sanitize_filename(name) else ""


def check_upload(name: str, size: int) -> str | None:
    """Why this file cannot be taken, or None."""
    ext = extension(name)
    if ext not in UPLOAD_TYPES:
        return f"{name!r}: type '.{ext}' is not supported; use one of {', '.join('.' + t for t in UPLOAD_TYPES)}."
    if size > MAX_UPLOAD_MB * 1024 * 1024:
        return f"{name!r}: {size / 1e6:.1f} MB is over the {MAX_UPLOAD_MB} MB limit per file."
    if size == 0:
        return f"{name!r}: the file is empty."
    return None


def unique_path(folder: Path, name: str) -> Path:
    path = folder / name
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    i = 1
    while path.exists():
        path = folder / (f"{stem}-{i}.{ext}" if ext else f"{stem}-{i}")
        i += 1
    return path


def save_uploads(files: list[tuple[str, bytes]], data_dir: Path) -> tuple[list[Path], list[str]]:
    """Write good files under data_dir/uploads/; return their paths and every problem."""
    folder = Path(data_dir) / UPLOAD_DIR
    saved, problems = [], []
    if len(files) > MAX_FILES:
        problems.append(f"{len(files)} files is more than {MAX_FILES} at a time; the first {MAX_FILES} were taken.")
        files = files[:MAX_FILES]
    for name, data in files:
        problem = check_upload(name, len(data))
        if problem:
            problems.append(problem)
            continue
        folder.mkdir(parents=True, exist_ok=True)
        path = unique_path(folder, sanitize_filename(name))
        # resolve() guards against anything sanitize_filename might have missed.
        if path.resolve().parent != folder.resolve():
            problems.append(f"{name!r}: refused, the name points outside the upload folder.")
            continue
        path.write_bytes(data)
        saved.append(path)
    return saved, problems


def table_files(data_dir: Path) -> list[Path]:
    names = {f"{t}{s}" for t in TABLES for s in (".csv", ".parquet")} | {"refugees.duckdb"}
    return [p for p in Path(data_dir).iterdir() if p.name in names] if Path(data_dir).is_dir() else []


@dataclass
class IngestResult:
    ok: bool
    message: str
    problems: list[str] = field(default_factory=list)
    saved: list[Path] = field(default_factory=list)
    articles_read: int = 0
    duplicates: int = 0


_IMPORT_LOCK = threading.Lock()


def load_run_pipeline() -> Callable | None:
    """The ETL's entry point, or None if this checkout does not have it yet.

    Under a lock: sessions run in threads, and two first imports of etl.pipeline at the same
    moment can see a half-initialised package (KeyError: 'etl.tables', found by the load test)."""
    with _IMPORT_LOCK:
        try:
            from etl.pipeline import run_pipeline
        except ImportError:
            return None
    return run_pipeline


def ingest(files: list[tuple[str, bytes]], data_dir: Path, run_pipeline: Callable) -> IngestResult:
    """Save `files` and run the ETL on them into `data_dir` (see the module docstring)."""
    data_dir = Path(data_dir)
    saved, problems = save_uploads(files, data_dir)
    if not saved:
        return IngestResult(False, "No file was added.", problems)
    backup = Path(tempfile.mkdtemp(prefix="tables-backup-"))
    originals = table_files(data_dir)
    for path in originals:
        shutil.copy2(path, backup / path.name)
    try:
        summary = run_pipeline(saved, data_dir)
    except Exception as exc:
        for path in table_files(data_dir):
            if not (backup / path.name).exists():
                path.unlink()
        for path in originals:
            shutil.copy2(backup / path.name, path)
        locked = type(exc).__name__ == "OutputLocked"
        reason = ("another ETL run is updating these tables; try again when it has finished"
                  if locked else f"the ETL failed ({type(exc).__name__}: {exc})")
        return IngestResult(False, f"Nothing was added: {reason}. The existing tables are unchanged.", problems, saved)
    finally:
        shutil.rmtree(backup, ignore_errors=True)
    saved_names = {str(p) for p in saved} | {p.name for p in saved}
    for reject in getattr(summary, "rejects", []) or []:
        path = str(reject.get("input_path", ""))
        if path.split("#")[0] in saved_names or Path(path.split("#")[0]).name in saved_names:
            problems.append(f"{Path(path).name}: {reject.get('reason', 'rejected')}")
    read = int(getattr(summary, "articles_read", 0) or 0)
    dups = int(getattr(summary, "duplicates", 0) or 0)
    ok = read > 0
    message = (f"Added {read} article{'s' if read != 1 else ''} from {len(saved)} file{'s' if len(saved) != 1 else ''}"
               + (f" ({dups} already present, skipped)" if dups else "") + "."
               if ok else "No new article was found in the upload" + (f" ({dups} already present)" if dups else "") + ".")
    return IngestResult(ok, message, problems, saved, read, dups)
