"""Event mentions: sentences, triggers, dates, participants and status.

One article in, a list of :class:`~timeline.models.Mention` out.  Each mention
is one clause with an event trigger (``met``, ``talks``, ``summit``,
``spoke with``, ``invasion`` ...), dated by the temporal expression it owns
(the nearest one in the sentence), by an explicit inheritance rule ("held
calls *after* convening a summit Monday" -> Monday..publication; "some weeks
later" -> after the last dated clause), or, for undated reports of talks and
attacks, by the publication date (``date_reason="publication-date"``) -- in
the lead, or when they involve the lead's people; deeper in a story they are
background of unknown date and give no mention.

Precision first: reporting verbs ("said") never make events; nouns that name
things as often as events ("the Iran nuclear deal", "the war") need a
predicate ("signed a deal") or an owner ("Russia's war"); purpose infinitives
("met to discuss"), negated, habitual and generic clauses are skipped; a
dateline's date, a date across a clause word ("imposed last week after a
meeting on Feb. 28") or after an attribution ("..., officials said") is not
the event's.  Photo captions and repeated sentences give ``caption=True``
mentions, which :func:`timeline.merge.merge` uses only to corroborate.

Knowledge (trigger words, modality cues, page furniture, abbreviations) is in
``timeline/data/triggers.yaml``.

Examples
--------
>>> split_sentences("Mr. Smith met Dr. Jones on Feb. 17. They talked.")
[(0, 35), (36, 48)]
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from timeline import actors as _actors
from timeline import gazetteer as _gazetteer
from timeline._yaml import load_yaml as _load_yaml
from timeline.actors import case_lower
from timeline.models import ActorMention, Article, Mention, TimeExpression
from timeline.temporal import _lower_pattern

__all__ = ["split_sentences", "extract", "is_furniture", "is_caption", "load_triggers"]

_DATA_PATH = Path(__file__).parent / "data" / "triggers.yaml"

#: Width in days of each granularity, for "is this expression precise".
GRANULARITY_DAYS = {"day": 1, "week": 7, "month": 31, "quarter": 92, "year": 366,
                    "decade": 3653, "century": 36525}


# ---------------------------------------------------------------------------
# data
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class _Verb:
    lemma: str
    type: str
    title: str
    tense: str  # base, present, past, ing, participle
    needs_with: bool = False
    needs_object: bool = False
    needs_to: bool = False
    fallback: bool = False
    reporting: bool = False
    noun: str = ""
    with_only: bool = False


@dataclass(frozen=True)
class Triggers:
    """The compiled contents of ``triggers.yaml``."""

    verbs: dict[str, _Verb]
    nouns: dict[str, str]
    light_verbs: dict[str, str]  # form -> title verb
    noun_not_before: dict[str, frozenset[str]]
    noun_not_after: dict[str, frozenset[str]]
    nouns_need_predicate: frozenset[str]
    habitual_cues: tuple[tuple[str, ...], ...]
    verb_not_before: dict[str, frozenset[str]]
    named_re: re.Pattern[str]
    bodies_re: re.Pattern[str]
    named_need_at: frozenset[str]
    planned_cues: tuple[tuple[str, ...], ...]
    negation_cues: tuple[tuple[str, ...], ...]
    after_re: re.Pattern[str]
    later_re: re.Pattern[str]
    later_units: dict[str, int]
    later_quantities: dict[str, int]
    skip_re: re.Pattern[str]
    anaphoric: frozenset[str]
    ongoing_cues: frozenset[str]
    furniture_re: re.Pattern[str]
    caption_re: re.Pattern[str]
    abbreviations: frozenset[str]
    sentence_starters: frozenset[str]
    object_stops: frozenset[str]
    title_stopwords: frozenset[str]
    topic_before_place: frozenset[str]
    lead_paragraphs: int
    role_words: frozenset[str]
    vague_ago: dict[str, tuple[int, int]]
    anniversary_res: tuple[re.Pattern[str], ...]
    numbers: dict[str, int]
    raw: dict[str, Any] = field(default_factory=dict)
    #: Speed: every word that can start a trigger (verb and noun forms, the
    #: first word of two-word nouns, named heads and bodies) but reporting
    #: verbs, as one case-insensitive regex.  A sentence with no hit has no
    #: trigger but reporting verbs, which give nothing: it is skipped before
    #: tokenising.
    candidates_re: re.Pattern[str] | None = None
    #: Token forms that can start a verb or noun trigger.
    trigger_words: frozenset[str] = frozenset()
    #: ``candidates_re`` for lower-cased text (see :func:`timeline.actors.case_lower`).
    candidates_low: re.Pattern[str] | None = None
    #: Each furniture / caption pattern alone, for lower-cased text (None: use
    #: ``furniture_re`` / ``caption_re``); ``skip_low``: ``skip_re`` likewise.
    furniture_low: tuple[re.Pattern[str], ...] | None = None
    caption_low: tuple[re.Pattern[str], ...] | None = None
    skip_low: re.Pattern[str] | None = None
    #: Speed: a space and a named-event head, which every ``named_re`` match holds.
    heads_re: re.Pattern[str] | None = None
    #: Speed: ``furniture_low`` / ``caption_low`` as the union of those
    #: anchored at the line start (one attempt a line; None: none) and the
    #: others with a literal that each match holds (None: unknown), to leave
    #: out those whose literal is not in the article (see :func:`_line_checks`).
    furniture_parts: tuple[re.Pattern[str] | None,
                           tuple[tuple[str | None, re.Pattern[str]], ...]] | None = None
    caption_parts: tuple[re.Pattern[str] | None,
                         tuple[tuple[str | None, re.Pattern[str]], ...]] | None = None
    #: Speed: words that can make an undated trigger datable by the
    #: publication date (see :func:`_may_date`), for lower-cased text, and
    #: each word's classes (``_FB_*`` bits).
    fallback_low: re.Pattern[str] | None = None
    fallback_masks: dict[str, int] = field(default_factory=dict)
    #: Speed: the words of ``fallback_masks``, made once (the joint scan's
    #: cache key: a set made per article was hashed and compared each time).
    fallback_words: frozenset[str] = frozenset()
    #: The literals (lower case) that every match of each of
    #: ``anniversary_res`` holds (None: not known, always look).
    anniversary_words: tuple[tuple[str, ...], ...] | None = None
    #: Speed: ``candidates_low`` and ``fallback_low`` with the look-behind
    #: ``(?<![a-z0-9])`` as a consumed character (see :func:`_word_hits`);
    #: None: use those.
    candidates_next: re.Pattern[str] | None = None
    #: The words of ``candidates_low``.
    candidate_words: frozenset[str] = frozenset()
    #: Speed: the candidate words that can only start a verb trigger (no
    #: noun, no two-word noun's first word, no named word, not reporting),
    #: for :func:`_dead_verb`.
    verb_only_words: frozenset[str] = frozenset()
    fallback_next: re.Pattern[str] | None = None


def _consuming(rx: re.Pattern[str] | None, words: Iterable[str]) -> re.Pattern[str] | None:
    """``rx``, ``(?<![a-z0-9])(?:<words>)(?![a-z0-9])``, with its look-behind
    as a consumed character and the word as group 1: ``re`` skips letters and
    digits fast where a leading look-behind makes it try every position.

    None when :func:`_word_hits` could differ: unless every word ends with a
    letter or digit, a match of ``rx`` may start where the last ended.
    """
    lead = r"(?<![a-z0-9])"
    if rx is None or not rx.pattern.startswith(lead) or rx.flags & ~re.U \
            or not all(w and w[-1] in _ALNUM_LOW for w in words):
        return None
    return re.compile(r"[^a-z0-9](" + rx.pattern[len(lead):] + ")")


_ALNUM_LOW = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def _word_hits(rx: re.Pattern[str], nxt: re.Pattern[str] | None, low: str, lo: int = 0,
               hi: int | None = None) -> list[tuple[int, str]]:
    """``(start, word)`` of each match of ``rx.finditer(low, lo, hi)``, found
    with ``nxt`` (:func:`_consuming`) when given.

    The consumed character is the one the look-behind sees (at ``lo - 1``
    too), and no match of ``rx`` starts where the last ended (the word's last
    character fails the look-behind): the same matches.
    """
    if hi is None:
        hi = len(low)
    if nxt is None:
        return [(m.start(), m.group()) for m in rx.finditer(low, lo, hi)]
    out: list[tuple[int, str]] = []
    if lo == 0:
        first = rx.match(low, 0, hi)
        if first is not None:
            out.append((0, first.group()))
            lo = first.end() + 1  # (the next consumes a character at first.end() or later)
    out += [(m.start(1), m.group(1)) for m in nxt.finditer(low, max(lo - 1, 0), hi)]
    return out


@lru_cache(maxsize=8)
def _joint_scan(cands: frozenset[str], titles: frozenset[str]
                ) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """One scan for the trigger candidates (``candidates_low``) and the
    registry's title words (``\\b<title>\\b``, see
    :meth:`timeline.actors.ActorRegistry.title_words`): ``(rx, nxt)`` for
    :func:`_word_hits`, or None when :func:`_joint_hits` could differ from
    the two scans.

    Where a candidate matches, the joint pattern must take that word: no
    title that is not a candidate may be longer than a candidate it starts
    with (and the candidate end where a look-ahead allows), nor hold one after
    a character that is not a letter or digit.
    """
    if not cands or not titles or not all(re.fullmatch(r"\w+", w) for w in titles):
        return None
    for f in titles - cands:
        for c in cands:
            if c != f and f.startswith(c) and f[len(c)] not in _ALNUM_LOW:
                return None
        for i in range(1, len(f)):
            if f[i - 1] not in _ALNUM_LOW and any(
                    c.startswith(f[i:]) or f.startswith(c, i) for c in cands):
                return None
    from timeline.actors import trie_regex

    words = cands | titles
    rx = re.compile(r"(?<![a-z0-9])(?:" + trie_regex(words) + r")(?![a-z0-9])")
    nxt = _consuming(rx, words)
    return (rx, nxt) if nxt is not None else None


@lru_cache(maxsize=8)
def _joint_scan_fb(cands: frozenset[str], titles: frozenset[str], fb: frozenset[str]
                   ) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """:func:`_joint_scan` that also finds the fallback words ``fb``
    (``fallback_low``), for :func:`_joint_hits` given ``fb``; None when the
    fallback hits could differ from a scan of their own.

    A fallback word that is not a candidate must be one run of letters and
    digits that is no title's proper prefix nor has one: then a hit of the
    joint scan is either that word, or a longer candidate in which the
    fallback scan is run (see :func:`_joint_hits`).  A fallback word with
    another character must be a candidate with no space, and no other word
    may end where it has such a character: no fallback match then starts in
    a joint hit and ends after it.
    """
    if _joint_scan(cands, titles) is None:
        return None
    union = cands | titles | fb
    for f in fb:
        if " " in f or not f:
            return None
        if re.fullmatch(r"[a-z0-9]+", f):
            if f not in cands and any(t != f and (t.startswith(f) or f.startswith(t))
                                      for t in titles):
                return None
            continue
        if f not in cands:
            return None
        for i, ch in enumerate(f):
            if ch not in _ALNUM_LOW and any(
                    u != f and u.endswith(f[:i]) for u in union):
                return None
    from timeline.actors import trie_regex

    rx = re.compile(r"(?<![a-z0-9])(?:" + trie_regex(union) + r")(?![a-z0-9])")
    nxt = _consuming(rx, union)
    return (rx, nxt) if nxt is not None else None


_WORD_ONLY_RE = re.compile(r"\w+")
_ALNUM_RUN_RE = re.compile(r"[a-z0-9]+")


def _joint_hits(scan: tuple[re.Pattern[str], re.Pattern[str]], cands: frozenset[str],
                titles: frozenset[str], low: str, fb: Triggers | None = None,
                fb_hits: list[tuple[int, str]] | None = None,
                cand_words: list[str] | None = None) -> tuple[list[int], list[int]]:
    """The starts of ``candidates_low`` and of ``\\b<title>\\b`` matches in
    ``low``, from one scan of :func:`_joint_scan`.

    A title match is a whole run of word characters (``\\w+``) that is a
    title word; the joint scan starts a match at each (a longer word may hold
    it, then its runs are looked at).

    With ``fb`` (the triggers) and a scan of :func:`_joint_scan_fb`, the
    ``(start, word)`` of ``fallback_low``'s matches are added to ``fb_hits``:
    a hit that is a fallback word is one; in a longer hit, the fallback scan
    is run.  ``cand_words``: the candidates' words are added to it.
    """
    found, titled = [], []
    n = len(low)
    run = _WORD_ONLY_RE.match
    fbw = fb.fallback_masks if fb is not None else None
    kinds = _WORD_KINDS
    for p, w in _word_hits(scan[0], scan[1], low):
        kind = kinds.get(w)
        if kind is None:
            kind = _word_kind(w)
        if fbw is not None:
            if w in fbw:
                fb_hits.append((p, w))  # type: ignore[union-attr]
            elif not kind & _ALNUM_RUN:
                fb_hits.extend(_word_hits(fb.fallback_low, fb.fallback_next,  # type: ignore[union-attr,arg-type]
                                          low, p, p + len(w)))
        if w in cands:
            found.append(p)
            if cand_words is not None:
                cand_words.append(w)
        if w in titles:
            e = p + len(w)
            if (p == 0 or not _is_word(low[p - 1])) and (e == n or not _is_word(low[e])):
                titled.append(p)
        elif not kind & _WORD_RUN_ONLY:
            for r in _WORD_ONLY_RE.finditer(low, p, p + len(w)):
                st = r.start()
                if (st == 0 or not _is_word(low[st - 1])) \
                        and run(low, st).group() in titles:  # type: ignore[union-attr]
                    titled.append(st)
    return found, titled


#: Classes of a word (see :func:`_word_kind`): one run of ASCII letters and
#: digits; one run of ``\\w``.
_ALNUM_RUN, _WORD_RUN_ONLY = 1, 2
#: Speed: :func:`_word_kind` of the words seen (a pure function of the word;
#: the joint scans' words only).
_WORD_KINDS: dict[str, int] = {}


def _word_kind(w: str) -> int:
    """Whether ``w`` is one run of ``[a-z0-9]`` (``_ALNUM_RUN``) and of ``\\w``
    (``_WORD_RUN_ONLY``), remembered.

    >>> _word_kind("summit"), _word_kind("tánaiste"), _word_kind("mini-summit")
    (3, 2, 0)
    """
    kind = (_ALNUM_RUN if _ALNUM_RUN_RE.fullmatch(w) else 0) \
        | (_WORD_RUN_ONLY if _WORD_ONLY_RE.fullmatch(w) else 0)
    _WORD_KINDS[w] = kind
    return kind


def _is_word(ch: str) -> bool:
    """Whether ``re``'s ``\\w`` matches the character."""
    return ch.isalnum() or ch == "_"


def _phrases(items: Sequence[str]) -> tuple[tuple[str, ...], ...]:
    # Longest first so "is set to" wins over "is".
    out = {tuple(_WORD_RE.findall(str(p).lower())) or (str(p).lower(),) for p in items}
    return tuple(sorted(out, key=lambda t: (-len(t), t)))


def _alternation(items: Sequence[str], *, escape: bool = True) -> str:
    parts = sorted({str(i) for i in items}, key=len, reverse=True)
    return "|".join(re.escape(p) if escape else p for p in parts)


def _word_alternation(items: Sequence[str]) -> str:
    r"""``\b(<items>)\b`` (see :func:`_alternation`), with ``\b`` before an item
    that starts with a word character as a look-behind after that character:
    ``re`` then skips positions whose character starts no item, where a
    leading ``\b`` makes it try every one.

    >>> _word_alternation(["G7", "Davos"])
    '(D(?<!\\wD)avos|G(?<!\\wG)7)\\b'
    """
    parts = sorted({str(i) for i in items}, key=len, reverse=True)
    if not parts or not all(re.match(r"\w", p) for p in parts):
        return r"\b(" + _alternation(parts) + r")\b"
    return "(" + "|".join(f"{re.escape(p[0])}(?<!\\w{re.escape(p[0])}){re.escape(p[1:])}"
                          for p in parts) + r")\b"


@lru_cache(maxsize=4)
def load_triggers(path: str | None = None) -> Triggers:
    """Load and compile the trigger tables (cached).

    Examples
    --------
    >>> t = load_triggers()
    >>> t.verbs["met"].type, t.nouns["summit"]
    ('CONSULT', 'CONSULT')
    """
    raw = _load_yaml(Path(path or _DATA_PATH).read_text(encoding="utf-8"))
    verbs: dict[str, _Verb] = {}
    for lemma, spec in raw["verbs"].items():
        forms = list(spec["forms"])
        tenses = ["base", "present", "past", "ing"]
        pairs = list(zip(forms, tenses * (len(forms) // 4 + 1), strict=False))
        if spec.get("participle"):
            pairs.append((spec["participle"], "past"))
        for form, tense in pairs:
            verbs.setdefault(form, _Verb(lemma, spec["type"], spec["title"], tense,
                                         bool(spec.get("needs_with")),
                                         bool(spec.get("needs_object")),
                                         bool(spec.get("needs_to")),
                                         bool(spec.get("fallback")),
                                         bool(spec.get("reporting")),
                                         str(spec.get("noun", lemma)),
                                         bool(spec.get("with_only"))))
    heads = _alternation(raw["named_heads"])
    named_re = re.compile(
        r"\b((?:(?:[A-Z][\w’'-]*|G\d+|of|the|on|for|and|de)\s+){0,5}?"
        r"(?:[A-Z][\w’'-]*|G\d+)\s+(?:" + heads + r"))\b")
    bodies_re = re.compile(_word_alternation(raw["named_bodies"]))
    # Every match of named_re holds a space and a head, ending at a boundary.
    heads_re = re.compile(r"\s(?:" + heads + r")\b")
    units = {str(k): int(v) for k, v in raw["later_units"].items()}
    qty = {str(k): int(v) for k, v in raw["later_quantities"].items()}
    later_re = re.compile(
        r"\b(" + _alternation(list(qty)) + r"|\d+)\s+(" + _alternation(list(units))
        + r")\s+(" + "|".join(_LATER_WORDS) + r")\b", re.I)
    from timeline.actors import trie_regex

    nouns = {str(k).lower(): str(v) for k, v in raw["nouns"].items()}
    starts = set(verbs) | {n.split()[0] for n in nouns}
    named_words = {str(w).lower() for w in list(raw["named_heads"]) + list(raw["named_bodies"])}
    # A reporting verb ("said") never makes an event: a sentence whose only
    # trigger words are reporting verbs gives nothing.
    reporting_only = {f for f, v in verbs.items() if v.reporting} \
        - {n.split()[0] for n in nouns} - named_words
    cand_words = (starts | named_words) - reporting_only
    skip_re = re.compile("|".join(f"(?:{p})" for p in raw["skip_phrases"]), re.I)
    return Triggers(
        verbs=verbs,
        nouns=nouns,
        light_verbs={f: str(spec["title"]) for spec in raw["light_verbs"].values()
                     for f in spec["forms"]},
        noun_not_before={k: frozenset(v) for k, v in raw["noun_not_before"].items()},
        noun_not_after={k: frozenset(v) for k, v in raw["noun_not_after"].items()},
        nouns_need_predicate=frozenset(raw["nouns_need_predicate"]),
        habitual_cues=_phrases(raw["habitual_cues"]),
        verb_not_before={k: frozenset(v) for k, v in raw["verb_not_before"].items()},
        named_re=named_re,
        bodies_re=bodies_re,
        heads_re=heads_re,
        named_need_at=frozenset(raw["named_need_at"]),
        planned_cues=_phrases(raw["planned_cues"]),
        negation_cues=_phrases(raw["negation_cues"]),
        after_re=re.compile(r"\b(?:" + _alternation(raw["after_cues"]) + r")\b", re.I),
        later_re=later_re,
        later_units=units,
        later_quantities=qty,
        skip_re=skip_re,
        anaphoric=frozenset(raw["anaphoric_determiners"]),
        ongoing_cues=frozenset(raw["ongoing_cues"]),
        furniture_re=re.compile("|".join(f"(?:{p})" for p in raw["furniture"]), re.I),
        caption_re=re.compile("|".join(f"(?:{p})" for p in raw["captions"]), re.I),
        abbreviations=frozenset(str(a).lower() for a in raw["abbreviations"]),
        sentence_starters=frozenset(raw["sentence_starters"]),
        object_stops=frozenset(raw["object_stops"]),
        title_stopwords=frozenset(raw["title_stopwords"]),
        topic_before_place=frozenset(raw["topic_before_place"]),
        lead_paragraphs=int(raw["lead_paragraphs"]),
        role_words=frozenset(raw["role_words"]),
        vague_ago={str(k): (int(v[0]), int(v[1])) for k, v in raw["vague_ago"].items()},
        anniversary_res=tuple(re.compile(p, re.I) for p in raw["anniversary_patterns"]),
        numbers={str(k): int(v) for k, v in raw["numbers"].items()},
        raw=raw,
        # Tokens start after a non-alphanumeric and end before one, so these
        # bounds never miss a token; matching more (case, "met" in "met.x") is fine.
        candidates_re=re.compile(r"(?<![A-Za-z0-9])(?:" + trie_regex(cand_words)
                                 + r")(?![A-Za-z0-9])", re.I),
        trigger_words=frozenset(starts),
        candidates_low=re.compile(r"(?<![a-z0-9])(?:" + trie_regex(cand_words)
                                  + r")(?![a-z0-9])"),
        furniture_low=_lowered_each(raw["furniture"]),
        caption_low=_lowered_each(raw["captions"]),
        skip_low=_skip_low(raw["skip_phrases"]),
        **_fallback_words(verbs, nouns, raw),
        candidates_next=_consuming(re.compile(r"(?<![a-z0-9])(?:" + trie_regex(cand_words)
                                              + r")(?![a-z0-9])"), cand_words),
        candidate_words=frozenset(cand_words),
        verb_only_words=frozenset(w for w in cand_words if w in verbs and not verbs[w].reporting
                                  and w not in nouns and w not in named_words
                                  and w not in {n.split()[0] for n in nouns}),
        furniture_parts=_line_parts(_lowered_each(raw["furniture"])),
        caption_parts=_line_parts(_lowered_each(raw["captions"])),
    )


def _line_parts(pats: tuple[re.Pattern[str], ...] | None
                ) -> tuple[re.Pattern[str] | None,
                           tuple[tuple[str | None, re.Pattern[str]], ...]] | None:
    """The ``*_parts`` fields of :class:`Triggers` for these lowered patterns."""
    if pats is None:
        return None
    try:
        from re import _parser  # type: ignore[attr-defined]
    except ImportError:
        return None
    anchored: list[str] = []
    rest: list[tuple[str | None, re.Pattern[str]]] = []
    for rx in pats:
        src = rx.pattern
        first = list(_parser.parse(src))[:1]
        if src.startswith("^") and first == [(_parser.AT, _parser.AT_BEGINNING)] \
                and not _top_level_bar(src):
            anchored.append(src[1:])
        else:
            rest.append((_required_literal(src), rx))
    union = re.compile("^(?:" + "|".join(f"(?:{p})" for p in anchored) + ")") if anchored else None
    return union, tuple(rest)


def _top_level_bar(src: str) -> bool:
    """Whether a regex source has a ``|`` outside groups and classes.

    >>> _top_level_bar("^a|b"), _top_level_bar("^(?:a|b)"), _top_level_bar("[|]")
    (True, False, False)
    """
    depth, i, in_class = 0, 0, False
    while i < len(src):
        c = src[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            # "[]...]", "[^]...]": that first "]" is a member
            i += 2 if src.startswith("^]", i + 1) else 1 if src.startswith("]", i + 1) else 0
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return True
        i += 1
    return False


def _line_checks(parts: tuple[re.Pattern[str] | None,
                              tuple[tuple[str | None, re.Pattern[str]], ...]],
                 low: str) -> tuple[re.Pattern[str], ...]:
    """The patterns that can match some line of the lower-cased article ``low``:
    the anchored union, and the others whose literal is in the article."""
    union, rest = parts
    out = [union] if union is not None else []
    # Speed: literals that share a gate (a piece of each) are not looked for
    # where the gate is not in the article.
    gates, gated = _gated(rest)
    absent = {g for g in gates if g not in low}
    out += [rx for lit, rx, g in gated if lit is None or (g not in absent and lit in low)]
    return tuple(out)


_GATED: dict[int, tuple[Any, tuple[str, ...], tuple[tuple[str | None, re.Pattern[str], str | None], ...]]] = {}


def _gated(rest: tuple[tuple[str | None, re.Pattern[str]], ...]
           ) -> tuple[tuple[str, ...], tuple[tuple[str | None, re.Pattern[str], str | None], ...]]:
    """Speed: the distinct gates of ``rest``'s literals (:func:`_literal_gates`)
    and ``(literal, pattern, gate)`` of each, made once per ``rest`` (a field
    of the triggers, kept alive with them)."""
    got = _GATED.get(id(rest))
    if got is None or got[0] is not rest:
        gate_of = _literal_gates(tuple(lit for lit, _ in rest))
        got = _GATED[id(rest)] = (
            rest, tuple(dict.fromkeys(g for g in gate_of if g is not None)),
            tuple((lit, rx, g) for (lit, rx), g in zip(rest, gate_of, strict=True)))
    return got[1], got[2]


@lru_cache(maxsize=256)
def _any_search(checks: tuple[re.Pattern[str], ...] | None
                ) -> Callable[[str], re.Match[str] | None] | None:
    """One ``search`` that finds a match in a string where one of ``checks``
    does (None: there are no checks): their union, when they have the same
    flags and no groups (no group numbers to shift, no back-references);
    else a search with each in turn.

    >>> s = _any_search((re.compile("^also read"), re.compile("newsletter")))
    >>> bool(s("our newsletter")), bool(s("read also")), _any_search(())
    (True, False, None)
    """
    if not checks:
        return None
    if len(checks) == 1:
        return checks[0].search
    if all(rx.groups == 0 and rx.flags == checks[0].flags for rx in checks):
        try:
            return re.compile("|".join(f"(?:{rx.pattern})" for rx in checks),
                              checks[0].flags).search
        except re.error:  # (inline global flags, say: not at the union's start)
            pass

    def each(s: str) -> re.Match[str] | None:
        return next((m for rx in checks if (m := rx.search(s)) is not None), None)
    return each


@lru_cache(maxsize=8)
def _literal_gates(lits: tuple[str | None, ...]) -> tuple[str | None, ...]:
    """For each literal, a piece of it (4 to 6 characters) that at least two
    others hold too, else None: where the piece is not in a text none of
    them is.  Greedy: the piece that most literals hold first.

    >>> _literal_gates(("(photo:", "photographer:", " photo", "newsletter", None))
    ('photo', 'photo', 'photo', None, None)
    """
    gate: list[str | None] = [None] * len(lits)
    left = {i for i, lit in enumerate(lits) if lit}
    while True:
        count: dict[str, set[int]] = {}
        for i in left:
            lit = lits[i]
            for n in range(4, 7):
                for k in range(len(lit) - n + 1):  # type: ignore[arg-type]
                    count.setdefault(lit[k:k + n], set()).add(i)  # type: ignore[index]
        if not count:
            break
        # (most literals, then the longest piece, then the first in order)
        piece, held = max(count.items(), key=lambda kv: (len(kv[1]), len(kv[0]), kv[0]))
        if len(held) < 3:
            break
        for i in held:
            gate[i] = piece
        left -= held
    return tuple(gate)


#: Verbs that turn a following event noun of another type into a predicate
#: ("convened a summit", "signed a ceasefire").
_ATTACH_LEMMAS = frozenset({"convene", "host", "sign", "agree"})

# Classes of the words of ``Triggers.fallback_low``: a fallback verb form in
# a tense that can be dated by the publication date (past, participle, -ing)
# or in the present (only in headlines); a noun that a light or event verb
# makes datable that way (and the named-event words); a verb or light verb
# form in such a tense, or in the present.
_FB_VERB, _FB_VERB_PRESENT, _FB_NOUN, _FB_PRED, _FB_PRED_PRESENT = 1, 2, 4, 8, 16
#: (and, in a sentence, a noun after such a predicate verb)
_FB_NOUN_PRED, _FB_NOUN_PRED_PRESENT = _FB_PRED << 2, _FB_PRED_PRESENT << 2
_FB_TENSED = ("past", "participle", "ing")


def _light_tense(w: str) -> str:
    """The tense a light verb form gives its noun (see :func:`_attach`)."""
    return "past" if w.endswith("ed") or w in {"held", "had", "made", "began"} \
        else "ing" if w.endswith("ing") else "present"


#: The words that end "some weeks later" (``later_re``), as they are written.
_LATER_WORDS = ("later", "afterwards", "after that")


def _fallback_words(verbs: dict[str, _Verb], nouns: dict[str, str], raw: dict[str, Any]
                    ) -> dict[str, Any]:
    """The ``fallback_*`` and ``anniversary_words`` fields of :class:`Triggers`."""
    from timeline.actors import trie_regex

    masks: dict[str, int] = {}

    def add(word: str, bit: int) -> None:
        masks[word] = masks.get(word, 0) | bit

    for form, v in verbs.items():
        if v.fallback:
            add(form, _FB_VERB if v.tense in _FB_TENSED else _FB_VERB_PRESENT
                if v.tense == "present" else 0)
        # A verb before a noun makes it datable only so (see _attach); other
        # verbs ("said") attach to nouns of their own type, none of these.
        if v.fallback or v.type in ("CONSULT", "ASSAULT") or v.lemma in _ATTACH_LEMMAS:
            add(form, _FB_PRED if v.tense in _FB_TENSED else _FB_PRED_PRESENT
                if v.tense == "present" else 0)
    for spec in raw["light_verbs"].values():
        for form in spec["forms"]:
            # A light verb that is also an event verb gives its noun that
            # verb's tense (see _attach), else its own.
            for tense in (_light_tense(form), verbs[form].tense if form in verbs else ""):
                add(form, _FB_PRED if tense in _FB_TENSED else _FB_PRED_PRESENT
                    if tense == "present" else 0)
    for noun, typ in nouns.items():
        if typ in ("CONSULT", "ASSAULT", "AGREE", "STATEMENT"):
            add(noun.split()[0], _FB_NOUN)
    # A named event's text ends with a head or is a body, whose last word is here.
    for w in list(raw["named_heads"]) + list(raw["named_bodies"]):
        add(str(w).lower().split()[-1], _FB_NOUN)
    masks = {w: m for w, m in masks.items() if m}
    # A token's form maps "’" to "'" and the regex runs on the text: words
    # with other characters than these could be missed, so then no filter.
    simple = all(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", w) for w in masks)
    words = [_required_literals(str(p)) for p in raw["anniversary_patterns"]]
    rx = re.compile(r"(?<![a-z0-9])(?:" + trie_regex(masks) + r")(?![a-z0-9])") if simple else None
    return {"fallback_low": rx, "fallback_masks": masks, "fallback_words": frozenset(masks),
            "fallback_next": _consuming(rx, masks),
            "anniversary_words": None if None in words else tuple(words)}  # type: ignore[arg-type]


def _required_literal(pattern: str) -> str | None:
    r"""The longest literal run at the top level of ``pattern`` (lower case),
    which every match holds; None if there is none or the pattern is odd.

    >>> _required_literal(r"\b(?P<n>\w+)\s+anniversary\s+of\b")
    'anniversary'
    """
    runs = _required_literals(pattern)
    return max(runs, key=len) if runs else None


def _required_literals(pattern: str) -> tuple[str, ...] | None:
    r"""The literal runs at the top level of ``pattern`` (lower case), which
    every match holds; None if there is none or the pattern is odd.

    >>> _required_literals(r"\bmarks?\s+(?P<n>\w+)\s+years?\s+since\b")
    ('mark', 'year', 'since')
    """
    try:
        from re import _parser  # type: ignore[attr-defined]

        items = list(_parser.parse(pattern, re.I))
        literal = _parser.LITERAL
    except Exception:  # noqa: BLE001 - another Python: no shortcut
        return None
    runs: list[str] = []
    run = ""
    for op, arg in items + [(None, None)]:
        if op is literal:
            run += chr(arg)
            continue
        if run:
            runs.append(run.lower())
        run = ""
    # Lower-cased text holds the lower-cased literal where re.I matched it,
    # when neither has a character that case_lower refuses.
    if not runs or not all(r.isascii() for r in runs):
        return None
    return tuple(runs)


def _lowered_each(patterns: Sequence[str]) -> tuple[re.Pattern[str], ...] | None:
    # "any of these matches the line", one pattern at a time: anchored ones then
    # cost one attempt, and literal ones a fast scan.
    out = []
    for p in patterns:
        rx = _lower_pattern(re.compile(p, re.I))
        if rx is None:
            return None
        out.append(re.compile(_lead_literal(rx.pattern)))
    return tuple(out)


def _skip_low(phrases: Sequence[str]) -> re.Pattern[str] | None:
    """``skip_re`` for lower-cased text, each phrase's leading ``\\b`` after
    its first letter (:func:`_lead_literal`): when every phrase then starts
    with a letter, ``re`` skips the positions whose character starts none."""
    parts = []
    for p in phrases:
        rx = _lower_pattern(re.compile(p, re.I))
        if rx is None:
            return None
        parts.append(f"(?:{_lead_literal(rx.pattern)})")
    return re.compile("|".join(parts))


def _lead_literal(src: str) -> str:
    r"""``\bphoto`` as ``p(?<!\wp)hoto``: the same matches, but ``re`` can then scan
    for the literal first letter instead of trying every position."""
    if src.startswith("\\b") and len(src) > 3 and src[2].isascii() and src[2].isalnum() \
            and src[3] not in "?*+{":
        return src[2] + "(?<!\\w" + src[2] + ")" + src[3:]
    return src


# ---------------------------------------------------------------------------
# sentences and furniture
# ---------------------------------------------------------------------------
_WORD_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9’'.-]*[A-Za-z0-9]|[A-Za-z0-9]|'ll|n't")
#: A run of sentence-final marks, closing quotes and brackets, then a space
#: or the end.  (Written ``[.!?…][.!?…]*`` for ``[.!?…]+`` and ``(?=\s|$)``
#: for ``(?=\s+|$)``, the same matches: ``re`` then scans for a first
#: character of the set instead of trying the repeat at every position.)
_END_RE = re.compile(r"[.!?…][.!?…]*[\"”’')\]]*(?=\s|$)")
_OPENERS = "\"“‘'([«"


_TRIMMED_LINE_RE = re.compile(r"\S(?:[^\n]*\S)?")
_NONSPACE_RE = re.compile(r"\S")
_NEXT_WORD_RE = re.compile(r"[\w’']+")
_WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.")
_WORD_CHARS_RE = re.compile(r"[A-Za-z.]+")
_WS_RE = re.compile(r"\s+")
# Regexes of the per-sentence steps, compiled once (a module-level re.* call
# pays a cache lookup each time).
_NAME_LEAD_RE = re.compile(r"^(?:(?:the|of|on|for|and)\s+)+", re.I)
_AT_BEFORE_RE = re.compile(r"\b(?:at|in|for|from|during|attend(?:ed|s|ing)?|host(?:ed|s)?)"
                           r"\s+(?:the\s+)?(?:\w+\s+)?$")
_VENUE_AT_RE = re.compile(r"\bat\s+(?:the|a|an)?\s*(?:[\w-]+\s+)?$")
#: A time's leading words ("In", "On", ...), matched at the sentence start
#: (``match`` at a position: no ``^``, which would not match there).
_TIME_LEAD_AT = re.compile(r"\W*(?:In|On|At|By|During|Earlier|Later|Since)?\s*")
_LETTER_RE = re.compile(r"[A-Za-z]")
_PARENTHETICAL_RE = re.compile(r",\s*(?:who|which|whose|where)\b[^,;]*,")
_RELATIVE_RE = re.compile(r",\s+(?:who|which|whose)\b")
_FINAL_STOP_RE = re.compile(r"[.!?][\"”’')\]]*\s*$")
_PLACE_PREP_RE = re.compile(r"\b(in|at|to|near|outside|inside|into|on|against)\s+(?:the\s+)?$")
_OWNER_RE = re.compile(r"['’]s\b")
_LETTERS_RE = re.compile(r"[A-Za-z]+")
_VAGUE_AGO_RE = re.compile(r"\b(a few|few|some|several|a couple of)\s+(days|weeks|months)\s+ago\b",
                           re.I)
_STOP_RE = re.compile(r"[.;]")
_SEPARATELY_RE = re.compile(r"\b(?:separately|separate|individually|respectively)\b")
# (``match`` at a position: the rest of the text, not a copy of it; no
# look-behind, so the same as matching the slice)
_NEIGHBOURS_RE = re.compile(r"\s+(?:on|against|of)\s+(?:its|their)\s+(?:\w+\s+)?neighbou?rs?\b")
_SIBILANT_ES_RE = re.compile(r"(?:ss|sh|ch|x|z)es$")
# (matched up to an end position: no look-ahead, word end or ``$``, so the
# same as matching the slice up to it)
_OF_NAME_RE = re.compile(r"\s+of\s+((?:the\s+)?(?:[A-Z][\w’'-]*\s?){1,3})")
_LEAD_PREP_RE = re.compile(r"(?:in|at|on|to|with|for|the)\b")


def _lines(text: str) -> list[tuple[int, int]]:
    """Non-blank lines as (start, end) spans with surrounding spaces trimmed."""
    # (``\S`` is ``str.isspace``'s complement; a match runs from a line's first
    # non-space to its last, and the next starts on a later line)
    return [m.span() for m in _TRIMMED_LINE_RE.finditer(text)]


def _is_boundary(text: str, end_m: re.Match[str], t: Triggers, lo: int = 0,
                 hi: int | None = None) -> bool:
    """Whether the period run matched by ``end_m`` ends a sentence.

    ``lo:hi``: the line the match is in, when ``text`` is more (a line has no
    newline; the characters around it are spaces).
    """
    p = end_m.start()
    # Speed: look at the next non-space character and the word before the
    # period in place (slicing the rest of the text made splitting quadratic).
    end = end_m.end()
    if hi is None:
        hi = len(text)
    if end + 1 < hi and text[end] == " " and not text[end + 1].isspace():
        first, first_at = text[end + 1], end + 1  # (one space: no search)
    else:
        nm = _NONSPACE_RE.search(text, end, hi)
        if nm is None:
            return True
        first, first_at = nm.group(), nm.start()
    if text[p] != ".":
        return first.isupper() or first in _OPENERS or first.isdigit()
    # The word the period closes, dots included ("U.S", "Feb", "J"): the run of
    # letters and dots ending at the period (or at a newline just before it, as
    # ``$`` allowed), from its first letter.
    e = p - 1 if p > lo and text[p - 1] == "\n" else p
    # (most often a plain word after a space: its start without a loop)
    sp = text.rfind(" ", lo, e)
    if sp >= 0 and sp + 1 < e and _WORD_CHARS_RE.fullmatch(text, sp + 1, e) is not None:
        b = sp + 1
    else:
        b = e
        while b > lo and text[b - 1] in _WORD_CHARS:
            b -= 1
    while b < e and text[b] == ".":
        b += 1
    word = text[b:e]
    if len(word) == 1 and word.isupper():
        return False  # an initial: "J. D. Vance"
    if word.lower() in t.abbreviations or "." in word:
        if "." in word:
            next_word = _NEXT_WORD_RE.match(text, first_at)
            nw = next_word.group(0) if next_word else ""
            if nw.lower() in t.sentence_starters and nw[:1].isupper():
                return True  # "in the U.S. The talks..."
        return False
    if first.isdigit() or first.isupper() or first in _OPENERS:
        return True
    return False


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into sentence spans ``(start, end)`` (end exclusive).

    Every line is at least one sentence (headlines and captions often have no
    final period); within a line a ``.``/``!``/``?`` ends a sentence unless it
    closes an abbreviation (``Feb.``, ``Mr.``, ``U.S.``), an initial
    (``J. D. Vance``) or a number.

    Examples
    --------
    >>> text = "Talks in Paris\\nJ. D. Vance met Mr. Macron on Feb. 17. It went well."
    >>> [text[s:e] for s, e in split_sentences(text)]
    ['Talks in Paris', 'J. D. Vance met Mr. Macron on Feb. 17.', 'It went well.']
    """
    t = load_triggers()
    spans: list[tuple[int, int]] = []
    for ls, le in _lines(text):
        start = ls
        line = text[:le]
        for m in _END_RE.finditer(line, ls):
            if m.end() <= start:
                continue
            if _is_boundary(line, m, t):
                spans.append((start, m.end()))
                start = m.end()
                while start < le and text[start].isspace():
                    start += 1
        if start < le:
            spans.append((start, le))
    return spans


def _split_line(text: str, ls: int, le: int, t: Triggers, until: int | None = None
                ) -> list[tuple[int, int]]:
    """``split_sentences(text[ls:le])`` for a line of :func:`_lines`, in text offsets.

    ``until``: only the sentences that start at or before it are wanted (the
    spans are those of the full split that start there; speed: the rest's
    boundaries are not looked for).
    """
    spans: list[tuple[int, int]] = []
    start = ls
    for m in _END_RE.finditer(text, ls, le):
        if m.end() <= start:
            continue
        if _is_boundary(text, m, t, ls, le):
            spans.append((start, m.end()))
            start = m.end()
            while start < le and text[start].isspace():
                start += 1
            if until is not None and start > until:
                return spans
    if start < le:
        spans.append((start, le))
    return spans


def is_furniture(line: str) -> bool:
    """Whether a line is page furniture ("Also Read", "Watch LIVE TV", ...).

    Examples
    --------
    >>> is_furniture("Add us to your Preferences"), is_furniture("Macron met Trump.")
    (True, False)
    """
    return bool(load_triggers().furniture_re.search(line))


def is_caption(line: str) -> bool:
    """Whether a line is a photo caption ("Photographer:", "(Photo: ...)").

    Examples
    --------
    >>> is_caption("Macron in Paris. (Photographer: Nathan Laine/Bloomberg)")
    True
    """
    return bool(load_triggers().caption_re.search(line))


# ---------------------------------------------------------------------------
# tokens and triggers
# ---------------------------------------------------------------------------
class _Tok:
    # A plain slotted class: tokens are made by the thousand per article, and
    # a frozen dataclass's __init__ costs several times more.
    __slots__ = ("text", "low", "start", "end")

    def __init__(self, text: str, low: str, start: int, end: int) -> None:
        self.text = text
        self.low = low
        self.start = start  # article offsets
        self.end = end

    def __repr__(self) -> str:
        return f"_Tok({self.text!r}, {self.start}, {self.end})"


@dataclass(slots=True)
class _Trigger:
    start: int
    end: int
    text: str
    type: str
    kind: str  # verb, noun, named
    lemma: str
    tense: str = ""
    title_verb: str = ""
    tok: int = 0  # index of the head token
    first_tok: int = 0
    light: _Tok | None = None
    light_lemma: str = ""
    name: str | None = None
    fallback: bool = False
    reporting: bool = False
    with_only: bool = False
    noun_form: str = ""
    determiner: str = ""
    possessor: int | None = None  # token index of "Macron's" / "his"
    venue_of: int | None = None
    venues: list[int] = field(default_factory=list)
    #: A purpose infinitive ("met to discuss"): not an event, owns no date.
    inactive: bool = False


_POSSESSIVES = frozenset({"his", "her", "their", "its", "our", "my", "your"})
_DETERMINERS = frozenset({"a", "an", "the", "this", "that", "these", "those", "any", "further",
                          "another", "such", "every", "each", "no"}) | _POSSESSIVES
_NUMBERS = frozenset({"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                      "several", "many", "multiple", "numerous", "dozens", "hundreds"})
_AUX = frozenset({"is", "are", "was", "were", "be", "been", "being", "will", "would", "has",
                  "have", "had", "did", "does", "do", "to", "shall", "can", "could", "may",
                  "might", "must", "should", "'ll", "not", "n't", "also", "then", "again",
                  "just", "later", "separately", "hastily", "briefly", "already", "reportedly",
                  "jointly", "both", "recently", "immediately", "previously", "once", "last"})
_MODALS = frozenset({"to", "will", "would", "shall", "should", "can", "could", "may", "might",
                     "must", "'ll"})
_PRONOUNS = frozenset({"he", "she", "they", "we", "i", "it", "you"})
_PREPS = frozenset({"with", "to", "in", "at", "on", "of", "for", "from", "by", "about", "after",
                    "before", "during", "over", "between", "among", "into", "since", "as",
                    "amid", "against", "under", "through"})
_CLAUSE_WORDS = frozenset({"after", "following", "while", "because", "although", "though", "but",
                           "whereas", "when", "where", "which", "who", "that", "with", "saying",
                           "as", "if", "since", "before", "until", "so"})


def _tokens(text: str, start: int, end: int) -> list[_Tok]:
    out: list[_Tok] = []
    add = out.append
    # Speed: the slots set in place (what ``_Tok(...)`` does, without the
    # call of ``__init__``: a sixth less per sentence).
    new = object.__new__
    if text.find("’", start, end) < 0:
        # (no curly apostrophe to straighten)
        for m in _WORD_RE.finditer(text, start, end):
            tk = new(_Tok)
            tk.text = w = m.group()
            tk.low = w.lower()
            tk.start = m.start()
            tk.end = m.end()
            add(tk)
        return out
    for m in _WORD_RE.finditer(text, start, end):
        tk = new(_Tok)
        tk.text = w = m.group()
        tk.low = w.lower().replace("’", "'")
        tk.start = m.start()
        tk.end = m.end()
        add(tk)
    return out


_CHAR_SETS: dict[str, frozenset[str]] = {}


def _gap_has(text: str, a: int, b: int, chars: str = ",;:()“”\"") -> bool:
    cs = _CHAR_SETS.get(chars)
    if cs is None:
        cs = _CHAR_SETS[chars] = frozenset(chars)
    return not cs.isdisjoint(text[a:b])


def _noun_context(text: str, toks: list[_Tok], i: int, t: Triggers
                  ) -> tuple[bool, str, int | None]:
    """(reads as a noun, determiner, possessor token index) for token ``i``."""
    if i == 0 or toks[i - 1].low in _PREPS - {"to"}:
        return True, "", None  # "Talks between ...", "a package of sanctions"
    j = i - 1
    steps = 0
    while j >= 0 and steps < 6:
        if _gap_has(text, toks[j].end, toks[j + 1].start, ";:()“”\"—–"):
            break
        w = toks[j].low
        if w.endswith("'s") and w not in {"it's", "he's", "she's", "that's", "there's"} \
                or w.endswith("s'") or w in _POSSESSIVES:
            return True, w, j
        if w in _DETERMINERS or w in _NUMBERS or w.isdigit():
            return True, w, None
        if w in t.light_verbs:
            return True, "", None  # "held talks", "convened a summit"
        if w in _AUX or w in _PREPS or w in t.verbs:
            return steps > 0 and (w in _PREPS or w in t.verbs), "", None
        if toks[j].text[:1].isupper() and steps == 0 and not toks[j].text.isupper():
            # "Macron talks" reads as subject + verb; "Oval Office meeting" as a noun
            return toks[i].low.endswith("ing"), "", None
        j -= 1
        steps += 1
    return False, "", None


def _find_named(text: str, toks: list[_Tok], ss: int, se: int, t: Triggers,
                trig: list[_Trigger], used: set[int]) -> None:
    sent = text[ss:se]
    # Speed: most sentences name no meeting; look for one before the headline test.
    # (the end bound acts as the slice's end for the final \b)
    found = [(m, False) for m in t.named_re.finditer(sent)] \
        if t.heads_re is None or t.heads_re.search(text, ss, se) else []
    found += [(m, True) for m in t.bodies_re.finditer(sent)]
    if not found:
        return
    words = [tk.text for tk in toks if tk.text[:1].isalpha()]
    if len(words) >= 4 and sum(w[:1].isupper() for w in words) >= 0.7 * len(words):
        return  # a Title Case headline: every phrase looks like a name
    for m, is_body in found:
        name = _NAME_LEAD_RE.sub("", m.group(1))
        e = ss + m.end(1)
        s = e - len(name)
        if name.split()[0] in t.role_words or " of the " in name and \
                name.split(" of ")[0].split()[-1] in t.role_words:
            continue  # "President of the European Council" is a person
        before = text[max(ss, s - 14):s].lower()
        head = name.split()[-1]
        at = bool(_AT_BEFORE_RE.search(before))
        event_head = head.lower() in {"meeting", "summit", "conference", "talks", "forum"}
        if ((is_body and not event_head) or head in t.named_need_at) and not at:
            continue
        if any(s < tr.end and tr.start < e for tr in trig):
            continue
        idx = [k for k, tk in enumerate(toks) if s <= tk.start < e]
        if not idx:
            continue
        used.update(idx)
        trig.append(_Trigger(s, e, name, "CONSULT", "named", name.lower(), tok=idx[-1],
                             first_tok=idx[0], name=name, noun_form=name))


def _find_triggers(text: str, toks: list[_Tok], ss: int, se: int, t: Triggers) -> list[_Trigger]:
    trig: list[_Trigger] = []
    used: set[int] = set()
    _find_named(text, toks, ss, se, t, trig, used)
    # Speed: only tokens that can start a verb or noun trigger do anything below.
    words = t.trigger_words
    i = 0
    for k in [k for k, tk in enumerate(toks) if tk.low in words] if words else range(len(toks)):
        if k < i:
            continue
        i = k
        if i in used:
            continue
        tk = toks[i]
        two = f"{tk.low} {toks[i + 1].low}" if i + 1 < len(toks) else ""
        if two in t.nouns and not _gap_has(text, tk.end, toks[i + 1].start):
            noun, j = two, i + 1
        else:
            noun, j = tk.low, i
        nxt = toks[j + 1].low if j + 1 < len(toks) else ""
        verb = t.verbs.get(tk.low)
        prv = toks[i - 1].low if i > 0 else ""
        if noun in t.nouns:
            as_noun, det, poss = _noun_context(text, toks, i, t)
            if noun != tk.low:
                as_noun = True
            if verb is None and prv in _MODALS:
                i = j + 1  # "to address Parliament": a verb we do not take as a trigger
                continue
            if verb is None or as_noun or not _verb_ok(toks, i):
                if nxt not in t.noun_not_before.get(noun, ()) and \
                        prv not in t.noun_not_after.get(noun, ()):
                    trig.append(_Trigger(tk.start, toks[j].end, text[tk.start:toks[j].end],
                                         t.nouns[noun], "noun", noun, tok=j, first_tok=i,
                                         determiner=det, possessor=poss, noun_form=noun))
                    used.update(range(i, j + 1))
                i = j + 1
                continue
        if verb is not None and _verb_ok(toks, i) and \
                nxt not in t.verb_not_before.get(tk.low, ()):
            trig.append(_Trigger(tk.start, tk.end, tk.text, verb.type, "verb", verb.lemma,
                                 tense=verb.tense, title_verb=verb.title, tok=i, first_tok=i,
                                 fallback=verb.fallback, reporting=verb.reporting,
                                 with_only=verb.with_only, noun_form=verb.noun))
            used.add(i)
        i += 1
    trig.sort(key=lambda x: x.start)
    return trig


def _verb_ok(toks: list[_Tok], i: int) -> bool:
    """A verb form reads as a verb: not right after a determiner or possessive."""
    if i == 0:
        return True
    return _verb_ok_after(toks[i - 1].low, toks[i].low)


_PREPS_NOT_TO = _PREPS - {"to"}


def _verb_ok_after(prev: str, low: str) -> bool:
    """:func:`_verb_ok` of the token ``low`` after the token ``prev`` (lower-cased)."""
    if prev in _DETERMINERS or prev in _NUMBERS:
        return False
    if prev in _PREPS_NOT_TO and not low.endswith("ing"):
        return False  # "by phone", "for talks"
    return not (prev.endswith("'s") and prev not in {"it's", "he's", "she's"})


def _dead_verb(text: str, p: int, ss: int, se: int, t: Triggers) -> bool:
    """Whether the trigger candidate at ``p`` of the sentence ``text[ss:se]``
    surely gives :func:`_find_triggers` no trigger: a word of
    ``verb_only_words`` that does not read as a verb (:func:`_verb_ok`:
    "that talking") or is followed by a word of ``verb_not_before`` ("called
    for").  False when not sure.

    Its neighbours are read from the last space before the word before it:
    no token holds a space, so the sentence's tokens from there are those of
    a scan from there.

    >>> t = load_triggers()
    >>> _dead_verb("He has called for calm.", 7, 0, 23, t)
    True
    >>> _dead_verb("He called Macron.", 3, 0, 17, t)
    False
    """
    if p > ss:
        if text[p - 1] != " ":
            return False
        b = p - 1
        while b > ss and not text[b - 1].isspace():
            b -= 1
    else:
        b = ss
    prv = word = None
    nxt = ""
    for m in _WORD_RE.finditer(text, b, se):
        st = m.start()
        if word is None:
            if st < p:
                prv = m.group()
                continue
            if st != p:
                return False  # the candidate is inside a longer token
            word = m.group().lower().replace("’", "'")
            continue
        nxt = m.group().lower().replace("’", "'")
        break
    if word is None or word not in t.verb_only_words:
        return False
    if prv is None:
        if b > ss:
            return False  # the token before is further back
        ok = True  # the first token
    else:
        ok = _verb_ok_after(prv.lower().replace("’", "'"), word)
    return not ok or nxt in t.verb_not_before.get(word, ())


def _attach(text: str, toks: list[_Tok], trig: list[_Trigger], t: Triggers) -> None:
    """Light verbs ("held talks"), verb + noun pairs ("convening a summit") and venues."""
    drop: set[int] = set()
    for tr in trig:
        if tr.kind == "verb":
            continue
        j = (tr.possessor if tr.possessor is not None else tr.first_tok) - 1
        steps = 0
        limit = 2 if tr.possessor is not None else 8
        while j >= 0 and steps < limit:
            if _gap_has(text, toks[j].end, toks[j + 1].start, ",;:()—–"):
                break
            w = toks[j].low
            nxt_w = toks[j + 1].low
            if w in {"and", "or"} and j > 0 and toks[j - 1].low != "to" and (
                    nxt_w.endswith("ed") or nxt_w in t.verbs or nxt_w in t.light_verbs):
                break  # "discussed X and looked ahead to the meeting": a new predicate
            if w in {"has", "have", "had", "having"} and toks[j + 1].low == "to":
                break
            verb_k = next((v for v, o in enumerate(trig) if o.kind == "verb" and o.tok == j), None)
            if verb_k is not None:
                v = trig[verb_k]
                if v.type == tr.type or v.lemma in _ATTACH_LEMMAS or (
                        w in t.light_verbs):
                    tr.light, tr.tense = toks[j], v.tense
                    tr.light_lemma = "" if w in t.light_verbs and v.type != tr.type else v.lemma
                    tr.fallback = tr.fallback or v.fallback or tr.type in ("CONSULT", "ASSAULT")
                    drop.add(verb_k)
                break
            if w in t.light_verbs:
                tr.light, tr.light_lemma = toks[j], ""
                tr.tense = _light_tense(w)
                tr.fallback = tr.type in ("CONSULT", "ASSAULT", "AGREE", "STATEMENT")
                break
            if (w in _PREPS and w not in {"of", "to"}) or w in _CLAUSE_WORDS:
                break
            j -= 1
            steps += 1
    # "at a meeting", "at the Munich Security Conference" right after another
    # trigger is that trigger's venue, not an event of its own.
    for k, tr in enumerate(trig):
        if tr.kind not in ("noun", "named") or k == 0:
            continue
        before = text[max(0, tr.start - 16):tr.start].lower()
        if not _VENUE_AT_RE.search(before):
            continue
        prev = next((p for p in range(k - 1, -1, -1) if p not in drop
                     and trig[p].venue_of is None), None)
        if prev is None or trig[prev].reporting:
            continue
        gap = text[trig[prev].end:tr.start]
        gap_words = {w.lower() for w in _WORD_RE.findall(gap)}
        if len(gap) > 60 or _gap_has(text, trig[prev].end, tr.start, ";:") \
                or gap_words & (_CLAUSE_WORDS - {"with"}) or gap_words & t.light_verbs.keys():
            continue
        tr.venue_of = prev
        trig[prev].venues.append(k)
        if tr.name and not trig[prev].name:
            trig[prev].name = tr.name
    for k in sorted(drop, reverse=True):
        for tr in trig:
            if tr.venue_of is not None and tr.venue_of > k:
                tr.venue_of -= 1
            tr.venues = [v - 1 if v > k else v for v in tr.venues if v != k]
        del trig[k]


# ---------------------------------------------------------------------------
# extraction
# ---------------------------------------------------------------------------
@dataclass(slots=True)
class _Ctx:
    article: Article
    registry: Any
    t: Triggers
    hint: Any
    day_fallback: bool
    last_dated: tuple[date, date] | None = None
    last_subject: tuple[str, ...] = ()
    consults: list[Mention] = field(default_factory=list)
    #: Who "I"/"we" are: the person a speech or statement's title names.
    speaker: tuple[str, ...] = ()
    #: Body paragraphs seen so far, and the people of the lead's events.
    paragraph: int = 0
    lead_people: set[str] = field(default_factory=set)
    seen_sentences: set[str] = field(default_factory=set)
    actor_cache: dict[tuple[int, int, date | None], list[ActorMention]] = field(
        default_factory=dict)
    #: Speed (:func:`_may_date`): the anniversary word sets all in the article,
    #: and whether it holds a word "N weeks later" needs (None/True: unknown).
    anniversary_here: tuple[tuple[str, ...], ...] | None = None
    later_here: bool = True
    #: Speed (:func:`_may_date`): ``fallback_low``'s ``(start, word)`` in the
    #: article, from the joint scan, and their starts (None: scan each sentence).
    fb_hits: list[tuple[int, str]] | None = None
    fb_starts: list[int] = field(default_factory=list)


def _stable_id(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


def _find_actors(ctx: _Ctx, s: int, e: int, day: date | None) -> list[ActorMention]:
    key = (s, e, day)
    if key not in ctx.actor_cache:
        text = ctx.article.text[s:e]
        shifted = getattr(ctx.registry, "find_shifted", None)
        if shifted is not None:
            # (the same mentions as below, made once with article offsets)
            ctx.actor_cache[key] = sorted(
                shifted(text, s, day=day, country_hint=ctx.hint, context=ctx.article.text),
                key=lambda a: (a.start, a.end, a.actor_id))
            return ctx.actor_cache[key]
        try:
            if _takes_offset(ctx.registry):
                found = ctx.registry.find(text, day=day, country_hint=ctx.hint,
                                          context=ctx.article.text, offset=s)
            else:
                found = ctx.registry.find(text, day=day, country_hint=ctx.hint,
                                          context=ctx.article.text)
        except TypeError:  # a registry without context/hint support
            found = ctx.registry.find(text)
        ctx.actor_cache[key] = sorted(
            (ActorMention(a.actor_id, a.start + s, a.end + s, a.text, getattr(a, "how", "alias"))
             for a in found), key=lambda a: (a.start, a.end, a.actor_id))
    return ctx.actor_cache[key]


_TAKES_OFFSET: dict[type, bool] = {}


def _takes_offset(registry: Any) -> bool:
    """Whether ``registry.find`` accepts ``offset`` (where the text is in ``context``)."""
    kind = type(registry)
    got = _TAKES_OFFSET.get(kind)
    if got is None:
        import inspect

        try:
            got = "offset" in inspect.signature(registry.find).parameters
        except (TypeError, ValueError, AttributeError):
            got = False
        _TAKES_OFFSET[kind] = got
    return got


def _actor(registry: Any, aid: str) -> Any:
    try:
        return registry[aid]
    except Exception:  # noqa: BLE001 - a registry may not know the id
        return None


def _short_name(person: Any) -> str:
    """"Macron", "Xi", "von der Leyen": the shortest alias inside the full name."""
    name = person.name
    inside = [a for a in person.aliases if len(a) < len(name) and a.lower() in name.lower()
              and len(a) > 1]
    return min(inside, key=lambda a: (len(a), a)) if inside else name.split()[-1]


def _display(registry: Any, ids: Sequence[str], limit: int = 3,
             exclude: Sequence[str] = ()) -> list[str]:
    """Readable names: people by surname, and countries none of them belongs to."""
    actors = [(aid, _actor(registry, aid)) for aid in ids]
    people = [a for _, a in actors if a is not None and a.type == "person"]
    covered = {p.country for p in people} | set(exclude)
    out = [_short_name(p) for p in people]
    for aid, a in actors:
        if a is None:
            out.append(aid)
        elif a.type != "person" and aid not in covered and a.country not in covered:
            out.append(a.name)
    return list(dict.fromkeys(out))[:limit]


def _countries(registry: Any, ids: Sequence[str], day: date | None) -> tuple[str, ...]:
    """The states or bodies the people in ``ids`` act for on ``day``.

    The country or organisation of an office held that day (Costa as
    President of the European Council), else the person's country.
    """
    out = []
    for aid in ids:
        a = _actor(registry, aid)
        if a is None or a.type != "person":
            continue
        held = [r.of for r in a.roles if r.of and day is not None and r.held_on(day)]
        for of in held or ([a.country] if a.country else []):
            for cid in (of, f"country:{of}"):
                if _actor(registry, cid) is not None:
                    out.append(cid)
                    break
    return tuple(out)


def _place_actor(registry: Any, place: str | None) -> tuple[str, ...]:
    """The country actor of a visited place ("a visit to Washington" -> the US)."""
    if not place:
        return ()
    # (module attributes looked up at call time: an import statement per call
    # cost about 0.5 us; both modules are imported with this one)
    code = _gazetteer.place_country(place)
    cid = f"country:{code}" if code else None
    return (cid,) if cid and _actor(registry, cid) is not None else ()


def _country_hint(article: Article) -> Any:
    try:
        return _actors.country_hint_for(article)
    except Exception:  # noqa: BLE001 - a hint is optional
        return None


def _locations(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    return sorted(_gazetteer.find_locations(text, start, end))


class _LinePlaces:
    """Speed: the places of a line (:func:`_locations`, or the article's
    ``found``), looked for when a sentence of it first needs them (most
    sentences that get to :func:`_sentence` give nothing: a pure function
    of the text, so the same places whenever it runs)."""

    __slots__ = ("text", "ls", "le", "found")

    def __init__(self, text: str, ls: int, le: int,
                 found: list[tuple[int, int, str]] | None = None) -> None:
        self.text, self.ls, self.le, self.found = text, ls, le, found

    def within(self, ss: int, se: int) -> list[tuple[int, int, str]]:
        """The places inside ``ss:se``."""
        if self.found is None:
            self.found = _locations(self.text, self.ls, self.le)
        return [lc for lc in self.found if ss <= lc[0] and lc[1] <= se]


def _line_places() -> bool:
    """Whether the places of a line are the whole text's there (see
    :func:`timeline.gazetteer.lines_bound_places`)."""
    bound = getattr(_gazetteer, "lines_bound_places", None)
    return bound is not None and bound()


_PHRASE_RES: dict[int, tuple[tuple[tuple[str, ...], ...], re.Pattern[str]]] = {}


def _phrase_re(phrases: tuple[tuple[str, ...], ...]) -> re.Pattern[str]:
    """One regex finding any of ``phrases`` in space-joined token forms (" a b c ").

    Token forms never contain whitespace, so a match of " w1 w2 " is exactly
    a run of tokens equal to the phrase; phrases that cannot equal a token
    run (empty, or with whitespace) are left out.
    """
    got = _PHRASE_RES.get(id(phrases))
    if got is None or got[0] is not phrases:
        alts = sorted({" ".join(ph) for ph in phrases
                       if ph and all(w and not re.search(r"\s", w) for w in ph)},
                      key=lambda p: (-len(p), p))
        body = "|".join(re.escape(a) for a in alts) if alts else "(?!)"
        got = (phrases, re.compile(" (?:" + body + ") "))
        _PHRASE_RES[id(phrases)] = got
    return got[1]


def _phrase_before(toks: list[_Tok], i: int, phrases: tuple[tuple[str, ...], ...],
                   window: int) -> bool:
    """Whether one of ``phrases`` is among the ``window`` tokens before token ``i``."""
    lows = [tk.low for tk in toks[max(0, i - window):i]]
    if not lows:
        return False
    return _phrase_re(phrases).search(" " + " ".join(lows) + " ") is not None


_CLAUSE_GAP = frozenset(";:—–“”")


def _clause_start(text: str, toks: list[_Tok], i: int, trig: list[_Trigger]) -> int:
    """Token index where the clause holding token ``i`` starts."""
    reporting = {tr.tok for tr in trig if tr.reporting}
    for j in range(i - 1, -1, -1):
        if not _CLAUSE_GAP.isdisjoint(text[toks[j].end:toks[j + 1].start]):
            return j + 1
        if toks[j].low in _CLAUSE_WORDS and (j < i - 1 or toks[j].low != "with"):
            return j
        if j in reporting:
            return j + 1
    return 0


def _head(toks: list[_Tok], tr: _Trigger) -> int:
    """Token index of the predicate: the light verb if any, else the trigger."""
    if tr.light is not None:
        return next((n for n, tk in enumerate(toks) if tk.start == tr.light.start), tr.tok)
    return tr.first_tok


def _time_owner(times: list[TimeExpression], trig: list[_Trigger], text: str,
                ss: int) -> dict[int, list[TimeExpression]]:
    """Give each time expression to its nearest trigger; sentence-initial ones to all."""
    owned: dict[int, list[TimeExpression]] = {k: [] for k in range(len(trig))}
    weak: dict[int, list[TimeExpression]] = {k: [] for k in range(len(trig))}
    cands = [k for k, tr in enumerate(trig) if tr.venue_of is None and not tr.inactive]
    if not cands:
        return owned
    for te in times:
        # (the comma first; the words before the time, after a leading
        # "In"/"On"..., hold no letter: looked at in place, not in a copy)
        if "," in text[te.end:te.end + 3] and not _LETTER_RE.search(
                text, _TIME_LEAD_AT.match(text, ss, te.start).end(), te.start):  # type: ignore[union-attr]
            for k in cands:
                owned[k].append(te)
            continue
        if len(cands) == 1:  # (the key below decides nothing)
            best = cands[0]
            crossing = _crossing(text, trig[best], te)
        else:
            best, crossing = _nearest(text, trig, cands, te)
        if crossing:
            # Probably a predicate we do not model ("imposed last week after a
            # meeting on Feb. 28"): usable only by a trigger with no other date.
            weak[best].append(te)
            continue
        owned[best].append(te)
    for k in cands:
        if not owned[k]:
            owned[k] = weak[k]
    return owned


_CROSS_RE = re.compile(r"\b(?:after|before|following|when|while|because|since|until|which|who|"
                       r"where|whereas|although)\b|[;:—–]", re.I)


def _nearest(text: str, trig: list[_Trigger], cands: list[int], te: TimeExpression
             ) -> tuple[int, int]:
    """``(k, crossing)`` of the candidate trigger ``k`` with the least
    ``(_dist + _crossing, k)`` for time ``te``.

    Speed: candidates in ``(_dist, k)`` order, their crossing (the costly
    part) looked at until the next one's ``(_dist, k)`` is above the best
    ``(score, k)`` so far: a crossing only adds, so no later one can have a
    lower key (the same minimum as scoring all).
    """
    best: tuple[int, int, int] | None = None
    for d, k in sorted((_dist(trig[k], trig, te.start, te.end), k) for k in cands):
        if best is not None and (d, k) > best[:2]:
            break
        c = _crossing(text, trig[k], te)
        if best is None or (d + c, k) < best[:2]:
            best = (d + c, k, c)
    return best[1], best[2]  # type: ignore[index]


def _crossing(text: str, tr: _Trigger, te: TimeExpression) -> int:
    """A penalty when a clause word separates a trigger from a time expression
    ("imposed last week after a meeting on Feb. 28": "last week" is not the meeting's)."""
    lo, hi = (te.end, tr.start) if te.end <= tr.start else (tr.end, te.start)
    if tr.light is not None and te.end <= tr.light.start:
        hi = tr.light.start
    if hi <= lo:
        return 0
    # A parenthetical ", who is with us this morning," does not split the clause.
    gap = _PARENTHETICAL_RE.sub(",", text[lo:hi])
    return 1000 if _CROSS_RE.search(gap) else 0


def _dist(tr: _Trigger, trig: list[_Trigger], s: int, e: int) -> int:
    if tr.reporting and e <= tr.start:
        # "X met Y on Monday, officials said": the date is the reported event's.
        return 10**6
    lo, hi = tr.start, tr.end
    if tr.light is not None:
        lo = min(lo, tr.light.start)
    for v in tr.venues:
        lo, hi = min(lo, trig[v].start), max(hi, trig[v].end)
    if s >= hi:
        return s - hi
    if e <= lo:
        return lo - e
    return 0


def _in_relative_clause(text: str, ss: int, se: int, te: TimeExpression) -> bool:
    """Inside ", who/which ... ," (a parenthetical, not the main clause)."""
    before = text[ss:te.start]
    m = _last(_RELATIVE_RE.finditer(before))
    if m is None:
        return False
    return "," not in before[m.end():] and "," in text[te.end:min(se, te.end + 60)]


def _last(matches: Iterator[re.Match[str]]) -> re.Match[str] | None:
    last = None
    for last in matches:  # noqa: B007 - we want the final match
        pass
    return last


def _date_fields(te: TimeExpression) -> dict[str, Any]:
    return {"date_text": te.text, "date_value": te.value, "date_start": te.date_start,
            "date_end": te.date_end, "granularity": te.granularity,
            "certainty": te.certainty, "date_reason": te.reason or "temporal"}


def _width(a: date, b: date) -> int:
    return (b - a).days + 1


def _status(toks: list[_Tok], hi: int, tr: _Trigger, ctx: _Ctx, clause_tok: int,
            dstart: date | None, dend: date | None) -> str:
    """occurred / planned / ongoing from modality, tense and the date."""
    window = min(12, hi - clause_tok) if hi > clause_tok else 0
    pub = ctx.article.published
    if _phrase_before(toks, hi, ctx.t.planned_cues, window):
        return "planned"
    if pub is not None and dstart is not None and dstart > pub:
        return "planned"
    prev = toks[hi - 1].low if hi > 0 else ""
    if tr.tense == "ing" and prev in ctx.t.ongoing_cues | {"was", "were"}:
        if prev in {"was", "were"} or (pub is not None and dend is not None and dend < pub):
            return "occurred"
        return "ongoing"
    return "occurred"


def extract(article: Article, times: Sequence[TimeExpression], registry: Any, *,
            day_fallback: bool = True) -> list[Mention]:
    """Event mentions of one article.

    Parameters
    ----------
    article : Article
        The article; every offset in the result indexes ``article.text``.
    times : sequence of TimeExpression
        ``timeline.temporal.tag(article.text, article.published)``.
    registry : ActorRegistry
        Used for ``find`` (actors of each sentence) and ``registry[id]`` (names
        in titles).
    day_fallback : bool
        Date undated reports of talks, calls and attacks that name an actor by
        the publication date (``date_reason="publication-date"``).

    Returns
    -------
    list of Mention
        In text order.  Furniture yields nothing; photo captions and repeated
        sentences give mentions with ``caption=True`` (corroboration only).

    Examples
    --------
    >>> from datetime import date
    >>> from timeline.models import ActorMention, Article
    >>> class Reg:
    ...     def find(self, text, **kw):
    ...         i = text.find("Macron")
    ...         return [ActorMention("macron", i, i + 6, "Macron")] if i >= 0 else []
    ...     def __getitem__(self, aid):
    ...         raise KeyError(aid)
    >>> art = Article("a1", "Macron met European leaders.", published=date(2025, 2, 18))
    >>> [(m.event_type, m.date_start.isoformat(), m.date_reason) for m in extract(art, [], Reg())]
    [('CONSULT', '2025-02-18', 'publication-date')]
    """
    text = article.text
    ctx = _Ctx(article, registry, load_triggers(), _country_hint(article), day_fallback)
    ctx.speaker = _speaker(ctx)
    ordered = sorted(times, key=lambda te: (te.start, te.end))
    # Speed: where a line's places are its own, they are found for the lines
    # whose sentences get that far only.
    locs_all = None if _line_places() else _locations(text)
    # Speed: where a trigger can start, found once for the whole article; a
    # sentence with none of these words has no trigger and is not tokenised.
    t = ctx.t
    low = case_lower(text)
    title_words = getattr(registry, "title_words", None)
    title_words = title_words() if callable(title_words) \
        and callable(getattr(registry, "note_title_starts", None)) else None
    joint = _joint_scan(t.candidate_words, title_words) \
        if low is not None and t.candidates_low is not None and title_words else None
    cand_words: list[str] | None = None
    # Speed: the fallback words of _may_date found by the same scan, when exact.
    joint_fb = _joint_scan_fb(t.candidate_words, title_words, t.fallback_words) \
        if joint is not None and t.fallback_low is not None and t.anniversary_words is not None \
        else None
    if joint_fb is not None:
        ctx.fb_hits = []
        cand_words = []
        cands, titled = _joint_hits(joint_fb, t.candidate_words, title_words, low,  # type: ignore[arg-type]
                                    t, ctx.fb_hits, cand_words)
        ctx.fb_starts = [p for p, _ in ctx.fb_hits]
        registry.note_title_starts(low, titled)
    elif joint is not None:
        # Speed: the registry's scan for role phrases needs where its title
        # words are in the same lower-cased text: one scan finds both.
        cands, titled = _joint_hits(joint, t.candidate_words, title_words, low)  # type: ignore[arg-type]
        registry.note_title_starts(low, titled)
    elif low is not None and t.candidates_low is not None:
        cands = [s for s, _ in _word_hits(t.candidates_low, t.candidates_next, low)]
    elif t.candidates_re is not None:
        cands = [m.start() for m in t.candidates_re.finditer(text)]
    else:
        cands = None
    fast_lines = low is not None and t.furniture_low is not None and t.caption_low is not None
    # Speed: an undated sentence gives a mention only if a trigger can be dated
    # by the publication date, or by "N weeks later" or an anniversary; where
    # the words that allow the first can be, found once for the article.
    fb = low is not None and t.fallback_low is not None and t.anniversary_words is not None
    if fb:
        _note_article_words(ctx, low)  # type: ignore[arg-type]
    furniture_search = caption_search = None
    if fast_lines:
        # Speed: the same answers as every pattern on every line (a pattern
        # whose literal is not in the article matches no line of it), with
        # one search a line.
        furniture_search = _any_search(_line_checks(t.furniture_parts, low)  # type: ignore[arg-type]
                                       if t.furniture_parts else t.furniture_low)
        caption_search = _any_search(_line_checks(t.caption_parts, low)  # type: ignore[arg-type]
                                     if t.caption_parts else t.caption_low)
    out: list[Mention] = []
    starts = [te.start for te in ordered]
    n_cands = len(cands) if cands is not None else 0
    # (positions from the lower-cased text: each a word's start)
    dead_ok = low is not None and cands is not None and bool(t.verb_only_words)
    verb_only = t.verb_only_words
    low_cands = low is not None and cands is not None
    for ls, le in _lines(text):
        # A line with no trigger word gives nothing, and none of its sentences
        # can be the repeat of a later one (that would hold the same word; this
        # needs lower-casing to map A-Z only): it only counts as a paragraph,
        # which matters up to the lead's end.
        quiet = low is not None and cands is not None and _none_between(cands, ls, le)
        if quiet and ctx.paragraph > t.lead_paragraphs:
            continue
        if fast_lines:
            line_low = low[ls:le]  # type: ignore[index]
            if furniture_search is not None and furniture_search(line_low):
                continue
            cap_line = caption_search is not None and caption_search(line_low) is not None
        else:
            line = text[ls:le]
            if is_furniture(line):
                continue
            cap_line = is_caption(line)
        if not cap_line:
            ctx.paragraph += 1
        if quiet:
            continue
        line_times = []
        for k in range(bisect_left(starts, ls), len(ordered)):
            te = ordered[k]
            if te.start > le:
                break
            if te.end <= le:
                line_times.append(te)
        caption_time = None
        if cap_line:
            days = [te for te in line_times if te.resolved and te.granularity == "day"]
            caption_time = days[0] if days else None
        line_places = _LinePlaces(text, ls, le, locs_all)
        # (a sentence after the line's last trigger word is passed over below:
        # the split stops there)
        for ss, se in _split_line(text, ls, le, t,
                                  cands[bisect_left(cands, le) - 1] if low_cands else None):  # type: ignore[index]
            if low_cands:
                c = bisect_left(cands, ss)  # type: ignore[arg-type]
                if c == n_cands or cands[c] >= se:  # type: ignore[index]
                    # No trigger word: nothing, and not the repeat of a later
                    # sentence (its normal form, lower-cased as ``low``, would
                    # hold the same words).
                    continue
            # Only sentences longer than 40 characters count as repeats; the
            # normal form is never longer than the text when lower-casing
            # keeps lengths.
            if se - ss > 40 or low is None:
                sent = text[ss:se]
                # (single ASCII spaces only, the sentence trimmed: nothing to normalise)
                norm = sent.lower() if sent.isprintable() and "  " not in sent \
                    and not sent[0].isspace() and not sent[-1].isspace() \
                    else _WS_RE.sub(" ", sent).strip().lower()
                duplicate = len(norm) > 40 and norm in ctx.seen_sentences
                ctx.seen_sentences.add(norm)
            else:
                duplicate = False
            if cands is not None and not low_cands:
                c = bisect_left(cands, ss)
                if c == n_cands or cands[c] >= se:
                    continue  # no trigger word: _sentence would find nothing
            sent_times = [te for te in line_times if ss <= te.start and te.end <= se] \
                if line_times else line_times
            if not sent_times and caption_time is None and fb \
                    and not _may_date(ctx, ss, se, low):  # type: ignore[arg-type]
                continue  # _sentence would date no trigger: nothing
            if dead_ok:
                # Speed: only verbs that cannot be triggers here ("has called
                # for"): _find_triggers would find none, _sentence nothing.
                c_end = bisect_left(cands, se, c)  # type: ignore[arg-type]
                # (a candidate that is no verb-only word is not dead: no test)
                if all((cand_words is None or cand_words[x] in verb_only)
                       and _dead_verb(text, cands[x], ss, se, t)  # type: ignore[index]
                       for x in range(c, c_end)):
                    continue
            found = _sentence(ctx, ss, se, sent_times, line_places,
                              cap_line or duplicate, caption_time, (ls, le) if cap_line else None,
                              low)
            out.extend(found)
            if ctx.paragraph <= ctx.t.lead_paragraphs:
                ctx.lead_people.update(a for m in found if not m.caption
                                       for a in m.participants if a.startswith("person:"))
            for m in found:
                if m.date_start and m.date_end and m.date_reason not in (
                        "publication-date", "after-event") and not m.caption:
                    ctx.last_dated = (m.date_start, m.date_end)
    return out


def _note_article_words(ctx: _Ctx, low: str) -> None:
    """Speed: the anniversary word sets all in the article (``low``, lower-cased),
    and whether it holds a last word of "N weeks later", for :func:`_may_date`
    (a sentence holds a word only if the article does)."""
    words_sets = ctx.t.anniversary_words
    if words_sets is not None:
        ctx.anniversary_here = tuple(words for words in words_sets if all(w in low for w in words))
    ctx.later_here = any(w in low for w in _LATER_WORDS)


def _may_date(ctx: _Ctx, ss: int, se: int, low: str) -> bool:
    """Whether a sentence with no time expression (not a dated caption) may
    date a trigger: a necessary condition of :func:`_sentence`'s rules.

    Without times only the publication date (a fallback verb, or a noun with
    a light or event verb, in a tense that allows it), "N weeks later" and an
    anniversary can date a trigger.  ``low``: the article, lower-cased.
    """
    t = ctx.t
    masks = t.fallback_masks
    mask = 0
    # (the look-behind sees the text before ss; the sentence ends before a
    # space or the text's end, as ``endpos`` makes it look)
    if ctx.fb_hits is not None:
        # (the article's matches in the sentence: no fallback word holds a
        # space, and the sentence has spaces or the line's ends around it)
        i = bisect_left(ctx.fb_starts, ss)
        hits = ctx.fb_hits[i:bisect_left(ctx.fb_starts, se, i)]
    else:
        hits = _word_hits(t.fallback_low, t.fallback_next, low, ss, se)  # type: ignore[arg-type]
    for _, word in hits:
        k = masks[word]
        if k & _FB_NOUN:
            # A light or event verb makes a noun a predicate from before it.
            k |= (mask & (_FB_PRED | _FB_PRED_PRESENT)) << 2
        mask |= k
    sent = ctx.article.text[ss:se]
    if mask and ctx.day_fallback and ctx.article.published is not None:
        if mask & (_FB_VERB | _FB_NOUN_PRED):
            return True
        if mask & (_FB_VERB_PRESENT | _FB_NOUN_PRED_PRESENT) and not _FINAL_STOP_RE.search(sent):
            return True  # a headline's present ("Macron meets Trump")
    anniversary = ctx.anniversary_here
    for words in t.anniversary_words if anniversary is None else anniversary:  # type: ignore[union-attr]
        for w in words:
            if low.find(w, ss, se) < 0:
                break
        else:
            return True  # an anniversary's words: _anniversary may date a noun
    if ctx.last_dated is None or not ctx.later_here:
        return False
    # (later_re matches one of its final words, lower-cased in ``low``)
    if all(low.find(w, ss, se) < 0 for w in _LATER_WORDS):
        return False
    return t.later_re.search(sent) is not None


def _none_between(positions: list[int], lo: int, hi: int) -> bool:
    """Whether no value of the sorted ``positions`` is in ``[lo, hi)``."""
    c = bisect_left(positions, lo)
    return c == len(positions) or positions[c] >= hi


#: "KYIV, March 12 (Reuters) - ", "SEOUL (AP) — ", "OTTAWA – ": the dateline's date is
#: the report's, not the event's.
_DATELINE = re.compile(
    r"\s*(?:[A-Z][A-Za-z.'’-]*(?:\s+[A-Za-z.'’-]+){0,3}(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
    r"\s*\((?:Reuters|AP|AFP|Bloomberg|dpa|Xinhua|IANS|PTI|ANI|UPI|Kyodo|Yonhap|TASS)\)"
    r"|[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3}(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?)"
    r"\s*[-–—]+\s+")
_SPEECH_TITLE = re.compile(r"\b(?:remarks|speech|statement|address|op-ed|interview|press "
                           r"conference|says|writes|article by)\b", re.I)


def _speaker(ctx: _Ctx) -> tuple[str, ...]:
    """The person a speech's title names ("PM remarks at ..."): who "I" is."""
    title = ctx.article.title or ""
    if not _SPEECH_TITLE.search(title):
        return ()
    try:
        found = ctx.registry.find(title, day=ctx.article.published, country_hint=ctx.hint)
    except TypeError:
        found = ctx.registry.find(title)
    people = [a.actor_id for a in found
              if getattr(_actor(ctx.registry, a.actor_id), "type", "") == "person"]
    return tuple(people[:1])


def _later(ctx: _Ctx, sent: str) -> dict[str, Any] | None:
    """"some weeks later" -> the period after the last dated clause."""
    # Speed: no search without a dated clause before, nor where the article
    # holds none of the final words every match has (``later_here``, see
    # :func:`_note_article_words`; True when not known).
    if ctx.last_dated is None or not ctx.later_here:
        return None
    m = ctx.t.later_re.search(sent)
    if not m:
        return None
    q = m.group(1).lower()
    n = int(q) if q.isdigit() else ctx.t.later_quantities.get(q, 3)
    unit_days = ctx.t.later_units[m.group(2).lower()]
    start = ctx.last_dated[1] + timedelta(days=1)
    end = ctx.last_dated[1] + timedelta(days=max(1, n * unit_days * 2))
    gran = "day" if unit_days == 1 else "month" if unit_days <= 30 else "year"
    if gran == "month":
        end = date(end.year + end.month // 12, end.month % 12 + 1, 1) - timedelta(days=1)
    elif gran == "year":
        end = date(end.year, 12, 31)
    return {"date_text": m.group(0), "date_value": None, "date_start": start, "date_end": end,
            "granularity": gran, "certainty": "approximate", "date_reason": "later-than-previous"}


def _vague_ago(ctx: _Ctx, te: TimeExpression) -> dict[str, Any] | None:
    """"a few weeks ago" left unresolved by the tagger -> a bounded range of weeks."""
    pub = ctx.article.published
    m = _VAGUE_AGO_RE.search(te.text)
    if pub is None or not m:
        return None
    lo, hi = ctx.t.vague_ago[m.group(1).lower()]
    unit = {"days": 1, "weeks": 7, "months": 30}[m.group(2).lower()]
    start, end = pub - timedelta(days=hi * unit), pub - timedelta(days=lo * unit)
    gran = {"days": "day", "weeks": "week", "months": "month"}[m.group(2).lower()]
    return {"date_text": te.text, "date_value": None, "date_start": start, "date_end": end,
            "granularity": gran, "certainty": "approximate", "date_reason": "vague-ago"}


def _anniversary(ctx: _Ctx, tr: _Trigger, ss: int, times: list[TimeExpression]
                 ) -> dict[str, Any] | None:
    """"to mark three years since the invasion" -> the invasion N years before."""
    if ctx.anniversary_here == ():
        # Speed: no pattern has all its words in the article (see
        # :func:`_note_article_words`; None: not known), so none matches here.
        return None
    text = ctx.article.text
    window = text[max(ss, tr.start - 60):tr.start]
    for rx in ctx.t.anniversary_res:
        m = _last(rx.finditer(window))
        if m is None or _STOP_RE.search(window, m.end()):
            continue
        word = m.group("n").lower()
        n = int(word) if word.isdigit() else ctx.t.numbers.get(word)
        days = [te for te in times if te.resolved and te.granularity == "day"]
        base = days[0].date_start if days else ctx.article.published
        if not n or base is None:
            continue
        try:
            day = base.replace(year=base.year - n)
        except ValueError:  # 29 February
            day = base.replace(year=base.year - n, day=28)
        return {"date_text": m.group(0), "date_value": day.isoformat(), "date_start": day,
                "date_end": day, "granularity": "day", "certainty": "approximate",
                "date_reason": "anniversary"}
    return None


def _sentence(ctx: _Ctx, ss: int, se: int, all_times: list[TimeExpression],
              locs: list[tuple[int, int, str]] | _LinePlaces, caption: bool,
              caption_time: TimeExpression | None,
              caption_span: tuple[int, int] | None, low: str | None = None) -> list[Mention]:
    """The mentions of sentence ``ss:se``.  ``locs``: its places, or its
    line's :class:`_LinePlaces` (then looked for only if a trigger gets that
    far)."""
    t = ctx.t
    text = ctx.article.text
    sent = text[ss:se]
    pub = ctx.article.published
    toks = _tokens(text, ss, se)
    trig = _find_triggers(text, toks, ss, se, t) if toks else []
    if all(tr.reporting for tr in trig):
        return []  # none, or only "said": the loop below would skip every one
    _attach(text, toks, trig, t)
    if not all_times and caption_time is None and not _undated_may_date(ctx, trig, ss, sent):
        return []  # no time expression and no other way to date a trigger
    for tr in trig:
        hi = _head(toks, tr)
        infinitive = hi > 0 and (toks[hi - 1].low == "to" or (
            hi > 1 and toks[hi - 2].low == "to" and toks[hi - 1].low.endswith("ly")))
        if infinitive and tr.kind != "named" and (tr.kind == "verb" or tr.light is not None):
            clause_tok = _clause_start(text, toks, hi, trig)
            tr.inactive = not _phrase_before(toks, hi, t.planned_cues, min(8, hi - clause_tok + 1))
        if tr.kind == "noun" and tr.lemma in t.nouns_need_predicate and tr.light is None \
                and tr.possessor is None:
            tr.inactive = True  # "with the Syrian civil war on the agenda": a topic
    if _idle(trig):
        return []
    if low is not None and t.skip_low is not None:
        skips = t.skip_low.finditer(low[ss:se])
    else:
        skips = t.skip_re.finditer(sent)
    skip_spans = [(ss + m.start(), ss + m.end()) for m in skips]
    dl = _DATELINE.match(sent)
    body_start = ss + (dl.end() if dl else 0)
    times = [te for te in all_times if te.resolved and te.type in ("DATE", "TIME")
             and not _in_relative_clause(text, ss, se, te) and te.start >= body_start]
    owned = _time_owner(times, trig, text, ss)
    vague = [te for te in all_times if not te.resolved]
    primary = [k for k, tr in enumerate(trig) if tr.venue_of is None]
    results: list[Mention] = []
    anaphora_done = False
    for k in primary:
        tr = trig[k]
        hi = _head(toks, tr)
        if any(a <= tr.start < b for a, b in skip_spans) or tr.reporting:
            continue  # "X said ...": the reported content is the news, if anything
        # (these two tests before the clause's, which only read: the same skips)
        if tr.kind == "noun" and (tr.determiner in t.anaphoric or tr.determiner in _NUMBERS):
            continue  # "that invasion" was reported already; "three visits" is a series
        if tr.inactive:
            continue  # "convened a summit to discuss Ukraine": purpose, not an event
        clause_tok = _clause_start(text, toks, hi, trig)
        if hi > clause_tok and _phrase_before(toks, hi, t.negation_cues, min(3, hi - clause_tok)):
            continue
        if _habitual(toks, clause_tok, hi, tr, t):
            continue
        if tr.kind == "verb" and tr.with_only and not _followed_by(toks, tr.tok, ("with", "to")):
            # "A and B spoke on Friday" is reciprocal; "A spoke at the ceremony" is not a call
            reciprocal = "and" in {tk.low for tk in toks[clause_tok:hi]}
            if t.verbs[toks[tr.tok].low].needs_with and not reciprocal:
                continue
        verb = t.verbs.get(toks[tr.tok].low) if tr.kind == "verb" else None
        if verb is not None and verb.needs_object and tr.tok + 1 < len(toks) and \
                toks[tr.tok + 1].low in _PREPS - {"with", "to"}:
            continue
        if verb is not None and verb.needs_to and not _followed_by(toks, tr.tok, ("to",)):
            continue  # "travelled widely" is no trip
        own = [te for te in owned[k] if te.date_start is not None]
        dates: dict[str, Any] | None = None
        if own:
            te = min(own, key=lambda x: (_dist(tr, trig, x.start, x.end),
                                         _width(x.date_start, x.date_end)))  # type: ignore[arg-type]
            dates = _date_fields(te)
        if dates is None and caption_time is not None:
            dates = dict(_date_fields(caption_time), date_reason="caption-date")
        if dates is None and (tr.kind == "verb" or tr.light is not None):
            dates = _after_rule(text, trig, k, owned, ctx)
        if dates is None:
            dates = _later(ctx, sent)
        if dates is None:
            near = [te for te in vague if abs(te.start - tr.end) < 80]
            dates = next((d for d in map(lambda x: _vague_ago(ctx, x), near) if d), None)
        if dates is None and tr.kind in ("noun", "named"):
            dates = _anniversary(ctx, tr, ss, times)
        status = _status(toks, hi, tr, ctx, clause_tok,
                         dates["date_start"] if dates else None, dates["date_end"] if dates else None)
        fallback = False
        if dates is None:
            predicate = tr.kind == "verb" or tr.light is not None
            # Past tense ("met", "held talks"), a progressive ("is meeting") or a
            # headline's present ("Macron meets Trump"); not a generic present.
            headline = not _FINAL_STOP_RE.search(sent)
            tensed = tr.tense in ("past", "participle") or (
                tr.tense == "ing" and status == "ongoing") or (tr.tense == "present" and headline)
            if not (ctx.day_fallback and pub is not None and tr.fallback and predicate
                    and status != "planned" and tensed):
                continue
            fallback = True
            dates = {"date_text": None, "date_value": pub.isoformat(), "date_start": pub,
                     "date_end": pub, "granularity": "day", "certainty": "approximate",
                     "date_reason": "publication-date"}
        elif status == "planned" and pub is not None and dates["date_end"] is not None:
            if dates["date_end"] < pub and (dates.get("date_reason") or "").startswith("weekday"):
                # "looked ahead to the meeting on Tuesday": the coming Tuesday.
                shift = timedelta(days=7)
                dates = dict(dates, date_start=dates["date_start"] + shift,
                             date_end=dates["date_end"] + shift,
                             date_value=(dates["date_start"] + shift).isoformat(),
                             date_reason="weekday-future")
            elif dates["date_start"] < pub <= dates["date_end"]:
                # A plan reported today cannot have happened before today.
                dates = dict(dates, date_start=pub)
        if (tr.reporting or (tr.type == "STATEMENT" and tr.kind == "verb")) and fallback:
            continue  # a bare statement is news only when dated explicitly
        if fallback and _background(ctx):
            continue  # (the test below, before the actor scan)
        day = dates["date_start"] or pub
        actors = _find_actors(ctx, ss, se, day)
        subject, objects, obj_text = _participants(ctx, toks, trig, k, hi, clause_tok, actors,
                                                   se, times)
        if fallback and not (set(subject) - set(ctx.speaker) or objects):
            continue  # an undated "we met" names no one: too weak to be an event
        if fallback and ctx.paragraph > t.lead_paragraphs and not (
                set(subject) | set(objects)) & ctx.lead_people:
            continue  # an undated past event deep in the story is background, date unknown
        caption_people: tuple[str, ...] = ()
        if caption_span is not None and dates["date_reason"] == "caption-date":
            # The people in the photo (not places or bodies named in passing).
            caption_people = tuple(dict.fromkeys(
                a.actor_id for a in _find_actors(ctx, *caption_span, day)
                if getattr(_actor(ctx.registry, a.actor_id), "type", "") == "person"))
        if isinstance(locs, _LinePlaces):
            locs = locs.within(ss, se)
        location = _location(text, trig, k, locs, t.topic_before_place)
        groups: list[tuple[str, ...]] = []
        if (tr.kind == "noun" and tr.determiner == "the" and not objects and tr.type == "CONSULT"
                and not anaphora_done):
            anaphora_done = True
            groups = [tuple(x for x in m.participants if x not in subject)
                      for m in _antecedents(ctx, subject)]
        if not groups:
            if len(objects) > 1 and _separately(text, toks, hi, tr):
                groups = [(o,) for o in objects]
            else:
                groups = [tuple(objects)]
        sentence_actors = tuple(a.actor_id for a in actors)
        for n, objs in enumerate(groups):
            people = subject + objs + caption_people
            host = _place_actor(ctx.registry, location) if tr.noun_form in {
                "visit", "trip", "visits"} else ()
            participants = tuple(dict.fromkeys(
                people + host + _countries(ctx.registry, people, dates["date_start"])))
            title = _title(ctx, toks, trig, k, subject, objs,
                           obj_text if len(groups) == 1 and not objs else "", location)
            mention = Mention(
                mention_id=_stable_id(ctx.article.article_id, ss, se, tr.start, n),
                article_id=ctx.article.article_id, sentence=sent, char_start=ss, char_end=se,
                event_type=tr.type, status=status, title=title, trigger=tr.text,
                published=pub, actors=tuple(dict.fromkeys(participants + sentence_actors)),
                participants=participants, locations=(location,) if location else (),
                name=tr.name, caption=caption, **dates)
            results.append(mention)
            if tr.type == "CONSULT" and objs and dates["date_reason"] != "after-event":
                ctx.consults.append(mention)
        if subject:
            ctx.last_subject = subject
    return results


def _idle(trig: list[_Trigger]) -> bool:
    """Speed: whether every primary trigger (no venue) is reporting or
    inactive, so that :func:`_sentence` gives nothing: its loop skips such a
    trigger before any step with an effect (the steps before only read)."""
    return all(tr.reporting or tr.inactive for tr in trig if tr.venue_of is None)


def _background(ctx: _Ctx) -> bool:
    """Speed: an undated (fallback) trigger this deep in an article whose lead
    named no people is background: :func:`_sentence`'s test of the
    participants against ``lead_people`` drops it whoever they are, so the
    actor scan and the participants are skipped (both only read, the scan's
    cache aside)."""
    return ctx.paragraph > ctx.t.lead_paragraphs and not ctx.lead_people


def _undated_may_date(ctx: _Ctx, trig: list[_Trigger], ss: int, sent: str) -> bool:
    """Whether a trigger of a sentence without time expressions (and not a
    dated caption) may still be dated below: the publication date (a
    fallback predicate in a tense that allows it), "N weeks later" or an
    anniversary.  A necessary condition only; no state changes before it."""
    pub = ctx.article.published
    fb_ok = ctx.day_fallback and pub is not None
    headline: bool | None = None
    for tr in trig:
        if tr.venue_of is not None or tr.reporting:
            continue
        if fb_ok and tr.fallback and (tr.kind == "verb" or tr.light is not None):
            if tr.tense in ("past", "participle", "ing"):
                return True
            if tr.tense == "present":
                if headline is None:
                    headline = not _FINAL_STOP_RE.search(sent)
                if headline:
                    return True
        if tr.kind != "verb" and _anniversary(ctx, tr, ss, []) is not None:
            return True
    # (``later_here``: as in :func:`_later`)
    return ctx.last_dated is not None and ctx.later_here \
        and ctx.t.later_re.search(sent) is not None


def _habitual(toks: list[_Tok], clause_tok: int, hi: int, tr: _Trigger, t: Triggers) -> bool:
    """A habitual or generic clause ("have met several times", "regularly talk")."""
    # (tokens up to the head start before the trigger's end: look after it)
    end = next((n for n in range(tr.tok + 1, len(toks)) if toks[n].start >= tr.end), len(toks))
    lows = [tk.low for tk in toks[clause_tok:min(len(toks), end + 6)]]
    if not lows:
        return False
    return _phrase_re(t.habitual_cues).search(" " + " ".join(lows) + " ") is not None


def _followed_by(toks: list[_Tok], i: int, words: tuple[str, ...]) -> bool:
    """Whether one of ``words`` follows token ``i`` (allowing two adverbs between)."""
    for tk in toks[i + 1:i + 4]:
        if tk.low in words:
            return True
        if not tk.low.endswith("ly") and tk.low not in {"by", "phone", "again", "briefly"}:
            return False
    return False


def _after_rule(text: str, trig: list[_Trigger], k: int, owned: dict[int, list[TimeExpression]],
                ctx: _Ctx) -> dict[str, Any] | None:
    """"X after/following <event> <date>": from that date to publication."""
    pub = ctx.article.published
    tr = trig[k]
    if pub is None:
        return None
    for k2 in range(k + 1, len(trig)):
        other = trig[k2]
        if other.venue_of is not None or not owned[k2]:
            continue
        gap = text[tr.end:other.start]
        if _STOP_RE.search(gap):
            return None
        cue = _last(ctx.t.after_re.finditer(gap))
        if cue is None:
            continue
        te = min(owned[k2], key=lambda x: abs(x.start - other.start))
        if te.date_start is None or te.date_start > pub:
            return None
        return {"date_text": text[tr.end + cue.start():te.end],
                "date_value": f"{te.date_start.isoformat()}/{pub.isoformat()}",
                "date_start": te.date_start, "date_end": pub,
                "granularity": "day", "certainty": "approximate", "date_reason": "after-event"}
    return None


def _separately(text: str, toks: list[_Tok], hi: int, tr: _Trigger) -> bool:
    window = text[toks[max(0, hi - 3)].start:tr.end + 40].lower()
    return bool(_SEPARATELY_RE.search(window))


def _participants(ctx: _Ctx, toks: list[_Tok], trig: list[_Trigger], k: int, hi: int,
                  clause_tok: int, actors: list[ActorMention], se: int,
                  times: list[TimeExpression]) -> tuple[tuple[str, ...], list[str], str]:
    """(subject ids, object ids, object text) of trigger ``k``."""
    tr = trig[k]
    text = ctx.article.text
    t = ctx.t
    subject: list[str] = []
    if tr.possessor is not None:
        p = toks[tr.possessor]
        if p.low in {"his", "her", "their", "its"}:
            first = [a.actor_id for a in actors if a.end <= p.start]
            subject = first[:1] or list(ctx.last_subject[:1])
        elif p.low in {"my", "our"}:
            subject = list(ctx.speaker)
        elif p.low not in _POSSESSIVES:
            subject = [a.actor_id for a in actors if p.start - 40 < a.start and a.end <= p.end
                       and not _gap_has(text, a.end, p.end, ",;")][-1:]
    elif tr.kind == "verb" or tr.light is not None:
        lo, end = toks[clause_tok].start, toks[hi].start
        subject = [a.actor_id for a in actors if lo <= a.start and a.end <= end]
        if not subject:
            words = {tk.low for tk in toks[clause_tok:hi]}
            between = [tk.low for tk in toks[clause_tok + 1:hi]]
            nonfinite = (toks[hi].low.endswith("ing") and toks[hi - 1].low not in {
                "is", "are", "was", "were", "'s", "'re", "be", "been"}) or (
                toks[clause_tok].low in {"after", "following", "before", "by", "while"}
                and all(w.endswith("ly") for w in between))
            if (words & (_PRONOUNS - {"we", "i", "you"})) or nonfinite:
                before = [a.actor_id for a in actors if a.end <= lo]
                subject = before[:1] or list(ctx.last_subject[:1])
            elif words & {"i", "we"}:
                subject = list(ctx.speaker)
    # Objects: after the trigger until a stop word, a date, another trigger or the end.
    first = tr.tok + 1
    if first >= len(toks):
        return tuple(dict.fromkeys(subject)), [], ""
    obj_lo = toks[first].start
    stop = min([o.start for n, o in enumerate(trig) if o.start > tr.end and o.venue_of is None
                and n != k] + [se] + [te.start for te in times if te.start >= obj_lo])
    with_only = tr.with_only or tr.kind != "verb"
    seen_with = False
    for n, tk in enumerate(toks[first:], first):
        if tk.start >= stop:
            break
        if tk.low in {"with", "between", "among"} or (tk.low == "to" and n == first) or (
                tk.low in {"of", "on", "against"} and n == first and tr.type == "ASSAULT"):
            if seen_with and tk.low == "with":
                stop = tk.start
                break
            seen_with = True
            if n == first or with_only:
                obj_lo = tk.end
            continue
        if tk.low in t.object_stops or _gap_has(text, toks[n - 1].end, tk.start, ";:()—“”"):
            stop = tk.start
            break
    if with_only and not seen_with:
        stop = obj_lo
    # A role phrase may run past a stop word ("High Representative for Foreign Affairs").
    objects = [a.actor_id for a in actors if obj_lo <= a.start < stop
               and a.actor_id not in subject]
    if not objects and tr.type == "ASSAULT" and _NEIGHBOURS_RE.match(text, tr.end):
        # "Russia's assault on its neighbor": the other country named in the sentence
        objects = [a.actor_id for a in actors if a.actor_id.startswith("country:")
                   and a.actor_id not in subject][:1]
    obj_text = text[obj_lo:stop].strip(" ,.;:")
    return tuple(dict.fromkeys(subject)), list(dict.fromkeys(objects)), obj_text


def _antecedents(ctx: _Ctx, subject: tuple[str, ...]) -> list[Mention]:
    """Earlier CONSULT mentions with the same subject ("the calls" -> those calls)."""
    subj = set(subject) or set(ctx.last_subject)
    cands = [m for m in ctx.consults if not subj or subj & set(m.participants)]
    if not cands:
        return []
    last = cands[-1].char_start
    return [m for m in cands if m.char_start == last]


def _location(text: str, trig: list[_Trigger], k: int,
              locs: list[tuple[int, int, str]], topics: frozenset[str] = frozenset()) -> str | None:
    """The place of trigger ``k``: "in/at/to <place>" nearest to it, or inside its name."""
    tr = trig[k]
    lo = min([tr.start] + [trig[v].start for v in tr.venues])
    hi = max([tr.end] + [trig[v].end for v in tr.venues])
    primaries = [n for n, o in enumerate(trig) if o.venue_of is None]
    best: tuple[int, str] | None = None
    for s, e, place in locs:
        if lo <= s and e <= hi:
            return place  # "Munich Security Conference"
        prep = _PLACE_PREP_RE.search(text[max(0, s - 10):s].lower())
        if not prep or (prep.group(1) in ("on", "against") and tr.type != "ASSAULT"):
            continue
        if _OWNER_RE.match(text[e:e + 2]):
            continue  # "in Ukraine's fight": an owner, not a place
        before = _LETTERS_RE.findall(text[max(0, s - 40):s].lower())
        if len(before) >= 2 and before[-2] in topics:
            continue  # "developments in Ukraine": a topic
        if prep.group(1) == "to" and tr.noun_form not in {"visit", "trip", "visits"}:
            continue
        nearest = min(primaries, key=lambda n, s=s, e=e: (_dist(trig[n], trig, s, e), n))
        if nearest == k and (best is None or _dist(tr, trig, s, e) < best[0]):
            best = (_dist(tr, trig, s, e), place)
    return best[1] if best else None


def _plural(verb: str) -> str:
    first, _, rest = verb.partition(" ")
    if _SIBILANT_ES_RE.search(first):
        first = first[:-2]
    elif first.endswith("s"):
        first = first[:-1]
    return f"{first} {rest}".strip()


def _noun_phrase(text: str, toks: list[_Tok], tr: _Trigger, t: Triggers) -> str:
    """The noun with its modifiers ("full-scale invasion of Ukraine", "peace talks")."""
    j = tr.first_tok
    while j > 0 and j - 1 != tr.possessor:
        w = toks[j - 1]
        if (w.low in _DETERMINERS or w.low in _PREPS or w.low in _AUX or w.low in t.verbs
                or w.low in t.light_verbs or w.low in _NUMBERS or w.low in _CLAUSE_WORDS
                or w.low.endswith("ly") or _gap_has(text, w.end, toks[j].start)
                or (tr.light is not None and w.start <= tr.light.start)):
            break
        j -= 1
    phrase = text[toks[j].start:tr.end]
    m = _OF_NAME_RE.match(text, tr.end, tr.end + 60)
    if m and tr.type == "ASSAULT":
        phrase += " of " + m.group(1).strip()
    return phrase


def _title(ctx: _Ctx, toks: list[_Tok], trig: list[_Trigger], k: int,
           subject: tuple[str, ...], objs: tuple[str, ...], obj_text: str,
           location: str | None) -> str:
    """A short readable title: subject + predicate + partner + place."""
    tr = trig[k]
    t = ctx.t
    text = ctx.article.text
    if tr.name:
        title = tr.name
        if location and location.lower() not in title.lower():
            title += f" in {location}"
        return title
    subj_names = _display(ctx.registry, subject, 2)
    subj = " and ".join(subj_names)
    subj_countries = [getattr(_actor(ctx.registry, a), "country", None) for a in subject]
    obj = ", ".join(_display(ctx.registry, objs, 4, [c for c in subj_countries if c]))
    place_prep = "to" if tr.noun_form in {"visit", "trip", "visits"} else "in"
    if tr.kind == "verb":
        if subj:
            verb = tr.title_verb if len(subj_names) < 2 else _plural(tr.title_verb)
            core = f"{subj} {verb}"
            if obj:
                core += f" {obj}"
            elif verb.endswith((" with", " to")):
                core = core.rsplit(" ", 1)[0]
            elif tr.lemma == "meet":
                core = f"{subj} {'hold' if len(subj_names) > 1 else 'holds'} meeting"
            elif obj_text and not location and not _LEAD_PREP_RE.match(obj_text) \
                    and len(obj_text.split()) <= 5 and (not location or location not in obj_text):
                core += f" {obj_text}"
        else:
            core = tr.noun_form + (f" with {obj}" if obj else "")
    else:
        np = _noun_phrase(text, toks, tr, t)
        if tr.light is not None and subj:
            lv = tr.light.low
            verb = (f"{tr.light_lemma}s" if tr.light_lemma and tr.light_lemma not in {"agree"}
                    else "agrees to" if tr.light_lemma == "agree" else t.light_verbs.get(lv, "holds"))
            verb = verb if len(subj_names) < 2 else _plural(verb)
            core = f"{subj} {verb} {np}"
        elif subj:
            core = f"{subj}’s {np}" if len(subj_names) == 1 else f"{subj} {np}"
        else:
            core = np
        # "assault on Ukraine", "invasion of Ukraine", but "talks with Trump"
        prep = t.raw.get("noun_object_prep", {}).get(tr.lemma, "with")
        if obj and f" {prep} " not in f" {core} " and not all(o in core for o in obj.split(", ")):
            core += f" {prep} {obj}"
    if location and location.lower() not in core.lower():
        core += f" {place_prep} {location}"
    core = _WS_RE.sub(" ", core).strip()
    return core[:1].upper() + core[1:]
