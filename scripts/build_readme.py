"""Refresh the generated part of README.md (the data dictionary) from etl/schema.py.

Usage: python -m scripts.build_readme
"""
from __future__ import annotations

from pathlib import Path

from etl.schema import data_dictionary_markdown

START, END = "<!-- data-dictionary:start -->", "<!-- data-dictionary:end -->"


def main() -> int:
    path = Path(__file__).resolve().parents[1] / "README.md"
    text = path.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    path.write_text(f"{head}{START}\n{data_dictionary_markdown().strip()}\n{END}{tail}", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
