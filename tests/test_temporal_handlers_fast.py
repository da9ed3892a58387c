"""The shortcuts of ``temporal.tag``'s handlers give exactly what the plain code gives.

The handlers read the clause around an expression through offsets into the
lower-cased text, skip words that cannot be tense cues, find furniture keys with
one regex, lower-case through UTF-8 bytes and build records through slot
setters.  Each test compares one of these with the straightforward code it
replaces, on the seed article and on texts made to hit the edge cases.
"""

from __future__ import annotations

import dataclasses
import random
from datetime import date

import pytest
from _corpora import SEED

from timeline import temporal
from timeline.models import TimeExpression

EDGES = [
    # a sentence break just before an expression, and one 120 characters back
    "He said.Monday was hard. " + "x" * 110 + ". Then on Tuesday talks resumed.",
    # breaks followed by no space, curly quotes, a newline, a semicolon, the text's end
    "“We will meet,”Friday; they said: on Monday\nthe talks were planned for March 3",
    # cues right before and after, an "-ed" adjective after a determiner, "un-" words
    "The reduced dividend is payable Monday. An unspecified date was set for June 5 and "
    "the service planned for Saturday was canceled, while talks scheduled for Friday will go on.",
    # progressive forms, "had", deadlines, fronted dates
    "She is meeting him on Monday. It had been due by Nov. 20. On Tuesday, the league plans "
    "to vote; in January, a week after the crash, a bomb killed two.",
    # non-ASCII letters, a cased one and caseless ones, beside the cues
    "Sánchez señaló — “it’s over” — he resigned in December and K will sign up for Monday.",
]


def _texts() -> list[str]:
    rng = random.Random(11)
    words = sorted(temporal._CUE_WORDS | temporal._OPENERS) + [
        "said", "reported", "is", "are", "am", "going", "had", "the", "an", "un", "Monday",
        "March", "2025", ".", ",", ";", "\n", "“", "”", "was", "were", "will", "would"]
    noise = [" ".join(rng.choice(words) for _ in range(rng.randint(5, 60))) for _ in range(40)]
    return [SEED.read_text(encoding="utf-8"), *EDGES, *noise]


TEXTS = _texts()


def _plain_clause(text: str, start: int, end: int) -> tuple[str, str]:
    """The clause before and after, by slicing and a scan of every break."""
    before = text[max(0, start - 120):start]
    cut = 0
    for brk in temporal._SENT_BREAK.finditer(before):
        cut = brk.end()
    after = text[end:end + 80]
    m = temporal._SENT_BREAK.search(after)
    return before[cut:], after[:m.start()] if m else after


def _plain_tense(text: str, start: int, end: int, progressive: bool = False) -> str | None:
    """The tense as read before the shortcuts: every word lower-cased, _cue on each."""
    before, after = _plain_clause(text, start, end)
    words = [w.lower() for w in temporal._RX_WORD.findall(before)]
    last = len(words) - 1
    if words and (words[-1] in temporal._ADJACENT_ONLY or (
            words[-1] == "through" and words[-2:-1] not in (["year"], ["far"]))) and \
            "had" not in words and "had" not in temporal._RX_WORD.findall(after.lower())[:4] and \
            not text[start:end].lower().startswith("one"):
        return "future"
    for i in range(last, max(-1, last - 8), -1):
        c = temporal._cue(words, i, progressive)
        if c == "future" and words[i] in temporal.PLAN_PARTICIPLES and i and \
                words[i - 1] not in temporal._AUX and temporal._RX_WAS_FIRST.match(after):
            return "past"
        if c:
            return c
    aw = [w.lower() for w in temporal._RX_WORD.findall(after)][:6]
    for i, w in enumerate(aw):
        if w in ("will", "'ll", "shall", "would"):
            return "future"
        if (w in temporal.PAST_CUES and w not in ("last", "set", "put", "cut", "hit", "read", "led")) \
                or (len(w) > 4 and w.endswith("ed") and w not in temporal.NOT_PAST_ED and
                    (i == 0 or aw[i - 1] not in temporal._DETERMINERS)):
            return "past"
    if words and words[-1] in temporal._ADJACENT_ONLY:
        return "future"
    for i in range(max(-1, last - 8), -1, -1):
        c = temporal._cue(words, i, progressive)
        if c:
            return c
    if not words or (len(words) <= 2 and words[0] in temporal._FRONTING):
        return "far"  # the fronted-date reading further on is the same code in both
    return None


def _spans(text: str) -> list[tuple[int, int]]:
    """Expression-like spans: every word, and every pair of words."""
    starts = [m.start() for m in temporal._RX_TOKEN.finditer(text)]
    ends = [m.end() for m in temporal._RX_TOKEN.finditer(text)]
    return list(zip(starts, ends, strict=True)) + list(zip(starts, ends[1:], strict=False))


@pytest.mark.parametrize("text", TEXTS)
def test_clause_bounds_cut_where_the_slices_do(text: str) -> None:
    """Offsets into the text give the clause the sliced windows gave, breaks at the
    window edges included."""
    for s, e in _spans(text) + [(0, 0), (len(text), len(text))]:
        lo, hi = temporal._clause_bounds(text, s, e)
        assert (text[lo:s], text[e:hi]) == _plain_clause(text, s, e), (text[max(0, s - 30):e])
        assert temporal._clause(text, s, e) == _plain_clause(text, s, e)


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("progressive", [False, True])
def test_tense_reads_the_clause_as_the_plain_code(text: str, progressive: bool) -> None:
    """Words from the lower-cased scan text, and no _cue call for words that cannot be
    cues, give the tense of the plain reading."""
    ctx = temporal._Ctx(text, date(2025, 2, 18))
    assert ctx.scan == temporal._ascii_lower(text)
    for s, e in _spans(text):
        want = _plain_tense(text, s, e, progressive)
        got = temporal._tense(ctx, s, e, progressive)
        if want != "far":
            assert got == want, (text[max(0, s - 40):e + 20], got, want)


@pytest.mark.parametrize("word", ["said", "the", "monday", "reduced", "unplanned", "is", "are",
                                  "am", "going", "meeting", "red", "shed", "bed", "x"])
def test_words_outside_the_cue_filter_are_no_cue(word: str) -> None:
    """A word the filter skips (not a cue word, no "-ed", not "is/are/am" when
    progressive) is no cue in any neighbourhood."""
    skipped = word not in temporal._CUE_WORDS and not word.endswith("ed")
    for prev in ["", "the", "was", "had", "will"]:
        for nxt in ["", "to", "going", "be", "on"]:
            words = [w for w in (prev, word, nxt) if w]
            i = words.index(word)
            for progressive in (False, True):
                if skipped and not (progressive and word in temporal._BE_PRESENT):
                    assert temporal._cue(words, i, progressive) is None, (words, progressive)


FURNITURE_KEYS = [
    "followatch preferencesign readread (c)(c) also read more",
    "Sign up for our newsletter\nWatch live TV\nRead more: Monday talks\n(c) 2025 all rights reserved",
    "nothing to see here on Monday",
    "",
]


@pytest.mark.parametrize("text", FURNITURE_KEYS + TEXTS[:3])
def test_furniture_keys_found_by_one_regex(text: str) -> None:
    """The key regex, searched again after each place, finds every place of every key
    (overlapping ones too), as one str.find loop per key does."""
    low = temporal._ascii_lower(text)
    assert temporal._BOILER_KEY_SEARCH is not None
    for a, b in [(0, len(low)), (3, len(low) - 2), (len(low) // 2, len(low))]:
        if a <= b:
            assert sorted(temporal._boiler_key_search(low, a, b)) == \
                sorted(temporal._boiler_key_places(low, a, b))


def _plain_safe_lower(text: str) -> str | None:
    rest = "".join(c for c in text if not c.isascii())
    return None if rest.lower() != rest or rest.upper() != rest else text.lower()


def test_safe_lower_through_utf8_bytes() -> None:
    """Mixed strings of cased, caseless, astral and lone surrogate characters: the
    lower-cased text exactly when every non-ASCII character is caseless."""
    rng = random.Random(5)
    pool = ["a", "B", " ", "\n", "é", "É", "ſ", "\u212a", "İ", "ß", "’", "—", "\u00a0", "😀", "Σ",
            "\ud83d", "\ude00", "ﬁ", "ǅ", "\x7f", "\x80", "中", "Ⅷ"]
    for _ in range(3000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(1, 10)))
        temporal._LAST_LOWER = (None, None)
        assert temporal._safe_lower(text) == _plain_safe_lower(text), repr(text)


def test_records_through_slot_setters_equal_constructed_ones() -> None:
    """_mk's records are TimeExpressions equal (and hashing equal) to the constructor's."""
    assert temporal._TE_SETTERS is not None  # the fast path is in use on this Python
    for t in temporal.tag(SEED.read_text(encoding="utf-8"), date(2025, 2, 18)):
        plain = TimeExpression(**{f.name: getattr(t, f.name) for f in dataclasses.fields(t)})
        assert type(t) is TimeExpression and t == plain and hash(t) == hash(plain)
