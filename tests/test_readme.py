"""The README is part of the product: its data dictionary and CLI description must match the code."""
from __future__ import annotations

import re
from pathlib import Path

from etl.cli import build_parser
from etl.schema import TABLES, data_dictionary_markdown

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_readme_data_dictionary_is_generated_from_the_schema():
    start = README.index("<!-- data-dictionary:start -->") + len("<!-- data-dictionary:start -->")
    end = README.index("<!-- data-dictionary:end -->")
    assert README[start:end].strip() == data_dictionary_markdown().strip(), \
        "README data dictionary is stale: paste the output of `python -m etl schema` between the markers"


def test_readme_names_every_table_and_the_two_commands():
    for table in TABLES:
        assert f"`{table}`" in README
    assert "make run" in README and "make test" in README


def test_readme_documents_every_cli_option():
    run = build_parser()._subparsers._group_actions[0].choices["run"]
    options = [o for a in run._actions for o in a.option_strings if o.startswith("--") and o != "--help"]
    missing = [o for o in options if not re.search(re.escape(o) + r"\b", README)]
    assert not missing, f"README does not mention {missing}"
