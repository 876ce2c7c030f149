"""Shared fixtures for the dashboard tests (imported by tests/test_dashboard*.py and
tests/test_browser*.py; kept out of conftest.py, which the ETL owns)."""
from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from dashboard.synthetic import make_tables, write_tables

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "dashboard" / "app.py"
HOSTILE_TITLE = '<script>alert("x")</script><img src=x onerror=alert(1)> =HYPERLINK("http://evil")'
FORMULA_SENTENCE = "=1+2 people fled, said @officials"


def small_tables(seed: int = 1) -> dict[str, pd.DataFrame]:
    """A few thousand synthetic rows, one hostile article title and one formula-like sentence."""
    tables = make_tables(n_counts=1_500, n_visits=250, seed=seed)
    articles = tables["articles"].copy()
    articles.loc[0, "title"] = HOSTILE_TITLE
    tables["articles"] = articles
    counts = tables["refugee_counts"].copy()
    counts.loc[0, "sentence"] = FORMULA_SENTENCE
    counts.loc[0, "article_id"] = articles.loc[0, "article_id"]
    tables["refugee_counts"] = counts
    visits = tables["visits"].copy()
    visits.loc[0, "article_id"] = articles.loc[0, "article_id"]
    tables["visits"] = visits
    return tables


@pytest.fixture(scope="session")
def tables() -> dict[str, pd.DataFrame]:
    return small_tables()


@pytest.fixture(scope="session")
def table_dir(tmp_path_factory, tables) -> Path:
    return write_tables(tables, tmp_path_factory.mktemp("tables"), formats=("parquet", "csv", "duckdb"))


@pytest.fixture
def app_test(table_dir, monkeypatch):
    """A factory: app_test(data_path=table_dir) -> an AppTest of dashboard/app.py, not yet run."""
    from streamlit.testing.v1 import AppTest

    def make(data_path: Path | str | None = None, timeout: float = 60):
        monkeypatch.setenv("REFUGEE_DASHBOARD_DATA", str(data_path or table_dir))
        return AppTest.from_file(str(APP), default_timeout=timeout)

    yield make
    os.environ.pop("REFUGEE_DASHBOARD_DATA", None)
