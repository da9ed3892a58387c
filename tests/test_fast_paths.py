"""The speed-ups of tagging and extraction give exactly what the plain code gives.

Each fast path (regexes on lower-cased text, trigger-word pre-checks, the
role-phrase scan that starts only near titles, look-behinds folded into
tries) has a slow twin kept for texts where it would not be exact; these
tests run both on the same material and compare.
"""

from __future__ import annotations

import re

import pytest
from _corpora import DEV, PUB, SEED

from timeline import events, gazetteer, ingest, temporal
from timeline.actors import ActorRegistry, trie_regex
from timeline.models import Article

#: A letter whose lower case changes the offsets (U+0130 lowers to two code
#: points), so every fast path that relies on a lower-cased copy falls back to
#: the plain code.  A plain accented capital such as "Ä" no longer does: the
#: fast paths accept it.
SLOW = "\nİ"


def _articles() -> list[tuple[str, str]]:
    out = [("seed", SEED.read_text(encoding="utf-8"))]
    if DEV.is_dir():
        out += [(a.article_id, a.text) for a in ingest.read_inputs([DEV]) if getattr(a, "text", None)]
    return out


ARTICLES = _articles()
TRICKY = [
    "The former French President Emmanuel Macron met Mr. Trump.",
    "Ex-president Biden and the then-Prime Minister spoke; Russia’s foreign minister said no.",
    "THE PRIME MINISTER SAID THE FOREIGN MINISTER WOULD MEET THE PRESIDENT OF FRANCE.",
    "The Gambia's president met   the\n\nUkrainian   President   Volodymyr Zelensky in Kyiv.",
    "co-president, vice-president, the president-elect and a former defence minister",
    "Macron, the French president, said talks with Prime Minister Keir Starmer went well.",
    "A President Hotel; the Premier League; every prime minister; another president",
]


# -- lower-casing -------------------------------------------------------------
@pytest.mark.parametrize(("text", "safe"), [
    # only A-Z change: exact
    ("Macron MET Starmer", True),
    ("Macron’s “talks” – in Kyiv…", True),
    # cased letters beyond ASCII, or ones whose case folding is special: refused
    ("Pedro Sánchez", False),
    ("İstanbul", False),
    ("ſ and ı", False),
    ("5 \u212a", False),
])
def test_safe_lower(text: str, safe: bool) -> None:
    low = temporal._safe_lower(text)
    assert (low is not None) is safe
    if safe:
        assert low == text.lower() and len(low) == len(text)


@pytest.mark.parametrize(("pattern", "ok"), [
    (r"^\s*(?:also read|read more)\b", True),
    (r"\b(?:Q[1-4]|[ECMP][SD]T|GMT)\b", True),
    (r"(?P<r0>\d{4})|(?P<r1>May)", True),
    (r"^\s*(?:copyright|©)", True),
    # could mean something else once lower-cased: refused
    (r"\S+ said", False),
    (r"(?-i:May)", False),
    (r"[!-Z]", False),
    (r"\x41", False),
    (r"russia[’']s", True),
    (r"t[aä]lks", False),
])
def test_lower_pattern(pattern: str, ok: bool) -> None:
    rx = re.compile(pattern, re.I)
    low = temporal._lower_pattern(rx)
    assert (low is not None) is ok
    if low is None:
        return
    for text in TRICKY + [t for _, t in ARTICLES[:3]] + ["Read more: GMT, Q3, ©, May 2025, RUSSIA’S"]:
        lt = temporal._safe_lower(text)
        if lt is not None:
            assert [m.span() for m in low.finditer(lt)] == [m.span() for m in rx.finditer(text)]


def test_lower_pattern_needs_ignorecase() -> None:
    # a case-sensitive pattern must not see lower-cased text
    assert temporal._lower_pattern(re.compile("may")) is None


# -- regexes --------------------------------------------------------------------
def test_role_scan_matches_finditer(registry: ActorRegistry) -> None:
    texts = TRICKY + [t for _, t in ARTICLES]
    texts += [t.upper() for t in texts] + [t.replace(" ", " \n  ") for t in texts]
    texts += [" ".join(TRICKY) * 3]  # long enough for the fast scan
    for text in texts:
        want = [(m.span(), m.groupdict()) for m in registry._role_re.finditer(text)]
        assert [(m.span(), m.groupdict()) for m in registry._role_matches(text)] == want, text[:80]


@pytest.mark.parametrize("words", [
    ["US", "USA", "UK"],
    ["Paris", "Paris Peace Forum", "Élysée Palace", "Kyiv"],
    ["a", "ab", "b"],
])
def test_trie_first_guard_is_the_lookbehind(words: list[str]) -> None:
    plain = re.compile(r"(?<![\w\-])(?:" + trie_regex(words) + r")(?![\w])")
    guarded = re.compile(r"(?:" + trie_regex(words, first_guard=r"[\w\-]") + r")(?![\w])")
    for text in TRICKY + ["USA-US US UKA ab a-b b ba Paris-Kyiv, Élysée Palace (Paris Peace Forum)"]:
        assert [m.span() for m in guarded.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_gazetteer_places_unchanged() -> None:
    # the place regex folds its look-behind into the trie; spot-check the result
    assert gazetteer.find_locations("at the Élysée Palace; then to the US.") == [
        (7, 20, "Paris"), (34, 36, "United States")]
    assert gazetteer.find_locations("ex-US envoy, pre-Paris talks") == []


# -- whole articles: fast and plain paths agree -----------------------------------
@pytest.mark.parametrize(("article_id", "text"), ARTICLES, ids=[a for a, _ in ARTICLES])
def test_tag_fast_equals_plain(article_id: str, text: str) -> None:
    assert temporal._safe_lower(text) is not None or article_id != "seed"
    assert temporal.tag(text, PUB) == temporal.tag(text + SLOW, PUB)


@pytest.mark.parametrize(("article_id", "text"), ARTICLES, ids=[a for a, _ in ARTICLES])
def test_extract_fast_equals_plain(article_id: str, text: str) -> None:
    # separate registries: one learns nothing from the other's run
    fast_reg, plain_reg = ActorRegistry.load(), ActorRegistry.load()
    fast = events.extract(Article(article_id, text, published=PUB), temporal.tag(text, PUB), fast_reg)
    slow_text = text + SLOW
    plain = events.extract(Article(article_id, slow_text, published=PUB),
                           temporal.tag(slow_text, PUB), plain_reg)
    assert fast == plain
    assert fast or article_id != "seed"  # the seed article has events: the test can fail


def test_reporting_only_sentences_give_nothing(registry: ActorRegistry) -> None:
    # "said" is a trigger word but never an event; the pre-check skips such sentences
    t = events.load_triggers()
    assert t.candidates_re is not None and not t.candidates_re.search("Macron said so, he added.")
    assert t.candidates_re.search("Macron met Starmer.")
    text = "Macron said on Monday that Europe must act. He added that it was urgent."
    assert events.extract(Article("r", text, published=PUB), temporal.tag(text, PUB), registry) == []
