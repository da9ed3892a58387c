"""The scan machinery of ``temporal.tag`` gives exactly what the plain definitions give.

``tag`` finds anchors with one regex instead of tokenising every word, walks
back over openers on the reversed text, tries only the grammar rules that can
start with the next characters, and looks for page furniture only around
short lines.  Each test compares one of these with the straightforward code it
replaces, on the seed article and on texts made to hit the edge cases.
"""

from __future__ import annotations

import random
import re

import pytest
from _corpora import SEED

from timeline import temporal

EDGES = [
    # quarters, decades, hours: digit tokens that are anchors, and ones that are not
    "Q3 2024, 3Q24, q5, 4q, the 1990s, ’90s, 2.6% in 12345 cases, 5 p.m., 7am, 12:30, 5p.m.",
    # letters glued to digits and to anchors ("in2025", "mayor", "common")
    "in2025 the mayor said 12ab34 was common on Monday2 and may 2025-02-17 or 2/17/2025",
    # openers separated by every gap character, and by a newline (which stops the walk)
    "the first, -half/of 'the' ’past’\tyear\nlast\nweek from the 5th to the 7th of March",
    # upper case and accented capitals (the fold-lower and plain paths)
    "ÉTÉ 2024: THE PRESIDENT MET MR. SÁNCHEZ LAST TUESDAY AND AGAIN ON 3 MARCH 2025.",
    "Straße ſince the ıdea of K times: Monday, Feb. 17, 2025 — about three years ago.",
]


def _texts() -> list[str]:
    rng = random.Random(7)
    words = sorted(temporal._ANCHORS | temporal._OPENERS) + ["said", "of", "1990s", "2025", "5"]
    noise = [" ".join(rng.choice(words) for _ in range(rng.randint(3, 30))) for _ in range(60)]
    return [SEED.read_text(encoding="utf-8"), *EDGES, *noise]


TEXTS = _texts()


def _word_starts(s: str) -> list[int]:
    return [i for i in range(len(s)) if not (i and s[i - 1].isalnum() and s[i].isalnum())]


def _grammar_lower(text: str) -> str | None:
    return temporal._safe_lower(text) or temporal._fold_lower(text, text.lower())


@pytest.mark.parametrize("text", [t for t in TEXTS[:1 + len(EDGES)] + TEXTS[-5:]
                                  if _grammar_lower(t) is not None])
def test_rules_at_gives_the_master_match(text: str) -> None:
    """Trying only the rules whose test accepts the next characters finds the
    same rule and span as the whole alternation, at every word start."""
    low = _grammar_lower(text)
    assert low is not None and temporal._rule_index() is not None
    for st in _word_starts(low):
        whole = temporal._MASTER_LOW.match(low, st)
        want = None if whole is None else (whole.span(), temporal._RULE_OF_GROUP[whole.lastgroup])
        got = None
        for name, rule_match in temporal._rules_at(low[st:st + temporal._KEY_LEN]):
            m = rule_match(low, st)
            if m is not None:
                got = (m.span(), name)
                break
        assert got == want, (low[st:st + 30], got, want)


def test_rule_index_rules_are_the_compiled_sources() -> None:
    """Each rule compiled from the tree parsed for its test matches as the lower-cased
    source compiled by ``re.compile``, at every start of the seed and edge texts;
    and the tests of the rules are the ones built without the min-length memo."""
    rules, tests, _ = temporal._rule_index()
    texts = [low for low in map(_grammar_lower, TEXTS[:1 + len(EDGES)]) if low is not None]
    for (_, pat), rule_match in zip(temporal._RULES, rules, strict=True):
        plain = re.compile(temporal._lower_source(temporal._Source(pat, re.I | re.U)))
        for low in texts:
            for st in range(len(low)):
                a, b = rule_match(low, st), plain.match(low, st)
                assert (a and a.span()) == (b and b.span()), (pat[:40], low[st:st + 30])
    # the min length of every item, recomputed from scratch, gives the same test
    memo = temporal._item_min_len
    try:
        temporal._item_min_len = lambda op, av: temporal._min_len([(op, av)])
        temporal._rule_index.cache_clear()
        assert [t and t.__self__.pattern for t in temporal._rule_index()[1]] == \
            [t and t.__self__.pattern for t in tests]
    finally:
        temporal._item_min_len = memo
        temporal._rule_index.cache_clear()


def _plain_candidates(scan: str, text: str) -> list[tuple[int, int]]:
    """The anchor tokens as the tokenising loop found them."""
    out = []
    for m in temporal._RX_TOKEN.finditer(scan):
        w, tb = m.group(), m.end()
        if w in temporal._ANCHORS or (w == "q" and text[tb:tb + 1] in ("1", "2", "3", "4")):
            out.append(m.span())
        elif w[0].isdigit() and (temporal._RX_DIGIT_ANCHOR.fullmatch(w) or (
                len(w) <= 2 and temporal._RX_TIME_AFTER.match(text, tb))):
            out.append(m.span())
    return out


@pytest.mark.parametrize("text", TEXTS)
def test_scan_stops_at_every_anchor(text: str) -> None:
    """The scan's candidates, once the digit checks of ``tag`` are applied, are
    the anchor tokens of a full tokenisation."""
    scan = temporal._safe_lower(text) or temporal._ascii_lower(text)
    got = []
    for sm in temporal._RX_SCAN.finditer(scan):
        g = sm.lastindex
        if g is None:
            break
        ta, tb = sm.span(g)
        w = scan[ta:tb]
        if g == 3 and not (w in temporal._ANCHORS or temporal._RX_DIGIT_ANCHOR.fullmatch(w)
                           or (len(w) <= 2 and temporal._RX_TIME_AFTER.match(text, tb))):
            continue
        got.append((ta, tb))
    assert got == _plain_candidates(scan, text)


def _plain_walk(scan: str, text: str, ta: int) -> int:
    """Start of the leftmost token the original backward walk reached from ``ta``."""
    toks = [m for m in temporal._RX_TOKEN.finditer(scan, 0, ta)]
    j, start = len(toks), ta
    while j > 0 and len(toks) - j < 8 and (
            toks[j - 1].group() in temporal._OPENERS or toks[j - 1].group()[0].isdigit()) and \
            text[toks[j - 1].end():start].strip(temporal._GAP_CHARS) == "":
        j -= 1
        start = toks[j].start()
    return start


@pytest.mark.parametrize("text", TEXTS)
def test_backward_walk_over_openers(text: str) -> None:
    """The reversed-text regex stops where the token-by-token walk stopped."""
    scan = temporal._safe_lower(text) or temporal._ascii_lower(text)
    rev, n = scan[::-1], len(scan)
    for m in temporal._RX_TOKEN.finditer(scan):
        ta = m.start()
        assert n - temporal._RX_BACK.match(rev, n - ta).end() == _plain_walk(scan, text, ta)


FURNITURE = [
    "Watch LIVE TV\nTalks went on Monday.\nRead more\nSign up for our newsletter today",
    "A long line " + "x" * 170 + " also\nread more\nand a short line on Monday",
    "all  rights\n reserved 2025\n(c) \n\nMonday\n" + "y" * 200 + " cookie policy",
    "spread more cheer\nalready read   more? follow us on X on Tuesday\nnothing",
    "(c)\n\n\nThe statement on Monday\nSUBSCRIBE TO updates\n\n\n\nclick here, last week",
    # a key at the far end of a line of nearly the longest furniture length, and keys
    # just inside and just outside the window a line's spans can reach
    "On Monday " + "x " * 72 + "read more\nlast week",
    "On Monday\n" + "y" * 140 + " read more\nlast week\n" + "z" * 150 + " read more",
    "2024\n" + "w" * 150 + " read more\n" + "v" * 160 + "\nread more 2025",
    # the search reaches only the lines a span can hold: a key in a long neighbour
    # paragraph, in a short neighbour, and a phrase broken over two short lines
    "x" * 200 + " read more\nOn Monday\n" + "y" * 200 + " read more",
    "read more\n" + "a" * 100 + " Monday\n" + "b " * 40 + "2025\n",
    "On Monday read\nmore 2025\nlast week\n" + "w" * 100 + " read\nmore " + "v" * 60 + " 2025",
    "In 2024 click\n\nhere\n" + "c" * 159 + "\nread more\n" + "d" * 158 + " 2025\nsign up",
]


@pytest.mark.parametrize("text", FURNITURE + TEXTS[:3])
def test_furniture_lines_match_the_spans(text: str) -> None:
    """A line is furniture by the local search exactly when a span of
    ``_boiler_spans`` over the whole text holds it."""
    low = _grammar_lower(text)
    assert low is not None and temporal._BOILER_PLAN is not None
    spans = temporal._boiler_spans(text, low)
    assert spans == temporal._boiler_spans(text, None)  # the phrase search is finditer's
    ls = 0
    while ls <= len(text):
        le = text.find("\n", ls)
        le = len(text) if le < 0 else le
        if ls < le:
            want = any(a <= ls < b for a, b in spans)
            assert temporal._furniture_line(text, low, low[::-1], ls, le) == want, text[ls:le]
        ls = le + 1


@pytest.mark.parametrize("text", FURNITURE + TEXTS[:3])
def test_tag_skips_the_furniture_lines_of_the_spans(text: str, monkeypatch) -> None:
    """tag() deciding furniture once a line (by _furniture_line) gives what it gives
    checking each anchor against the spans of the whole text."""
    from datetime import date
    fast = temporal.tag(text, date(2025, 2, 18))
    monkeypatch.setattr(temporal, "_BOILER_PLAN", None)  # the plain path: _boiler_spans
    assert temporal.tag(text, date(2025, 2, 18)) == fast


@pytest.mark.parametrize("char", ["é", "É", "ſ", "ı", "İ", "\u212a", "ß", "Ⓐ", "’", "“", "–", "€", "٣",
                                  "😀", "\U00010400", "\U00010428", "\U0001d400"])
def test_safe_lower_refuses_exactly_the_cased_characters(char: str) -> None:
    """``_safe_lower`` lower-cases only when no non-ASCII character has a case
    mapping (it looks at the non-ASCII characters together, as one string)."""
    text = f"Macron met {char} on Monday"
    temporal._LAST_LOWER = (None, None)
    cased = char.lower() != char or char.upper() != char
    assert (temporal._safe_lower(text) is None) == cased
