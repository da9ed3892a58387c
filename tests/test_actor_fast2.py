"""The third round of actor shortcuts changes no result.

Each shortcut (role phrase starts found per sentence instead of per
article, the article's role phrases by a comma looked for only in runs that
a comma bounds, the characters no role phrase holds, the words after a
title) is compared with the plain code it stands for: on the seed article,
the dev articles when present, a few hundred generated articles and a table
of tricky cases.
"""

from __future__ import annotations

import copy
import random
import re
from collections.abc import Mapping

import pytest
from _corpora import generated_texts, seed_and_dev_texts

from timeline import actors, events, temporal
from timeline.actors import ActorRegistry, _by_comma, case_lower
from timeline.models import Article

#: Role phrases by commas in every way: before and after, dotted and long
#: names after "of", particles, hyphens, capitals, a comma inside a name.
TRICKY = [
    # apposed after a name, and before one
    "Jane Roe, the Dutch defence minister, met the French president, Ahmad Testname, in Paris.",
    "Talks went on. On Monday, the French president said so; the prime minister ,said no.",
    # full stops inside names ("U.S.", "J. D. Vance") and outside ("said.")
    "The U.S. president, Donald Trump, met U.S. Vice President J. D. Vance, AB. President Roe, x.",
    "xU.S. President Roe, said. The E.U. foreign policy chief, Kaja Kallas, spoke.",
    # long names after "of", particles and hyphens in unknown names
    "The president of the Democratic Republic of the Congo, Félix Tshisekedi, flew in.",
    "Ex-president Jean de la Roe-Smith, then-Prime Minister Ana van der Berg, left.",
    # a role phrase whose match hides the start of the next (skipped starts)
    "the president of France prime minister Jean Doe, said.",
    "the president Jean de de de de de de de de de France prime minister John Smith, said",
    # capitals, curly apostrophes, a title glued to a hyphen, newlines
    "THE PRIME MINISTER, JANE ROE, SAID. Russia’s foreign minister, Sergei Lavrov, spoke.",
    "NATO Secretary General Mark Rutte,\nthe president\n, Jane Roe said, and ex-president Roe,",
    # a comma inside an adjective / name after "of": no shortcut for such a text
    "Bonaire, Sint Eustatius and Saba prime minister, Jane Roe, said.",
    "The prime minister of Bonaire, Sint Eustatius and Saba, Jane Roe, said.",
    # nothing by a comma; commas far from any title
    "The president said talks went well, and that more would follow, officials said.",
    "Prices rose, analysts said, and the minister met the president.",
    # a comma right at the text's edges, a title at its start and end
    ", the president, ", "President, ", "the foreign minister",
]


@pytest.fixture(scope="module")
def texts(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    return [*seed_and_dev_texts(), *TRICKY, " ".join(TRICKY), "\n".join(TRICKY).upper(),
            *generated_texts(300, 23, tmp_path_factory.mktemp("actors-fast2"))]


def _plain_by_comma(reg: ActorRegistry, text: str) -> list[tuple[tuple[int, int], dict]]:
    return [(m.span(), m.groupdict()) for m in reg._role_re.finditer(text) if _by_comma(text, m)]


def _fast_by_comma(reg: ActorRegistry, text: str) -> list[tuple[tuple[int, int], dict]] | None:
    low = case_lower(text)
    assert low is not None
    starts = reg._apposable_starts(text, low)
    if starts is None:
        return None
    return [(m.span(), m.groupdict()) for m in reg._role_matches(text, starts) if _by_comma(text, m)]


# -- role phrases by a comma ----------------------------------------------------------
def test_apposable_starts_find_the_plain_matches_by_comma(registry: ActorRegistry, texts: list[str]) -> None:
    found = refused = 0
    for text in texts:
        got = _fast_by_comma(registry, text)
        if got is None:
            refused += 1
            continue
        assert got == _plain_by_comma(registry, text), text[:120]
        found += len(got)
    assert found > 30 and refused >= 2  # matches were met, and texts with a comma in a name


@pytest.mark.parametrize("text", TRICKY)
def test_apposable_starts_tricky(registry: ActorRegistry, text: str) -> None:
    got = _fast_by_comma(registry, text)
    if "Bonaire, Sint" in text:
        assert got is None  # a comma may be inside a match: no shortcut
    else:
        assert got == _plain_by_comma(registry, text)


def _fresh(reg: ActorRegistry) -> ActorRegistry:
    """The loaded registry, having learned nothing (cheaper than loading it again)."""
    out = copy.copy(reg)
    out._learned, out._app_cache = {}, {}
    return out


def test_appositions_equal_those_of_every_role_phrase(registry: ActorRegistry, texts: list[str]) -> None:
    checked = 0
    for text in texts:
        fast, plain = _fresh(registry), _fresh(registry)
        got = fast._appositions_cached(text, None)
        hits = [h for h in (plain._role_hit(m, text) for m in plain._role_re.finditer(text)) if h]
        learned: dict[str, actors.Actor] = {}
        people = actors._LazyPeople(plain, text)
        want = plain._appositions(text, hits, people.at, people.start, None, learned, [])
        assert got == want
        assert dict(fast.learned) == learned
        checked += bool(want)
    assert checked >= 3


def test_no_role_match_holds_an_outside_character(registry: ActorRegistry, texts: list[str]) -> None:
    outside, commas = registry._outside_role  # type: ignore[misc]
    rng = random.Random(5)
    pieces = ["the", "U.S.", "E.U.", "J. D. Vance", "president", "Prime Minister", "of", "France",
              "Jane", "Roe", "de", "’s", "'s", "ex-", "OPEC+", "D.R. Congo", "Congo", "AB."]
    seps = [" ", "  ", "\n", "", ".", ",", "-", "’", "x"]
    made = ["".join(rng.choice(pieces) + rng.choice(seps) for _ in range(rng.randint(2, 9)))
            for _ in range(3000)]
    matches = 0
    for text in [*texts, *made]:
        if any(w in text for w in commas):
            continue
        for m in registry._role_re.finditer(text):
            assert outside.search(text, m.start(), m.end()) is None, (text, m.group())
            matches += 1
    assert matches > 1000


@pytest.mark.parametrize(("any_case", "exact", "ok"), [
    (["president"], ["U.S.", "J. D. Vance", "D.R. Congo"], True),
    (["gen."], [], False),            # a full stop in a case-insensitive part
    (["president"], ["St. Kitts"], False),   # a full stop after a small letter
    (["president"], ["AB.C"], False),  # ... after a capital that follows a letter
    (["mr, president"], [], False),   # a comma in a case-insensitive part
    (["président"], ["Ⓐ"], False),    # a character with another case
])
def test_outside_role_chars_refused_when_unsure(any_case: list[str], exact: list[str], ok: bool) -> None:
    assert (actors._outside_role_chars(any_case, exact) is not None) is ok


def test_tail_regex_matches_every_title_of_a_match_before_a_comma(
        registry: ActorRegistry, texts: list[str]) -> None:
    seen = 0
    for text in texts:
        for m in registry._role_re.finditer(text):
            if text.startswith(",", m.end()):
                assert registry._tail_re.match(text, m.start("title")), m.group()
                seen += 1
    assert seen > 20


# -- role phrase starts per sentence ------------------------------------------------------
@pytest.mark.parametrize("after_appositions", [
    False,
    True,  # the article's apposition scan first, as in a build: it must leave no note the slices use
])
def test_sentence_starts_give_finditer(texts: list[str], after_appositions: bool) -> None:
    reg = ActorRegistry.load()
    t = events.load_triggers()
    checked = 0
    for text in texts:
        if after_appositions:
            reg._appositions_cached(text, None)
        for ls, le in events._lines(text):
            for ss, se in [(ls, le), *events._split_line(text, ls, le, t)]:
                part = text[ss:se]
                starts = reg._slice_starts(part, text, ss)
                assert starts is not None
                want = [(m.span(), m.groupdict()) for m in reg._role_re.finditer(part)]
                assert [(m.span(), m.groupdict()) for m in reg._role_matches(part, starts)] == want
                checked += bool(want)
    assert checked > 200


def test_slice_start_positions_are_the_slices_own(registry: ActorRegistry, texts: list[str]) -> None:
    for text in texts[:80]:
        low = case_lower(text)
        assert low is not None
        for ss, se in events.split_sentences(text):
            if ss and not text[ss - 1].isspace() or se < len(text) and not text[se].isspace():
                continue
            own = registry._start_positions(low[ss:se])
            assert [st - ss for st in registry._start_positions(low, ss, se)] == own


#: Heads of role phrases: every kind of word between a phrase's start and its
#: title, title words that begin no title, titles right after another.
HEADS = [
    "the French defence minister’s foreign policy; home secretary; the new prime time",
    "Russia’s foreign minister met the then-Prime Minister and a former French president",
    "The Democratic Republic of the Congo’s president and the U.S. president spoke.",
    "ex-president Roe; the outgoing interim acting president; every prime minister",
    "Foreign Minister Lina Hamdi; DEFENCE MINISTER JANE ROE; the deputy prime minister",
    "the the the the the the the the the the the the the the president",
    "said the top war press finance high home minister of France",
]


@pytest.mark.parametrize("text", HEADS)
def test_start_positions_hold_every_match_start(registry: ActorRegistry, text: str) -> None:
    low = case_lower(text)
    assert low is not None
    want = [(m.span(), m.groupdict()) for m in registry._role_re.finditer(text)]
    assert want  # (the case has role phrases)
    starts = registry._start_positions(low)
    assert [(m.span(), m.groupdict()) for m in registry._role_matches(text, starts)] == want
    for ss, se in events.split_sentences(text):
        part = text[ss:se]
        got = registry._slice_starts(part, text, ss)
        if got is not None:
            assert [(m.span(), m.groupdict()) for m in registry._role_matches(part, got)] \
                == [(m.span(), m.groupdict()) for m in registry._role_re.finditer(part)]


# -- small ones ------------------------------------------------------------------------------
def _plain_title_case_line(text: str, start: int, end: int) -> bool:
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    rest = text[lo:start] + " " + text[end:hi if hi >= 0 else len(text)]
    words = [w for w in re.findall(r"[^\W\d_]+", rest) if w.lower() not in actors._FUNCTION_WORDS]
    return len(words) >= 3 and all(w[0].isupper() for w in words)


@pytest.mark.parametrize("line", [
    "President Held Phone Talks with Heads of Government",   # Title Case
    "President Held talks",                                  # a small word
    "President Met Roe",                                     # too few words
    "President Met Roe and Doe in the City",                 # function words apart
    "Élysée Talks Über Alles 2025 Édition",                  # accents, digits
    "",
])
def test_title_case_line_equals_the_plain_test(line: str) -> None:
    for start in range(len(line) + 1):
        for end in (start, min(len(line), start + 9)):
            assert actors._title_case_line(line, start, end) == _plain_title_case_line(line, start, end)


def test_title_case_line_on_real_lines(texts: list[str]) -> None:
    seen = [0, 0]
    for text in texts[:60]:
        for m in re.finditer(r"[A-Z]\w+", text):
            got = actors._title_case_line(text, m.start(), m.end())
            assert got == _plain_title_case_line(text, m.start(), m.end())
            seen[got] += 1
    assert min(seen) > 5


def test_any_source_trie_finds_what_the_alternation_finds() -> None:
    _, _, sources, any_source = actors._hint_tables()
    assert any_source is not None
    plain = re.compile("|".join(re.escape(s) for s, _ in sources))
    rng = random.Random(9)
    words = [s for s, _ in sources] + ["press", "gov", "office", "the", ".", "uk", "state"]
    for _ in range(3000):
        blob = " ".join(rng.choice(words)[: rng.randint(1, 30)] for _ in range(rng.randint(1, 5)))
        assert bool(any_source.search(blob)) == bool(plain.search(blob)), blob
    for s, _ in sources:
        assert any_source.search("x " + s + " y")


def _plain_case_lower(text: str) -> str | None:
    low = text.lower()
    if not text.isascii() and (len(low) != len(text) or not actors._CASE_UNSAFE.isdisjoint(text)):
        return None
    return low


@pytest.mark.parametrize("text", [
    "Macron MET Starmer", "“Quotes” — dashes’", "Élysée ÉLYSÉE", "Straße STRASSE", "ΟΔΟΣ οδός",
    "İstanbul", "ı", "ſ", "5 \u212a", "Ǆ ǅ ǆ", "ﬁ", "",
])
def test_case_lower_with_the_taggers_answer_equals_lower(text: str) -> None:
    for asked_first in (False, True):
        text = "".join([text])  # a new object: nothing remembered
        if asked_first:
            temporal._safe_lower(text)  # (the tagger asked for it first)
        actors._LAST_CASE = (None, None)
        assert actors.case_lower(text) == _plain_case_lower(text)


def test_case_lower_equals_lower_on_real_texts(texts: list[str]) -> None:
    refused = 0
    for text in texts:
        temporal._safe_lower(text)
        actors._LAST_CASE = (None, None)
        got = actors.case_lower(text)
        assert got == _plain_case_lower(text)
        refused += got is None
    assert refused < len(texts) // 2


def _plain_country_hint(article: object) -> str | None:
    def get(key: str) -> object:
        if isinstance(article, Mapping):
            return article.get(key)
        return getattr(article, key, None)

    meta = get("metadata") or {}
    urls = [get("url") or "", meta.get("url", "") if isinstance(meta, Mapping) else ""]
    texts = [get("source") or ""]
    if isinstance(meta, Mapping):
        texts += [str(meta.get(k, "")) for k in ("source", "original", "publisher")]
    return actors._hint_from.__wrapped__(tuple(str(u) for u in urls), tuple(texts))


@pytest.mark.parametrize("article", [
    Article("a", "x", url="https://www.gov.uk/news/pm-call"),
    Article("b", "x", url="https://example.com", source="U.S. Department of State"),
    Article("c", "x", url="https://example.com", metadata={"publisher": "Hansard"}),
    Article("d", "x", metadata={"url": "https://president.gov.ua/news/1"}),
    {"url": "https://www.state.gov/x", "source": "Reuters"},
    {"url": "https://example.com", "metadata": "not a mapping"},
    {"metadata": {"original": "10 Downing Street"}},
    {},
])
def test_country_hint_equals_the_plain_lookup(article: object) -> None:
    assert actors.country_hint_for(article) == _plain_country_hint(article)
