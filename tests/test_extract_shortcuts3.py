"""The third round of extraction shortcuts change no result.

Each shortcut is compared with the plain code it stands for, on real and
tricky text (see ``tests/test_scan_shortcuts.py`` for the second round).
"""

from __future__ import annotations

import dataclasses
import re

import pytest
from _corpora import PUB, with_variants

from timeline import events, temporal
from timeline.actors import ActorRegistry, case_lower
from timeline.models import Actor, Article, Role

#: Verb-only candidates read as verbs or not: after a determiner, a
#: preposition or a possessive, before a blocked word, first in a sentence,
#: inside longer tokens ("so-called", "x.called"), after punctuation or two
#: spaces, at a sentence's end, with curly apostrophes.
TRICKY = """He has called for calm. That talking is useless. Called for a vote, they left.
The so-called talks. Its called-for summit. x.called met. “Called” for calm.
Macron’s talking with Trump. Macron's called Trump. It's talking with Kyiv.
By talking to Scholz, he won.  Two called  for calm. — called for calm.
She said that talking with Trump had called off. They called
for a truce on Monday. Leaders talking? Yes. Three talking. Those called Starmer.
The minister has called on Russia; the talking points were agreed. Called."""


TEXTS = with_variants(TRICKY)


# -- candidates that cannot be triggers ---------------------------------------------
def test_dead_verbs_give_no_trigger() -> None:
    # Where _dead_verb says a candidate gives nothing, the plain tokens and
    # _find_triggers give no trigger that is not reporting there (and none at
    # all in a sentence whose every candidate is dead).
    t = events.load_triggers()
    dead = alive = 0
    for text in TEXTS:
        low = case_lower(text)
        assert low is not None
        cands = [s for s, _ in events._word_hits(t.candidates_low, t.candidates_next, low)]
        for ss, se in events.split_sentences(text):
            mine = [p for p in cands if ss <= p < se]
            if not mine:
                continue
            toks = events._tokens(text, ss, se)
            trig = [tr for tr in events._find_triggers(text, toks, ss, se, t) if not tr.reporting]
            verdicts = [events._dead_verb(text, p, ss, se, t) for p in mine]
            for p, is_dead in zip(mine, verdicts, strict=True):
                if is_dead:
                    dead += 1
                    assert not [tr for tr in trig if tr.start == p], text[ss:se]
                else:
                    alive += 1
            if all(verdicts):
                assert not trig, text[ss:se]
    assert dead >= 15 and alive >= 20


@pytest.mark.parametrize(("sentence", "word", "dead"), [
    # the two shapes that give nothing ("that talking", "called for")
    ("He has called for calm.", "called", True),
    ("That talking is useless.", "talking", True),
    ("Called for a vote, they left.", "Called", True),
    # a verb that reads as one
    ("He called Macron.", "called", False),
    ("Macron’s talking with Trump.", "talking", True),
    ("It's talking with Kyiv.", "talking", False),
    ("By talking to Scholz, he won.", "talking", False),
    # not sure: inside a longer token, after punctuation, after two spaces
    ("The so-called talks.", "called", False),
    ("“Called” for calm.", "Called", False),
    ("Two called  for calm.", "called", True),
    ("Two  called for calm.", "called", False),
])
def test_dead_verb_cases(sentence: str, word: str, dead: bool) -> None:
    t = events.load_triggers()
    assert events._dead_verb(sentence, sentence.index(word), 0, len(sentence), t) is dead


def test_extract_equals_without_dead_verbs(registry: ActorRegistry,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    t = events.load_triggers()
    plain = dataclasses.replace(t, verb_only_words=frozenset())
    for n, text in enumerate(TEXTS):
        art = Article(f"a{n}", text, published=PUB)
        times = temporal.tag(text, PUB)
        fast = events.extract(art, times, registry)
        with monkeypatch.context() as m:
            m.setattr(events, "load_triggers", lambda *a, **k: plain)
            slow = events.extract(art, times, registry)
        assert fast == slow


# -- skip phrases -------------------------------------------------------------------
#: The skip phrases as first written (before the leading ``\b`` group was
#: factored for :func:`events._lead_literal`).
SKIP_BEFORE = [
    r"agreed to (?:stay|remain|keep) in (?:close )?(?:touch|contact)",
    r"agreed to (?:speak|talk|meet) again",
    r"looked forward to speaking again",
    r"agreed that",
    r"\b(?:strike|strikes|struck|striking)(?=\s+(?:a\s+|an\s+)?(?:\w+\s+)?"
    r"(?:deal|agreement|balance|chord|tone|note|bargain))",
    r"\bin\s+(?:a|an|its|his|her|their)\s+(?:joint\s+|written\s+|brief\s+|separate\s+)?"
    r"(?:statement|post)\b",
    r"\b(?:told|telling|tells)\s+(?:a|the|reporters\s+at\s+a)\s+(?:news|press)\s+conference",
    r"(?:said|added|noted|stressed) (?:that )?(?:it|this) (?:was|is|would)",
]

#: Each phrase, inside words, at a sentence's start, in capitals.
SKIP_TEXT = """They struck a deal. Outstruck a deal. Striking the right tone, he left.
In a joint statement, they agreed that talks would go on. Within a statement. He told
the press conference he had agreed to stay in close touch. AGREED TO MEET AGAIN.
She said that it was good; he noted this is fine. Brin a post. Tells a news conference
that they looked forward to speaking again; they strikes an agreement. Hotold a news conference."""


def test_skip_low_equals_the_phrases_as_written() -> None:
    t = events.load_triggers()
    assert t.skip_low is not None
    before = re.compile("|".join(f"(?:{p})" for p in SKIP_BEFORE), re.I)
    found = 0
    for text in [*TEXTS, SKIP_TEXT, SKIP_TEXT.lower()]:
        low = case_lower(text)
        assert low is not None
        for ss, se in events.split_sentences(text):
            sent = text[ss:se]
            plain = [m.span() for m in before.finditer(sent)]
            assert [m.span() for m in t.skip_low.finditer(low[ss:se])] == plain, sent
            assert [m.span() for m in t.skip_re.finditer(sent)] == plain, sent
            found += len(plain)
    assert found >= 20


# -- furniture and caption literals behind a shared gate ----------------------------
#: Lines that are furniture or captions by one literal each, and near misses.
LINE_TEXT = """Macron met Trump. (Photo: Reuters)
Photographer: Jane Roe/Bloomberg
Sign up for our newsletter
Set as your preferred source on Google
Add us to your Preferences. Image credit: AFP
A photo op in Paris; the source said talks went on. (Getty Images)
Photos from the summit. Cookie policy: accept
Trusted Source on Google today"""


def test_gated_line_checks_equal_every_pattern() -> None:
    t = events.load_triggers()
    flagged = 0
    for text in [*TEXTS, LINE_TEXT, LINE_TEXT.lower(), LINE_TEXT.replace("hoto", "h0to")]:
        low = case_lower(text)
        assert low is not None
        furniture = events._line_checks(t.furniture_parts, low)
        caption = events._line_checks(t.caption_parts, low)
        for ls, le in events._lines(text):
            line, line_low = text[ls:le], low[ls:le]
            assert any(rx.search(line_low) for rx in furniture) == bool(t.furniture_re.search(line))
            assert any(rx.search(line_low) for rx in caption) == bool(t.caption_re.search(line))
            flagged += bool(t.furniture_re.search(line)) + bool(t.caption_re.search(line))
    assert flagged >= 8


def test_literal_gates_are_pieces_of_their_literals() -> None:
    t = events.load_triggers()
    gated = 0
    for parts in (t.furniture_parts, t.caption_parts):
        lits = tuple(lit for lit, _ in parts[1])
        for lit, gate in zip(lits, events._literal_gates(lits), strict=True):
            assert gate is None or (lit is not None and gate in lit)
            gated += gate is not None
    assert gated >= 6


# -- fallback words from the joint scan ------------------------------------------------
#: Fallback words alone, inside candidates ("mini-summit"), after hyphens and
#: accents, next to titles, at the text's start and end.
FB_TEXT = """Adopted a mini-summit; the Tánaiste attended talks. Ex-adopted, mini-summits
held talks mid-summit. The prime minister’s attended summit began. Co-chaired the
Security Council meeting and the Chiefs of Defence meeting, they concluded. attended"""


def test_fallback_hits_from_the_joint_scan_equal_their_own(registry: ActorRegistry) -> None:
    t = events.load_triggers()
    titles = registry.title_words()
    scan = events._joint_scan_fb(t.candidate_words, titles, frozenset(t.fallback_masks))
    assert scan is not None
    seen = 0
    for text in [*TEXTS, FB_TEXT, FB_TEXT.lower(), FB_TEXT.upper()]:
        low = case_lower(text)
        assert low is not None
        hits: list[tuple[int, str]] = []
        cands, titled = events._joint_hits(scan, t.candidate_words, titles, low, t, hits)
        assert hits == events._word_hits(t.fallback_low, t.fallback_next, low)
        assert (cands, titled) == events._joint_hits(
            events._joint_scan(t.candidate_words, titles), t.candidate_words, titles, low)
        for ss, se in events.split_sentences(text):
            mine = [h for h in hits if ss <= h[0] < se]
            assert mine == events._word_hits(t.fallback_low, t.fallback_next, low, ss, se)
        seen += len(hits)
    assert seen >= 50


def test_may_date_with_joint_fallback_hits_equals_plain(registry: ActorRegistry) -> None:
    t = events.load_triggers()
    decided = 0
    for n, text in enumerate([*TEXTS, FB_TEXT]):
        art = Article(f"a{n}", text, published=PUB)
        low = case_lower(text)
        assert low is not None
        fast = events._Ctx(art, registry, t, None, True)
        fast.fb_hits = []
        events._joint_hits(events._joint_scan_fb(t.candidate_words, registry.title_words(),
                                                 frozenset(t.fallback_masks)),
                           t.candidate_words, registry.title_words(), low, t, fast.fb_hits)
        fast.fb_starts = [p for p, _ in fast.fb_hits]
        plain = dataclasses.replace(fast, fb_hits=None, fb_starts=[])
        for ss, se in events.split_sentences(text):
            got = events._may_date(fast, ss, se, low)
            assert got == events._may_date(plain, ss, se, low)
            decided += got
    assert decided >= 10


@pytest.mark.parametrize(("fb", "ok"), [
    ({"adopted", "met"}, True),
    # a fallback word with a space, or a hyphen but no candidate
    ({"held talks"}, False),
    ({"co-chaired"}, False),
    # a title's prefix or a word that has one ("prime" is a title word)
    ({"prim"}, False),
    ({"primed"}, False),
])
def test_joint_scan_fb_refused_when_it_could_differ(registry: ActorRegistry, fb: set[str],
                                                   ok: bool) -> None:
    t = events.load_triggers()
    got = events._joint_scan_fb(t.candidate_words, registry.title_words(), frozenset(fb))
    assert (got is not None) is ok


# -- learning an actor again --------------------------------------------------------
_PM = Role("prime minister", "FRA")
_FM = Role("foreign minister", "FRA")


@pytest.mark.parametrize(("first", "again"), [
    # nothing new: the record stays
    (Actor("person:jane-roe", "Jane Roe", "person", "FRA", (), (_PM,)),
     Actor("person:jane-roe", "Jane Roe", "person", "FRA", (), (_PM,))),
    (Actor("person:jane-roe", "Jane Roe", "person", "FRA", (), (_PM,)),
     Actor("person:jane-roe", "Jane Roe", "person", None, (), ())),
    # a new role, a country where there was none (or an empty one)
    (Actor("person:jane-roe", "Jane Roe", "person", "FRA", (), (_PM,)),
     Actor("person:jane-roe", "Jane Roe", "person", None, (), (_FM, _PM))),
    (Actor("person:jane-roe", "Jane Roe", "person", None, (), (_PM,)),
     Actor("person:jane-roe", "Jane Roe", "person", "FRA", (), (_PM,))),
    (Actor("person:jane-roe", "Jane Roe", "person", "", (), ()),
     Actor("person:jane-roe", "Jane Roe", "person", None, (), ())),
])
def test_learn_again_equals_the_merged_record(first: Actor, again: Actor) -> None:
    reg = ActorRegistry.load()
    reg.learn(first)
    got = reg.learn(again)
    plain = dataclasses.replace(first, roles=tuple(dict.fromkeys(first.roles + again.roles)),
                                country=first.country or again.country)
    assert got == plain and reg.learned[first.actor_id] == plain
    assert (got.country, got.roles) == (plain.country, plain.roles)


# -- tokens without a curly apostrophe ------------------------------------------------
def _plain_tokens(text: str, start: int, end: int) -> list[tuple[str, str, int, int]]:
    return [(m.group(), m.group().lower().replace("’", "'"), m.start(), m.end())
            for m in events._WORD_RE.finditer(text, start, end)]


def test_tokens_equal_the_plain_ones() -> None:
    curly = 0
    for text in [*TEXTS, TRICKY.replace("'", "’"), "MACRON’S TALKS. Macron's talks. He’ll go."]:
        for ss, se in events.split_sentences(text):
            got = [(tk.text, tk.low, tk.start, tk.end) for tk in events._tokens(text, ss, se)]
            assert got == _plain_tokens(text, ss, se)
            curly += "’" in text[ss:se]
    assert curly >= 5


# -- trimmed lines from one pattern ---------------------------------------------------
def _plain_lines(text: str) -> list[tuple[int, int]]:
    out = []
    for m in re.finditer(r"[^\n]+", text):
        s, e = m.span()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


#: Blank lines, spaces of every kind at the ends and inside, carriage returns,
#: line and paragraph separators (no line break here), a one-character line.
SPACES = ("\n\n  A line.\t\n\u00a0\u2003\nx\n \r\nTwo\u2028lines? \u3000\n\x1c\x1d "
          "end\u0085 \n\v\f mid  dle \r")


def test_lines_equal_the_plain_trim() -> None:
    for text in [*TEXTS, SPACES, SPACES.strip(), "", " ", "a", "\n"]:
        assert events._lines(text) == _plain_lines(text)


# -- actor mentions made once with article offsets ------------------------------------
def test_find_shifted_equals_find_moved(registry: ActorRegistry) -> None:
    found = 0
    for text in TEXTS:
        for ss, se in events.split_sentences(text):
            sent = text[ss:se]
            plain = [dataclasses.replace(m, start=m.start + ss, end=m.end + ss) for m in registry.find(
                sent, day=PUB, country_hint="GBR", context=text, offset=ss)]
            assert registry.find_shifted(sent, ss, day=PUB, country_hint="GBR", context=text) == plain
            found += len(plain)
    assert found >= 30
