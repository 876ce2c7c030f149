"""Load test: simultaneous sessions changing the dashboard's filters against one server.

Writes a synthetic dataset (dashboard.synthetic; 200,000 figures by default), starts one
`streamlit run dashboard/app.py -- --data DIR` on a free 127.0.0.1 port, and drives
`--sessions` Streamlit websocket clients for `--seconds`. Each client speaks the browser's
protocol (BackMsg / ForwardMsg protobufs on /_stcore/stream): it opens the page, then
repeatedly sets the sidebar widgets (countries, date range, population, visit status) to
a random combination (or one of `--states N` shared ones: popular views, mostly served from
the cache), waits `--think` seconds, and so on. A rerun's latency is the time
from sending the widget states to the server's `script_finished`, the moment the browser's
"running" indicator goes away; drawing in a browser comes on top and is not measured.

Errors counted: an exception or st.error element in a rerun, a script that did not
finish successfully, a rerun that took more than `--timeout` seconds, a dropped
connection, a Traceback in the server's log, and a wrong answer: the row counts the
page reports for the filtered figures and visits are checked against dashboard.filters
applied to the same tables in this process.

The server runs with `server.fileWatcherType=none` (as a deployment would; `--server-option`
can set it back): with watching on, an edit to any source file the app imports (say, in
etl/ while others work in the repository) makes Streamlit unload those modules at the next
rerun of each session, under the reruns of the other sessions, which then fail with
KeyError or AttributeError inside imports. That is Streamlit's reload, not the dashboard.

Prints p50/p95/max rerun latency, reruns, errors; target (issue 4): p95 < 1 s, no errors.
The server is stopped (its whole process group) and the data removed on exit, also on
Ctrl-C. Only localhost traffic.

    python -m scripts.load_dashboard [--sessions 10] [--seconds 60] [--counts 200000]
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TARGET_P95 = 1.0
COUNTRY_CHOICES = ["POL", "DEU", "CZE", "ROU", "MDA", "HUN", "SVK", "ITA", "GBR", "FRA", "ESP", "TUR", "UKR"]
DATE_CHOICES = [None, (dt.date(2022, 3, 1), dt.date(2022, 12, 31)), (dt.date(2022, 6, 1), dt.date(2023, 6, 1)),
                (dt.date(2023, 1, 1), dt.date(2024, 2, 1))]
POPULATION_CHOICES = [(), ("refugees",), ("returnees",), ("refugees", "border_crossings")]
STATUS_CHOICES = [(), ("completed",), ("planned",)]
ROWS_LABEL = re.compile(r"^(refugee_counts|visits) \(([\d,]+) rows\)$")


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)   # seconds per filter-change rerun
    first: list[float] = field(default_factory=list)       # seconds per session's first page load
    errors: list[str] = field(default_factory=list)
    checked: int = 0                                       # reruns whose row counts were verified
    bytes: list[int] = field(default_factory=list)         # bytes received per filter-change rerun
    cpu: dict = field(default_factory=dict)                # cores busy on average: server, client

    def percentile(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        xs = sorted(self.latencies)
        return xs[min(len(xs) - 1, max(0, round(q * (len(xs) - 1))))]

    def summary(self) -> dict:
        return {"reruns": len(self.latencies), "p50": self.percentile(0.5), "p95": self.percentile(0.95),
                "max": max(self.latencies, default=float("nan")),
                "mean": statistics.fmean(self.latencies) if self.latencies else float("nan"),
                "first_load_p50": statistics.median(self.first) if self.first else float("nan"),
                "kb_per_rerun": statistics.fmean(self.bytes) / 1024 if self.bytes else float("nan"),
                "cpu_server": self.cpu.get("server", float("nan")), "cpu_client": self.cpu.get("client", float("nan")),
                "checked": self.checked, "errors": len(self.errors), "error_messages": self.errors[:20]}


# --- server -------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`streamlit run dashboard/app.py` in its own process group; stop() ends the group."""

    def __init__(self, data_dir: Path, log_path: Path, extra: list[str] = ()):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self._log = open(log_path, "w+")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "app.py"),
             "--server.port", str(self.port), "--server.address", "127.0.0.1", "--server.headless", "true",
             "--browser.gatherUsageStats", "false", *extra, "--", "--data", str(data_dir)],
            cwd=ROOT, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)})

    def wait_ready(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.proc.returncode}:\n{self.log()}")
            try:
                if urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=1).status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"streamlit did not answer on {self.url} within {timeout} s:\n{self.log()}")

    def cpu_seconds(self) -> float:
        """User + system CPU seconds the server process has used so far (Linux /proc)."""
        try:
            fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            return float("nan")

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
            except ProcessLookupError:
                pass
        self._log.close()


# --- expected answers -----------------------------------------------------------------------

class Oracle:
    """Row counts per filter state, from dashboard.filters on the same tables (plain path)."""

    def __init__(self, tables):
        from dashboard import filters

        self.filters, self.tables, self.cache = filters, tables, {}
        self.options = filters.options_for(tables)

    def expected(self, state) -> dict[str, int]:
        key = repr(state)
        if key not in self.cache:
            clamped = self.filters.clamp_dates(state, self.options)
            masks = self.filters.filter_masks(self.tables, clamped)
            self.cache[key] = {"refugee_counts": int(masks["refugee_counts"].sum()), "visits": int(masks["visits"].sum())}
        return self.cache[key]


# --- one session --------------------------------------------------------------------------

def _back_msg(widgets: list | None = None, query: str = "") -> bytes:
    from streamlit.proto.BackMsg_pb2 import BackMsg

    msg = BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.page_script_hash = ""
    for ws in widgets or []:
        msg.rerun_script.widget_states.widgets.append(ws)
    return msg.SerializeToString()


class Session:
    def __init__(self, n: int, url: str, oracle: Oracle, result: Result, rng: random.Random,
                 think: tuple[float, float], timeout: float, compression: bool = True, pool: list = ()):
        self.pool = list(pool)
        self.compression = "deflate" if compression else None
        self.n, self.oracle, self.result, self.rng = n, oracle, result, rng
        self.ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
        self.think, self.timeout = think, timeout
        self.widgets: dict[str, tuple[str, list[str]]] = {}   # label -> (widget id, options)

    async def run_once(self, ws, payload: bytes) -> tuple[float, dict]:
        """Send one rerun, read until script_finished; latency and what the page showed."""
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        finished = ForwardMsg.DESCRIPTOR.fields_by_name["script_finished"].enum_type.values_by_name
        ok_status = {finished["FINISHED_SUCCESSFULLY"].number}
        seen: dict = {"rows": {}, "errors": [], "bytes": 0}
        start = time.perf_counter()
        await ws.send(payload)
        while True:
            raw = await asyncio.wait_for(ws.recv(), timeout=self.timeout)
            seen["bytes"] += len(raw)
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            kind = msg.WhichOneof("type")
            if kind == "script_finished":
                if msg.script_finished not in ok_status:
                    seen["errors"].append(f"script finished with status {msg.script_finished}")
                return time.perf_counter() - start, seen
            if kind == "session_event" and msg.session_event.WhichOneof("type") == "script_compilation_exception":
                seen["errors"].append("script compilation exception")
            if kind != "delta" or msg.delta.WhichOneof("type") != "new_element":
                continue
            el = msg.delta.new_element
            et = el.WhichOneof("type")
            if et == "exception":
                seen["errors"].append(f"exception: {el.exception.type}: {el.exception.message[:200]}")
            elif et == "alert" and el.alert.format == el.alert.ERROR:
                seen["errors"].append(f"st.error: {el.alert.body[:200]}")
            elif et in ("multiselect", "date_input"):
                w = getattr(el, et)
                self.widgets[w.label] = (w.id, list(getattr(w, "options", [])))
            elif et == "download_button":
                m = ROWS_LABEL.match(el.download_button.label)
                if m:
                    seen["rows"][m.group(1)] = int(m.group(2).replace(",", ""))

    def random_state(self):
        if self.pool:
            return self.rng.choice(self.pool)
        return self.new_state(self.rng)

    @staticmethod
    def new_state(rng: random.Random):
        """A random combination of countries, date range, population and visit status."""
        from dashboard import filters

        dates = rng.choice(DATE_CHOICES)
        return filters.FilterState(
            countries=tuple(rng.sample(COUNTRY_CHOICES, rng.choice([0, 1, 1, 2, 3]))),
            date_from=dates[0] if dates else None, date_to=dates[1] if dates else None,
            populations=rng.choice(POPULATION_CHOICES), statuses=rng.choice(STATUS_CHOICES))

    def widget_states(self, state) -> list:
        """What the browser sends for `state`: option labels for multiselects, ISO dates."""
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        from dashboard import charts
        from dashboard.countries import label as country_label

        values = {
            "Countries": [country_label(c) for c in state.countries],
            "Population": [charts.POPULATION_LABELS.get(p, p) for p in state.populations],
            "Visit status": list(state.statuses),
        }
        out = []
        for label, chosen in values.items():
            if label in self.widgets:
                ws = WidgetState(id=self.widgets[label][0])
                ws.string_array_value.data[:] = chosen
                out.append(ws)
        if "Date range" in self.widgets:
            opts = self.oracle.options
            lo, hi = (state.date_from, state.date_to) if state.date_from else (opts.date_min, opts.date_max)
            if lo and hi:
                ws = WidgetState(id=self.widgets["Date range"][0])
                ws.string_array_value.data[:] = [lo.isoformat(), hi.isoformat()]
                out.append(ws)
        return out

    def check(self, state, seen: dict) -> None:
        for problem in seen["errors"]:
            self.result.errors.append(f"session {self.n}: {problem}")
        want = self.oracle.expected(state)
        if seen["rows"] != want:
            self.result.errors.append(f"session {self.n}: {state} showed {seen['rows']}, expected {want}")
        else:
            self.result.checked += 1

    async def run(self, deadline: float) -> None:
        import websockets

        from dashboard import filters

        try:
            async with websockets.connect(self.ws_url, subprotocols=["streamlit"], max_size=None,
                                          open_timeout=self.timeout, ping_interval=None,
                                          compression=self.compression) as ws:
                latency, seen = await self.run_once(ws, _back_msg())
                self.result.first.append(latency)
                self.check(filters.FilterState(), seen)
                while time.monotonic() < deadline:
                    await asyncio.sleep(self.rng.uniform(*self.think))
                    if time.monotonic() >= deadline:
                        break
                    state = self.random_state()
                    latency, seen = await self.run_once(ws, _back_msg(self.widget_states(state)))
                    self.result.latencies.append(latency)
                    self.result.bytes.append(seen["bytes"])
                    self.check(state, seen)
        except asyncio.TimeoutError:
            self.result.errors.append(f"session {self.n}: no script_finished within {self.timeout} s")
        except Exception as exc:   # a dropped connection, a refused handshake, ...
            self.result.errors.append(f"session {self.n}: {type(exc).__name__}: {exc}")


async def drive(url: str, oracle: Oracle, sessions: int, seconds: float, think: tuple[float, float],
                timeout: float, seed: int, compression: bool = True, states: int = 0) -> Result:
    result = Result()
    rng = random.Random(seed)
    pool = [Session.new_state(rng) for _ in range(states)]
    deadline = time.monotonic() + seconds
    runners = [Session(i, url, oracle, result, random.Random(seed * 1000 + i), think, timeout, compression, pool)
               for i in range(sessions)]
    await asyncio.gather(*(s.run(deadline) for s in runners))
    return result


# --- entry points ---------------------------------------------------------------------------

def run_load(sessions: int = 10, seconds: float = 60, counts: int = 200_000, visits: int | None = None,
             think: tuple[float, float] = (0.2, 1.0), timeout: float = 30, seed: int = 0,
             data_dir: Path | None = None, verbose: bool = True, server_options: list[str] = (),
             compression: bool = True, states: int = 0) -> Result:
    """Write the data, start the server, drive the sessions, stop everything; the Result."""
    from dashboard.synthetic import make_tables, write_tables

    say = print if verbose else (lambda *a, **k: None)
    work = Path(tempfile.mkdtemp(prefix="load-dashboard-"))
    server = None
    try:
        t = time.perf_counter()
        tables = make_tables(counts, visits if visits is not None else max(300, counts // 10), seed=seed)
        folder = data_dir or work / "tables"
        write_tables(tables, folder)
        from dashboard import data

        oracle = Oracle(data.load_dataset(folder).tables)
        say(f"data: {len(tables['refugee_counts']):,} figures, {len(tables['visits']):,} visits "
            f"({time.perf_counter() - t:.1f} s)")
        del tables
        extra = ["--server.fileWatcherType", "none"]   # see the module docstring; later options win
        for opt in server_options:
            name, _, value = opt.partition("=")
            extra += [f"--{name.lstrip('-')}", value]
        server = Server(folder, work / "streamlit.log", extra)
        server.wait_ready()
        say(f"server: {server.url} (pid {server.proc.pid}); {sessions} sessions for {seconds:g} s, "
            f"think time {think[0]:g}-{think[1]:g} s")
        server_cpu, client_cpu, wall = server.cpu_seconds(), sum(os.times()[:2]), time.monotonic()
        result = asyncio.run(drive(server.url, oracle, sessions, seconds, think, timeout, seed, compression,
                                   states))
        wall = time.monotonic() - wall
        result.cpu = {"server": (server.cpu_seconds() - server_cpu) / wall,
                      "client": (sum(os.times()[:2]) - client_cpu) / wall}
        time.sleep(0.2)
        tracebacks = server.log().count("Traceback")
        if tracebacks:
            result.errors.append(f"server log holds {tracebacks} traceback(s):\n{server.log()[-3000:]}")
        return result
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10, help="simultaneous sessions (default 10)")
    parser.add_argument("--seconds", type=float, default=60, help="how long they change filters (default 60)")
    parser.add_argument("--counts", type=int, default=200_000, help="synthetic figure rows (default 200,000)")
    parser.add_argument("--visits", type=int, help="synthetic visits (default counts / 10)")
    parser.add_argument("--think", type=float, nargs=2, default=(0.2, 1.0), metavar=("MIN", "MAX"),
                        help="seconds a session waits between changes, uniform (default 0.2 1.0)")
    parser.add_argument("--timeout", type=float, default=30, help="seconds before a rerun counts as failed")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--states", type=int, default=0,
                        help="sessions pick from this many filter states (popular views, mostly cached); "
                             "default 0: a new random combination each time (mostly uncached)")
    parser.add_argument("--server-option", action="append", default=[], metavar="NAME=VALUE",
                        help="a `streamlit run` option for the server, e.g. runner.postScriptGC=false (repeatable)")
    parser.add_argument("--no-compression", action="store_true",
                        help="do not offer permessage-deflate (browsers do offer it)")
    parser.add_argument("--json", action="store_true", help="also print the summary as one JSON line")
    args = parser.parse_args(argv)

    result = run_load(args.sessions, args.seconds, args.counts, args.visits, tuple(args.think),
                      args.timeout, args.seed, server_options=args.server_option,
                      compression=not args.no_compression, states=args.states)
    s = result.summary()
    print(f"reruns: {s['reruns']:,} filter changes ({s['checked']:,} row counts verified), "
          f"first page load p50 {s['first_load_p50']:.2f} s, {s['kb_per_rerun']:,.0f} KB received per rerun")
    print(f"rerun latency: p50 {s['p50']:.3f} s, p95 {s['p95']:.3f} s, max {s['max']:.3f} s "
          f"(target p95 < {TARGET_P95:g} s) {'OK' if s['p95'] < TARGET_P95 else 'SLOW'}")
    print(f"cores busy on average: server {s['cpu_server']:.2f}, load client {s['cpu_client']:.2f} "
          f"(of {os.cpu_count()}; the machine's load average is {os.getloadavg()[0]:.1f})")
    print(f"errors: {s['errors']}")
    for message in s["error_messages"]:
        print("  " + message.replace("\n", "\n    "))
    if args.json:
        print(json.dumps(s))
    return 1 if result.errors or not result.latencies else 0


if __name__ == "__main__":
    sys.exit(main())
