"""Smoke test of the load script (scripts/load_dashboard.py): two websocket sessions change
filters for ten seconds against a real `streamlit run` server; every rerun finishes, shows
the right row counts and raises nothing, and the server is gone afterwards."""
from __future__ import annotations

import os

import pytest

pytest.importorskip("websockets", reason="the load script's websocket client needs `websockets`")


def test_two_sessions_change_filters_without_errors():
    from scripts.load_dashboard import run_load

    result = run_load(sessions=2, seconds=10, counts=20_000, think=(0.1, 0.5), timeout=60, verbose=False)
    summary = result.summary()
    assert result.errors == [], result.errors
    assert summary["reruns"] >= 4 and len(result.first) == 2
    assert summary["checked"] == summary["reruns"] + 2      # every page showed the expected row counts
    assert 0 < summary["p50"] <= summary["p95"] < 30


def test_server_is_stopped_and_data_removed(monkeypatch):
    import scripts.load_dashboard as load

    started = []
    original = load.Server.__init__

    def record(self, *args, **kwargs):
        original(self, *args, **kwargs)
        started.append(self)

    monkeypatch.setattr(load.Server, "__init__", record)
    load.run_load(sessions=1, seconds=1, counts=2_000, verbose=False)
    (server,) = started
    assert server.proc.poll() is not None
    with pytest.raises(ProcessLookupError):
        os.killpg(server.proc.pid, 0)
    assert not server.log_path.parent.exists()
