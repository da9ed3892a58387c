"""The shortcuts of ``events.extract`` and the actor scan change no result.

Each shortcut (lower-cased fast paths also for accented text, the filter that
skips undated sentences no rule could date, furniture patterns left out when
their literal is not in the article, role-phrase starts taken from the
article's scan) is checked against the plain code on real and tricky text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from _corpora import DEV, PUB, SEED

from timeline import events, ingest, temporal
from timeline.actors import ActorRegistry, case_lower
from timeline.models import Article

#: A letter ``case_lower`` refuses: every fast path then falls back to the plain code.
PLAIN = "\n\u0130"

#: Accented names, furniture, captions, undated reports, anniversaries and
#: "later": each rule the shortcuts must leave alone.
ACCENTED = """Sánchez meets Erdoğan in Ankara

ANKARA (Reuters) - Spain's Prime Minister Pedro Sánchez met Turkish President Recep Tayyip Erdoğan in Ankara on Monday.
Also read: Sánchez in Türkiye
Sánchez held talks with Erdoğan about the war in Ukraine, officials said.
The leaders spoke by phone with Zelenskiy.
Sánchez, the Spanish prime minister, visited Kyiv last week.
Some weeks later, Sánchez met Macron in Paris.
The two sides had agreed to stay in close touch.
Their meeting was held to mark three years since the invasion.
Erdoğan and Sánchez at the Élysée Palace. (Photo: AFP)
Sign up for our newsletter
"""


#: Undated reports in the lead, each dated (or not) by another rule of
#: publication-date dating: a fallback verb, a light verb before a noun, an
#: event verb that lends its tense, a headline's present, a planned clause.
UNDATED = """Macron meets Starmer in Paris

Macron hosted a rally for Ukraine.
The ministers held talks with Lavrov.
Starmer struck a deal with Macron.
Zelenskiy signed sanctions against Russia.
The leaders have agreed a ceasefire with Hamas.
Talks with Lavrov are planned.
Macron will visit Kyiv.
Russia is attacking Ukrainian cities.
"""


def _dev_articles() -> list[tuple[str, str]]:
    out = [("seed", SEED.read_text(encoding="utf-8")), ("accented", ACCENTED), ("undated", UNDATED)]
    if DEV.is_dir():
        out += [(a.article_id, a.text) for a in ingest.read_inputs([DEV]) if getattr(a, "text", None)]
    return out


ARTICLES = _dev_articles()


# -- lower-casing -------------------------------------------------------------
@pytest.mark.parametrize(("text", "ok"), [
    # one character for one, none mapped to ASCII: exact
    ("Macron MET Starmer", True),
    ("Pedro Sánchez, Erdoğan, ÉLYSÉE, Ærø, ΟΔΟΣ", True),
    # re.IGNORECASE matches these to ASCII letters, or lower() changes the length
    ("İstanbul", False),
    ("ı", False),
    ("ſ", False),
    ("5 \u212a", False),
])
def test_case_lower(text: str, ok: bool) -> None:
    low = case_lower(text)
    assert (low is not None) is ok
    if ok:
        assert low == text.lower() and len(low) == len(text)


def test_lowered_patterns_equal_ignorecase_on_accented_text() -> None:
    # the candidate, furniture and skip patterns, lower-cased, on case_lower's text
    t = events.load_triggers()
    texts = [ACCENTED, ACCENTED.upper(), "SÁNCHEZ MET ERDOĞAN; HE ALSO READ THE NEWSLETTER"]
    for text in texts:
        low = case_lower(text)
        assert low is not None
        spans = [m.span() for m in t.candidates_re.finditer(text)]
        assert [m.span() for m in t.candidates_low.finditer(low)] == spans
        assert [m.span() for m in t.skip_low.finditer(low)] == [m.span() for m in t.skip_re.finditer(text)]


# -- pattern helpers ------------------------------------------------------------
@pytest.mark.parametrize(("pattern", "literals"), [
    (r"\b(?P<n>\w+)(?:st|nd|rd|th)?\s+anniversary\s+of\b", ("anniversary", "of")),
    # a common prefix of the alternatives is required too
    (r"\b(?:mark|marks|marked|marks?\s+the)\s+(?P<n>\w+)\s+years?\s+since\b", ("mark", "year", "since")),
    (r"Photographer:", ("photographer:",)),
    # nothing every match holds: no shortcut
    (r"abc|def", None),
    (r"(?:a|b)+", None),
])
def test_required_literals(pattern: str, literals: tuple[str, ...] | None) -> None:
    assert events._required_literals(pattern) == literals
    for text in ["The 3rd anniversary of it", "marks the five years since", "PHOTOGRAPHER: X", "abc"]:
        if literals and re.search(pattern, text, re.I):
            assert all(w in text.lower() for w in literals)


@pytest.mark.parametrize(("src", "bar"), [
    (r"^a|b", True),
    (r"^(?:a|b)", False),
    (r"[|]x", False),
    (r"[]|]x", False),
    (r"[^]]|x", True),
    (r"\|x", False),
])
def test_top_level_bar(src: str, bar: bool) -> None:
    assert events._top_level_bar(src) is bar


def _lines_of(texts: list[str]) -> Iterator[tuple[str, int, int]]:
    for text in texts:
        for ls, le in events._lines(text):
            yield text, ls, le


FURNITURE_LINES = """Also read: talks in Paris
  READ MORE about the summit
Watch the video live
Add us to your Preferences
We use cookies; accept the policy
Get the newsletter
Reporting by Jane Roe; Editing by John Doe
(Reporting by Jane Roe)
Related stories
Related
Copyright 2025
Macron met Starmer. (Photo: AFP)
Photographer: Nathan Laine/Bloomberg
Macron in Paris (Reuters photo by X)
photo: not at the start
A photograph: of the talks
Image credit: AP
Macron met Starmer in Paris.
"""


def test_line_checks_equal_every_pattern() -> None:
    t = events.load_triggers()
    texts = [text for _, text in ARTICLES] + [FURNITURE_LINES, FURNITURE_LINES.upper()]
    seen = [0, 0]
    for text, ls, le in _lines_of(texts):
        low = case_lower(text)
        assert low is not None
        line = low[ls:le]
        want = (any(r.search(line) for r in t.furniture_low), any(r.search(line) for r in t.caption_low))
        got = (any(r.search(line) for r in events._line_checks(t.furniture_parts, low)),
               any(r.search(line) for r in events._line_checks(t.caption_parts, low)))
        assert got == want == (events.is_furniture(text[ls:le]), events.is_caption(text[ls:le]))
        seen = [seen[0] + want[0], seen[1] + want[1]]
    assert seen[0] >= 10 and seen[1] >= 5  # both kinds were met: the test can fail


# -- role phrases -----------------------------------------------------------------
TRICKY = [
    "The former French President Emmanuel Macron met Mr. Trump. Then the French president left.",
    "Ex-president Biden and the then-Prime Minister spoke; Russia’s foreign minister said no.",
    "THE PRIME MINISTER SAID THE FOREIGN MINISTER WOULD MEET THE PRESIDENT OF FRANCE.",
    "Macron, the French president, said talks with Prime Minister Keir Starmer went well.",
    "A President Hotel; the Premier League; every prime minister; another president",
]


def test_slice_role_matches_equal_finditer(registry: ActorRegistry) -> None:
    t = events.load_triggers()
    texts = [text for _, text in ARTICLES] + [" ".join(TRICKY) * 2, "\n".join(TRICKY)]
    checked = 0
    for text, ls, le in _lines_of(texts):
        for ss, se in [(ls, le), *events._split_line(text, ls, le, t)]:
            part = text[ss:se]
            starts = registry._slice_starts(part, text, ss)
            assert starts is not None
            want = [(m.span(), m.groupdict()) for m in registry._role_re.finditer(part)]
            assert [(m.span(), m.groupdict()) for m in registry._role_matches(part, starts)] == want
            checked += bool(want)
    assert checked > 20


def test_slice_starts_refuse_a_slice_inside_a_word(registry: ActorRegistry) -> None:
    text = "Thepresident of France met the French president."
    assert registry._slice_starts(text[3:], text, 3) is None  # cut inside "Thepresident"
    assert registry._slice_starts("the French president.", text, 27) is not None


def test_find_with_offset_equals_find(registry: ActorRegistry) -> None:
    text = ACCENTED + " ".join(TRICKY)
    for ls, le in events._lines(text):
        part = text[ls:le]
        plain = registry.find(part, day=PUB, context=text)
        assert registry.find(part, day=PUB, context=text, offset=ls) == plain


# -- undated sentences ------------------------------------------------------------
def test_skipped_sentences_would_give_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every sentence the undated filters drop gives no mention and looks up no
    actor (which would teach the registry people) when run in full."""
    state: dict[str, Any] = {"watch": False, "bad": [], "skipped": 0, "stopped": 0}
    find, undated, may = events._find_actors, events._undated_may_date, events._may_date

    def watched_find(*args: Any, **kw: Any) -> Any:
        if state["watch"]:
            state["bad"].append("actor lookup")
        return find(*args, **kw)

    def always_undated(ctx: Any, trig: Any, ss: int, sent: str) -> bool:
        if not undated(ctx, trig, ss, sent):
            state["stopped"] += 1
            state["watch"] = True  # the rest of this sentence must find nothing
        return True

    def checked_may(ctx: Any, ss: int, se: int, low: str) -> bool:
        if may(ctx, ss, se, low):
            return True
        state["skipped"] += 1
        was, state["watch"] = state["watch"], True
        if events._sentence(ctx, ss, se, [], [], False, None, None, low):
            state["bad"].append(ctx.article.text[ss:se])
        state["watch"] = was
        return False

    sentence = events._sentence

    def watched_sentence(*args: Any, **kw: Any) -> Any:
        state["watch"] = False
        out = sentence(*args, **kw)
        if state["watch"] and out:
            state["bad"].append("mention after the stop")
        state["watch"] = False
        return out

    monkeypatch.setattr(events, "_find_actors", watched_find)
    monkeypatch.setattr(events, "_undated_may_date", always_undated)
    monkeypatch.setattr(events, "_may_date", checked_may)
    monkeypatch.setattr(events, "_sentence", watched_sentence)
    registry = ActorRegistry.load()
    for article_id, text in ARTICLES:
        events.extract(Article(article_id, text, published=PUB), temporal.tag(text, PUB), registry)
    assert state["bad"] == []
    assert state["skipped"] > 20 and state["stopped"] > 5  # the filters were exercised


@pytest.mark.parametrize(("article_id", "text"), ARTICLES, ids=[a for a, _ in ARTICLES])
def test_extract_equals_plain_path(article_id: str, text: str) -> None:
    # separate registries: one learns nothing from the other's run
    fast_reg, plain_reg = ActorRegistry.load(), ActorRegistry.load()
    assert case_lower(text) is not None and case_lower(text + PLAIN) is None
    fast = events.extract(Article(article_id, text, published=PUB), temporal.tag(text, PUB), fast_reg)
    plain_text = text + PLAIN
    plain = events.extract(Article(article_id, plain_text, published=PUB),
                           temporal.tag(plain_text, PUB), plain_reg)
    assert fast == plain
    assert fast or article_id not in ("seed", "accented", "undated")  # they have events
    assert dict(fast_reg.learned) == dict(plain_reg.learned)
