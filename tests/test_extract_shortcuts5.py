"""The fifth round of extraction shortcuts change no result.

Each shortcut is compared with the plain code it stands for (the shortcut
turned off), on the seed article, generated articles, the shared dev corpus
when present and a table of tricky cases; each test also checks that the
shortcut did fire, so that it cannot pass by never being taken.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from _corpora import PUB, SEED, dev_articles, write_corpus
from _corpora import articles as corpus_articles

from timeline import events, temporal
from timeline.actors import ActorRegistry, case_lower
from timeline.models import Article

#: Sentences whose triggers are all reporting or purpose infinitives, deep
#: undated events, "N weeks later" with and without a dated clause before.
TRICKY = """Macron met Trump in Paris on Monday.
He said talks would follow. Leaders gathered to discuss Ukraine on Tuesday.
She told reporters the summit was planned to address security.
Two weeks later, Starmer met Scholz. Some months later they spoke again.
Macron visited Kyiv.
A week afterwards the ministers held talks. Three days after that Rubio met Lavrov.
Officials convened to discuss the ceasefire, he said.
Zelensky met Erdogan. The leaders spoke by phone."""


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> list[Article]:
    """The seed, tricky text (also with odd spacing and deep in an article),
    200 generated articles and the dev corpus when present."""
    out = [Article("seed", SEED.read_text(encoding="utf-8"), published=PUB),
           Article("tricky", TRICKY, published=PUB),
           Article("tricky2", TRICKY.replace(" ", "  "), published=PUB),
           Article("deep", "Talks.\n" * 6 + TRICKY, published=PUB),
           Article("undated", TRICKY, published=None)]
    return out + corpus_articles(write_corpus(200, 11, tmp_path_factory.mktemp("corpus"))) \
        + dev_articles()


def _counting(fn: Callable[..., Any], seen: Counter[str], name: str) -> Callable[..., Any]:
    def wrapper(*args: Any) -> Any:
        got = fn(*args)
        seen[name, bool(got)] += 1
        return got
    return wrapper


def _plain_words(ctx: events._Ctx, low: str) -> None:
    """:func:`events._note_article_words` without the "later" word filter."""
    _NOTE(ctx, low)
    ctx.later_here = True


_NOTE = events._note_article_words


def _extract_all(arts: list[Article], registry: ActorRegistry) -> Iterator[list[Any]]:
    for art in arts:
        yield events.extract(art, temporal.tag(art.text, art.published), registry)


# -- the whole extraction, shortcuts on and off -------------------------------------
def test_extract_equals_plain(articles: list[Article], registry: ActorRegistry,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    seen: Counter[tuple[str, bool]] = Counter()
    with monkeypatch.context() as m:
        m.setattr(events, "_idle", _counting(events._idle, seen, "idle"))
        m.setattr(events, "_background", _counting(events._background, seen, "background"))
        fast = list(_extract_all(articles, registry))
    # every shortcut fired, and was declined, on this material
    assert all(seen[name, hit] >= 3 for name in ("idle", "background") for hit in (True, False)), seen
    with monkeypatch.context() as m:
        m.setattr(events, "_idle", lambda trig: False)
        m.setattr(events, "_background", lambda ctx: False)
        m.setattr(events, "_note_article_words", _plain_words)
        slow = list(_extract_all(articles, registry))
    assert fast == slow
    assert sum(map(len, fast)) > 300


# -- "N weeks later": no search where the article has no final word ----------------
def test_later_equals_plain(articles: list[Article], registry: ActorRegistry) -> None:
    t = events.load_triggers()
    absent = found = 0
    for art in articles:
        low = case_lower(art.text)
        if low is None:
            continue
        fast = events._Ctx(art, registry, t, None, True, last_dated=(PUB, PUB))
        events._note_article_words(fast, low)
        plain = dataclasses.replace(fast, later_here=True)
        absent += not fast.later_here
        for ss, se in events.split_sentences(art.text):
            sent = art.text[ss:se]
            got = events._later(fast, sent)
            assert got == events._later(plain, sent), sent
            assert events._undated_may_date(fast, [], ss, sent) \
                == events._undated_may_date(plain, [], ss, sent), sent
            found += got is not None
    assert absent >= 50 and found >= 3


@pytest.mark.parametrize(("text", "later_here", "dated"), [
    # the three final words, any case, and none
    ("Two weeks later, Starmer met Scholz.", True, True),
    ("A week AFTERWARDS they met.", True, True),
    ("Three days after that Rubio met Lavrov.", True, True),
    ("Three days after  that Rubio met Lavrov.", False, False),
    ("Later, Starmer met Scholz.", True, False),
    ("Starmer met Scholz.", False, False),
    # a word that holds "later" is no match, but the filter lets it through
    ("Two weeks laterally Starmer met Scholz.", True, False),
])
def test_later_cases(registry: ActorRegistry, text: str, later_here: bool, dated: bool) -> None:
    art = Article("a", text, published=PUB)
    ctx = events._Ctx(art, registry, events.load_triggers(), None, True, last_dated=(PUB, PUB))
    events._note_article_words(ctx, case_lower(text))  # type: ignore[arg-type]
    assert ctx.later_here is later_here
    assert (events._later(ctx, text) is not None) is dated
    assert events._later(ctx, text) == events._later(dataclasses.replace(ctx, later_here=True), text)


# -- sentences with only reporting or inactive triggers -----------------------------
@pytest.mark.parametrize(("sentence", "idle"), [
    # reporting verbs, a topic noun that needs a predicate ("the deal"), a
    # purpose infinitive ("to negotiate"): nothing, even with a date
    ("Trump pulled the United States out of the nuclear deal on May 8, 2018.", True),
    ("Officials said on Monday the deal had taken a year to negotiate.", True),
    ("With the civil war on the agenda on Monday, nothing moved.", True),
    ("Analysts say the push on Monday reflects concern that the war in Gaza could spread.", True),
    # an active trigger beside them: the loop runs
    ("Macron plans to meet Trump on Monday.", False),
    ("Macron met Trump on Monday to discuss the deal, he said.", False),
    ("He said the talks went well on Monday.", False),
    ("Leaders gathered on Tuesday to discuss Ukraine.", False),
])
def test_idle_cases(registry: ActorRegistry, monkeypatch: pytest.MonkeyPatch,
                    sentence: str, idle: bool) -> None:
    seen: Counter[tuple[str, bool]] = Counter()
    art = Article("a", sentence, published=PUB)
    times = temporal.tag(sentence, PUB)
    with monkeypatch.context() as m:
        m.setattr(events, "_idle", _counting(events._idle, seen, "idle"))
        fast = events.extract(art, times, registry)
    assert seen["idle", True] == int(idle)
    assert not (fast and idle)
    with monkeypatch.context() as m:
        m.setattr(events, "_idle", lambda trig: False)
        assert events.extract(art, times, registry) == fast


# -- undated events deep in an article whose lead named no one ----------------------
@pytest.mark.parametrize(("lead", "background"), [
    # a lead with no people: deep undated events are background
    ("Talks.\nMarkets fell.\nIt rained.\nNews.\nMore news.\n", True),
    # a lead whose dated event names people: the test needs the participants
    ("Macron met Trump in Paris on Monday.\nNews.\nMore.\nAnd more.\nStill more.\n", False),
])
def test_background_cases(registry: ActorRegistry, monkeypatch: pytest.MonkeyPatch,
                          lead: str, background: bool) -> None:
    text = lead + "Macron met Trump.\nStarmer visited Kyiv.\n"
    art = Article("a", text, published=PUB)
    times = temporal.tag(text, PUB)
    seen: Counter[tuple[str, bool]] = Counter()
    with monkeypatch.context() as m:
        m.setattr(events, "_background", _counting(events._background, seen, "background"))
        fast = events.extract(art, times, registry)
    assert (seen["background", True] > 0) is background
    with monkeypatch.context() as m:
        m.setattr(events, "_background", lambda ctx: False)
        assert events.extract(art, times, registry) == fast


def test_fallback_words_are_the_masks() -> None:
    t = events.load_triggers()
    assert t.fallback_words == frozenset(t.fallback_masks) and t.fallback_words


# -- sentence ends: the pattern as written for speed, and as first written -----------
END_PLAIN = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s+|$)")


@pytest.mark.parametrize("text", [
    # runs of marks, quotes and brackets after them, the end, other spaces
    "Talks ended. Then...  more?! “Yes.” (No.) [Done.]\tNext…\nLast!",
    "U.S. envoy. J. D. Vance.\u00a0Then.\u2003Now.",
    "a.b.c", "...", ".…!?.", "End.", "End.”", "End.”x", "?!?", "…", ". .", ".\n", "x .)]’\" y",
])
def test_end_re_cases(text: str) -> None:
    assert [m.span() for m in events._END_RE.finditer(text)] \
        == [m.span() for m in END_PLAIN.finditer(text)]
    for lo in range(len(text)):
        assert [m.span() for m in events._END_RE.finditer(text, lo, len(text) - 1)] \
            == [m.span() for m in END_PLAIN.finditer(text, lo, len(text) - 1)]


def test_end_re_on_real_lines(articles: list[Article]) -> None:
    n = 0
    for art in articles:
        for ls, le in events._lines(art.text):
            got = [m.span() for m in events._END_RE.finditer(art.text, ls, le)]
            assert got == [m.span() for m in END_PLAIN.finditer(art.text, ls, le)]
            n += len(got)
    assert n > 3000


# -- furniture and caption lines: one search for all the patterns ------------------
def _plain_any(checks: tuple[re.Pattern[str], ...] | None) -> Callable[[str], bool]:
    return lambda s: any(rx.search(s) for rx in checks or ())


def test_any_search_on_real_lines(articles: list[Article]) -> None:
    t = events.load_triggers()
    hits = 0
    for art in articles:
        low = case_lower(art.text)
        if low is None:
            continue
        for parts, full in ((t.furniture_parts, t.furniture_low), (t.caption_parts, t.caption_low)):
            # (the article's checks, searched at once, against every pattern)
            fast, plain = events._any_search(events._line_checks(parts, low)), _plain_any(full)  # type: ignore[arg-type]
            for ls, le in events._lines(art.text):
                line = low[ls:le]
                got = fast is not None and fast(line) is not None
                assert got == plain(line), line
                hits += got
    assert hits > 100


@pytest.mark.parametrize(("patterns", "line", "found"), [
    # an anchored pattern beside free ones; none; one alone
    (("^also read", "newsletter"), "our newsletter", True),
    (("^also read", "newsletter"), "read also", False),
    (("^also read", "newsletter"), "also read this", True),
    (("^also read",), " also read", False),
    # groups (kept apart: their numbers would shift), flags that differ
    ((r"(a)\1", "zz"), "aa", True),
    ((r"(a)\1", "zz"), "ab", False),
    (("photo", "(?i)CREDIT"), "Credit", True),
    (("photo", "(?s)x.y"), "x\ny", True),
    (("(?i)photo", "(?i)credit"), "CREDIT", True),
    # look-behinds, word ends and line ends inside the union
    ((r"p(?<!\wp)hoto:\s", r"credit\b"), "xphoto: a", False),
    ((r"p(?<!\wp)hoto:\s", r"credit$"), "image credit", True),
])
def test_any_search_cases(patterns: tuple[str, ...], line: str, found: bool) -> None:
    checks = tuple(re.compile(p) for p in patterns)
    search = events._any_search(checks)
    assert search is not None
    assert (search(line) is not None) is found
    assert _plain_any(checks)(line) is found


def test_any_search_none() -> None:
    assert events._any_search(()) is None and events._any_search(None) is None


# -- tokens: slots set in place, as _Tok(...) sets them -------------------------------
def _plain_tokens(text: str, start: int, end: int) -> list[tuple[str, str, int, int]]:
    return [(m.group(), m.group().lower().replace("’", "'"), m.start(), m.end())
            for m in events._WORD_RE.finditer(text, start, end)]


def _fields(toks: list[events._Tok]) -> list[tuple[str, str, int, int]]:
    return [(tk.text, tk.low, tk.start, tk.end) for tk in toks]


def test_tokens_on_real_sentences(articles: list[Article]) -> None:
    n = 0
    for art in articles:
        for ss, se in events.split_sentences(art.text):
            toks = events._tokens(art.text, ss, se)
            assert all(type(tk) is events._Tok for tk in toks)
            assert _fields(toks) == _plain_tokens(art.text, ss, se)
            n += len(toks)
    assert n > 20000


@pytest.mark.parametrize(("text", "lows"), [
    # curly and straight apostrophes, abbreviations, hyphens, "n't", accents
    ("Macron’s talks", ["macron's", "talks"]),
    ("Macron's U.S. trip", ["macron's", "u.s", "trip"]),
    ("don’t can't 'll", ["don't", "can't", "'ll"]),
    ("Sánchez-led G7 talks", ["s", "nchez-led", "g7", "talks"]),
    ("", []),
])
def test_tokens_cases(text: str, lows: list[str]) -> None:
    toks = events._tokens(text, 0, len(text))
    assert [tk.low for tk in toks] == lows
    assert _fields(toks) == _plain_tokens(text, 0, len(text))
    assert all(repr(tk).startswith("_Tok(") for tk in toks)


# -- patterns matched at a position instead of on a slice ----------------------------
NEIGHBOURS = r"\s+(?:on|against|of)\s+(?:its|their)\s+(?:\w+\s+)?neighbou?rs?\b"
OF_NAME = r"\s+of\s+((?:the\s+)?(?:[A-Z][\w’'-]*\s?){1,3})"


def _at_positions(text: str) -> None:
    for m in events._WORD_RE.finditer(text):
        p = m.end()
        fast = events._NEIGHBOURS_RE.match(text, p)
        plain = re.match(NEIGHBOURS, text[p:])
        assert (fast and fast.group()) == (plain and plain.group())
        fast = events._OF_NAME_RE.match(text, p, p + 60)
        plain = re.match(OF_NAME, text[p:p + 60])
        assert (fast and fast.group(1)) == (plain and plain.group(1))


def test_position_matches_on_real_text(articles: list[Article]) -> None:
    for art in articles[:80]:
        _at_positions(art.text)


@pytest.mark.parametrize("text", [
    # a match, one cut by the end of the text or by the 60-character window
    "Russia's assault on its neighbours began.",
    "the attack against their western neighbour",
    "the attack against their neighbourhood",
    "the invasion of the Donbas Region Of Ukraine today",
    "the invasion of " + " " * 40 + "Ukraine Kyiv Lviv",
    "the invasion of Ukr",
    "invasion of",
])
def test_position_match_cases(text: str) -> None:
    _at_positions(text)


# -- a line's places looked for only when a sentence needs them ----------------------
class _EagerPlaces(events._LinePlaces):
    """The plain path: the line's places found at once, as before."""

    def __init__(self, text: str, ls: int, le: int, found: Any = None) -> None:
        super().__init__(text, ls, le, found if found is not None else events._locations(text, ls, le))

    def within(self, ss: int, se: int) -> list[tuple[int, int, str]]:
        return [lc for lc in self.found if ss <= lc[0] and lc[1] <= se]  # type: ignore[union-attr]


def test_line_places_equal_eager(articles: list[Article], registry: ActorRegistry,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    calls: Counter[str] = Counter()
    real = events._locations

    def counted(kind: str) -> Callable[..., Any]:
        def locations(*args: Any) -> Any:
            calls[kind] += 1
            return real(*args)
        return locations

    with monkeypatch.context() as m:
        m.setattr(events, "_locations", counted("lazy"))
        fast = list(_extract_all(articles, registry))
    with monkeypatch.context() as m:
        m.setattr(events, "_locations", counted("eager"))
        m.setattr(events, "_LinePlaces", _EagerPlaces)
        slow = list(_extract_all(articles, registry))
    assert fast == slow
    assert sum(1 for ms in fast for x in ms if x.locations) > 30
    if events._line_places():  # (else the article's places are found once: no saving)
        assert calls["lazy"] < 0.8 * calls["eager"], calls


# -- time owners: nearest candidates' crossings only ----------------------------------
_PLAIN_LEAD = re.compile(r"^\W*(?:In|On|At|By|During|Earlier|Later|Since)?\s*")


def _plain_owner(times: list[Any], trig: list[Any], text: str, ss: int) -> dict[int, list[Any]]:
    """:func:`events._time_owner` as first written: every candidate scored."""
    owned: dict[int, list[Any]] = {k: [] for k in range(len(trig))}
    weak: dict[int, list[Any]] = {k: [] for k in range(len(trig))}
    cands = [k for k, tr in enumerate(trig) if tr.venue_of is None and not tr.inactive]
    if not cands:
        return owned
    for te in times:
        head = _PLAIN_LEAD.sub("", text[ss:te.start])
        if not re.search(r"[A-Za-z]", head) and "," in text[te.end:te.end + 3]:
            for k in cands:
                owned[k].append(te)
            continue
        scored = [(events._dist(trig[k], trig, te.start, te.end)
                   + events._crossing(text, trig[k], te), k) for k in cands]
        best = min(scored)[1]
        if events._crossing(text, trig[best], te):
            weak[best].append(te)
            continue
        owned[best].append(te)
    for k in cands:
        if not owned[k]:
            owned[k] = weak[k]
    return owned


def _owners(text: str, times: list[Any]) -> Iterator[tuple[Any, Any]]:
    t = events.load_triggers()
    for ss, se in events.split_sentences(text):
        mine = [te for te in times if ss <= te.start and te.end <= se and te.resolved]
        toks = events._tokens(text, ss, se)
        trig = events._find_triggers(text, toks, ss, se, t)
        if mine and len(trig) > 1:
            events._attach(text, toks, trig, t)
            yield (events._time_owner(mine, trig, text, ss), _plain_owner(mine, trig, text, ss))


def test_time_owner_on_real_sentences(articles: list[Article]) -> None:
    n = 0
    for art in articles:
        for fast, plain in _owners(art.text, temporal.tag(art.text, art.published)):
            assert fast == plain
            n += 1
    assert n > 150


@pytest.mark.parametrize("sentence", [
    # a leading date for all; one after a clause word (crossing); the nearest
    # trigger behind a crossing, a farther one without; equal distances
    "On Monday, Macron met Trump and visited Kyiv.",
    "In March 2024, the leaders met and talked.",
    "Macron met Trump after talks on Monday.",
    "Macron met Trump on Monday after talks.",
    "Starmer spoke with Macron in Paris on Tuesday, before the summit.",
    "Macron met Trump, who visited Kyiv on Monday, and spoke with Starmer.",
    "Macron visited Kyiv on Monday; Zelensky met Scholz.",
    "Macron met Trump on Monday and spoke to Starmer on Tuesday.",
    "Trump said on Monday that Macron met Starmer.",
    "Talks on Monday: Macron met Trump, then called Scholz.",
])
def test_time_owner_cases(sentence: str) -> None:
    got = list(_owners(sentence, temporal.tag(sentence, PUB)))
    assert got
    for fast, plain in got:
        assert fast == plain


# -- anniversaries: no pattern tried where the article lacks its words -----------------
#: (one article with each pattern's words only, one with both)
ANNIVERSARIES = ("Leaders met in Kyiv to mark three years since the invasion.",
                 "Crowds gathered for the 80th anniversary of the liberation.",
                 "The summit marked two years since the attack.\nTalks on the Anniversary Of it.")


def test_anniversary_equals_plain(articles: list[Article], registry: ActorRegistry) -> None:
    t = events.load_triggers()
    skipped = found = 0
    texts = [a.text for a in articles] + [*ANNIVERSARIES, *(x.upper() for x in ANNIVERSARIES)]
    for n, text in enumerate(texts):
        low = case_lower(text)
        if low is None:
            continue
        fast = events._Ctx(Article(f"a{n}", text, published=PUB), registry, t, None, True)
        events._note_article_words(fast, low)
        plain = dataclasses.replace(fast, anniversary_here=None)
        skipped += fast.anniversary_here == ()
        for ss, se in events.split_sentences(text):
            toks = events._tokens(text, ss, se)
            for tr in events._find_triggers(text, toks, ss, se, t):
                got = events._anniversary(fast, tr, ss, [])
                assert got == events._anniversary(plain, tr, ss, []), text[ss:se]
                found += got is not None
    assert skipped >= 50 and found >= 3
