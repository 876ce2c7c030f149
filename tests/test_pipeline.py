"""Incremental, idempotent runs and the integrity of what they write (in-process `run_pipeline`)."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from conftest import EXTRACTED, TABLE_NAMES, read_csv, read_duckdb, read_parquet, table_bytes, write_files
from etl import run_pipeline
from etl.schema import TABLES

ARTICLES = {
    "a.txt": ("Title: Lviv station\nPublished: 2022-03-12\n\n"
              "More than 2.5 million Ukrainians have fled the country since the invasion, the UN refugee agency "
              "said on Friday. Of those, about 1.5 million crossed into Poland. Polish Prime Minister Mateusz "
              "Morawiecki said Warsaw would ask the EU for help.\nSubscribe to our newsletter\n"),
    "b.txt": ("Published: 2022-05-03\n\nUN Secretary-General Antonio Guterres visited Kyiv last week and met "
              "President Volodymyr Zelensky. He will travel to Moldova on Monday. Some 450,000 refugees have "
              "arrived in Moldova, the government in Chisinau said.\n"),
    "c.jsonl": "\n".join([
        json.dumps({"title": "Romania", "text": "Romanian border police said 620,000 Ukrainians had entered "
                    "Romania by March 20, 2022. Nearly 80,000 of them stayed.", "date": "2022-03-21"}),
        json.dumps({"title": "Tanks", "text": "Germany pledged 14 tanks and $2 billion in aid, while 3,000 "
                    "troops arrived in Slovakia in 2022.", "date": "2022-06-01"}),
        '{"title": "cut off", "text": "Half a li',
        json.dumps({"title": "Czechia", "text": "Czech officials registered 300,000 refugees from Ukraine, up "
                    "from 200,000 in April. Prague said housing was tight.", "date": "2022-06-15"}),
    ]) + "\n",
    "empty.txt": "",
}


def run(inputs, out, **kwargs):
    return run_pipeline([inputs] if not isinstance(inputs, list) else inputs, out, **kwargs)


@pytest.fixture
def corpus(tmp_path):
    return write_files(tmp_path / "in", ARTICLES)


def test_rerun_adds_nothing(corpus, tmp_path):
    out = tmp_path / "out"
    first = run(corpus, out)
    before = table_bytes(out)
    assert first.new_articles == first.articles_read == 5
    assert first.duplicates == 0
    second = run(corpus, out)
    assert second.articles_read == 5
    assert second.duplicates == second.articles_read
    assert second.new_articles == 0
    assert all(n == 0 for t, n in second.rows.items()), second.rows
    assert second.totals == first.totals
    assert table_bytes(out) == before


def test_rejects_are_not_duplicated_on_rerun(corpus, tmp_path):
    out = tmp_path / "out"
    run(corpus, out)
    rejects = read_csv(out, "rejects")
    assert sorted(p.rsplit("/", 1)[-1] for p in rejects.input_path) == ["c.jsonl#3", "empty.txt"]
    run(corpus, out)
    run(corpus, out)
    again = read_csv(out, "rejects")
    assert again.equals(rejects)
    assert not again.duplicated().any()


def test_a_fixed_file_loses_its_old_reject_and_others_keep_theirs(corpus, tmp_path):
    out = tmp_path / "out"
    run(corpus, out)
    fixed = ARTICLES["c.jsonl"].replace('{"title": "cut off", "text": "Half a li',
                                        json.dumps({"title": "whole", "text": "Half a million people fled to Poland.",
                                                    "date": "2022-03-01"}))
    (corpus / "c.jsonl").write_text(fixed, encoding="utf-8")
    summary = run(corpus / "c.jsonl", out)   # only the fixed file is read again
    assert summary.new_articles == 1
    rejects = read_csv(out, "rejects")
    assert [p.rsplit("/", 1)[-1] for p in rejects.input_path] == ["empty.txt"]
    assert read_csv(out, "articles").title.tolist().count("whole") == 1


def test_new_file_is_the_only_one_processed(corpus, tmp_path):
    out = tmp_path / "out"
    run(corpus, out)
    old = {t: read_csv(out, t) for t in TABLE_NAMES}
    write_files(corpus, {"d.txt": "Published: 2022-07-01\n\nHungary said 800,000 people had crossed from "
                                  "Ukraine since February 24."})
    summary = run(corpus, out)
    assert summary.new_articles == 1
    assert summary.duplicates == 5
    assert summary.rows["articles"] == 1
    arts = read_csv(out, "articles")
    new_id = set(arts.article_id) - set(old["articles"].article_id)
    assert len(new_id) == 1
    assert arts[arts.article_id.isin(new_id)].input_path.iloc[0].endswith("d.txt")
    for table in EXTRACTED:  # rows of the old articles are untouched
        now = read_csv(out, table)
        kept = now[~now.article_id.isin(new_id)].reset_index(drop=True)
        assert kept.equals(old[table].reset_index(drop=True)), table
    counts = read_csv(out, "refugee_counts")
    assert counts[counts.article_id.isin(new_id)]["count"].tolist() == ["800000"]


def test_same_text_in_two_files_is_one_article(tmp_path):
    text = "Published: 2022-03-09\n\nSome 5,000 people crossed into Slovakia on Tuesday."
    folder = write_files(tmp_path / "in", {"one.txt": text,
                                           # same words, other spacing and case: the same article
                                           "two.txt": text.replace("Some 5,000", "SOME   5,000") + "\n\n"})
    summary = run(folder, tmp_path / "out")
    assert (summary.articles_read, summary.new_articles, summary.duplicates) == (2, 1, 1)
    arts = read_csv(tmp_path / "out", "articles")
    assert arts.input_path.tolist() == [str(folder / "one.txt")]  # the first file, in sorted order


def test_same_input_gives_byte_identical_files(corpus, tmp_path):
    run(corpus, tmp_path / "one")
    run(corpus, tmp_path / "two", workers=2)
    one, two = table_bytes(tmp_path / "one"), table_bytes(tmp_path / "two")
    assert one == two
    assert len(read_csv(tmp_path / "one", "mentions")) > 5


def test_article_ids_are_stable_hashes(corpus, tmp_path):
    run(corpus, tmp_path / "out")
    ids = read_csv(tmp_path / "out", "articles").article_id
    assert ids.str.fullmatch(r"[0-9a-f]{16}").all()
    from etl.clean import article_id
    assert article_id("Buses left Lviv.") == article_id("buses  left LVIV.") != article_id("Buses left Kyiv.")


def test_tables_agree_across_formats(corpus, tmp_path):
    out = tmp_path / "out"
    run(corpus, out)
    for table in TABLE_NAMES:
        pq = read_parquet(out, table)
        db = read_duckdb(out, table)
        assert len(pq) == len(db) == len(read_csv(out, table)), table
        assert list(db.columns) == list(pq.columns)
        for c in TABLES[table]:
            if c.dtype == "int":
                assert str(pq[c.name].dtype) in ("int64", "Int64"), (table, c.name, pq[c.name].dtype)


@pytest.fixture
def built(corpus, tmp_path):
    out = tmp_path / "out"
    run(corpus, out)
    tables = {t: read_parquet(out, t) for t in TABLE_NAMES}
    assert len(tables["refugee_counts"]) >= 4 and len(tables["visits"]) >= 1 and len(tables["dates"]) >= 3
    return tables


def test_every_row_belongs_to_an_article(built):
    ids = set(built["articles"].article_id)
    for table in EXTRACTED:
        assert set(built[table].article_id) <= ids, table


@pytest.mark.parametrize("table", ["refugee_counts", "mentions", "dates"])
def test_offsets_point_at_the_surface(built, table):
    text = dict(zip(built["articles"].article_id, built["articles"].text))
    for r in built[table].itertuples():
        t = text[r.article_id]
        assert t[r.start:r.end] == r.surface
        assert t[r.sentence_start:r.sentence_end] == r.sentence
        assert r.sentence_start <= r.start < r.end <= r.sentence_end


def test_visit_offsets_lie_in_their_sentence(built):
    text = dict(zip(built["articles"].article_id, built["articles"].text))
    for r in built["visits"].itertuples():
        assert text[r.article_id][r.sentence_start:r.sentence_end] == r.sentence
        assert r.sentence_start <= r.start < r.end <= r.sentence_end


def test_sentences_do_not_contain_boilerplate(built):
    assert not built["articles"].text.str.contains("Subscribe to our newsletter").any()


def test_non_figures_are_not_refugee_counts(built):
    counts = built["refugee_counts"]
    assert not counts["count"].isin([14, 2_000_000_000, 3_000, 2022]).any()


def test_no_date_is_the_processing_date(built):
    today = dt.date.today().isoformat()
    assert today not in set(built["dates"].date.dropna())
    assert today not in set(built["refugee_counts"].as_of.dropna())


def test_output_inside_the_input_folder_is_not_read_back(corpus):
    out = corpus / "tables"
    first = run(corpus, out)
    second = run(corpus, out)  # tables/*.csv are not articles
    assert second.files == first.files
    assert second.new_articles == 0 and not any("tables" in r["input_path"] for r in second.rejects)


def test_an_article_whose_extraction_fails_is_a_reject_and_the_run_goes_on(corpus, tmp_path, monkeypatch):
    from etl import pipeline
    real = pipeline.extract_clean

    def fragile(text, published):
        if "Guterres" in text:
            raise ValueError("a rule broke")
        return real(text, published)
    monkeypatch.setattr(pipeline, "extract_clean", fragile)
    summary = run(corpus, tmp_path / "out")
    failed = [r for r in summary.rejects if "extraction failed" in r["reason"]]
    assert len(failed) == 1 and failed[0]["input_path"].endswith("b.txt")
    assert "ValueError: a rule broke" in failed[0]["reason"]
    tables = {t: read_csv(tmp_path / "out", t) for t in ("articles", "refugee_counts", "visits")}
    broken = tables["articles"][tables["articles"].text.str.contains("Guterres")]
    assert len(broken) == 1  # the article itself is kept
    assert not tables["visits"].article_id.isin(broken.article_id).any()
    assert {"620000", "300000"} <= set(tables["refugee_counts"]["count"])  # others' figures are there
    assert len(tables["articles"]) == 5  # every other article went through


def test_one_worker_reads_articles_in_chunks_bounded_by_count_and_characters():
    from etl.pipeline import _chunks
    jobs = [(str(i), {"text": "x" * size}) for i, size in enumerate([10, 10, 10, 500, 10, 10, 10, 10])]
    chunks = list(_chunks(iter(jobs), 3, 100))
    assert [job for chunk in chunks for job in chunk] == jobs  # every article once, in order
    assert [len(c) for c in chunks] == [3, 1, 3, 1]  # 3 at most; the long text closes its chunk
    assert list(_chunks(iter([]), 3, 100)) == []
