"""Read input files into raw articles, one reader per format, streaming.

`read_path(path)` yields `RawArticle` for every usable record and `Reject` for every one
that is not, with a reason a person can act on. Nothing here raises on bad input.
Formats by extension: .txt/.md, .html/.htm, .json, .jsonl/.ndjson, .csv,
.xml/.rss/.atom, and any of these inside .gz.
"""
from __future__ import annotations

import csv
import datetime as dt
import email.utils
import gzip
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator
from urllib.parse import urlparse

from . import settings

TEXT_EXT = {".txt", ".md", ".text"}
HTML_EXT = {".html", ".htm", ".xhtml"}
JSON_EXT = {".json"}
JSONL_EXT = {".jsonl", ".ndjson"}
CSV_EXT = {".csv", ".tsv"}
FEED_EXT = {".xml", ".rss", ".atom"}
SUPPORTED = TEXT_EXT | HTML_EXT | JSON_EXT | JSONL_EXT | CSV_EXT | FEED_EXT

# Field names accepted for each article field in JSON, JSONL and CSV records.
FIELD_ALIASES = {
    "title": ("title", "headline", "name", "heading"),
    "text": ("text", "body", "content", "article", "full_text", "fulltext", "article_text",
             "description", "summary", "story"),
    "published": ("published", "date", "published_at", "publication_date", "pubdate", "pub_date",
                  "datetime", "date_published", "time", "timestamp", "created_at"),
    "url": ("url", "link", "href", "uri", "permalink"),
    "source": ("source", "publisher", "site", "outlet", "feed", "site_name", "domain"),
}
# A header line of a .txt article: "Title: ...", "Published: 2022-03-05", "Section: Europe".
HEADER_LINE = re.compile(r"^([A-Za-z][A-Za-z _-]{0,24})\s*:\s*(.*)$")
HEADER_KEYS = {"title", "headline", "published", "date", "source", "publisher", "url", "link"}


@dataclass
class RawArticle:
    input_path: str
    text: str
    title: str = ""
    published: dt.date | None = None
    source: str = ""
    url: str = ""
    published_text: str = ""  # the date as written, when it could not be read


@dataclass
class Reject:
    input_path: str
    record: str
    reason: str


_UNIX_TIME = re.compile(r"\d{9,13}(?:\.\d+)?")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def parse_date(value) -> dt.date | None:
    """A publication date from ISO, RFC 822 (RSS) or common written forms; None if unreadable
    or implausible (before 1900 or years ahead)."""
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:  # Unix seconds (or milliseconds)
            value = dt.datetime.fromtimestamp(value / 1000 if value > 1e11 else value, dt.timezone.utc).date()
        except (OverflowError, OSError, ValueError):
            return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value if settings.MIN_YEAR <= value.year <= settings.MAX_YEAR else None
    s = str(value).strip()
    if not s:
        return None
    if _UNIX_TIME.fullmatch(s):  # Unix seconds or milliseconds written as text (CSV)
        return parse_date(float(s))
    parsed = None
    m = _ISO_DATE.match(s)
    try:
        if m:
            parsed = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        else:
            try:
                parsed = email.utils.parsedate_to_datetime(s).date()
            except (TypeError, ValueError, IndexError):
                from dateutil import parser as dateparser
                parsed = dateparser.parse(s, fuzzy=False).date()
    except (ValueError, OverflowError, TypeError):
        return None
    return parse_date(parsed)


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else UTF-16 by BOM, else Windows-1252, else Latin-1."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 9 or 13 < b < 32)
    return bool(head) and control / len(head) > 0.05


def file_type(path: Path) -> tuple[str, bool]:
    """(format extension, gzipped?): 'a.jsonl.gz' -> ('.jsonl', True)."""
    suffixes = [s.lower() for s in path.suffixes]
    compressed = bool(suffixes) and suffixes[-1] == ".gz"
    ext = (suffixes[-2] if compressed and len(suffixes) > 1 else suffixes[-1]) if suffixes else ""
    return ext, compressed


def read_path(path: Path, limits: settings.Limits | None = None) -> Iterator[RawArticle | Reject]:
    """Every article (or reject) in one file."""
    limits = limits or settings.Limits()
    name = str(path)
    ext, compressed = file_type(path)
    if ext not in SUPPORTED:
        yield Reject(name, path.name, f"unsupported file type '{ext or 'no extension'}'; "
                     f"use one of {', '.join(sorted(SUPPORTED))}")
        return
    try:
        size = path.stat().st_size
    except OSError as e:
        yield Reject(name, path.name, f"cannot read file: {e.strerror or e}")
        return
    if size > limits.max_file_bytes:
        yield Reject(name, path.name, f"file is {size / 1e6:,.1f} MB, over the {limits.max_file_bytes / 1e6:,.0f} MB "
                     "limit; split it or raise --max-file-mb")
        return
    try:
        with (gzip.open(path, "rb") if compressed else open(path, "rb")) as fh:
            sample = fh.read(65536)
    except (OSError, EOFError, gzip.BadGzipFile) as e:
        yield Reject(name, path.name, f"cannot read file: {e}")
        return
    if not sample.strip():
        yield Reject(name, path.name, "empty file")
        return
    if looks_binary(sample):
        yield Reject(name, path.name, "binary file, not text (is it a PDF, image or archive?)")
        return
    if ext in JSONL_EXT | CSV_EXT and not compressed:
        # Streamed line by line: memory stays flat however long the file is.
        encoding = _sniff_encoding(sample)
        with open(path, "rb") as fh:
            lines = _decoded_lines(fh, encoding)
            records = _from_jsonl(name, lines) if ext in JSONL_EXT else _from_csv(name, lines, "\t" if ext == ".tsv" else ",")
            for item in records:
                yield _check_article(item, limits) if isinstance(item, RawArticle) else item
        return
    if size > limits.max_whole_file_bytes:
        yield Reject(name, path.name, f"file is {size / 1e6:,.1f} MB; {ext} files are read whole and the limit is "
                     f"{limits.max_whole_file_bytes / 1e6:,.0f} MB. Split it, or convert it to JSONL")
        return
    try:
        data = _read_bytes(path, compressed, limits)
    except _TooBig as e:
        yield Reject(name, path.name, str(e))
        return
    except (OSError, EOFError, gzip.BadGzipFile) as e:
        yield Reject(name, path.name, f"cannot read file: {e}")
        return
    text = decode(data)
    del data
    if ext in TEXT_EXT:
        records = _from_text(name, text)
    elif ext in HTML_EXT:
        records = _from_html(name, text)
    elif ext in JSONL_EXT:
        records = _from_jsonl(name, io.StringIO(text))
    elif ext in JSON_EXT:
        records = _from_json(name, text)
    elif ext in CSV_EXT:
        records = _from_csv(name, io.StringIO(text), "\t" if ext == ".tsv" else ",")
    else:
        records = _from_feed(name, text)
    for item in records:
        if isinstance(item, RawArticle):
            item = _check_article(item, limits)
        yield item


def _decoded_lines(fh, encoding: str) -> Iterator[str]:
    """Text lines of a binary file. Each line is decoded on its own, so a Windows-1252 line far
    past the sniffed sample (an export with one accented name on line 5,000) still reads right."""
    if encoding == "utf-16":  # its newlines are two bytes: let the codec split the lines
        yield from io.TextIOWrapper(fh, encoding=encoding, errors="replace", newline="")
        return
    for n, raw in enumerate(fh):
        try:
            yield raw.decode("utf-8-sig" if n == 0 else "utf-8")
        except UnicodeDecodeError:
            yield decode(raw)


def _sniff_encoding(sample: bytes) -> str:
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as e:
        if e.start < len(sample) - 4:  # not just a character cut at the sample's end
            return "cp1252"
    return "utf-8-sig"


class _TooBig(Exception):
    pass


def _read_bytes(path: Path, compressed: bool, limits: settings.Limits) -> bytes:
    if not compressed:
        return path.read_bytes()
    # Read a bounded amount: a small .gz can expand to gigabytes (a "zip bomb").
    with gzip.open(path, "rb") as fh:
        data = fh.read(limits.max_whole_file_bytes + 1)
    if len(data) > limits.max_whole_file_bytes:
        raise _TooBig(f"decompresses to over {limits.max_whole_file_bytes / 1e6:,.0f} MB (possible zip bomb); not read")
    return data


def _check_article(a: RawArticle, limits: settings.Limits) -> RawArticle | Reject:
    if not a.text or not a.text.strip():
        return Reject(a.input_path, a.title[:80] or "(no title)", "record has no article text "
                      f"(expected a field named one of: {', '.join(FIELD_ALIASES['text'][:4])})")
    if len(a.text) > limits.max_article_chars:
        return Reject(a.input_path, a.title[:80] or a.text[:80],
                      f"article is {len(a.text):,} characters, over the {limits.max_article_chars:,} limit; "
                      "raise --max-article-chars to read it")
    if not a.source and a.url:
        a.source = urlparse(a.url).netloc.removeprefix("www.")
    return a


def _pick(record: dict, field: str):
    """The first non-empty value among the field's aliases; `record` has lower-case keys."""
    for alias in FIELD_ALIASES[field]:
        value = record.get(alias)
        if value not in (None, ""):
            return value
    return None


def _from_record(name: str, record, where: str) -> RawArticle | Reject:
    label = f"{name}#{where}"
    if not isinstance(record, dict):
        return Reject(label, str(record)[:80], "record is not an object with named fields")
    record = {str(k).lower().strip(): v for k, v in record.items()}  # "Title", " body " are aliases too
    text = _pick(record, "text")
    title = _pick(record, "title")
    if isinstance(text, (dict, list)) or isinstance(title, (dict, list)):
        return Reject(label, str(record)[:80], "text or title is not a string")
    published_raw = _pick(record, "published")
    src = _pick(record, "source")
    if isinstance(src, dict):
        src = src.get("name") or src.get("title") or ""
    text = str(text or "")
    if "<" in text and re.search(r"</?(?:p|div|br|span|a)\b", text, re.I):
        text = html_to_text(text)
    return RawArticle(label, text, str(title or "").strip(), parse_date(published_raw),
                      str(src or "").strip(), str(_pick(record, "url") or "").strip(),
                      "" if published_raw in (None, "") else str(published_raw))


def _from_text(name: str, text: str) -> Iterator[RawArticle]:
    """Optional 'Key: value' header lines (at least one of HEADER_KEYS), a blank line, the body."""
    lines = text.lstrip("\ufeff").split("\n")
    meta: dict[str, str] = {}
    i = 0
    while i < len(lines) and i < 12:
        m = HEADER_LINE.match(lines[i].strip())
        if not m:
            break
        meta[m.group(1).lower()] = m.group(2).strip()
        i += 1
    if HEADER_KEYS & meta.keys():  # the blank line after the header is usual but optional
        body = "\n".join(lines[i:])
    else:
        meta, body = {}, text
    published = meta.get("published") or meta.get("date")
    yield RawArticle(name, body, meta.get("title") or meta.get("headline") or "", parse_date(published),
                     meta.get("source") or meta.get("publisher") or "", meta.get("url") or meta.get("link") or "",
                     published or "")


def html_to_text(html: str) -> str:
    """Visible text of an HTML fragment, one line per block."""
    import lxml.html
    try:
        root = lxml.html.fromstring(html)
    except Exception:  # lxml raises several types on fragments it cannot parse
        return re.sub(r"<[^>]+>", " ", html)
    for bad in root.xpath("//head|//script|//style|//noscript|//template"):  # not visible text
        bad.drop_tree()
    for block in root.xpath("//p|//br|//div|//li|//h1|//h2|//h3|//h4|//tr"):
        block.tail = "\n" + (block.tail or "")
    return root.text_content()


def _from_html(name: str, html: str) -> Iterator[RawArticle | Reject]:
    """Main text, title and date of a web page, via trafilatura (boilerplate removed)."""
    import trafilatura
    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                          include_tables=False, favor_precision=False)
    except Exception as e:  # trafilatura can fail deep inside lxml on broken markup
        doc = None
        error = str(e)
    else:
        error = ""
    if doc is None:
        text = html_to_text(html)
        if not text.strip():
            yield Reject(name, "", f"no article text found in the page{': ' + error if error else ''}")
            return
        yield RawArticle(name, text)
        return
    get = doc.get if isinstance(doc, dict) else (lambda k: getattr(doc, k, None))
    text = get("text") or ""
    published = get("date")
    yield RawArticle(name, text, (get("title") or "").strip(), parse_date(published),
                     (get("sitename") or "").strip(), (get("url") or "").strip(), published or "")


def _from_jsonl(name: str, lines) -> Iterator[RawArticle | Reject]:
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            yield Reject(f"{name}#{n}", line[:80], f"malformed JSON on line {n}: {e.msg.removesuffix(' at')} at column {e.colno}")
            continue
        yield _from_record(name, record, str(n))


def _from_json(name: str, text: str) -> Iterator[RawArticle | Reject]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        yield Reject(name, text[:80], f"malformed JSON: {e.msg} at line {e.lineno}, column {e.colno}")
        return
    if isinstance(data, dict):
        for key in ("articles", "items", "data", "records", "results", "entries"):
            if isinstance(data.get(key), list):
                data = data[key]
                break
        else:
            data = [data]
    if not isinstance(data, list):
        yield Reject(name, text[:80], "JSON is neither an article object nor a list of them")
        return
    for n, record in enumerate(data, 1):
        yield _from_record(name, record, str(n))


def _from_csv(name: str, stream, delimiter: str) -> Iterator[RawArticle | Reject]:
    csv.field_size_limit(max(csv.field_size_limit(), settings.Limits().max_article_chars * 4))
    reader = csv.DictReader(stream, delimiter=delimiter)
    try:
        fields = [f.lower().strip() for f in (reader.fieldnames or [])]
        if not any(f in FIELD_ALIASES["text"] for f in fields):
            yield Reject(name, ",".join(fields)[:80], "CSV has no text column (expected one of: "
                         f"{', '.join(FIELD_ALIASES['text'][:4])})")
            return
        for n, row in enumerate(reader, 2):
            yield _from_record(name, {k: v for k, v in row.items() if k is not None}, str(n))
    except csv.Error as e:
        yield Reject(name, "", f"malformed CSV at line {reader.line_num}: {e}")


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _from_feed(name: str, text: str) -> Iterator[RawArticle | Reject]:
    """RSS 2.0 <item>s and Atom <entry>s."""
    import xml.etree.ElementTree as ET
    if "<!ENTITY" in text[:10000]:
        yield Reject(name, "", "XML declares entities (a possible entity-expansion attack); not read")
        return
    try:
        root = ET.fromstring(text.encode("utf-8"))
    except ET.ParseError as e:
        yield Reject(name, text[:80], f"malformed XML: {e}")
        return
    feed_title = ""
    for el in root.iter():
        if _local(el.tag) == "title":
            feed_title = (el.text or "").strip()
            break
    n = 0
    for el in root.iter():
        if _local(el.tag) not in ("item", "entry"):
            continue
        n += 1
        fields: dict[str, str] = {}
        for child in el:
            tag = _local(child.tag)
            href = child.get("href")
            if tag == "link" and href:
                fields.setdefault("link", href)
            elif tag in ("encoded", "content"):
                fields["content"] = child.text or ""
            else:
                fields.setdefault(tag, (child.text or "").strip())
        body = fields.get("content") or fields.get("description") or fields.get("summary") or ""
        record = {"title": fields.get("title", ""), "text": body,
                  "published": fields.get("pubdate") or fields.get("published") or fields.get("updated")
                  or fields.get("date"), "url": fields.get("link", ""),
                  "source": fields.get("source") or feed_title}
        yield _from_record(name, record, str(n))
    if n == 0:
        yield Reject(name, feed_title[:80], "feed has no <item> or <entry> elements")
