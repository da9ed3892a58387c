"""The second round of extraction shortcuts change no result.

Each shortcut (consumed-character scans, the joint candidate/title scan, the
role-start window since the last title, learned names without a regex,
appositions only by a comma, places per line, source-hint tables, sentence
ends without a search, ``case_lower`` without ``_safe_lower``) is compared
with the plain code it stands for, on real and tricky text.
"""

from __future__ import annotations

import dataclasses
import random
import re

import pytest
from _corpora import PUB, text_lines, with_variants

from timeline import actors, events, gazetteer
from timeline.actors import _CASE_UNSAFE, _WORD_RUN, ActorRegistry, case_lower
from timeline.models import Article
from timeline.temporal import _safe_lower

#: Words of every kind next to each other, accents, underscores, hyphens,
#: multi-word candidates and titles inside them, a title at the text's start.
TRICKY = """Minister Sánchez met the prime minister’s envoy; ex-president and vice-president.
Chiefs of Defence meeting: the chiefs of defence meeting, a mini-summit, war-time talks.
The tánaiste_x met the Tánaiste; Ｍinister _minister minister_ 1minister él-president.
Some weeks later, the leaders met to mark three years since the invasion.
In the U.S. The talks.  Mr. X met J. D. Vance at 5 p.m. Then. \u00a0Next one.\tA
Washington, D.C.\u00a0 St. Petersburg,Kyiv -Paris, the Élysée Palace.
Jane Roe, the Dutch defence minister, met the French president, Ahmad Testname,"""


TEXTS = with_variants(TRICKY)


# -- lower-casing ---------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Macron MET Starmer",                          # ASCII
    "Pedro Sánchez, Erdoğan, ÉLYSÉE, Ærø, ΟΔΟΣ",   # accented, caseless map
    "Straße",                                      # lower() keeps the length
    "İstanbul", "ı", "ſ", "5 \u212a",              # refused: IGNORECASE would differ
])
def test_case_lower_equals_the_former_definition(text: str) -> None:
    text = "".join([text])  # a new object: no remembered answer
    actors._LAST_CASE = (None, None)
    want = _safe_lower(text)
    if want is None:
        low = text.lower()
        want = low if len(low) == len(text) and _CASE_UNSAFE.isdisjoint(text) else None
    assert case_lower(text) == want


# -- consumed-character scans -------------------------------------------------------
def test_word_hits_equal_finditer() -> None:
    t = events.load_triggers()
    assert t.candidates_next is not None and t.fallback_next is not None
    checked = 0
    for text in TEXTS:
        low = text.lower()
        for rx, nxt in ((t.candidates_low, t.candidates_next), (t.fallback_low, t.fallback_next)):
            bounds = [(0, len(low)), *events.split_sentences(text)]
            for lo, hi in bounds:
                want = [(m.start(), m.group()) for m in rx.finditer(low, lo, hi)]
                assert events._word_hits(rx, nxt, low, lo, hi) == want
                checked += bool(want)
    assert checked > 50


@pytest.mark.parametrize(("words", "ok"), [
    (["met", "mini-summit", "g7"], True),
    (["met", "talks-"], False),   # a match could start where this one ends
    (["met", "talks’"], False),
])
def test_consuming_needs_words_ending_in_letters(words: list[str], ok: bool) -> None:
    rx = re.compile(r"(?<![a-z0-9])(?:" + "|".join(map(re.escape, words)) + r")(?![a-z0-9])")
    assert (events._consuming(rx, words) is not None) is ok


# -- the joint candidate / title scan -------------------------------------------------
def _separate(t: events.Triggers, registry: ActorRegistry, low: str) -> tuple[list[int], list[int]]:
    title_re = registry._role_starts[2]  # type: ignore[index]
    return ([m.start() for m in t.candidates_low.finditer(low)],  # type: ignore[union-attr]
            [m.start() for m in title_re.finditer(low)])


def test_joint_hits_equal_both_scans(registry: ActorRegistry) -> None:
    t = events.load_triggers()
    titles = registry.title_words()
    assert titles
    joint = events._joint_scan(t.candidate_words, titles)
    assert joint is not None
    rng = random.Random(7)
    pieces = sorted(titles) + sorted(t.candidate_words)[:80]
    seps = [" ", "-", "é", "_", "’", ".", "", "1", "a", "\n", "s"]
    texts = [x.lower() for x in TEXTS] + [
        "".join(rng.choice(pieces) + rng.choice(seps) for _ in range(rng.randint(1, 6)))
        for _ in range(3000)]
    found = 0
    for low in texts:
        got = events._joint_hits(joint, t.candidate_words, titles, low)
        assert got == _separate(t, registry, low)
        found += bool(got[1])
    assert found > 100


@pytest.mark.parametrize(("cands", "titles"), [
    ({"ab"}, {"abé"}),      # the title would hide a candidate it starts with
    ({"ab"}, {"xéab"}),     # ... or one after a letter that is not a-z
    ({"ab-"}, {"minister"}),  # a candidate not ending in a letter or digit
])
def test_joint_scan_refused_when_it_could_differ(cands: set[str], titles: set[str]) -> None:
    assert events._joint_scan(frozenset(cands), frozenset(titles)) is None


def test_noted_title_starts_serve_that_text_only(registry: ActorRegistry) -> None:
    reg = ActorRegistry.load()
    low = "the prime minister met the president"
    want = _separate(events.load_triggers(), reg, low)[1]
    reg.note_title_starts(low, [0])  # a wrong note, to see where it is used
    assert reg._title_starts("".join([low])) == [0]  # an equal text: the note
    assert reg._title_starts(low + " again") == want  # another text: scanned


# -- role phrase starts ---------------------------------------------------------------
def _window_runs(low: str, q: int, window: int) -> list[re.Match[str]]:
    span = 8 * window
    while True:
        lo = max(0, q - span)
        runs = list(_WORD_RUN.finditer(low, lo, q))
        if len(runs) > window or lo == 0:
            return runs[-window:]
        span *= 4


def _plain_start_positions(registry: ActorRegistry, low: str) -> list[int]:
    """Each whole title, and the words before it that can begin a part, among
    the window's last ones that can all be in a role phrase's head."""
    firsts, window, title_re = registry._role_starts  # type: ignore[misc]
    starts: set[int] = set()
    for tm in title_re.finditer(low):
        q = tm.start()
        if not registry._title_low.match(low, q):  # type: ignore[union-attr]
            continue
        for r in reversed(_window_runs(low, q, window)):
            if r.group() not in registry._head_words:  # type: ignore[operator]
                break
            if r.group() in firsts:
                starts.add(r.start())
        starts.add(q)
    return sorted(starts)


def _every_window(registry: ActorRegistry, low: str) -> set[int]:
    """The former starts: every title word and the words of its whole window."""
    firsts, window, title_re = registry._role_starts  # type: ignore[misc]
    return {r.start() for tm in title_re.finditer(low)
            for r in _window_runs(low, tm.start(), window) if r.group() in firsts} \
        | {tm.start() for tm in title_re.finditer(low)}


def test_start_positions_equal_the_plain_window(registry: ActorRegistry) -> None:
    # titles close together ("deputy prime minister") and far apart
    texts = [*TEXTS, "the deputy prime minister and the foreign minister " * 5 + "x " * 200 + "the president",
             "the French defence minister’s foreign policy; home secretary, the new prime time"]
    matched = 0
    for text in texts:
        low = case_lower("".join([text]))
        assert low is not None
        got = registry._start_positions(low)
        assert got == _plain_start_positions(registry, low)
        # fewer than before, and still every place a role phrase starts
        assert set(got) <= _every_window(registry, low)
        assert {m.start() for m in registry._role_re.finditer(text)} <= set(got)
        matched += len(got)
    assert matched > 100


# -- learned names -----------------------------------------------------------------------
def test_find_forms_equal_the_regex() -> None:
    rng = random.Random(1)
    alpha = ["a", "b", "A", "-", " ", "_", "é", "1", ".", "ab", "ba"]
    found = 0
    for _ in range(5000):
        forms = list({"".join(rng.choice(["a", "b", "A", "-", "é", "b "])
                              for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(1, 4))})
        text = "".join(rng.choice(alpha) for _ in range(rng.randint(0, 30)))
        want = [m.span() for m in actors._forms_regex(frozenset(forms)).finditer(text)]
        assert actors._find_forms(text, forms) == want
        found += bool(want)
    assert found > 200


# -- places per line ----------------------------------------------------------------------------
def test_line_places_equal_the_texts() -> None:
    assert gazetteer.lines_bound_places()
    found = 0
    for text in TEXTS:
        every = gazetteer.find_locations(text)
        for ls, le in events._lines(text):
            line = gazetteer.find_locations(text, ls, le)
            assert line == [p for p in every if ls <= p[0] and p[1] <= le]
            found += len(line)
        # and none crosses a line's edge
        assert sum(len(gazetteer.find_locations(text, ls, le)) for ls, le in events._lines(text)) \
            == len(every)
    assert found > 20


@pytest.mark.parametrize(("surfaces", "ok"), [
    (["Paris", "New York", "St. Petersburg"], True),
    (["New\nYork"], False),   # a place could cross a line's end
    ([" Paris"], False),
    (["Paris "], False),
])
def test_lines_bound_places(monkeypatch: pytest.MonkeyPatch, surfaces: list[str], ok: bool) -> None:
    rx, _ = gazetteer._matcher()
    monkeypatch.setattr(gazetteer, "_matcher", lambda: (rx, dict.fromkeys(surfaces)))
    gazetteer.lines_bound_places.cache_clear()
    try:
        assert gazetteer.lines_bound_places() is ok
    finally:
        gazetteer.lines_bound_places.cache_clear()


# -- source hints --------------------------------------------------------------------------------
def _plain_hint(urls: tuple[str, ...], texts: tuple[str, ...]) -> str | None:
    hosts = []
    for u in urls:
        m = re.match(r"^(?:[a-z]+://)?([^/?#:]+)", str(u).strip().lower())
        if m:
            hosts.append(m.group(1))
    hints = actors._countries_yaml().get("source_hints") or []
    for h in hints:
        for d in h.get("domains") or ():
            if any(host == d or host.endswith("." + d) for host in hosts):
                return h["country"]
    blob = " ".join(list(texts) + [str(u) for u in urls]).lower()
    for h in hints:
        for s in h.get("sources") or ():
            if s.lower() in blob:
                return h["country"]
    return None


def test_hint_tables_equal_the_plain_lookup() -> None:
    hints = actors._countries_yaml().get("source_hints") or []
    domains = [d for h in hints for d in h.get("domains") or ()] + ["example.com", "gov", "uk", ""]
    sources = [s for h in hints for s in h.get("sources") or ()] + ["Reuters", ""]
    rng = random.Random(3)
    named = 0
    for _ in range(2000):
        url = rng.choice(["https://", "", "http://www."]) + rng.choice(["", "x.", "news."]) \
            + rng.choice(domains) + rng.choice(["", "/a", ":80/b"])
        other = rng.choice(["", "https://" + rng.choice(domains)])  # (two hosts: the first hint wins)
        case = ((url, other), (rng.choice(sources).upper(), ""))
        want = _plain_hint(*case)
        assert actors._hint_from.__wrapped__(*case) == want
        named += want is not None
    assert named > 500


# -- sentence ends -----------------------------------------------------------------------------------
def _plain_is_boundary(text: str, end_m: re.Match[str], t: events.Triggers, lo: int, hi: int) -> bool:
    p = end_m.start()
    nm = re.compile(r"\S").search(text, end_m.end(), hi)
    if nm is None:
        return True
    first = nm.group()
    if text[p] != ".":
        return first.isupper() or first in events._OPENERS or first.isdigit()
    e = p - 1 if p > lo and text[p - 1] == "\n" else p
    b = e
    while b > lo and text[b - 1] in events._WORD_CHARS:
        b -= 1
    while b < e and text[b] == ".":
        b += 1
    word = text[b:e]
    next_word = events._NEXT_WORD_RE.match(text, nm.start())
    nw = next_word.group(0) if next_word else ""
    if len(word) == 1 and word.isupper():
        return False
    if word.lower() in t.abbreviations or "." in word:
        return "." in word and nw.lower() in t.sentence_starters and nw[:1].isupper()
    return first.isdigit() or first.isupper() or first in events._OPENERS


def test_sentence_ends_equal_the_plain_test() -> None:
    t = events.load_triggers()
    ends = 0
    for text, ls, le in text_lines(TEXTS):
        for m in events._END_RE.finditer(text, ls, le):
            assert events._is_boundary(text, m, t, ls, le) == _plain_is_boundary(text, m, t, ls, le)
            ends += 1
    assert ends > 100


# -- undated sentences: the article's words looked up once ------------------------------------------
#: Undated sentences that only "N weeks later" (after a dated one) or an
#: anniversary's words can date (the tagger leaves no time in some).
LATER = """Macron met Starmer in Paris on Monday.
Some weeks later, the summit in Kyiv.
Three days afterwards the summit in Rome.
The summit to mark three years since the invasion.
The anniversary of the summit in Rome.
"""


def test_may_date_with_article_words_equals_plain() -> None:
    t = events.load_triggers()
    decided = [0, 0]
    for n, text in enumerate([*TEXTS, LATER, LATER.replace("Rome", "Rome.\nNo later")]):
        low = case_lower(text)
        assert low is not None
        fast = events._Ctx(Article(f"a{n}", text, published=PUB), None, t, None, True)
        fast.last_dated = (PUB, PUB)
        events._note_article_words(fast, low)
        plain = dataclasses.replace(fast, anniversary_here=None, later_here=True)
        for ss, se in events.split_sentences(text):
            assert events._may_date(fast, ss, se, low) == events._may_date(plain, ss, se, low)
            # (without the publication date only "later" and anniversaries
            # date; without a dated clause before, only anniversaries)
            alone = dataclasses.replace(plain, day_fallback=False)
            by_anniversary = events._may_date(dataclasses.replace(alone, last_dated=None), ss, se, low)
            decided[0] += events._may_date(alone, ss, se, low) and not by_anniversary
            decided[1] += by_anniversary
    assert decided[0] >= 2 and decided[1] >= 2  # by "later", by an anniversary
