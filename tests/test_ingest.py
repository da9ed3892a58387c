"""Ingestion on good input: headers, formats, dates, decoding, folders and stdin."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from _corpora import SEED

from timeline import ingest
from timeline.ingest import (
    IngestProblem,
    decode,
    parse_article,
    parse_date_value,
    read_inputs,
    resolve_published,
)
from timeline.models import Article, IngestError

NEWS_DEV = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "news-dev" / "articles"


def articles(items) -> list[Article]:
    items = list(items)
    errors = [i for i in items if isinstance(i, IngestError)]
    assert not errors, [str(e) for e in errors]
    return items


# ---------------------------------------------------------------------------
# header blocks: what is a header and what is body
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "title", "body_start", "meta"),
    [
        # A plain header block with known keys.
        ("title: Talks in Paris\npublished: 2025-02-17\n\nLeaders met.", "Talks in Paris",
         "Leaders met.", {"published": "2025-02-17"}),
        # Capitalised known keys still make a header; keys are lower-cased.
        ("Title: Talks\nDate: 2025-02-17\n\nLeaders met.", "Talks", "Leaders met.",
         {"date": "2025-02-17"}),
        # Unknown but lower-case identifier keys make a header too; kept in metadata.
        ("licence: OGL\nbody_note: cut\n\nLeaders met.", None, "Leaders met.",
         {"licence": "OGL", "body_note": "cut"}),
        # Hyphenated keys are read with "_".
        ("published-at: 2025-02-17\n\nLeaders met.", None, "Leaders met.",
         {"published_at": "2025-02-17"}),
        # Values may contain colons (titles, URLs).
        ("title: PM call: 25 February 2025\nurl: https://x.org/a\n\nBody.", "PM call: 25 February 2025",
         "Body.", {"url": "https://x.org/a"}),
        # Several blank lines after the header: the body starts at the text.
        ("title: T\n\n\n\nBody.", "T", "Body.", {}),
        # Body lines that merely contain a colon are not a header.
        ("The following is attributable to Spokesperson Tammy Bruce:\n\nSecretary Rubio spoke.",
         None, "The following is attributable", {}),
        ("Note: this is prose with spaces in the key part\n\nMore prose.", None, "Note: this is", {}),
        # A capitalised unknown key is prose ("UPDATE:", "Note:").
        ("UPDATE: talks resumed\n\nMore.", None, "UPDATE: talks", {}),
        # A key: value block with no blank line after it is not a header.
        ("title: T\npublished: 2025-02-17", None, "title: T", {}),
        # One prose line among header-like lines spoils the block.
        ("title: T\nThis line is prose.\n\nBody.", None, "title: T", {}),
        # Times are not keys.
        ("10:30 GMT: markets opened\n\nBody.", None, "10:30 GMT", {}),
        # YAML front matter; YAML dates become ISO strings.
        ("---\ntitle: Front\ndate: 2025-03-04\ntags: [a, b]\n---\nBody here.", "Front", "Body here.",
         {"date": "2025-03-04", "tags": "a; b"}),
    ],
)
def test_header_or_body(raw, title, body_start, meta):
    art = parse_article(raw, "a")
    assert art.title == title
    assert art.text.startswith(body_start)
    for k, v in meta.items():
        assert art.metadata[k] == v
    if body_start.startswith(raw[:12]):
        assert art.text == raw  # no header: the text is untouched


def test_header_fields_fill_the_record():
    raw = ("title: Readout\npublished: 2025-02-18\nsource: State Department\n"
           "url: https://state.gov/r\nid: r-1\n\nThe Secretary spoke.")
    art = parse_article(raw, "file-stem", "x.txt")
    assert (art.article_id, art.title, art.source, art.url) == (
        "file-stem", "Readout", "State Department", "https://state.gov/r")
    assert art.published == date(2025, 2, 18) and art.published_source == "metadata"
    assert art.metadata["id"] == "r-1" and art.path == "x.txt"


def test_invalid_front_matter_is_kept_as_text_with_warning():
    raw = "---\ntitle: [unclosed\n---\nBody."
    art = parse_article(raw, "a")
    assert art.text == raw
    assert any("front matter is not valid YAML" in w for w in art.warnings)


def test_cleaning_happens_before_offsets():
    raw = "title: T\r\n\r\nLine one.\r\nKyiv\x00 talks\x07 resumed.\r\n"
    art = parse_article(raw, "a")
    assert art.text == "Line one.\nKyiv talks resumed.\n"
    assert any("control character" in w for w in art.warnings)
    assert art.text.index("talks") == 15  # offsets index the cleaned text


def test_empty_body_after_header_is_a_problem():
    with pytest.raises(IngestProblem, match="no article text"):
        parse_article("title: T\n\n   \n", "a")


# ---------------------------------------------------------------------------
# publication date cascade
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("meta", "text", "argument", "expected", "source", "warning"),
    [
        # 1. metadata wins over everything, whatever key spelling.
        ({"published": "2025-02-18"}, "KYIV, Feb 28 (Reuters) - x", "2025-01-01", "2025-02-18", "metadata", None),
        ({"Published-At": "2025-02-18T23:10:00+01:00"}, "", None, "2025-02-18", "metadata", None),
        ({"pubdate": "Tue, 18 Feb 2025 10:00:00 GMT"}, "", None, "2025-02-18", "metadata", None),
        ({"date": "February 18, 2025"}, "", None, "2025-02-18", "metadata", None),
        # Unparseable metadata is not fatal: warning, then the next source.
        ({"published": "2025-02-30"}, "", "2025-02-18", "2025-02-18", "argument", "'2025-02-30'"),
        ({"published": "99999"}, "", "2025-02-18", "2025-02-18", "argument", "'99999'"),
        ({"published": "soon"}, "", None, None, "none", "'soon'"),
        ({"published": "nonsense", "date": "2025-02-19"}, "", None, "2025-02-19", "metadata", "nonsense"),
        # 2. the argument beats datelines and text.
        ({}, "WASHINGTON, March 3, 2025 (AP) — x", date(2025, 3, 4), "2025-03-04", "argument", None),
        ({}, "x", "garbage", None, "none", "--published"),
        # 3. datelines.
        ({}, "WASHINGTON, March 3, 2025 (AP) — Trump said.", None, "2025-03-03", "dateline", None),
        ({}, "Washington DC, February 18, 2025\n\nThe following is attributable:", None, "2025-02-18",
         "dateline", None),
        ({}, "5 March 2025 - 19:12\n\nPresident Zelenskyy held talks.", None, "2025-03-05", "dateline", None),
        # No year in the dateline: the year of the latest explicit date in the text.
        ({}, "KYIV, Feb 28 (Reuters) - Talks. Aid promised on March 3, 2025 arrived.", None,
         "2025-02-28", "dateline", None),
        ({}, "SPRINGFIELD, Ill., March 3 (AP) — Aid arrived on 4 March 2025.", None, "2025-03-03",
         "dateline", None),
        # A sentence ending in a date is not a dateline (place: at most four words).
        ({}, "The talks were finally held in Paris on Monday, February 17, 2025\n\nx", None,
         "2025-02-17", "inferred", "inferred from text"),
        # No year and no explicit date: the dateline is not used.
        ({}, "KYIV, Feb 28 (Reuters) - Talks on Monday.", None, None, "none", "unresolved"),
        # An agency dateline without a date gives nothing; the text date is inferred.
        ({}, "LONDON (Reuters) - Talks held on 3 March 2025.", None, "2025-03-03", "inferred",
         "inferred from text: 2025-03-03"),
        # 4. inferred: the latest explicit date, ignoring future and impossible ones.
        ({}, "Met on 3 January 2025, again on Feb. 17, 2025; next on 12 June 2999.", None, "2025-02-17",
         "inferred", "inferred from text: 2025-02-17"),
        ({}, "Invasion on 2022-02-24.", None, "2022-02-24", "inferred", "2022-02-24"),
        # 5. nothing at all; impossible dates must not crash nor count.
        ({}, "On February 30, 2025, in the year 99999, on 31/31/2025.", None, None, "none", "unresolved"),
    ],
)
@pytest.mark.parametrize("dates_from", ["temporal", "builtin"])
def test_resolve_published(meta, text, argument, expected, source, warning, dates_from, monkeypatch):
    # Both ways of finding explicit dates must agree: timeline.temporal's
    # tagger (short texts) and the built-in pattern (huge texts, or no tagger).
    if dates_from == "builtin":
        monkeypatch.setattr(ingest, "_TAGGER_MAX_CHARS", -1)
    day, src, warnings = resolve_published(meta, text, argument)
    assert (day.isoformat() if day else None) == expected
    assert src == source
    if warning is None:
        assert warnings == []
    else:
        assert any(warning in w for w in warnings), warnings


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-02-18", "2025-02-18"),
        ("2025-02-18T09:30:00Z", "2025-02-18"),
        ("2025/2/18", "2025-02-18"),
        ("20250218", "2025-02-18"),
        ("18.02.2025", "2025-02-18"),
        ("18/02/2025", "2025-02-18"),  # day > 12: day-first
        ("02/18/2025", "2025-02-18"),  # day > 12: month-first
        ("03/04/2025", None),  # ambiguous: refuse rather than guess
        ("Tuesday, February 18th, 2025", "2025-02-18"),
        ("18 Feb. 2025", "2025-02-18"),
        (date(2025, 2, 18), "2025-02-18"),
        # Nonsense and implausible values.
        ("2025-02-30", None),
        ("2025-13-01", None),
        ("31/31/2025", None),
        ("99999", None),
        ("1066-10-14", None),
        ("", None),
        (None, None),
        (True, None),
    ],
)
def test_parse_date_value(value, expected):
    d = parse_date_value(value)
    assert (d.isoformat() if d else None) == expected


# ---------------------------------------------------------------------------
# decoding
# ---------------------------------------------------------------------------
TEXT = "Le café – “quotes” à Paris, déjà vu."


@pytest.mark.parametrize(
    ("data", "expected", "warning"),
    [
        # Read silently: UTF-8, with or without BOM, and UTF-16/32 with a BOM.
        (TEXT.encode("utf-8"), TEXT, None),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), TEXT, None),
        (TEXT.encode("utf-16"), TEXT, None),
        (b"\xfe\xff" + TEXT.encode("utf-16-be"), TEXT, None),
        (TEXT.encode("utf-32"), TEXT, None),
        # UTF-16 without BOM, found from its NUL bytes.
        (TEXT.encode("utf-16-le"), TEXT, "utf-16-le"),
        (TEXT.encode("utf-16-be"), TEXT, "utf-16-be"),
        # Legacy single-byte encodings are detected, with a warning.
        (TEXT.encode("cp1252"), TEXT, "windows-1252"),
        ("café – “quotes”".encode("cp1252"), "café – “quotes”", "windows-1252"),
        ("Señor Muñoz, élève, année.".encode("latin-1"), "Señor Muñoz, élève, année.", "windows-1252"),
        ("Президент Украины провёл переговоры с главами правительств.".encode("cp1251"),
         "Президент Украины провёл переговоры с главами правительств.", "windows-1251"),
        # A declared encoding is believed (latin-1 labels read as windows-1252, as browsers do).
        (b'<html><meta charset="iso-8859-1"><p>caf\xe9 \x93q\x94</p></html>',
         "<html><meta charset=\"iso-8859-1\"><p>café “q”</p></html>", "declared"),
        (b"<?xml version='1.0' encoding='iso-8859-15'?><a>\xa4</a>",
         "<?xml version='1.0' encoding='iso-8859-15'?><a>€</a>", "declared"),
        # Text that starts like a file signature but is text.
        (b"BMW announced talks.", "BMW announced talks.", None),
    ],
)
def test_decode(data, expected, warning):
    text, warnings = decode(data, "x.txt")
    assert text == expected
    if warning is None:
        assert warnings == []
    else:
        assert len(warnings) == 1 and warning in warnings[0], warnings


# ---------------------------------------------------------------------------
# formats
# ---------------------------------------------------------------------------
HTML = """<!DOCTYPE html><html><head><title>Leaders meet in Paris | Example News</title>
<meta property="article:published_time" content="2025-02-17T10:00:00Z">
<script>var tracking = "SCRIPT-TEXT";</script><style>.x { color: red } /* STYLE-TEXT */</style>
</head><body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Leaders meet in Paris</h1>
<p>Emmanuel Macron hosted European leaders in Paris on Monday to discuss Ukraine and defence spending.</p>
<p>The meeting came after the United States said it would start talks with Russia in Saudi Arabia this week.</p>
<script>document.write("SCRIPT-TWO")</script></article>
<footer>Copyright Example News</footer></body></html>"""


def test_html_article(tmp_path):
    (tmp_path / "paris.html").write_text(HTML, encoding="utf-8")
    (art,) = articles(read_inputs([tmp_path]))
    assert art.article_id == "paris"
    assert art.title and art.title.startswith("Leaders meet in Paris")
    assert "Emmanuel Macron hosted European leaders" in art.text
    assert "SCRIPT" not in art.text and "STYLE" not in art.text and "color" not in art.text
    assert (art.published, art.published_source) == (date(2025, 2, 17), "metadata")


def test_html_sniffed_without_extension(tmp_path):
    (tmp_path / "page").write_text(HTML, encoding="utf-8")
    (art,) = articles(read_inputs([tmp_path / "page"]))
    assert "SCRIPT" not in art.text and "Macron hosted" in art.text


def test_jsonl_json_csv_records(tmp_path):
    (tmp_path / "a.jsonl").write_text(
        json.dumps({"id": "r1", "title": "One", "text": "Talks began.", "published": "2025-02-18"}) + "\n\n"
        + json.dumps({"body": "Talks ended.", "date": "2025-02-19", "url": "https://x.org", "n": 3}) + "\n",
        encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps({"articles": [{"content": "Leaders met."}]}), encoding="utf-8")
    (tmp_path / "c.json").write_text(json.dumps([{"id": 7, "text": "A list item."}]), encoding="utf-8")
    (tmp_path / "d.csv").write_text(
        'ID,Title,Body,Date,URL\nx1,First,"Line one.\r\nLine two.",2025-02-18,https://u\n,,Second text.,,\n',
        encoding="utf-8")
    arts = articles(read_inputs([tmp_path]))
    by_id = {a.article_id: a for a in arts}
    assert list(by_id) == ["r1", "a-3", "b-1", "7", "x1", "d-2"]
    assert by_id["r1"].title == "One" and by_id["r1"].published == date(2025, 2, 18)
    assert by_id["a-3"].url == "https://x.org" and by_id["a-3"].metadata["n"] == "3"
    assert by_id["a-3"].published_source == "metadata"
    assert by_id["x1"].text == "Line one.\nLine two." and by_id["x1"].title == "First"
    assert by_id["d-2"].published_source == "none"  # empty date cell: no date


def test_ids_unique_within_a_run(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for d in ("a", "b"):
        (tmp_path / d / "story.txt").write_text("Leaders met.", encoding="utf-8")
    (tmp_path / "r.jsonl").write_text('{"id": "story", "text": "x"}\n{"id": "story", "text": "y"}\n',
                                      encoding="utf-8")
    ids = [a.article_id for a in articles(read_inputs([tmp_path]))]
    assert ids == ["story", "story-2", "story-3", "story-4"]
    # Deterministic: a second run gives the same ids.
    assert ids == [a.article_id for a in read_inputs([tmp_path])]


def test_folder_recursion_order_and_hidden(tmp_path):
    for rel in ["b.txt", "a/z.txt", "a/b/c.md", "c.txt", ".hidden.txt", ".git/x.txt", "a/.h/y.txt",
                "img.png", "notes"]:
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(b"Leaders met in Paris.")
    paths = [Path(a.path).relative_to(tmp_path).as_posix() for a in articles(read_inputs([tmp_path]))]
    # Sorted by name at each level; hidden entries and non-article extensions skipped.
    assert paths == ["a/b/c.md", "a/z.txt", "b.txt", "c.txt", "notes"]


def test_stdin(tmp_path):
    data = "title: From a pipe\n\nKYIV, Feb 28 (Reuters) - Talks.\r\n".encode("utf-16")
    (art,) = articles(read_inputs(["-"], date(2025, 2, 28), stdin=io.BytesIO(data)))
    assert (art.article_id, art.path, art.title) == ("stdin", "<stdin>", "From a pipe")
    assert art.text == "KYIV, Feb 28 (Reuters) - Talks.\n"
    assert art.published_source == "argument"
    # HTML on stdin is sniffed.
    (art,) = articles(read_inputs("-", stdin=io.BytesIO(HTML.encode())))
    assert "Macron hosted" in art.text


def test_published_argument_used_only_without_metadata(tmp_path):
    (tmp_path / "a.txt").write_text("published: 2025-02-18\n\nBody.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Body.", encoding="utf-8")
    a, b = articles(read_inputs([tmp_path], "2025-03-01"))
    assert (a.published, a.published_source) == (date(2025, 2, 18), "metadata")
    assert (b.published, b.published_source) == (date(2025, 3, 1), "argument")


# ---------------------------------------------------------------------------
# real articles
# ---------------------------------------------------------------------------
def test_seed_article():
    (art,) = articles(read_inputs([SEED]))
    raw = SEED.read_text(encoding="utf-8")
    assert art.article_id == "macron-ukraine-2025-02-18"
    assert art.text == raw.replace("\r\n", "\n")  # no header: the whole text
    assert art.title is None
    assert art.metadata["headline"] == (
        "French President Macron Seeks To Align Europe, Ukraine With Trump On Peace Talks")
    # No metadata: inferred from the latest explicit date ("Monday, Feb. 17, 2025").
    assert (art.published, art.published_source) == (date(2025, 2, 17), "inferred")
    assert "publication date inferred from text: 2025-02-17" in art.warnings
    (art,) = articles(read_inputs([SEED], "2025-02-18"))
    assert (art.published, art.published_source, art.warnings) == (date(2025, 2, 18), "argument", ())


@pytest.fixture(scope="module")
def news_dev() -> Path:
    if not NEWS_DEV.is_dir():
        pytest.skip(f"shared corpus not found at {NEWS_DEV}")
    return NEWS_DEV


def test_news_dev_articles(news_dev):
    files = sorted(news_dev.glob("*.txt"))
    assert len(files) == 8
    arts = articles(read_inputs([news_dev]))
    assert [a.article_id for a in arts] == [f.stem for f in files]
    for art, f in zip(arts, files, strict=True):
        raw = f.read_text(encoding="utf-8")
        header, _, body = raw.partition("\n\n")
        fields = dict(line.split(": ", 1) for line in header.splitlines())
        assert art.title == fields["title"]
        assert art.published == date.fromisoformat(fields["published"])
        assert art.published_source == "metadata"
        assert art.source == fields["source"] and art.url == fields["url"]
        assert art.text == body.lstrip("\n")
        assert art.metadata["licence"] == fields["licence"]
        assert art.warnings == ()


def test_news_dev_colon_line_stays_body(news_dev):
    (art,) = articles(read_inputs([news_dev / "07-rubio-call-european-fms-state.txt"]))
    assert art.text.startswith("Washington DC, February 18, 2025\n\nThe following is attributable to "
                               "Spokesperson Tammy Bruce:")
    assert "title_note" in art.metadata
    # Without the header the dateline alone would date it.
    assert resolve_published({}, art.text, None)[:2] == (date(2025, 2, 18), "dateline")
