"""More shortcuts of ``temporal.tag`` give exactly what the plain code gives.

The anchor scan skips a word by reading the anchor trie once (an optional
possessive prefix) instead of a negative lookahead, and the words after a
single space in an inner loop; the token starts of the words walked back over
before an anchor are memoised by that stretch of text; page furniture is asked
about only before an anchor's first handler.  Each test compares a shortcut
with the code it replaces, on the seed article, the dev articles (when
present), generated articles and a table of edge cases.
"""

from __future__ import annotations

import re

import pytest
from _corpora import generated_texts, seed_and_dev_texts

from timeline import temporal

EDGES = [
    # anchors, words that begin with an anchor ("mayor", "monday2", "quarterly",
    # "sept" inside "september"), and anchors that end the text
    "The mayor met Monday2 on monday, a quarterly talk in Septembre, not September; may",
    # "q" before a quarter digit, and "q" words that are not quarters
    "q1 Q4 2024 q5 qa quarter quarters1 3q 4Q24 q12 xq3 aq",
    # digit tokens glued to letters, amounts, hours, decades
    "in2025 12ab34 the 1990s ’90s 2.6% 5 p.m. 7am 12:30 covid19 f16 2025abc",
    # openers walked back over: gap characters, digits, a newline that stops the walk
    "about three-and-a-half\tyears, the first 'half' of the ’past’ year\nlast week 5 days ago",
    # accented and cased non-ASCII letters (the lower-casing paths)
    "ÉTÉ 2024: THE PRESIDENT MET MR. SÁNCHEZ LAST TUESDAY; Straße ſince ıdea K on Monday",
    # single spaces before words, anchors, digits and "q" (the inner loop), double ones
    "said the old man  in the  month a b c monday x 2025 y q1 z new year 5 pm and 12 ab",
    # nothing but separators, and the empty text
    " ,.-/'’\t\n",
    "",
]


@pytest.fixture(scope="module")
def real_texts(tmp_path_factory) -> list[str]:
    """The seed, the dev articles when present, and 200 generated articles."""
    return [*seed_and_dev_texts(), *generated_texts(200, 13, tmp_path_factory.mktemp("corpus"))]


# the scan as it was written before: a negative lookahead before every skipped word
_PLAIN_SCAN = re.compile(
    rf"[^a-z\d]*(?:(?:(?!{temporal._trie(temporal._ANCHOR_WORDS)}(?![a-z])|q[1-4])[a-z]+"
    rf"|(?!{temporal._digit_candidates()})\d+[a-z]*)[^a-z\d]*)*"
    rf"(?:({temporal._trie(temporal._ANCHOR_WORDS)})(?![a-z])|(q)(?=[1-4])|({temporal._digit_candidates()})|\Z)")


def _stops(rx: re.Pattern[str], scan: str) -> list[tuple[int | None, tuple[int, int]]]:
    return [(m.lastindex, m.span(m.lastindex or 0)) for m in rx.finditer(scan)]


def _scan_text(text: str) -> str:
    return temporal._safe_lower(text) or temporal._ascii_lower(text)


@pytest.mark.parametrize("text", EDGES)
def test_scan_skips_words_as_the_lookahead_did_edges(text: str) -> None:
    """Same candidates (group and span) as the lookahead form, on edge cases."""
    scan = _scan_text(text)
    assert _stops(temporal._RX_SCAN, scan) == _stops(_PLAIN_SCAN, scan)


def test_scan_skips_words_as_the_lookahead_did_real(real_texts: list[str]) -> None:
    """Same candidates (group and span) as the lookahead form, on real articles."""
    for text in real_texts:
        scan = _scan_text(text)
        assert _stops(temporal._RX_SCAN, scan) == _stops(_PLAIN_SCAN, scan), text[:80]


@pytest.mark.parametrize("word", temporal._ANCHOR_WORDS)
def test_scan_stops_at_each_anchor_word_and_not_at_its_extensions(word: str) -> None:
    """Every anchor word is a candidate, alone or after other words; the word
    with a letter added, or glued after a letter, is not."""
    for text in (word, f"x {word}.", f"{word}s {word}x x{word} {word}-"):
        assert _stops(temporal._RX_SCAN, text) == _stops(_PLAIN_SCAN, text), text


def _plain_starts(scan: str, a: int, ta: int) -> list[int]:
    return [m.start() for m in temporal._RX_TOKEN.finditer(scan, a, ta)]


def _walks(scan: str):
    """(a, ta) of the backward walk from every token start."""
    rev, n = scan[::-1], len(scan)
    for m in temporal._RX_TOKEN.finditer(scan):
        ta = m.start()
        yield n - temporal._RX_BACK.match(rev, n - ta).end(), ta


@pytest.mark.parametrize("text", EDGES)
def test_token_offsets_are_the_finditer_starts_edges(text: str) -> None:
    """The memoised offsets, shifted, are finditer's token starts over the walk."""
    scan = _scan_text(text)
    for a, ta in _walks(scan):
        assert [a + d for d in temporal._token_offsets(scan[a:ta])] == _plain_starts(scan, a, ta)


def test_token_offsets_are_the_finditer_starts_real(real_texts: list[str]) -> None:
    """The same on real articles, at every token start (not only anchors)."""
    for text in real_texts:
        scan = _scan_text(text)
        for a, ta in _walks(scan):
            assert [a + d for d in temporal._token_offsets(scan[a:ta])] == _plain_starts(scan, a, ta)


FURNITURE_EDGES = [
    # furniture lines with anchors that match ("Monday", "5 p.m.") and that match
    # nothing ("new"), between ordinary lines with dates
    "Talks resumed on Monday.\nWatch LIVE TV at 5 p.m. on Monday\nThe new plan came last week.",
    "Sign up for our newsletter, new every week\n\nOn Tuesday the talks ended.\nRead more",
    # a furniture line after a long paragraph, and a short ordinary line with two anchors
    "x " * 90 + "in March 2024\nFollow us on X today\nLast year and next week.\n(c) 2025",
    # the same line twice, the second time after a result that ends on it
    "Set as your preferred source on Google in 2025\nSet as your preferred source on Google in 2025",
]


class _FilteredScan:
    """``_RX_SCAN`` without the anchors that lie in a furniture span of the text:
    the plain definition, applied to every anchor before anything else is done."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans
        self.scan = temporal._RX_SCAN

    def finditer(self, scan: str):
        for m in self.scan.finditer(scan):
            g = m.lastindex
            if g is None or not any(a <= m.start(g) < b for a, b in self.spans):
                yield m


def _tag_plain_furniture(text: str, monkeypatch) -> list:
    from datetime import date
    spans = temporal._boiler_spans(text, _scan_text(text) if temporal._safe_lower(text) else None)
    with monkeypatch.context() as mp:
        mp.setattr(temporal, "_RX_SCAN", _FilteredScan(spans))
        mp.setattr(temporal, "_BOILER_MAX_LINE", -1)  # no line is short: tag's own check is off
        return temporal.tag(text, date(2025, 2, 18))


@pytest.mark.parametrize("text", FURNITURE_EDGES + EDGES)
def test_furniture_asked_late_skips_what_the_spans_skip_edges(text: str, monkeypatch) -> None:
    """Deciding furniture only before an anchor's first handler gives what skipping
    every anchor in a furniture span up front gives."""
    from datetime import date
    assert temporal.tag(text, date(2025, 2, 18)) == _tag_plain_furniture(text, monkeypatch)


def test_furniture_asked_late_skips_what_the_spans_skip_real(real_texts: list[str], monkeypatch) -> None:
    """The same on real articles."""
    from datetime import date
    for text in real_texts:
        assert temporal.tag(text, date(2025, 2, 18)) == _tag_plain_furniture(text, monkeypatch), text[:80]


# the backward walk as it was written before: no possessive gaps or letters
_PLAIN_BACK = re.compile(
    "(?:[" + "".join(re.escape(c) for c in temporal._GAP_CHARS) + "]*"
    rf"(?:{temporal._trie(w[::-1] for w in temporal._OPENER_WORDS)}(?![a-z\d])|[a-z]*\d+(?!\d))){{0,8}}")


def test_backward_walk_possessive_stops_where_the_plain_one_did(real_texts: list[str]) -> None:
    """The possessive walk stops where the backtracking one stopped, from every
    token start of the edge cases and real articles."""
    for text in EDGES + real_texts:
        scan = _scan_text(text)
        rev, n = scan[::-1], len(scan)
        for m in temporal._RX_TOKEN.finditer(scan):
            p = n - m.start()
            assert temporal._RX_BACK.match(rev, p).end() == _PLAIN_BACK.match(rev, p).end(), text[:80]


FOLD_EDGES = [
    # cased letters that lower in place, and the traps IGNORECASE folds onto a-z
    "Éric SÁNCHEZ met Ärzte on Monday", "Straße ſince 1990", "\u212a times, Monday", "ǅ and ﬀ",
    # a letter whose lower case is two characters (the offsets change)
    "İstanbul on Monday",
    # final and medial sigma, astral letters that lower to astral ones, a lone surrogate
    "ΟΔΥΣΣΕΥΣ ΣΑΣ in 2024", "\U00010400\U00010428 on Monday", "a\ud800b É",
    # nothing cased beyond ASCII (_safe_lower lowers these), and ASCII only
    "“Quotes” — and ’90s", "Plain ASCII text",
]


@pytest.mark.parametrize("text", FOLD_EDGES)
def test_folded_is_fold_lower_edges(text: str) -> None:
    """Looking for the traps among the non-ASCII characters decides as looking in
    the whole lower-cased text, whether _safe_lower saw the text last or not."""
    want = temporal._fold_lower(text, text.lower())
    temporal._safe_lower(text)
    assert temporal._folded(text) == want
    temporal._LAST_REST = (None, "")
    assert temporal._folded(text) == want


@pytest.mark.parametrize("char", [chr(c) for c in range(0x80, 0x3000, 7)] + ["\u212a", "ſ", "İ", "ẞ", "Σ"])
def test_folded_is_fold_lower_characters(char: str) -> None:
    """The same for characters across the BMP, alone in a sentence and at its end."""
    for text in (f"On Monday {char}x ends.", f"ABC {char}", char):
        temporal._LAST_REST = (None, "")
        assert temporal._folded(text) == temporal._fold_lower(text, text.lower()), repr(text)


def test_folded_is_fold_lower_real(real_texts: list[str]) -> None:
    """The same on real articles (accented names, quotes)."""
    for text in real_texts:
        temporal._safe_lower(text)
        assert temporal._folded(text) == temporal._fold_lower(text, text.lower()), text[:80]


def _plain_rules_at(key: str) -> tuple[str, ...]:
    """The rules a key can start, by one regex of every rule's test in an optional
    lookahead group (as _rules_at was first written), with the usual tail."""
    _, tests, sentinels = temporal._rule_index()
    whole = re.compile("".join("()" if t is None else f"(?:(?=({t.__self__.pattern})))?" for t in tests))
    m = whole.match(key + sentinels)
    return tuple(temporal._RULES[i][0] for i in range(len(tests)) if m.group(i + 1) is not None)


KEY_EDGES = [
    # full keys: openers, anchors, digits, punctuation, a sentinel character, non-ASCII
    "the past", "may 19 (", "2025 and", "last wee", "q3 2024 ", "jan. 28,", "xyzzy ab", "in the p",
    "the 5th ", "5 p.m. o", "mid-marc", "’90s and", "\x00\x00the p", "été 2024", "1990s, t",
    # keys cut short by the end of the text (tested with more sentinels: a superset)
    "t", "th", "the", "may", "20", "q", "mid-",
]


def _check_key(key: str) -> None:
    got = tuple(name for name, _ in temporal._rules_at(key))
    want = _plain_rules_at(key)
    if len(key) == temporal._KEY_LEN:
        assert got == want, key
    else:  # every rule the plain test names, in grammar order, maybe more
        order = [name for name, _ in temporal._RULES]
        assert set(want) <= set(got) and list(got) == sorted(got, key=order.index), key


@pytest.mark.parametrize("key", KEY_EDGES)
def test_rules_at_through_prefixes_is_the_plain_test_edges(key: str) -> None:
    """Testing a key only against the rules its prefixes pass names the rules the
    test of all rules names."""
    _check_key(key)


def test_rules_at_through_prefixes_is_the_plain_test_real(real_texts: list[str]) -> None:
    """The same for the key at every word start of the real articles (fresh caches)."""
    temporal._rules_at.cache_clear()
    temporal._rules_from.cache_clear()
    keys = set()
    for text in real_texts[:120]:
        low = _scan_text(text)
        keys.update(low[m.start():m.start() + temporal._KEY_LEN] for m in temporal._RX_TOKEN.finditer(low))
    for key in sorted(keys):
        _check_key(key)
