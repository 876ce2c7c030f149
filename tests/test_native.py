"""The compiled rule modules (etl/native.py): used only while they match the sources, and they
give exactly what the plain Python modules give."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import etl
from etl import native

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def fake_tree(tmp_path, monkeypatch):
    """A package folder holding every compiled module's source, and an empty build folder."""
    package = tmp_path / "etl"
    package.mkdir()
    for name in native.MODULES:
        (package / f"{name}.py").write_text(f"# {name}\n")
    build = tmp_path / "build"
    (build / "etl").mkdir(parents=True)
    monkeypatch.delenv("ETL_PURE", raising=False)
    monkeypatch.setattr(sys, "path", list(sys.path))
    return package, build


def test_a_build_that_matches_the_sources_comes_first(fake_tree):
    package, build = fake_tree
    (build / native.STAMP_NAME).write_text(native.source_stamp(package) + "\n")
    assert native.compiled_path(build, package) == [str(build / "etl")]
    assert str(build) in sys.path  # where the modules' shared library is found


def test_a_build_of_older_sources_is_not_used(fake_tree):
    package, build = fake_tree
    (build / native.STAMP_NAME).write_text(native.source_stamp(package) + "\n")
    (package / "dates.py").write_text("# dates, edited since the build\n")
    assert native.compiled_path(build, package) == []


def test_no_build_or_etl_pure_means_plain_python(fake_tree, monkeypatch):
    package, build = fake_tree
    assert native.compiled_path(build, package) == []  # no stamp: never built
    (build / native.STAMP_NAME).write_text(native.source_stamp(package) + "\n")
    monkeypatch.setenv("ETL_PURE", "1")
    assert native.compiled_path(build, package) == []


def test_the_stamp_changes_with_any_compiled_module(fake_tree):
    package, _ = fake_tree
    before = native.source_stamp(package)
    (package / "visits.py").write_text("# visits, changed\n")
    assert native.source_stamp(package) != before


def _compiled_in_use() -> bool:
    import etl.dates
    return not etl.dates.__file__.endswith(".py")


_DUMP = """
import datetime as dt, json, sys
from etl import extract_article
out = []
for line in sys.stdin:
    a = json.loads(line)
    rows = extract_article(a["text"], dt.date.fromisoformat(a["published"]) if a["published"] else None)
    out.append(rows)
import etl.dates
print(json.dumps({"compiled": not etl.dates.__file__.endswith(".py"), "rows": out}, sort_keys=True))
"""


# Letters whose case rules differ between Python's str.lower() and a letter-by-letter one.
_UNUSUAL_CASE = ("ΑΘΗΝΑΣ: Greek Prime Minister Kyriakos Mitsotakis travelled to İSTANBUL on Monday. "
                 "More than 1.5 million Ukrainians had fled to Poland, ΟΔΥΣΣΕΑΣ said. Straße, ǅ, ſ.")


def _corpus() -> str:
    lines = [json.dumps({"text": _UNUSUAL_CASE, "published": "2023-03-01"})]
    for path in sorted((ROOT / "data" / "sample").glob("*.txt")):
        lines.append(json.dumps({"text": path.read_text(encoding="utf-8"), "published": "2022-03-05"}))
    with open(ROOT / "tests" / "eval" / "articles.jsonl", encoding="utf-8") as fh:
        for line in fh:
            a = json.loads(line)
            lines.append(json.dumps({"text": a["text"], "published": a.get("published") or ""}))
    return "\n".join(lines) + "\n"


def test_compiled_and_plain_modules_extract_the_same_rows():
    if not _compiled_in_use():
        pytest.skip("no compiled build matches the sources (make builds one); nothing to compare")
    corpus = _corpus()
    results = {}
    for mode, extra in (("compiled", {}), ("plain", {"ETL_PURE": "1"})):
        env = {**os.environ, **extra}
        done = subprocess.run([sys.executable, "-c", _DUMP], input=corpus, capture_output=True, text=True,
                              cwd=ROOT, env=env, check=True)
        results[mode] = json.loads(done.stdout)
    assert results["compiled"]["compiled"] and not results["plain"]["compiled"]
    assert len(results["plain"]["rows"]) > 60
    assert results["compiled"]["rows"] == results["plain"]["rows"]
    assert sum(len(r["refugee_counts"]) for r in results["plain"]["rows"]) > 50  # a real comparison


def test_etl_package_path_lists_the_build_only_when_in_use():
    assert (str(native.BUILD_DIR / "etl") in etl.__path__) == _compiled_in_use()


@pytest.fixture(scope="module")
def saved_gazetteer(tmp_path_factory):
    return native.save_gazetteer(tmp_path_factory.mktemp("gazetteer"))


def test_a_saved_gazetteer_reads_back_as_the_one_built(saved_gazetteer):
    from etl import places
    table, first_words = places.build_gazetteer()
    read = native._read_gazetteer(saved_gazetteer)
    assert read is not None
    assert read[0] == table and read[1] == first_words and read[2] == places.first_pairs(table)
    assert read[0]["rzeszow"].iso3 == "POL" and read[0]["rzeszow"].latitude is not None


def test_a_gazetteer_saved_from_other_sources_or_damaged_is_not_used(saved_gazetteer, tmp_path, monkeypatch):
    monkeypatch.setattr(native, "gazetteer_stamp", lambda package_dir=native.PACKAGE_DIR: "made from other sources")
    assert native._read_gazetteer(saved_gazetteer) is None
    monkeypatch.undo()
    damaged = tmp_path / native.GAZETTEER_NAME
    damaged.write_bytes(saved_gazetteer.read_bytes()[:1000])
    assert native._read_gazetteer(damaged) is None
    assert native._read_gazetteer(tmp_path / "missing.pickle") is None


def test_the_compiled_modules_type_check():
    """mypyc compiles only what type-checks: an error here would leave `make` building nothing
    and the ETL quietly running as plain Python."""
    done = subprocess.run([sys.executable, "-m", "mypy", "--ignore-missing-imports", "--follow-imports=silent",
                           "--cache-dir", os.devnull, *(f"etl/{m}.py" for m in native.MODULES)],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-2000:]
