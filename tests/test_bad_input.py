"""Bad input (issue 5): each broken file gives one clear IngestError or a warning,
and every good article in the same run still comes through.

The corpus is generated in ``tmp_path``; nothing binary is committed.
"""

from __future__ import annotations

import io
import json
import os
import time
from datetime import date
from pathlib import Path

import pytest

from timeline import ingest
from timeline.ingest import read_inputs
from timeline.models import Article, IngestError

GOOD = "title: Good\npublished: 2025-02-18\n\nLeaders met in Paris on Monday to discuss Ukraine.\n"
ARTICLE = ("KYIV, Feb 28 (Reuters) - Talks resumed on Friday, officials said, after the meeting "
           "of March 3, 2025 was announced.\n")

# name -> bytes of a file that cannot be read as an article, and what the error must say.
ERRORS = [
    # Nothing to read.
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\t\r\n   \n", "whitespace only"),
    # Binary data behind a text extension.
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)), "PNG image"),
    ("paper.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "PDF document"),
    ("archive.txt", b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(200), "ZIP archive"),
    ("noise.txt", bytes(range(32)) * 64, "binary data"),
    # Header parsed, nothing after it.
    ("header-only.txt", b"title: Nothing\npublished: 2025-02-18\n\n\n", "no article text"),
    # HTML with scripts, styles and navigation but no article body.
    ("empty-page.html",
     b"<!DOCTYPE html><html><head><title>Empty</title><script>var x = 'SCRIPT';</script>"
     b"<style>p { color: red }</style></head><body><nav><a href='/'>Home</a> | "
     b"<a href='/w'>World</a></nav><div id='app'></div><script>render()</script></body></html>",
     "no article text found"),
    # Records that cannot be read as a whole.
    ("no-text-column.csv", b"id,title,published\n1,T,2025-02-18\n", "no text column"),
    ("bad.json", b'{"articles": [{"text": "x"}', "malformed JSON"),
    ("scalar.json", b'"just a string"', "expected a list of objects"),
]

# name -> bytes of a file that is read, with a warning saying what was unusual.
WARNINGS = [
    # Encodings other than UTF-8.
    # (with a BOM no encoding warning; only the date note)
    ("utf16-bom.txt", "Talks in Kyiv on 3 March 2025 – “quoted”.".encode("utf-16"),
     "publication date inferred from text: 2025-03-03", "Talks in Kyiv on 3 March 2025 – “quoted”."),
    ("utf16-nobom.txt", "Talks in Kyiv on 3 March 2025 – “quoted”.".encode("utf-16-le"), "utf-16-le",
     "Talks in Kyiv on 3 March 2025 – “quoted”."),
    ("latin1.txt", "Le café était fermé à Paris le 3 mars.".encode("latin-1"), "windows-1252",
     "Le café était fermé à Paris le 3 mars."),
    ("cp1252.txt", "café – “quotes” in Paris.".encode("cp1252"), "windows-1252",
     "café – “quotes” in Paris."),
    # NUL and control characters are removed before offsets exist.
    ("controls.txt", b"Kyiv\x00 talks\x07 resumed\x1b on\x00 Friday.\r\nMore text.\x0c", "control character",
     "Kyiv talks resumed on Friday.\nMore text.\n"),
    # Dates that do not exist must not crash or count.
    ("impossible-dates.txt", b"Talks on February 30, 2025, in the year 99999, on 31/31/2025 and 2025-13-45.",
     "relative dates will be unresolved", None),
    ("no-dates.txt", b"Leaders met and talked for a long time.", "relative dates will be unresolved", None),
    # An unparseable header date is not fatal: warning, then the next source (here the text).
    ("bad-published.txt", b"title: T\npublished: 2025-02-30\n\nTalks on 3 March 2025.",
     "unparseable publication date in 'published': '2025-02-30'", "Talks on 3 March 2025."),
]


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A folder of every bad input, plus good articles around them."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, data, _ in ERRORS:
        _write(folder, name, data)
    for name, data, _, _ in WARNINGS:
        _write(folder, name, data)
    _write(folder, "a-good.txt", GOOD.encode())
    _write(folder, "z-good.txt", ARTICLE.encode())
    sub = folder / "sub"
    sub.mkdir()
    _write(sub, "good.txt", GOOD.encode())
    os.symlink("..", sub / "loop")  # a symbolic link back up: a loop
    os.mkfifo(folder / "pipe.txt")  # would block a naive open()
    return folder


def _by_name(items) -> dict[str, list[Article | IngestError]]:
    out: dict[str, list[Article | IngestError]] = {}
    for item in items:
        out.setdefault(Path(item.path).name, []).append(item)
    return out


@pytest.fixture
def results(corpus: Path) -> dict[str, list[Article | IngestError]]:
    return _by_name(read_inputs([corpus]))


@pytest.mark.parametrize(("name", "data", "reason"), ERRORS, ids=[e[0] for e in ERRORS])
def test_bad_file_gives_one_error(results, corpus, name, data, reason):
    (err,) = results[name]
    assert isinstance(err, IngestError)
    assert err.path == str(corpus / name)
    assert reason in err.reason
    assert str(err).startswith(str(corpus / name) + ":")


@pytest.mark.parametrize(("name", "data", "warning", "text"), WARNINGS, ids=[w[0] for w in WARNINGS])
def test_recoverable_file_gives_article_with_warning(results, name, data, warning, text):
    (art,) = results[name]
    assert isinstance(art, Article), str(art)
    assert any(warning in w for w in art.warnings), art.warnings
    if name == "utf16-bom.txt":
        assert not any("decoded" in w for w in art.warnings)
    if text is not None:
        assert art.text == text


def test_good_articles_survive_and_loops_and_fifos_are_reported(results, corpus):
    assert [a.article_id for a in results["a-good.txt"]] == ["a-good"]
    assert [a.article_id for a in results["good.txt"]] == ["good"]  # sub/good.txt, read once
    (z,) = results["z-good.txt"]
    assert (z.published, z.published_source) == (date(2025, 2, 28), "dateline")
    (loop,) = results["loop"]
    assert isinstance(loop, IngestError) and "symbolic link loop" in loop.reason
    (fifo,) = results["pipe.txt"]
    assert isinstance(fifo, IngestError) and "not a regular file (a FIFO)" in fifo.reason
    expected = {n for n, *_ in ERRORS} | {n for n, *_ in WARNINGS} | {
        "a-good.txt", "z-good.txt", "good.txt", "loop", "pipe.txt"}
    assert set(results) == expected
    assert all(len(v) == 1 for v in results.values())


def test_bad_published_falls_through_to_text(results):
    (art,) = results["bad-published.txt"]
    assert (art.published, art.published_source) == (date(2025, 3, 3), "inferred")


# ---------------------------------------------------------------------------
# records: one error per bad line/row, the rest still read
# ---------------------------------------------------------------------------
JSONL_LINES = [
    # (line, expected: article id or error reason)
    ('{"id": "ok-1", "text": "Talks began in Riyadh."}', "ok-1"),
    ('{"id": "broken", "text": "unterminated', "malformed JSON"),
    ('{"id": "no-text", "title": "T"}', "no text field"),
    ('{"id": "int-text", "text": 42}', "field 'text' must be a string, got a number"),
    ('{"id": "list-text", "text": ["a", "b"]}', "must be a string, got a list"),
    ('["not", "an", "object"]', "expected an object"),
    ('{"id": "empty", "text": "   "}', "is empty"),
    ('', None),  # blank lines are skipped silently
    ('{"text": "Untitled but fine.", "published": 99999}', "records-9"),
    ('{"id": "ok-2", "body": "Talks ended.", "title": 7}', "ok-2"),
]


def test_jsonl_bad_lines(tmp_path):
    path = _write(tmp_path, "records.jsonl", "\n".join(line for line, _ in JSONL_LINES).encode())
    items = list(read_inputs([path]))
    expected = [(n, want) for n, (_, want) in enumerate(JSONL_LINES, 1) if want is not None]
    assert len(items) == len(expected)
    for item, (n, want) in zip(items, expected, strict=True):
        if isinstance(item, Article):
            assert item.article_id == want
        else:
            assert item.line == n and want in item.reason and item.path == str(path)
            assert str(item).startswith(f"{path}:{n}: ")
    by_id = {i.article_id: i for i in items if isinstance(i, Article)}
    assert any("'99999'" in w for w in by_id["records-9"].warnings)
    assert by_id["ok-2"].title == "7"


def test_json_bad_records(tmp_path):
    data = {"articles": [{"text": "Fine."}, {"text": None}, 5, {"content": "Also fine."}]}
    items = list(read_inputs([_write(tmp_path, "a.json", json.dumps(data).encode())]))
    kinds = [(type(i).__name__, getattr(i, "line", None)) for i in items]
    assert kinds == [("Article", None), ("IngestError", 2), ("IngestError", 3), ("Article", None)]
    assert "got null" in items[1].reason and "got a number" in items[2].reason


def test_csv_rows(tmp_path):
    data = (b"id,title,text,published\n"
            b"c1,One,Talks began.,2025-02-18\n"
            b"c2,Two,,2025-02-19\n"
            b"c3,Three,\"Multi-line\ntext.\",not a date\n"
            b"c4,Four,Too,many,fields,here\n"
            b"c5,Five,Talks ended.\n")
    items = list(read_inputs([_write(tmp_path, "rows.csv", data)]))
    summary = [(i.article_id, type(i).__name__, getattr(i, "line", None)) for i in items]
    assert summary == [("c1", "Article", None), ("c2", "IngestError", 2), ("c3", "Article", None),
                       (None, "IngestError", 4), ("c5", "Article", None)]
    assert "row 2: field 'text' is empty" in items[1].reason
    assert "6 fields but the header has 4" in items[3].reason
    assert any("'not a date'" in w for w in items[2].warnings)


# ---------------------------------------------------------------------------
# size limits
# ---------------------------------------------------------------------------
def test_over_max_bytes_is_refused(tmp_path):
    path = _write(tmp_path, "big.txt", b"Talks went on. " * 70_000)  # about 1.05 MB
    (err,) = read_inputs([path], max_bytes=1_000_000)
    assert isinstance(err, IngestError)
    assert "1,050,000 bytes" in err.reason and "1,000,000 bytes" in err.reason
    assert "--max-bytes" in err.reason
    (art,) = read_inputs([path], max_bytes=2_000_000)
    assert isinstance(art, Article) and len(art.text) == 1_050_000


def test_huge_file_refused_without_reading(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:  # sparse: 200 MB of size, next to no disk
        fh.truncate(200_000_000)
    opened = []
    monkeypatch.setattr(ingest, "open", lambda *a, **k: opened.append(a) or open(*a, **k), raising=False)
    start = time.perf_counter()
    (err,) = read_inputs([path])
    assert time.perf_counter() - start < 1.0
    assert opened == []  # refused from the size alone
    assert "200,000,000 bytes" in err.reason and "50,000,000" in err.reason


def test_stdin_over_limit(tmp_path):
    (err,) = read_inputs(["-"], max_bytes=10, stdin=io.BytesIO(b"x" * 11))
    assert err.path == "<stdin>" and "--max-bytes" in err.reason


def test_five_megabyte_single_line(tmp_path):
    line = ("Talks in Kyiv on 3 March 2025 went on. " * 130_000)[:5_000_000]
    path = _write(tmp_path, "long.txt", line.encode())
    start = time.perf_counter()
    (art,) = read_inputs([path])
    assert isinstance(art, Article) and art.text == line
    assert art.published == date(2025, 3, 3)
    assert time.perf_counter() - start < 10


# ---------------------------------------------------------------------------
# files that cannot be opened
# ---------------------------------------------------------------------------
def test_permission_error_is_reported(tmp_path, monkeypatch):
    bad = _write(tmp_path, "locked.txt", GOOD.encode())
    _write(tmp_path, "open.txt", GOOD.encode())
    real_open = open

    def fake_open(file, *args, **kwargs):
        if Path(file).name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(ingest, "open", fake_open, raising=False)
    err, art = read_inputs([tmp_path])
    assert isinstance(err, IngestError) and err.path == str(bad) and "permission denied" in err.reason
    assert isinstance(art, Article) and art.article_id == "open"


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="root reads files whatever their mode; covered by the PermissionError test")
def test_unreadable_file_chmod_000(tmp_path):
    bad = _write(tmp_path, "locked.txt", GOOD.encode())
    bad.chmod(0)
    try:
        (err,) = read_inputs([bad])
        assert "permission denied" in err.reason
    finally:
        bad.chmod(0o644)


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        # A named path that does not exist.
        (lambda p: p / "missing.txt", "no such file or folder"),
        # A symbolic link to itself given directly.
        (lambda p: (os.symlink("self.txt", p / "self.txt"), p / "self.txt")[1], "symbolic link loop"),
        # A broken link inside a folder is named, not silently skipped.
        (lambda p: (os.symlink("nowhere.txt", p / "d" / "gone.txt"), p / "d")[1], "broken symbolic link"),
    ],
)
def test_paths_that_cannot_be_opened(tmp_path, make, reason):
    (tmp_path / "d").mkdir()
    (err,) = read_inputs([make(tmp_path)])
    assert isinstance(err, IngestError) and reason in err.reason


def test_directory_named_like_a_file_is_walked(tmp_path):
    d = tmp_path / "story.txt"
    d.mkdir()
    _write(d, "inner.txt", GOOD.encode())
    (art,) = read_inputs([tmp_path])
    assert art.article_id == "inner"


def test_unexpected_failure_is_contained(tmp_path, monkeypatch):
    _write(tmp_path, "a.txt", GOOD.encode())
    _write(tmp_path, "b.txt", GOOD.encode())

    def boom(raw, article_id, path="", published=None):
        if article_id == "a":
            raise RuntimeError("bug")
        return real(raw, article_id, path, published)

    real = ingest.parse_article
    monkeypatch.setattr(ingest, "parse_article", boom)
    err, art = read_inputs([tmp_path])
    assert "unexpected error" in err.reason and "RuntimeError: bug" in err.reason
    assert art.article_id == "b"


@pytest.mark.parametrize(
    ("data", "reason"),
    [(data, reason) for name, data, reason in ERRORS if name.endswith(".txt") and "header" not in name]
    + [
        # UTF-16 without BOM whose characters are control codes is still binary.
        (b"\x00\x01\x00\x02\x00\x03" * 100, "binary data"),
        # A BOM and then nothing.
        (b"\xef\xbb\xbf  \n", "whitespace only"),
        ("\u3000\n".encode("utf-16"), "whitespace only"),
    ],
)
def test_decode_raises_value_error(data, reason):
    with pytest.raises(ValueError, match=reason) as info:
        ingest.decode(data, "x.txt")
    assert isinstance(info.value, ingest.IngestProblem) and info.value.path == "x.txt"
