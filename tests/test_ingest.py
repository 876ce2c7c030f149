"""Ingest: every input format becomes RawArticles with title/date/source/url, and every
input that cannot be used becomes a Reject naming the file and a reason (never a crash)."""
from __future__ import annotations

import datetime as dt
import gzip
import json

import pytest

from conftest import read_all, write_files
from etl import settings
from etl.clean import clean_text
from etl.ingest import parse_date

D = dt.date

BODY = "Aid groups said 12,000 people crossed into Slovakia on Monday."


# --- formats -----------------------------------------------------------------------

def test_txt_with_header_lines(tmp_path):
    path = write_files(tmp_path, {"a.txt": (
        "Title: Night trains to Warsaw\nPublished: 2022-03-05\nSource: Vistula Post\n"
        "URL: https://vistula.example/trains\n\n" + BODY + "\n")}) / "a.txt"
    (art,), rejects = read_all(path)
    assert rejects == []
    assert (art.title, art.published, art.source, art.url) == (
        "Night trains to Warsaw", D(2022, 3, 5), "Vistula Post", "https://vistula.example/trains")
    assert art.text.strip() == BODY  # the header lines are not part of the text
    assert art.input_path == str(path)


def test_txt_header_without_blank_line(tmp_path):
    path = write_files(tmp_path, {"a.txt": "Title: Short\nDate: 2022-04-01\n" + BODY})
    (art,), _ = read_all(path / "a.txt")
    assert art.title == "Short" and art.published == D(2022, 4, 1)
    assert art.text.strip() == BODY


def test_txt_without_header_keeps_first_line_as_text(tmp_path):
    # "Warning: ..." looks like a header line but carries none of the known keys.
    text = "Warning: the figures below are provisional.\n" + BODY + "\n"
    (art,), _ = read_all(write_files(tmp_path, {"a.txt": text}) / "a.txt")
    assert art.title == "" and art.published is None
    assert art.text == text


def test_markdown(tmp_path):
    (art,), rejects = read_all(write_files(tmp_path, {"note.md": "# Border notes\n\n" + BODY}) / "note.md")
    assert rejects == [] and BODY in art.text


def test_html_page_title_and_meta_date(tmp_path):
    page = (
        "<!doctype html><html><head><title>Soup kitchens at the border</title>"
        '<meta property="article:published_time" content="2022-03-09T08:00:00Z">'
        '<meta property="og:site_name" content="Carpathian Courier"></head><body>'
        '<nav><a href="/">Home</a> <a href="/world">World news</a></nav>'
        "<article><h1>Soup kitchens at the border</h1>"
        "<p>Volunteers in the small border town handed out soup and blankets all night as buses kept arriving.</p>"
        "<p>Officials said some 4,000 people crossed at the local checkpoint on Tuesday alone.</p></article>"
        "<script>var tracking = 'do not extract me';</script></body></html>")
    (art,), rejects = read_all(write_files(tmp_path, {"p.html": page}) / "p.html")
    assert rejects == []
    assert art.title == "Soup kitchens at the border"
    assert art.published == D(2022, 3, 9)
    assert art.source == "Carpathian Courier"
    assert "4,000 people crossed" in art.text
    assert "do not extract me" not in art.text


def test_json_list_object_and_articles_key(tmp_path):
    rec = {"title": "One", "text": BODY, "published": "2022-03-07", "url": "https://news.example/1"}
    folder = write_files(tmp_path, {
        "list.json": json.dumps([rec, {**rec, "title": "Two", "text": BODY + " Two."}]),
        "object.json": json.dumps(rec),
        "wrapped.json": json.dumps({"status": "ok", "articles": [rec]}),
    })
    arts, rejects = read_all(folder / "list.json")
    assert [a.title for a in arts] == ["One", "Two"] and rejects == []
    assert [a.input_path for a in arts] == [f"{folder / 'list.json'}#1", f"{folder / 'list.json'}#2"]
    for name in ("object.json", "wrapped.json"):
        (art,), rejects = read_all(folder / name)
        assert (art.title, art.published, art.text) == ("One", D(2022, 3, 7), BODY)
        assert art.source == "news.example"  # from the URL's host when no source is given


def test_jsonl_with_aliases(tmp_path):
    lines = [
        {"headline": "A", "body": BODY, "date": "2022-03-01", "link": "https://www.alpha.example/a"},
        {"title": "B", "content": BODY + " B.", "published_at": "Tue, 01 Mar 2022 10:00:00 GMT",
         "publisher": "Beta Daily"},
        {"name": "C", "text": BODY + " C.", "timestamp": 1646438400},
    ]
    path = write_files(tmp_path, {"x.jsonl": "\n".join(json.dumps(r) for r in lines) + "\n\n"}) / "x.jsonl"
    arts, rejects = read_all(path)
    assert rejects == []
    assert [(a.title, a.published) for a in arts] == [("A", D(2022, 3, 1)), ("B", D(2022, 3, 1)),
                                                    ("C", D(2022, 3, 5))]
    assert arts[0].url == "https://www.alpha.example/a" and arts[0].source == "alpha.example"
    assert arts[1].source == "Beta Daily"
    assert arts[2].text == BODY + " C."


def test_ndjson_extension(tmp_path):
    path = write_files(tmp_path, {"x.ndjson": json.dumps({"text": BODY}) + "\n"}) / "x.ndjson"
    (art,), _ = read_all(path)
    assert art.text == BODY


def test_csv_with_aliases_and_quoted_newlines(tmp_path):
    csv_text = ('headline,body,date,link,outlet\n'
                '"Trains to Prague","' + BODY + '\nA second line, with a comma.",2022-03-10,https://c.example/1,Czech Wire\n'
                'Second,"' + BODY + ' Again.",10 March 2022,,\n')
    arts, rejects = read_all(write_files(tmp_path, {"x.csv": csv_text}) / "x.csv")
    assert rejects == []
    assert [a.title for a in arts] == ["Trains to Prague", "Second"]
    assert arts[0].text == BODY + "\nA second line, with a comma."
    assert arts[0].source == "Czech Wire" and arts[0].url == "https://c.example/1"
    assert arts[1].published == D(2022, 3, 10)
    assert arts[0].input_path.endswith("x.csv#2")  # CSV records are numbered by line, header = 1


def test_csv_without_text_column_is_rejected(tmp_path):
    path = write_files(tmp_path, {"x.csv": "headline,date\nNo body,2022-03-01\n"}) / "x.csv"
    arts, (rej,) = read_all(path)
    assert arts == [] and "no text column" in rej.reason and rej.input_path == str(path)


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Danube Desk</title><link>https://danube.example</link><description>News</description>
<item><title>Ferries to Isaccea</title><link>https://danube.example/ferries</link>
<pubDate>Sun, 06 Mar 2022 18:30:00 +0000</pubDate>
<description>About 80,000 refugees crossed the Danube into Romania this week.</description></item>
<item><title>Shelters fill in Galati</title><link>https://danube.example/galati</link>
<pubDate>Mon, 07 Mar 2022 07:00:00 +0000</pubDate>
<content:encoded><![CDATA[<p>Shelters in Galati were full on Sunday night.</p><p>More buses are due.</p>]]></content:encoded>
</item></channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Baltic Bulletin</title>
<entry><title>Vilnius pledges housing</title><link href="https://baltic.example/vilnius"/>
<updated>2022-03-11T12:00:00Z</updated>
<summary>Lithuania said it could house 20,000 Ukrainians.</summary></entry>
</feed>"""


def test_rss_feed(tmp_path):
    path = write_files(tmp_path, {"feed.rss": RSS}) / "feed.rss"
    arts, rejects = read_all(path)
    assert rejects == []
    assert [(a.title, a.published, a.url, a.source) for a in arts] == [
        ("Ferries to Isaccea", D(2022, 3, 6), "https://danube.example/ferries", "Danube Desk"),
        ("Shelters fill in Galati", D(2022, 3, 7), "https://danube.example/galati", "Danube Desk"),
    ]
    assert arts[0].text == "About 80,000 refugees crossed the Danube into Romania this week."
    # HTML inside content:encoded becomes plain text, one line per paragraph.
    assert "<p>" not in arts[1].text and "full on Sunday night." in arts[1].text and "More buses" in arts[1].text


def test_atom_feed(tmp_path):
    (art,), rejects = read_all(write_files(tmp_path, {"feed.atom": ATOM}) / "feed.atom")
    assert rejects == []
    assert (art.title, art.published, art.url, art.source) == (
        "Vilnius pledges housing", D(2022, 3, 11), "https://baltic.example/vilnius", "Baltic Bulletin")
    assert art.text == "Lithuania said it could house 20,000 Ukrainians."


def test_gzipped_jsonl(tmp_path):
    lines = "".join(json.dumps({"title": f"T{i}", "text": f"{BODY} Item {i}.", "date": "2022-03-02"}) + "\n"
                    for i in range(3))
    path = write_files(tmp_path, {"x.jsonl.gz": gzip.compress(lines.encode())}) / "x.jsonl.gz"
    arts, rejects = read_all(path)
    assert rejects == []
    assert [a.title for a in arts] == ["T0", "T1", "T2"]
    assert all(a.published == D(2022, 3, 2) for a in arts)


# --- publication dates ---------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("2022-03-05", D(2022, 3, 5)),
    ("2022-03-05T23:10:00+02:00", D(2022, 3, 5)),
    ("Sat, 05 Mar 2022 10:00:00 GMT", D(2022, 3, 5)),       # RFC 822, as in RSS
    ("Tue, 1 Mar 2022 07:00:00 +0100", D(2022, 3, 1)),
    ("March 5, 2022", D(2022, 3, 5)),
    ("5 March 2022", D(2022, 3, 5)),
    ("Feb 29, 2024", D(2024, 2, 29)),
    (1646438400, D(2022, 3, 5)),                            # unix seconds
    (1646438400000, D(2022, 3, 5)),                         # unix milliseconds
    ("1646438400", D(2022, 3, 5)),                          # unix seconds as text (CSV)
    (dt.datetime(2022, 3, 5, 23, 0), D(2022, 3, 5)),
    ("nonsense", None),
    ("2022-13-01", None),                                   # no 13th month
    ("2023-02-29", None),                                   # not a leap year
    ("", None),
    (None, None),
    (True, None),
    ("1850-06-01", None),                                   # implausibly old
    ("9999-01-01", None),                                   # implausibly far ahead
])
def test_parse_date(value, expected):
    assert parse_date(value) == expected


# --- boilerplate -----------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "Also Read: Five recipes for a cold night",
    "ALSO READ: Markets close higher",
    "Related Articles",
    "Related Stories:",
    "ADVERTISEMENT",
    "Advertisement",
    "Share this article",
    "Share on Facebook",
    "Subscribe to our newsletter",
    "Sign up for the morning briefing",
    "Read more: Why the trains are late",
    "Follow us on Twitter",
])
def test_boilerplate_lines_removed(line):
    text = f"Buses left Lviv at dawn.\n{line}\nThey reached the border by noon."
    assert clean_text(text) == "Buses left Lviv at dawn.\nThey reached the border by noon."


@pytest.mark.parametrize("links", [
    "Greece opens a new camp on Samos\nCanada to take in more Afghans",
    "• Greece opens a new camp on Samos\n• Canada to take in more Afghans.",
])
def test_headlines_listed_under_a_related_heading_are_removed(links):
    text = f"Buses left Lviv at dawn.\nRelated Articles\n{links}\n\nThey reached the border by noon."
    assert clean_text(text) == "Buses left Lviv at dawn.\nThey reached the border by noon."


def test_a_paragraph_after_a_related_heading_is_kept():
    text = "Buses left Lviv at dawn.\nRelated Articles\nThey reached the border by noon."
    assert clean_text(text) == "Buses left Lviv at dawn.\nThey reached the border by noon."


@pytest.mark.parametrize("sentence", [
    "Officials also read out the list of names at the station.",
    "Families share rooms in the old school.",
    "Volunteers said they would subscribe to any plan that helps.",
])
def test_ordinary_sentences_with_boilerplate_words_are_kept(sentence):
    assert clean_text(sentence) == sentence


# --- bad input: each becomes one reject naming the file and a reason --------------------

def _only_reject(path, limits=None):
    arts, rejects = read_all(path, limits)
    assert arts == [], f"expected no article from {path.name}"
    assert len(rejects) == 1
    rej = rejects[0]
    assert rej.input_path.startswith(str(path)) and rej.reason
    return rej


@pytest.mark.parametrize("name, content, reason", [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\n\t \n", "empty file"),
    ("empty.jsonl", b"", "empty file"),
    ("picture.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary file"),
    ("doc.pdf", b"%PDF-1.4 whatever", "unsupported file type '.pdf'"),
    ("noext", b"Some text", "unsupported file type 'no extension'"),
    ("bad.json", b'{"title": "Cut off", "text": "Half a rec', "malformed JSON"),
    ("scalar.json", b"42", "neither an article object nor a list"),
    ("missing.json", json.dumps({"title": "Headline only", "url": "https://x.example"}).encode(),
     "no article text"),
    ("bomb.xml", b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
                 b"<rss><channel><item><description>&b;</description></item></channel></rss>",
     "entit"),
    ("broken.rss", b"<rss><channel><item><title>Unclosed</channel></rss>", "malformed XML"),
    ("nofeed.xml", b"<catalog><book>Not a feed</book></catalog>", "no <item> or <entry>"),
    ("notgzip.jsonl.gz", b"this is not gzip data at all", "cannot read file"),
])
def test_bad_input_is_one_reject(tmp_path, name, content, reason):
    rej = _only_reject(write_files(tmp_path, {name: content}) / name)
    assert reason in rej.reason


def test_html_without_text_is_rejected(tmp_path):
    rej = _only_reject(write_files(tmp_path, {"e.html": "<html><head><title>x</title></head><body></body></html>"})
                       / "e.html")
    assert "no article text" in rej.reason


@pytest.mark.parametrize("name", ["old.txt", "old.csv", "old.jsonl"])
def test_cp1252_text_is_decoded(tmp_path, name):
    cp = "The caf\u00e9 owner said \u201cwe stay open\u201d \u2013 it\u2019s 5\u00b0C."  # curly quotes: cp1252 only
    content = {
        "old.txt": cp,
        "old.csv": 'title,text\n"Caf\u00e9","' + cp + '"\n',
        "old.jsonl": json.dumps({"title": "Caf\u00e9", "text": cp}, ensure_ascii=False) + "\n",
    }[name].encode("cp1252")
    (art,), rejects = read_all(write_files(tmp_path, {name: content}) / name)
    assert rejects == []
    assert art.text.strip() == cp
    assert "\ufffd" not in art.text


def test_latin1_text_is_decoded(tmp_path):
    text = "Gr\u00fc\u00dfe aus M\u00fcnchen: 1\u00a0000 Fl\u00fcchtlinge, sagte die Stadt \u00ab heute \u00bb."
    (art,), _ = read_all(write_files(tmp_path, {"de.txt": text.encode("latin-1")}) / "de.txt")
    assert art.text == text


def test_utf16_with_bom_is_decoded(tmp_path):
    (art,), _ = read_all(write_files(tmp_path, {"u.txt": ("\ufeff" + BODY).encode("utf-16-le")}) / "u.txt")
    assert art.text.strip() == BODY


def test_malformed_jsonl_line_keeps_the_good_lines(tmp_path):
    content = (json.dumps({"title": "first", "text": BODY}) + "\n"
               + '{"title": "second", "text": "unterminated\n'
               + json.dumps({"title": "third", "text": BODY + " Third."}) + "\n"
               + json.dumps({"title": "fourth, no text"}) + "\n"
               + "[1, 2, 3]\n")
    path = write_files(tmp_path, {"mixed.jsonl": content}) / "mixed.jsonl"
    arts, rejects = read_all(path)
    assert [a.title for a in arts] == ["first", "third"]
    by_path = {r.input_path: r.reason for r in rejects}
    assert set(by_path) == {f"{path}#2", f"{path}#4", f"{path}#5"}
    assert by_path[f"{path}#2"].startswith("malformed JSON on line 2")
    assert "no article text" in by_path[f"{path}#4"]
    assert "not an object" in by_path[f"{path}#5"]


def test_file_over_size_cap(tmp_path):
    limits = settings.Limits(max_file_bytes=2_000, max_whole_file_bytes=2_000)
    folder = write_files(tmp_path, {"big.txt": BODY * 100, "big.jsonl": json.dumps({"text": BODY * 100}),
                                    "small.txt": BODY})
    for name in ("big.txt", "big.jsonl"):
        rej = _only_reject(folder / name, limits)
        assert "limit" in rej.reason and "MB" in rej.reason
    (art,), _ = read_all(folder / "small.txt", limits)
    assert art.text == BODY


def test_whole_read_formats_have_their_own_cap(tmp_path):
    # JSONL is streamed, so only max_file_bytes applies; a .json is read whole.
    limits = settings.Limits(max_file_bytes=10**6, max_whole_file_bytes=2_000)
    folder = write_files(tmp_path, {"big.json": json.dumps([{"text": BODY}] * 100),
                                    "big.jsonl": (json.dumps({"text": BODY}) + "\n") * 100})
    assert "read whole" in _only_reject(folder / "big.json", limits).reason
    arts, rejects = read_all(folder / "big.jsonl", limits)
    assert len(arts) == 100 and rejects == []


def test_article_over_length_cap(tmp_path):
    limits = settings.Limits(max_article_chars=500)
    content = (json.dumps({"title": "long one", "text": "Word " * 200}) + "\n"
               + json.dumps({"title": "short one", "text": BODY}) + "\n")
    path = write_files(tmp_path, {"a.jsonl": content}) / "a.jsonl"
    arts, (rej,) = read_all(path, limits)
    assert [a.title for a in arts] == ["short one"]
    assert rej.input_path == f"{path}#1" and "over the 500 limit" in rej.reason


def test_gzip_bomb_is_rejected(tmp_path):
    limits = settings.Limits(max_whole_file_bytes=1_000_000)
    line = (json.dumps({"text": BODY}) + "\n").encode()
    payload = gzip.compress(line * (5_000_000 // len(line)), compresslevel=9)
    assert len(payload) < 100_000  # small on disk, 5 MB inside
    rej = _only_reject(write_files(tmp_path, {"bomb.jsonl.gz": payload}) / "bomb.jsonl.gz", limits)
    assert "zip bomb" in rej.reason


@pytest.mark.parametrize("name", ["late.jsonl", "late.csv"])
def test_cp1252_line_far_into_a_streamed_file(tmp_path, name):
    # The encoding is sniffed from the first 64 KB; a Windows-1252 line after that must still read right.
    accented = "The caf\u00e9 in Przemysl said \u201cwelcome\u201d \u2013 na\u00efve or not."
    if name.endswith(".jsonl"):
        lines = [json.dumps({"text": f"Plain report {i} about buses to Warsaw."}) for i in range(2000)]
        lines.append(json.dumps({"text": accented}, ensure_ascii=False))
        content = "\n".join(lines) + "\n"
    else:
        content = "title,text\r\n" + "".join(f'T{i},"Plain report {i},\r\nabout buses."\r\n' for i in range(2000))
        content += f'Last,"{accented}"\r\n'
    assert len(content) > 65536
    arts, rejects = read_all(write_files(tmp_path, {name: content.encode("cp1252")}) / name)
    assert rejects == [] and len(arts) == 2001
    assert arts[-1].text == accented
    if name.endswith(".csv"):
        assert arts[0].text == "Plain report 0,\r\nabout buses."  # quoted line breaks stay in the field


def test_utf16_jsonl(tmp_path):
    content = "\ufeff" + "".join(json.dumps({"text": f"{BODY} {i} caf\u00e9."}, ensure_ascii=False) + "\n"
                                 for i in range(3))
    arts, rejects = read_all(write_files(tmp_path, {"u.jsonl": content.encode("utf-16-le")}) / "u.jsonl")
    assert rejects == [] and [a.text for a in arts] == [f"{BODY} {i} caf\u00e9." for i in range(3)]


def test_two_gigabyte_file_is_rejected_without_reading_it(tmp_path):
    path = tmp_path / "huge.jsonl"
    with open(path, "wb") as fh:  # sparse: takes no disk space
        fh.truncate(2 * 1024**3)
    rej = _only_reject(path)
    assert "over the" in rej.reason and "limit" in rej.reason and "--max-file-mb" in rej.reason
