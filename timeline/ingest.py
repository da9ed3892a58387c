"""Ingestion: files, folders and stdin in; :class:`Article` or :class:`IngestError` out.

Every input becomes either an :class:`~timeline.models.Article` (its ``text`` is
the body exactly; later stages index it by character offset) or an
:class:`~timeline.models.IngestError` naming the file, the line or record when
relevant, and the reason.  Nothing here raises on bad input: one unreadable
file never stops a run.

Formats: plain text (optional ``key: value`` header block or YAML front
matter), HTML (main text via trafilatura, date via htmldate), JSON Lines,
JSON (a list, or ``{"articles": [...]}``) and CSV (header row).

The publication date follows one cascade, spelled out in
:func:`resolve_published`: metadata, then the ``published`` argument, then a
dateline, then the latest explicit date in the text, else none.

Examples
--------
>>> art = parse_article("title: Talks\\npublished: 2025-02-18\\n\\nLeaders met.", "a1")
>>> art.title, art.published.isoformat(), art.published_source, art.text
('Talks', '2025-02-18', 'metadata', 'Leaders met.')
"""

from __future__ import annotations

import csv
import dataclasses
import email.utils
import errno
import io
import json
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import IO, Any, Protocol

import yaml

from timeline.models import Article, IngestError

__all__ = [
    "DEFAULT_MAX_BYTES",
    "IngestProblem",
    "decode",
    "parse_article",
    "parse_date_value",
    "read_inputs",
    "resolve_published",
]

#: Files larger than this are refused unless ``max_bytes`` (CLI ``--max-bytes``) is raised.
DEFAULT_MAX_BYTES = 50_000_000

_DATA = Path(__file__).resolve().parent / "data" / "ingest.yaml"
_STDIN = "-"


class IngestProblem(ValueError):
    """An input that cannot become an article.

    ``reason`` says why in words meant for the user; ``line`` is the 1-based
    line (JSON Lines) or record number (JSON, CSV) when there is one.
    """

    def __init__(self, reason: str, line: int | None = None, path: str = "",
                 article_id: str | None = None) -> None:
        super().__init__(reason)  # callers name the file themselves
        self.reason = reason
        self.line = line
        self.path = path
        self.article_id = article_id


# ---------------------------------------------------------------------------
# knowledge (timeline/data/ingest.yaml)
# ---------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _knowledge() -> dict[str, Any]:
    with _DATA.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    data["magic"] = [
        (m["bytes"].encode("latin-1"), m["name"], bool(m.get("strict", False)))
        for m in data["magic"]
    ]
    data["header_keys"] = frozenset(data["header_keys"])
    return data


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    """Date regexes built from the month list (longest names first)."""
    months = sorted(_knowledge()["months"], key=len, reverse=True)
    mon = r"(?P<mon>(?i:" + "|".join(months) + r"))\.?"
    day = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
    year = r"(?P<year>\d{4})"
    wkday = r"(?:(?i:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?i:day)?\.?,?\s+)?"
    mdy = rf"{wkday}{mon}\s+{day},?\s+{year}"
    dmy = rf"{wkday}{day}\s+(?:of\s+)?{mon},?\s+{year}"
    md = rf"{mon}\s+{day}(?:,?\s+{year})?"
    dm = rf"{day}\s+{mon}(?:,?\s+{year})?"
    flags = re.IGNORECASE
    time = r"(?:\s*(?:[-–—,|]|at)?\s*\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,5})?)?"
    # One to four capitalised-or-not words ("KYIV", "Washington DC", "RIO DE JANEIRO"),
    # optionally ", State": longer runs are sentences, not datelines.
    place = r"[A-Z][A-Za-z.'’-]*(?:[ \t]+[A-Za-z.'’-]+){0,3}(?:,[ \t]*[A-Z][A-Za-z.]*(?:[ \t]+[A-Z][A-Za-z.]*)?)?"
    return {
        # Explicit dates in running text (word boundaries keep "99999" out).
        "explicit": re.compile(
            rf"\b(?:{mdy.replace('?P<', '?P<a_')}|{dmy.replace('?P<', '?P<b_')}"
            r"|(?P<c_year>\d{4})-(?P<c_mon>\d{2})-(?P<c_day>\d{2}))\b(?!-\d)",
            flags,
        ),
        # "WASHINGTON, March 3, 2025 (AP) —", "KYIV, Feb 28 (Reuters) -",
        # "Washington DC, February 18, 2025" alone on its line.
        "dateline": re.compile(
            rf"^\s*{place},\s+(?:{md.replace('?P<', '?P<a_')}|{dm.replace('?P<', '?P<b_')})"
            r"\s*(?:\([^()\n]{1,40}\)\s*)?(?:[-–—]|$)",
            re.MULTILINE,  # case-sensitive: the place starts with a capital
        ),
        # "5 March 2025 - 19:12" alone on its line.
        "dateonly": re.compile(
            rf"^\s*(?:{mdy.replace('?P<', '?P<a_')}|{dmy.replace('?P<', '?P<b_')}){time}\s*$",
            flags,
        ),
        "mdy": re.compile(mdy, flags),
        "dmy": re.compile(dmy, flags),
    }


def _date_from_groups(m: re.Match[str], prefix: str = "") -> tuple[int | None, int, int] | None:
    """(year or None, month, day) from a match whose groups carry ``prefix``."""
    g = m.groupdict()
    mon = g.get(prefix + "mon")
    if mon is None:
        return None
    month = int(mon) if mon.isdigit() else _knowledge()["months"].get(mon.lower().rstrip("."))
    if month is None:
        return None
    yr = g.get(prefix + "year")
    return (int(yr) if yr else None), month, int(g[prefix + "day"])


def _plausible(d: date) -> bool:
    return _knowledge()["min_year"] <= d.year <= date.today().year + 1


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        d = date(year, month, day)
    except ValueError:  # "February 30", month 13 ...
        return None
    return d if _plausible(d) else None


# ---------------------------------------------------------------------------
# dates
# ---------------------------------------------------------------------------
_ISO_RE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T\s_]\S*|\s.*)$")
_COMPACT_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_NUMERIC_DMY_RE = re.compile(r"^(\d{1,2})([./])(\d{1,2})\2(\d{4})$")


def parse_date_value(value: object) -> date | None:
    """Parse a metadata date value; ``None`` when it is not a real, plausible date.

    Accepts ISO dates and datetimes, ``YYYY/MM/DD``, ``YYYYMMDD``,
    ``D.M.YYYY``, unambiguous ``D/M/YYYY`` or ``M/D/YYYY``, RFC 2822
    (``Tue, 18 Feb 2025 10:00:00 GMT``), ``February 18, 2025`` and
    ``18 February 2025`` (optionally after a weekday).

    Examples
    --------
    >>> parse_date_value("2025-02-18T09:30:00Z")
    datetime.date(2025, 2, 18)
    >>> parse_date_value("Tuesday, 18 Feb. 2025")
    datetime.date(2025, 2, 18)
    >>> parse_date_value("2025-02-30") is None, parse_date_value("99999") is None
    (True, True)
    """
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value if _plausible(value) else None
    if isinstance(value, bool) or value is None:
        return None
    s = str(value).strip()
    if not s or len(s) > 100:
        return None
    if m := _ISO_RE.match(s) or _COMPACT_RE.match(s):
        return _make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m := _NUMERIC_DMY_RE.match(s):
        a, sep, b, y = int(m.group(1)), m.group(2), int(m.group(3)), int(m.group(4))
        if sep == ".":  # dotted numeric dates are day-first everywhere they are used
            return _make_date(y, b, a)
        day_first, month_first = _make_date(y, b, a), _make_date(y, a, b)
        if day_first and month_first and day_first != month_first:
            return None  # 03/04/2025: ambiguous, refuse rather than guess
        return day_first or month_first
    if re.match(r"^[A-Za-z]{3},\s+\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d", s):
        try:
            return _make_date_from(email.utils.parsedate_to_datetime(s).date())
        except (TypeError, ValueError, IndexError):
            return None
    for key in ("mdy", "dmy"):
        if m := _patterns()[key].match(s):
            y, mo, d = _date_from_groups(m)  # type: ignore[misc]
            return _make_date(y, mo, d) if y else None
    return None


def _make_date_from(d: date) -> date | None:
    return d if _plausible(d) else None


_TAGGER_MAX_CHARS = 200_000


def _explicit_dates(text: str) -> list[date]:
    """Fully explicit (day, month, year) dates in ``text``, none after today.

    Uses :func:`timeline.temporal.explicit_dates` when that module provides
    it; otherwise (or if it fails) a small built-in pattern for
    ``Month D, YYYY``, ``D Month YYYY`` and ISO dates.
    """
    found: list[date] | None = None
    explicit_dates = None
    # The full tagger costs about 4 ms per KB; past this size the built-in
    # pattern (about 100 times faster) keeps a 5 MB file quick.
    if len(text) <= _TAGGER_MAX_CHARS:
        try:  # imported lazily: temporal is a later stage and may be absent
            from timeline.temporal import explicit_dates  # type: ignore[attr-defined]
        except ImportError:
            explicit_dates = None
    if explicit_dates is not None:
        try:
            found = [d for d in map(_as_day, explicit_dates(text)) if d is not None]
        except Exception:  # a bug there must not lose the article here
            found = None
    if found is None:
        found = []
        for m in _patterns()["explicit"].finditer(text):
            for prefix in ("a_", "b_", "c_"):
                parts = _date_from_groups(m, prefix)
                if parts and parts[0]:
                    d = _make_date(*parts)  # type: ignore[arg-type]
                    if d:
                        found.append(d)
                    break
    today = date.today()
    return [d for d in found if _plausible(d) and d <= today]


def _as_day(item: object) -> date | None:
    """Read one item returned by ``temporal.explicit_dates`` as a single day."""
    if isinstance(item, datetime):
        return item.date()
    if isinstance(item, date):
        return item
    start = getattr(item, "date_start", None)
    if isinstance(start, date):
        return start if getattr(item, "date_end", start) == start else None
    if isinstance(item, tuple):
        days = [x for x in item if isinstance(x, date)]
        if days and all(d == days[0] for d in days):
            return days[0]
    return None


def _dateline(text: str, explicit: Callable[[], list[date]]) -> tuple[date | None, str | None]:
    """A dateline near the top of ``text``: (date, the dateline) or (None, None).

    ``explicit`` gives the text's explicit dates (only called for a dateline
    without a year).
    """
    pats = _patterns()
    lines = [ln for ln in text[:2000].split("\n") if ln.strip()][:6]
    for line in lines:
        m = pats["dateline"].match(line) or pats["dateonly"].match(line)
        if not m:
            continue
        parts = _date_from_groups(m, "a_") or _date_from_groups(m, "b_")
        if not parts:
            continue
        year, month, day = parts
        if year is None:
            # "KYIV, Feb 28 (Reuters) -": the year comes from the text, or nothing.
            if not explicit():
                continue
            year = max(explicit()).year
        d = _make_date(year, month, day)
        if d and d <= date.today():
            return d, line.strip()
    return None, None


def _meta_get(metadata: Mapping[str, Any], key: str) -> Any:
    for k, v in metadata.items():
        if _norm_key(k) == key:
            return v
    return None


def resolve_published(
    metadata: Mapping[str, Any] | None,
    text: str,
    argument: date | str | None = None,
) -> tuple[date | None, str, list[str]]:
    """Decide an article's publication date, and say where it came from.

    The cascade, first source that gives a real date wins:

    1. ``metadata``: a header / front-matter / record / HTML field
       (``published``, ``date``, ``published_at``, ``pubdate`` ... in the order
       of ``date_keys`` in ``timeline/data/ingest.yaml``).  An unparseable
       value is not fatal: a warning names it and the cascade goes on.
    2. ``argument``: the ``published`` argument (CLI ``--published``).
    3. ``dateline``: ``"KYIV, Feb 28 (Reuters) -"``, ``"WASHINGTON, March 3,
       2025 (AP) —"`` or a place and date alone on a line near the top; a
       dateline without a year takes the year of the latest explicit date in
       the text, and is skipped when there is none.
    4. ``inferred``: the latest fully explicit date in the text (not after
       today), with the warning ``publication date inferred from text: ...``.
    5. ``none``: with a warning that relative dates will stay unresolved.

    Parameters
    ----------
    metadata : mapping
        Header fields (keys compared lower-cased, ``-`` read as ``_``).
    text : str
        The article body.
    argument : date or str, optional
        The date given by the caller.

    Returns
    -------
    (date or None, source, warnings)
        ``source`` is one of ``metadata, argument, dateline, inferred, none``.

    Examples
    --------
    >>> resolve_published({"published": "2025-02-30"}, "KYIV, Feb 28 (Reuters) - On March 3, 2025 ...")
    (datetime.date(2025, 2, 28), 'dateline', ["unparseable publication date in 'published': '2025-02-30'; ignored"])
    >>> resolve_published({}, "No dates here.", "2025-02-18")[:2]
    (datetime.date(2025, 2, 18), 'argument')
    """
    warnings: list[str] = []
    metadata = metadata or {}
    for key in _knowledge()["date_keys"]:
        value = _meta_get(metadata, key)
        if value is None or not str(value).strip():
            continue
        d = parse_date_value(value)
        if d is not None:
            return d, "metadata", warnings
        warnings.append(f"unparseable publication date in {key!r}: {str(value)[:60]!r}; ignored")
    if argument is not None and str(argument).strip():
        d = parse_date_value(argument)
        if d is not None:
            return d, "argument", warnings
        warnings.append(f"unparseable --published value {str(argument)[:60]!r}; ignored")
    cache: list[list[date]] = []

    def explicit() -> list[date]:
        if not cache:
            cache.append(_explicit_dates(text))
        return cache[0]

    d, _line = _dateline(text, explicit)
    if d is not None:
        return d, "dateline", warnings
    if explicit():
        latest = max(explicit())
        warnings.append(f"publication date inferred from text: {latest.isoformat()}")
        return latest, "inferred", warnings
    warnings.append(
        "no publication date (no metadata, --published, dateline or explicit date in the text); "
        "relative dates will be unresolved"
    )
    return None, "none", warnings


# ---------------------------------------------------------------------------
# decoding
# ---------------------------------------------------------------------------
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
# Control bytes that never occur in text (tab, LF, VT, FF, CR and ESC excluded).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27))
_DECLARED_RES = (
    re.compile(rb"<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([A-Za-z0-9._:-]{2,40})", re.I),
    re.compile(rb"<meta[^>]{0,300}?charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]{2,40})", re.I),
)
_SAMPLE = 65536


def _binary_signature(data: bytes) -> str | None:
    head = data[:512]
    for magic, name, strict in _knowledge()["magic"]:
        # Short, letter-like signatures ("BM", "ID3") also begin ordinary
        # words; count them only when the head holds a NUL byte as well.
        if data.startswith(magic) and (not strict or b"\x00" in head):
            return name
    return None


def _utf16_without_bom(sample: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NULs sit at every other byte (ASCII-heavy text)."""
    n = len(sample) // 2
    if n < 4:
        return None
    even = sample[0 : 2 * n : 2].count(0) / n
    odd = sample[1 : 2 * n : 2].count(0) / n
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


_SYMBOL_IN_WORD_RE = re.compile(r"[^\W\d_][\u00a1-\u00bf\u2020\u2021\u2030][^\W\d_]")


def _western(data: bytes) -> str | None:
    """Windows-1252 text when that reads as Latin-script prose.

    charset-normalizer takes short French or Spanish cp1252 text for cp1250
    ("à" -> "ŕ"); a cp1252 reading whose letters are mostly ASCII is right far
    more often.  Cyrillic or Greek bytes read as cp1252 give words made only of
    accented letters, so a high share of non-ASCII letters rules it out, and
    so does a symbol between two letters.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    head = text[:_SAMPLE]
    letters = sum(1 for c in head if c.isalpha())
    non_ascii = sum(1 for c in head if c.isalpha() and ord(c) > 127)
    if not letters or non_ascii / letters >= 0.35:
        return None
    # Central European cp1250 read as cp1252 puts symbols inside words ("wy³¹czenie").
    return None if _SYMBOL_IN_WORD_RE.search(head) else text


def decode(data: bytes, path: str = "<bytes>") -> tuple[str, list[str]]:
    """Decode the bytes of one input to text, with warnings for anything unusual.

    UTF-8 (a BOM is stripped) and UTF-16/32 with a BOM are read silently.
    Otherwise the encoding declared in the document (HTML ``meta charset``,
    XML declaration) or a detected one (Windows-1252 for Latin-script text,
    else charset-normalizer) is used and a warning says so; UTF-16 without a
    BOM is recognised by its NUL bytes at every other position.

    Raises
    ------
    IngestProblem
        (a ``ValueError``) for empty or whitespace-only input and for binary
        data: known file signatures (PNG, PDF, ZIP ...) or many NUL/control bytes.

    Examples
    --------
    >>> decode("café".encode("utf-8"))
    ('café', [])
    >>> decode("café – “quotes”".encode("cp1252"))
    ('café – “quotes”', ['not valid UTF-8: decoded as windows-1252 (detected)'])
    """
    if not data:
        raise IngestProblem("empty file (0 bytes)", path=path)
    kind = _binary_signature(data)
    if kind:
        raise IngestProblem(f"binary data, not text: looks like a {kind}", path=path)
    text: str | None = None
    warnings: list[str] = []
    for bom, codec in _BOMS:
        if data.startswith(bom):
            body = data[len(bom):]
            try:
                text = body.decode(codec)
            except UnicodeDecodeError:
                text = body.decode(codec, errors="replace")
                warnings.append(f"invalid {codec} bytes replaced with U+FFFD")
            break
    if text is None and (codec16 := _utf16_without_bom(data[:_SAMPLE])):
        body = data[: len(data) - len(data) % 2]
        text = body.decode(codec16, errors="replace")
        warnings.append(f"no byte-order mark: decoded as {codec16} (detected from NUL bytes)")
    if text is None:
        sample = data[:_SAMPLE]
        # One C pass (bytes.translate deletes them) rather than one count per byte value.
        controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
        if controls > max(8, len(sample) // 10):
            raise IngestProblem(
                f"binary data, not text: {controls} of the first {len(sample)} bytes "
                "are NUL or control bytes",
                path=path,
            )
        if not data.strip():
            raise IngestProblem("whitespace only, no text", path=path)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text, how = _decode_legacy(data)
            warnings.append(f"not valid UTF-8: decoded as {how}")
    if not text.strip():
        raise IngestProblem("whitespace only, no text", path=path)
    # A UTF-16 guess (or a BOM-like start) can still be binary underneath.
    head = text[:_SAMPLE]
    controls = len(_CONTROL_RE.findall(head)) - head.count("\x1b")
    if controls > max(8, len(head) // 10):
        raise IngestProblem(
            f"binary data, not text: {controls} of the first {len(head)} characters "
            "are control characters",
            path=path,
        )
    return text, warnings


def _decode_legacy(data: bytes) -> tuple[str, str]:
    """Decode non-UTF-8 bytes: declared encoding, else detected; say which."""
    import codecs

    head = data[:4096]
    for rx in _DECLARED_RES:
        if not (m := rx.search(head)):
            continue
        name = m.group(1).decode("ascii", "replace").lower()
        try:
            codec = codecs.lookup(name).name
        except LookupError:
            continue
        # Browsers read latin-1 and ASCII labels as windows-1252 (WHATWG).
        tries = ["cp1252", codec] if codec in ("latin-1", "iso8859-1", "ascii") else [codec]
        for c in tries:
            if c == "utf-8":
                continue
            try:
                return data.decode(c), f"{_label(c)} (declared in the document)"
            except UnicodeDecodeError:
                pass
    if (text := _western(data)) is not None:
        return text, "windows-1252 (detected)"
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
    except Exception:  # detection is best effort
        best = None
    if best is not None and not best.encoding.startswith(("utf_16", "utf_32")):
        return str(best), f"{_label(best.encoding)} (detected)"
    return data.decode("latin-1"), "latin-1 (encoding not recognised; some characters may be wrong)"


def _label(codec: str) -> str:
    codec = codec.lower().replace("_", "-")
    if codec.startswith("cp125"):
        return "windows-" + codec[2:]
    return {"latin-1": "latin-1", "iso8859-1": "latin-1"}.get(codec, codec)


# ---------------------------------------------------------------------------
# text cleaning and headers
# ---------------------------------------------------------------------------
# C0 controls except tab and newline, DEL, and C1 controls (never text; often
# the trace of a wrong decoding).  Vertical tab and form feed become newlines.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _clean(text: str) -> tuple[str, list[str]]:
    """Normalise line ends and drop control characters (before offsets exist)."""
    warnings: list[str] = []
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x0b" in text or "\x0c" in text:
        text = text.replace("\x0b", "\n").replace("\x0c", "\n")
    n = len(_CONTROL_RE.findall(text))
    if n:
        nul = text.count("\x00")
        text = _CONTROL_RE.sub("", text)
        what = f"{nul} NUL and {n - nul} other" if nul else f"{n}"
        warnings.append(f"removed {what} control character(s) from the text")
    return text, warnings


_HEADER_LINE_RE = re.compile(r"^([A-Za-z][A-Za-z0-9_-]{0,40}):(?:[ \t]+(.*?))?[ \t]*$")
_PLAIN_KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_MAX_HEADER_LINES = 60


def _norm_key(key: object) -> str:
    return str(key).strip().lower().replace("-", "_")


def _meta_str(value: object) -> str:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "; ".join(_meta_str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _split_header(text: str) -> tuple[dict[str, str], str, list[str]]:
    """(metadata, body, warnings): YAML front matter or a ``key: value`` block."""
    if text.startswith("---") and text[3:].split("\n", 1)[0].strip() == "":
        m = re.search(r"^(?:---|\.\.\.)[ \t]*$", text[4:], re.MULTILINE)
        if m:
            block, rest = text[4 : 4 + m.start()], text[4 + m.end():]
            try:
                data = yaml.safe_load(block)
            except yaml.YAMLError as e:
                msg = str(e).splitlines()[0]
                return {}, text, [f"front matter is not valid YAML ({msg}); kept as text"]
            if isinstance(data, dict):
                meta = {_norm_key(k): _meta_str(v) for k, v in data.items() if v is not None}
                return meta, rest.lstrip("\n"), []
            return {}, text, ["front matter is not a mapping of keys to values; kept as text"]
    # A "key: value" header: short identifier keys, every line, ending in a blank line.
    meta: dict[str, str] = {}
    raw_keys: list[str] = []
    pos = 0
    for _ in range(_MAX_HEADER_LINES + 1):
        end = text.find("\n", pos)
        if end < 0:
            return {}, text, []  # no blank line: not a header
        line = text[pos:end]
        pos = end + 1
        if not line.strip():
            break
        m = _HEADER_LINE_RE.match(line)
        if not m:
            return {}, text, []
        raw_keys.append(m.group(1))
        meta.setdefault(_norm_key(m.group(1)), m.group(2) or "")
    else:
        return {}, text, []
    if not raw_keys:
        return {}, text, []
    known = _knowledge()["header_keys"]
    if not (any(k in known for k in meta) or all(_PLAIN_KEY_RE.match(k) for k in raw_keys)):
        return {}, text, []  # "Note: prose ..." is body, not a header
    while text.startswith("\n", pos):
        pos += 1
    return meta, text[pos:], []


def _first(meta: Mapping[str, str], keys: Iterable[str]) -> str | None:
    for k in keys:
        v = meta.get(k)
        if v is not None and str(v).strip():
            return str(v).strip()
    return None


def _headline(body: str) -> str | None:
    """The body's first line when it reads as a headline (short, no final stop, own paragraph)."""
    first, sep, rest = body.partition("\n")
    first = first.strip()
    if not first or len(first) > 160 or len(first.split()) > 25:
        return None
    if first[-1] in ".!?:;,…\"”’" or (sep and not rest.startswith("\n")):
        return None
    return first


def _make_article(
    body: str,
    article_id: str,
    path: str,
    meta: dict[str, str],
    published: date | str | None,
    warnings: list[str],
    title: str | None = None,
) -> Article:
    """Build the record from already cleaned text (offsets index ``body``)."""
    if not body.strip():
        raise IngestProblem("no article text (the body is empty)", path=path, article_id=article_id)
    k = _knowledge()
    title = title or _first(meta, k["title_keys"])
    if title is None and "headline" not in meta and (hl := _headline(body)):
        meta["headline"] = hl
    day, source, pw = resolve_published(meta, body, published)
    return Article(
        article_id=article_id,
        text=body,
        path=path,
        title=title,
        published=day,
        published_source=source,
        url=_first(meta, k["url_keys"]),
        source=_first(meta, k["source_keys"]),
        metadata=dict(meta),  # a plain dict: articles are pickled to worker processes
        warnings=tuple(warnings) + tuple(pw),
    )


def parse_article(
    raw: str,
    article_id: str,
    path: str = "",
    published: date | str | None = None,
) -> Article:
    """Turn decoded plain text into an :class:`Article`.

    Line ends are normalised to ``\\n`` and control characters removed first
    (with a warning), so that ``Article.text`` is the text later offsets
    index.  An optional header is split off: YAML front matter between ``---``
    lines, or a block of ``key: value`` lines ended by a blank line.  A block
    counts as a header only when every line has a short identifier key
    (``^[A-Za-z][A-Za-z0-9_-]{0,40}:\\s``) and at least one key is known
    (title, published, source, url, ...) or all keys are lower-case
    identifiers, so a first line such as ``"Note: this is prose"`` stays body.

    Raises
    ------
    IngestProblem
        When nothing is left for the body.

    Examples
    --------
    >>> a = parse_article("The following is attributable to the Spokesperson:\\n\\nText.", "x")
    >>> a.text.startswith("The following"), a.title
    (True, None)
    >>> parse_article("---\\ntitle: T\\ndate: 2025-03-04\\n---\\nBody.", "y").published
    datetime.date(2025, 3, 4)
    """
    text, warnings = _clean(raw)
    meta, body, hw = _split_header(text)
    return _make_article(body, article_id, path, meta, published, warnings + hw)


# ---------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------
_HTML_SNIFF_RE = re.compile(r"<(?:!doctype\s+html|html|head|body|article|main)\b", re.I)


def _looks_html(text: str) -> bool:
    head = text[:4096].lstrip()
    return head.startswith("<") and bool(_HTML_SNIFF_RE.search(head))


def _has_article_text(text: str) -> bool:
    # Navigation crumbs ("Home | World") survive extraction on empty pages.
    lines = [ln for ln in text.split("\n") if ln.strip()]
    return len(re.findall(r"\w+", text)) >= 6 and any(len(ln.split()) >= 5 for ln in lines)


def _html_article(
    html: str, article_id: str, path: str, published: date | str | None, warnings: list[str]
) -> Article:
    try:
        import trafilatura
        from htmldate import find_date
    except ImportError as e:  # e.g. lxml without lxml_html_clean
        raise IngestProblem(f"HTML support unavailable ({e})", path=path) from None
    doc = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        output_format="python",
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = (getattr(doc, "text", None) or "") if doc is not None else ""
    if not _has_article_text(text):
        raise IngestProblem(
            "no article text found (scripts, styles and navigation are not article text)",
            path=path,
        )
    meta: dict[str, str] = {}
    for attr, key in (("title", "title"), ("url", "url"), ("sitename", "source"),
                      ("author", "author"), ("description", "description")):
        value = getattr(doc, attr, None)
        if value:
            meta[key] = str(value)
    try:
        found = find_date(html, original_date=True, extensive_search=False,
                          outputformat="%Y-%m-%d")
    except Exception:  # htmldate is best effort
        found = None
    if found:
        meta["published"] = found
    body, cw = _clean(text)
    return _make_article(body, article_id, path, meta, published, warnings + cw)


# ---------------------------------------------------------------------------
# records: JSON Lines, JSON, CSV
# ---------------------------------------------------------------------------
def _record_article(
    obj: object, n: int, path: str, stem: str, published: date | str | None, what: str
) -> Article:
    if not isinstance(obj, dict):
        raise IngestProblem(f"{what} {n}: expected an object with a text field, got {_json_type(obj)}",
                            line=n, path=path)
    k = _knowledge()
    norm: dict[str, Any] = {}
    for key, value in obj.items():
        norm.setdefault(_norm_key(key), value)
    rid_raw = _first({key: v for key, v in norm.items() if isinstance(v, (str, int))
                      and not isinstance(v, bool)}, k["id_keys"])
    rid = rid_raw if rid_raw is not None else f"{stem}-{n}"
    text_key = next((key for key in k["text_keys"] if key in norm), None)
    if text_key is None:
        raise IngestProblem(
            f"{what} {n}: no text field (expected one of: {', '.join(k['text_keys'][:3])})",
            line=n, path=path, article_id=rid)
    text = norm[text_key]
    if not isinstance(text, str):
        raise IngestProblem(
            f"{what} {n}: field {text_key!r} must be a string, got {_json_type(text)}",
            line=n, path=path, article_id=rid)
    if not text.strip():
        raise IngestProblem(f"{what} {n}: field {text_key!r} is empty", line=n, path=path,
                            article_id=rid)
    meta = {key: _meta_str(v) for key, v in norm.items() if key != text_key and v is not None}
    body, warnings = _clean(text)
    try:
        return _make_article(body, rid, path, meta, published, warnings)
    except IngestProblem as e:
        raise IngestProblem(f"{what} {n}: {e.reason}", line=n, path=path, article_id=rid) from None


def _json_type(value: object) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean",
            int: "a number", float: "a number", type(None): "null"}.get(type(value), type(value).__name__)


def _jsonl(text: str, path: str, stem: str, published: date | str | None
           ) -> Iterator[Article | IngestError]:
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            yield IngestError(path, f"line {n}: malformed JSON ({e.msg}, column {e.colno})", line=n)
            continue
        yield _record_or_error(obj, n, path, stem, published, "line")


def _record_or_error(obj: object, n: int, path: str, stem: str, published: date | str | None,
                     what: str) -> Article | IngestError:
    try:
        return _record_article(obj, n, path, stem, published, what)
    except IngestProblem as e:
        return IngestError(path, e.reason, line=e.line, article_id=e.article_id)


def _json(text: str, path: str, stem: str, published: date | str | None
          ) -> Iterator[Article | IngestError]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        yield IngestError(path, f"malformed JSON ({e.msg}, line {e.lineno}, column {e.colno})",
                          line=e.lineno)
        return
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        records = data["articles"]
    elif isinstance(data, list):
        records = data
    elif isinstance(data, dict) and any(k in {_norm_key(x) for x in data}
                                        for k in _knowledge()["text_keys"]):
        records = [data]  # a single article object
    else:
        yield IngestError(path, "expected a list of objects or an object with an 'articles' list, "
                          f"got {_json_type(data)}")
        return
    for n, obj in enumerate(records, 1):
        yield _record_or_error(obj, n, path, stem, published, "record")


def _csv(text: str, path: str, stem: str, published: date | str | None, max_bytes: int
         ) -> Iterator[Article | IngestError]:
    # The csv module refuses fields over 128 KiB by default; articles can be longer.
    csv.field_size_limit(max(csv.field_size_limit(), min(max_bytes, 2**31 - 1)))
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        yield IngestError(path, "CSV file has no header row")
        return
    except csv.Error as e:
        yield IngestError(path, f"CSV header could not be read ({e})", line=1)
        return
    cols = [_norm_key(c.lstrip("\ufeff")) for c in header]
    text_keys = _knowledge()["text_keys"]
    if not any(c in text_keys for c in cols):
        shown = ", ".join(c for c in cols if c) or "(none)"
        yield IngestError(path, f"CSV has no text column (expected one of: "
                          f"{', '.join(text_keys[:3])}); columns are: {shown}")
        return
    n = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            n += 1
            yield IngestError(path, f"row {n}: CSV could not be read ({e})", line=n)
            return
        n += 1
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(cols):
            yield IngestError(path, f"row {n}: {len(row)} fields but the header has {len(cols)} "
                              "(a quoting problem?)", line=n)
            continue
        rec = dict(zip(cols, row + [""] * (len(cols) - len(row)), strict=True))
        rec = {k: v for k, v in rec.items() if k and (v.strip() or k in text_keys)}
        yield _record_or_error(rec, n, path, stem, published, "row")


# ---------------------------------------------------------------------------
# files, folders, stdin
# ---------------------------------------------------------------------------
class _Ids:
    """Article ids unique within a run: a repeated id gets ``-2``, ``-3`` ..."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def take(self, base: str) -> str:
        base = base or "article"
        new, n = base, 1
        while new in self.seen:
            n += 1
            new = f"{base}-{n}"
        self.seen.add(new)
        return new


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


def _too_big(size: int | None, limit: int) -> str:
    what = f"{size:,} bytes ({_mb(size)})" if size is not None else "more than the limit"
    return (f"too large: {what}, over the limit of {limit:,} bytes ({_mb(limit)}); "
            "raise the limit with --max-bytes (read_inputs(max_bytes=...))")


def _kind_of(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISDIR, "a directory")):
        if test(mode):
            return name
    return "not a regular file"


def _wanted(name: str) -> bool:
    """Whether a folder walk reads this file: known article formats or no extension."""
    k = _knowledge()
    ext = name.rpartition(".")[2].lower() if "." in name else ""
    return ext == "" or any(ext in k[f"{f}_extensions"] for f in ("text", "html", "jsonl", "json", "csv"))


def _walk(folder: Path, visited: set[tuple[int, int]]) -> Iterator[str | Path | IngestError]:
    """Files under ``folder`` in sorted order; hidden entries skipped; loops refused."""
    try:
        st = os.stat(folder)
    except OSError as e:
        yield IngestError(str(folder), f"cannot open folder: {e.strerror or e}")
        return
    key = (st.st_dev, st.st_ino)
    if key in visited:
        yield IngestError(str(folder), "symbolic link loop (or second link to a folder already "
                          "read): skipped")
        return
    visited.add(key)
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except PermissionError:
        yield IngestError(str(folder), "permission denied: cannot list the folder")
        return
    except OSError as e:
        yield IngestError(str(folder), f"cannot list the folder: {e.strerror or e}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = entry.path  # a str: a Path per file costs more than the file index's lookup
        try:
            is_dir = entry.is_dir()  # follows symlinks; loops are caught by ``visited``
            is_file = not is_dir and entry.is_file()
        except OSError as e:
            yield IngestError(str(path), f"cannot access: {e.strerror or e}")
            continue
        if is_dir:
            yield from _walk(Path(path), visited)
        elif not _wanted(entry.name):
            continue
        elif is_file:
            yield path
        elif entry.is_symlink() and not os.path.exists(path):
            try:
                os.stat(path)
                reason = "broken symbolic link"
            except OSError as e:
                reason = ("symbolic link loop" if e.errno == errno.ELOOP else
                          f"broken symbolic link ({e.strerror})")
            yield IngestError(str(path), reason)
        else:
            yield path  # FIFO, socket ...: _read_file refuses it by name


def _expand(item: str | os.PathLike[str]) -> Iterator[str | Path | IngestError]:
    if isinstance(item, str) and item == _STDIN:
        yield _STDIN
        return
    path = Path(item)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        yield IngestError(str(path), "no such file or folder")
        return
    except OSError as e:
        reason = "symbolic link loop" if e.errno == errno.ELOOP else f"cannot access: {e.strerror or e}"
        yield IngestError(str(path), reason)
        return
    if stat.S_ISDIR(st.st_mode):
        yield from _walk(path, set())
    else:
        yield path


def _read_file(path: Path, max_bytes: int) -> bytes:
    try:
        st = os.stat(path)
    except OSError as e:
        raise IngestProblem(f"cannot access: {e.strerror or e}") from None
    # Decide before opening: a FIFO would block and a huge file would be read in full.
    if not stat.S_ISREG(st.st_mode):
        raise IngestProblem(f"not a regular file ({_kind_of(st.st_mode)})")
    if st.st_size > max_bytes:
        raise IngestProblem(_too_big(st.st_size, max_bytes))
    try:
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except PermissionError:
        raise IngestProblem("permission denied: cannot read the file") from None
    except IsADirectoryError:
        raise IngestProblem("is a directory, not a file") from None
    except OSError as e:
        raise IngestProblem(f"cannot read: {e.strerror or e}") from None
    if len(data) > max_bytes:  # grew after the size check
        raise IngestProblem(_too_big(None, max_bytes))
    return data


def _read_stream(stream: IO[Any], max_bytes: int) -> bytes:
    try:
        data = stream.read(max_bytes + 1)
    except OSError as e:
        raise IngestProblem(f"cannot read standard input: {e}") from None
    if isinstance(data, str):  # a text stream was passed
        data = data.encode("utf-8")
    if len(data) > max_bytes:
        raise IngestProblem(_too_big(None, max_bytes))
    return data


def _format(path_name: str, text: str) -> str:
    k = _knowledge()
    ext = path_name.rpartition(".")[2].lower() if "." in path_name else ""
    for fmt in ("html", "jsonl", "json", "csv"):
        if ext in k[f"{fmt}_extensions"]:
            return fmt
    return "html" if _looks_html(text) else "text"


def _articles_from_bytes(
    data: bytes, path: str, stem: str, published: date | str | None, max_bytes: int
) -> Iterator[Article | IngestError]:
    text, warnings = decode(data, path)
    fmt = _format(path, text)
    if fmt == "jsonl":
        yield from _with_warnings(_jsonl(text, path, stem, published), warnings)
    elif fmt == "json":
        yield from _with_warnings(_json(text, path, stem, published), warnings)
    elif fmt == "csv":
        yield from _with_warnings(_csv(text, path, stem, published, max_bytes), warnings)
    elif fmt == "html":
        yield _html_article(text, stem, path, published, warnings)
    else:
        art = parse_article(text, stem, path, published)
        yield dataclasses.replace(art, warnings=tuple(warnings) + art.warnings) if warnings else art


def _with_warnings(items: Iterator[Article | IngestError], warnings: list[str]
                   ) -> Iterator[Article | IngestError]:
    for item in items:
        if warnings and isinstance(item, Article):
            item = dataclasses.replace(item, warnings=tuple(warnings) + item.warnings)
        yield item


class FileIndex(Protocol):
    """What :func:`read_inputs` asks before reading a file, and tells after
    (implemented by the cache of :mod:`timeline.runner`)."""

    def lookup(self, path: str) -> list[Article] | None:
        """The articles of ``path`` if it is known unchanged, else ``None`` (then it is read)."""

    def record(self, path: str, items: Iterator[Article | IngestError]
               ) -> Iterator[Article | IngestError]:
        """Pass the items read from ``path`` through, noting them."""


def read_inputs(
    inputs: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    published: date | str | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: IO[Any] | None = None,
    index: FileIndex | None = None,
) -> Iterator[Article | IngestError]:
    """Read files, folders and ``"-"`` (standard input) lazily, one file in memory at a time.

    Folders are walked recursively in sorted name order; hidden files and
    folders are skipped, symbolic-link loops reported once and not followed,
    and only article formats (``.txt``, ``.md``, ``.html``, ``.json``,
    ``.jsonl``, ``.csv`` and files without extension) are read.  A file
    named explicitly is always read (its format sniffed).  Files over
    ``max_bytes`` are refused from their size alone, before reading.

    Article ids: a record's ``id`` field, else ``<file stem>-<n>``; a file's
    name without extension; ``stdin`` for standard input.  Repeated ids get
    ``-2``, ``-3`` ... in reading order.

    Parameters
    ----------
    inputs : iterable of paths, or one path
        Files, folders, or ``"-"``.
    published : date or str, optional
        Publication date for articles without one in their metadata.
    max_bytes : int
        Size limit per file (CLI ``--max-bytes``).
    stdin : binary stream, optional
        What ``"-"`` reads (default ``sys.stdin.buffer``).
    index : FileIndex, optional
        Articles of files known unchanged (the cache's file index): a file
        it knows is not read, and what it returns is yielded instead (ids
        made unique as usual); every file read is offered to it.

    Yields
    ------
    Article or IngestError
        Never raises on bad input.

    Examples
    --------
    >>> import io
    >>> [a.text for a in read_inputs(["-"], stdin=io.BytesIO(b"Leaders met in Paris."))]
    ['Leaders met in Paris.']
    """
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    ids = _Ids()
    for item in inputs:
        for src in _expand(item):
            if isinstance(src, IngestError):
                yield src
                continue
            path = "<stdin>" if src == _STDIN else str(src)
            try:
                known = index.lookup(path) if index is not None and src != _STDIN else None
                if known is not None:
                    produced: Iterable[Article | IngestError] = known
                else:
                    stem = "stdin" if src == _STDIN else Path(src).stem
                    if src == _STDIN:
                        data = _read_stream(stdin if stdin is not None else sys.stdin.buffer,
                                            max_bytes)
                    else:
                        data = _read_file(Path(src), max_bytes)
                    produced = _articles_from_bytes(data, path, stem, published, max_bytes)
                    if index is not None and src != _STDIN:
                        produced = index.record(path, produced)
                for out in produced:
                    if isinstance(out, Article):
                        new_id = ids.take(out.article_id)
                        if new_id != out.article_id:
                            out = dataclasses.replace(out, article_id=new_id)
                    yield out
            except IngestProblem as e:
                yield IngestError(path, e.reason, line=e.line, article_id=e.article_id)
            except Exception as e:  # never let one input end the run
                yield IngestError(path, f"unexpected error while reading ({type(e).__name__}: {e})")
