"""Dashboard render times on a large synthetic dataset (server side, with Streamlit's AppTest).

Writes 1,000,000 figure rows and 100,000 visits (dashboard.synthetic) as Parquet into a
temporary folder, then times:
- first full render: a fresh session's first script run, reading the files (cold caches);
- filter change: picking two countries in the sidebar, then a narrower date range
  (the tables are cached; only filtering, aggregation and figures run).
Targets (issue 3): first render < 3 s, filter change < 0.5 s.

    python scripts/bench_dashboard.py [--counts N] [--visits N] [--keep DIR]
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET_FIRST = 3.0
TARGET_CHANGE = 0.5


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", type=int, default=1_000_000, help="figure rows (default 1,000,000)")
    parser.add_argument("--visits", type=int, default=100_000, help="visits (default 100,000)")
    parser.add_argument("--keep", type=Path, help="write the tables here and keep them")
    parser.add_argument("--reuse", action="store_true", help="use the tables already in --keep")
    parser.add_argument("--static-serving", choices=["config", "on", "off"], default="config",
                        help="server.enableStaticServing (maps fetch shapes by URL when on); default: as configured")
    args = parser.parse_args(argv)

    from dashboard.synthetic import make_tables, write_tables

    out = args.keep or Path(tempfile.mkdtemp(prefix="bench-dashboard-"))
    if not (args.reuse and args.keep and (out / "refugee_counts.parquet").exists()):
        t = time.perf_counter()
        tables = make_tables(args.counts, args.visits, seed=0)
        write_tables(tables, out)
        print(f"synthetic tables: {len(tables['refugee_counts']):,} figures, {len(tables['visits']):,} visits "
              f"written to {out} in {time.perf_counter() - t:.1f} s")
        del tables

    os.environ["REFUGEE_DASHBOARD_DATA"] = str(out)
    os.environ["DASHBOARD_TIMINGS"] = "1"
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    if args.static_serving != "config":
        st.config.set_option("server.enableStaticServing", args.static_serving == "on")
    print(f"server.enableStaticServing = {st.get_option('server.enableStaticServing')} "
          f"(maps {'fetch shapes by URL' if st.get_option('server.enableStaticServing') else 'carry shapes inline'})")

    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=120)
    t = time.perf_counter()
    at.run()
    first = time.perf_counter() - t
    breakdown = [("first render", dict(at.session_state["_timings"]))]
    if at.exception:
        print("app raised:", at.exception[0].value)
        return 1

    changes = []
    steps = [
        ("two countries", lambda a: a.sidebar.multiselect(key="f_countries").set_value(["POL", "DEU"])),
        ("date range", lambda a: a.sidebar.date_input(key="f_dates").set_value((dt.date(2022, 6, 1), dt.date(2023, 6, 1)))),
        ("population", lambda a: a.sidebar.multiselect(key="f_population").set_value(["refugees"])),
        ("back to all countries", lambda a: a.sidebar.multiselect(key="f_countries").set_value([])),
    ]
    for name, step in steps:
        step(at)
        t = time.perf_counter()
        at.run()
        changes.append((name, time.perf_counter() - t))
        breakdown.append((name, dict(at.session_state["_timings"])))
        if at.exception:
            print("app raised:", at.exception[0].value)
            return 1

    ok_first = first < TARGET_FIRST
    worst = max(s for _, s in changes)
    print(f"first full render:  {first:6.2f} s  (target < {TARGET_FIRST} s) {'OK' if ok_first else 'SLOW'}")
    for name, secs in changes:
        print(f"filter change, {name + ':':22s} {secs:5.2f} s  (target < {TARGET_CHANGE} s) "
              f"{'OK' if secs < TARGET_CHANGE else 'SLOW'}")
    print(f"worst filter change: {worst:.2f} s")
    print("\nseconds per section (server side):")
    sections = list(breakdown[0][1])
    print(f"{'run':24s}" + "".join(f"{s[:10]:>11s}" for s in sections))
    for name, times in breakdown:
        print(f"{name:24s}" + "".join(f"{times.get(s, 0):11.3f}" for s in sections))
    return 0


if __name__ == "__main__":
    sys.exit(main())
