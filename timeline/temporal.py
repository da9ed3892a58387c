"""Temporal tagging: find time expressions in English news text and normalise them.

One compiled grammar (built once at import from ``timeline/data/temporal.yaml``)
finds candidates in a single left-to-right scan; each grammar rule has a
handler that owns the calendar logic (ISO weeks, tense-driven resolution of
weekdays and year-less dates, quarters, seasons, decades).  ``dateparser`` is
used only to normalise isolated numeric dates such as ``2/17/2025``.

Values follow TimeML/TIMEX3 conventions; intervals are inclusive.

Examples
--------
>>> from datetime import date
>>> [(t.text, t.value) for t in tag("Macron met Starmer on Monday.", date(2025, 2, 18))]
[('Monday', '2025-02-17')]
>>> [(t.text, t.value, t.certainty) for t in tag("It began about three years ago.", None)]
[('about three years ago', 'XXXX', 'unresolved')]
"""

from __future__ import annotations

import calendar
import dataclasses
import re
import sys
from collections.abc import Callable
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any, NamedTuple

from timeline._yaml import load_yaml as _load_yaml
from timeline.models import TimeExpression

__all__ = ["tag", "explicit_dates"]

# ---------------------------------------------------------------------------
# Knowledge
# ---------------------------------------------------------------------------

_DATA: dict[str, Any] = _load_yaml(
    resources.files("timeline").joinpath("data/temporal.yaml").read_text(encoding="utf-8"))

MONTHS: dict[str, int] = _DATA["months"]
AMBIG_MONTHS = frozenset(_DATA["ambiguous_months"])
WEEKDAYS: dict[str, int] = _DATA["weekdays"]
AMBIG_WEEKDAYS = frozenset(_DATA["ambiguous_weekdays"])
SEASONS: dict[str, list] = _DATA["seasons"]
DAY_PARTS: dict[str, str] = _DATA["day_parts"]
NUMBERS: dict[str, float] = _DATA["number_words"]
VAGUE = sorted(_DATA["vague_numbers"], key=len, reverse=True)
ORDINALS: dict[str, int] = _DATA["ordinals"]
UNITS: dict[str, list] = _DATA["units"]
UNIT_PLURALS: dict[str, str] = _DATA["unit_plurals"]
APPROX: dict[str, str] = _DATA["approx_mods"]
PERIOD_MODS: dict[str, str] = _DATA["period_mods"]
REFS: dict[str, str] = _DATA["refs"]
REF_BLOCKERS: dict[str, list] = _DATA["ref_blockers"]
SETS: dict[str, str] = _DATA["sets"]
HOLIDAYS: dict[str, list] = _DATA["holidays"]
FUTURE_CUES = frozenset(_DATA["future_cues"])
PAST_CUES = frozenset(_DATA["past_cues"])
NOT_PAST_ED = frozenset(_DATA["not_past_ed"])
SCHEDULE_VERBS = frozenset(_DATA["present_schedule_verbs"])
SPEECH_VERBS = frozenset(_DATA["speech_verbs"])
PLAN_PARTICIPLES = frozenset(_DATA["plan_participles"])
COUNT_NOUNS = frozenset(_DATA["count_nouns_after_year"])
MODEL_YEAR_MAKES = frozenset(_DATA["model_year_makes"])
BOILERPLATE = tuple(_DATA["boilerplate_lines"])
GENERIC_AFTER_TODAY = frozenset(_DATA["generic_after_today"])


def _alt(words, suffix: str = "") -> str:
    """Regex alternation of ``words`` (longest first so that prefixes lose)."""
    ws = sorted({w for w in words}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ws) + ")" + suffix


# ---------------------------------------------------------------------------
# Grammar
# ---------------------------------------------------------------------------

_MON = ("(?:" + _alt([m for m in MONTHS if len(m) > 4 or m in ("may", "june", "july")]) + r"\b|"
        + _alt([m for m in MONTHS if len(m) <= 4 and m not in ("may", "june", "july")]) + r"\b\.?)")
_WD_FULL = _alt([w for w in WEEKDAYS if len(w) > 4 or w in ("tues", "thurs")]) + r"\b"
_WD_ANY = _alt(WEEKDAYS) + r"\b\.?"
_DAY = r"(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?\b"
_YEAR = r"(?:1[6-9]\d\d|20\d\d)\b"
_ORD_W = _alt(ORDINALS)
_SPOKEN_YEAR = (r"(?:nineteen[\s-]+(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-]+"
                r"(?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|fourteen|"
                r"fifteen|sixteen|seventeen|eighteen|nineteen)|two\s+thousand(?:\s+and\s+"
                r"(?:one|two|three|four|five|six|seven|eight|nine|ten))?)\b")
_TENS = "(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_ONES = "(?:one|two|three|four|five|six|seven|eight|nine)"
_NUMW = (rf"(?:{_TENS}(?:[\s-]+{_ONES})?|"
         r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
         r"fifteen|sixteen|seventeen|eighteen|nineteen|hundred|a\s+dozen|dozen|a|an|half\s+an?|"
         r"a\s+half|a\s+couple\s+of|couple\s+of)\b|\d+(?:\.\d+)?(?:\s+1/2)?)")
_VAGUE = _alt(VAGUE) + r"\b"
_QTY = rf"(?:{_NUMW}|{_VAGUE})"
_UNIT_S = r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|quarters?|years?|decades?|centur(?:y|ies))\b"
_APPROX = _alt(APPROX) + r"\s+"
_PMOD = r"(?:early|earlier|late|later|mid|middle\s+of|the\s+(?:beginning|start|end|middle|close|first\s+half|second\s+half)\s+of)"
_RNG = r"\s*(?:-|–|—|to|and|through|until|till)\s*"
_REL = r"(?:last|this|next|past|previous|coming|current|following|same|this\s+past|the\s+past|the\s+previous|the\s+coming|the\s+next|the\s+following|the\s+last|the\s+same|the\s+latest|the\s+most\s+recent)"
_PERIOD = r"(?:week|weekend|month|year|decade|century|spring|summer|fall|autumn|winter)\b"
_TOD = (r"(?:(?:at\s+)?(?:[01]?\d|2[0-3])(?::[0-5]\d)?\s*(?:a\.?\s?m\b\.?|p\.?\s?m\b\.?)"
        r"|(?:at\s+)?(?:[01]?\d|2[0-3]):[0-5]\d\b|noon\b|midnight\b|midday\b)")
_DAYWORD = r"(?:today|tonight|yesterday|tomorrow)"
_HOUR_W = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_PART = r"(?:morning|afternoon|evening|night)"

_RULES: list[tuple[str, str]] = [
    # numeric ISO and slash dates first: they contain things the others would split
    ("iso", r"\b(?:1[6-9]|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])\b(?!-\d)"),
    ("slash", r"(?<![\d/.])(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])/(?:19|20)\d\d\b(?![/\d])"),
    # ranges: one expression with an interval
    ("range_mdmd", rf"\b(?:(?:from|between)\s+)?{_MON}\s+{_DAY}{_RNG}{_MON}\s+{_DAY}(?:,?\s+{_YEAR})?"),
    ("range_mdd", rf"\b(?:(?:from|between)\s+)?{_MON}\s+{_DAY}{_RNG}{_DAY}(?!\s*(?:%|:|\.\d|,\d))(?:,?\s+{_YEAR})?"),
    ("range_ddm", rf"\b(?:(?:from|between)\s+)?(?:the\s+)?{_DAY}{_RNG}(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MON}(?:,?\s+{_YEAR})?"),
    # a weekday glued to a date: "Monday, Feb. 17, 2025" is ONE span
    ("wd_date", rf"\b{_WD_ANY},?\s+(?:(?:{_MON}\s+{_DAY}|(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MON})(?:,?\s+{_YEAR})?)"),
    ("mdy", rf"\b(?:{_MON}\s+{_DAY}(?:,\s*|\s+){_YEAR}|(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MON},?\s+{_YEAR})"),
    ("week_of", rf"\bthe\s+week\s+of\s+{_MON}\s+{_DAY}"),
    ("md", rf"\b(?:{_MON}\s+{_DAY}(?!\s*(?:%|:|\d|,\d|\.\d))|(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MON}|the\s+{_ORD_W}\s+of\s+{_MON})"),
    ("half", rf"\b(?:the\s+)?(?:first|last)\s+two\s+quarters\s+of\s+(?:(?:fiscal\s+)?{_YEAR}|this\s+year|last\s+year|next\s+year)"),
    ("half", rf"\b(?:the\s+)?(?:first|second|last|1st|2nd)\s+half\s+(?:of\s+)?(?:(?:fiscal\s+)?{_YEAR}|this\s+year|last\s+year|next\s+year)?"),
    # the period a year before the reported quarter, named in full
    ("quarter", r"\b(?:(?:the\s+)?(?:same|corresponding|comparable)\s+(?:period|quarter)\s+(?:of\s+)?(?:last\s+year|"
                r"a\s+year\s+(?:ago|earlier))|last\s+year['’]s\s+(?:period|quarter)\b)"),
    ("quarter", rf"\b(?:(?:this|last|next)\s+year['’]s\s+|{_YEAR}\s+|the\s+(?:(?:year-ago|year-earlier|"
                rf"comparable|corresponding)\s+)?|(?:year-ago|year-earlier)\s+)?(?:(?:fiscal|calendar)\s+)?"
                rf"(?:first|second|third|fourth|final|1st|2nd|3rd|4th|latest|current|past|previous|prior|"
                rf"year-ago|year-earlier|most\s+recent|recent|last|next|coming|same)(?:[\s-]+(?:fiscal|calendar))?"
                rf"[\s-]+(?:period|quarter)\b(?:\s+(?:of\s+)?(?:(?:fiscal\s+)?{_YEAR}|this\s+year|last\s+year|next\s+year))?"),
    ("quarter", rf"\b(?:Q[1-4](?:\s+{_YEAR}|['’]\d\d)?|{_YEAR}\s+Q[1-4]|(?:[1-4]Q|Q[1-4])\s*{_YEAR})\b"),
    ("the_quarter", rf"\bthe\s+(?:{_YEAR}\s+(?:period|quarter)|quarter\b(?!-)(?:\s+end(?:ed|ing)\s+{_MON}\s+{_DAY}|\s+a\s+year\s+(?:ago|earlier))?)"),
    ("decade", rf"\b(?:the\s+)?(?:{_PMOD}[\s-]+)?(?:(?:1[6-9]|20)\d0['’]?s|['’]\d0s|(?:nineteen[\s-])?(?:twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))\b"),
    ("century", rf"\b(?:the\s+)?(?:{_PMOD}[\s-]+)?(?:{_ORD_W}|\d{{1,2}}(?:st|nd|rd|th))[\s-]+century\b"),
    ("rel_century", r"\b(?:this|last|next|the\s+past|the\s+last|the\s+next)\s+century\b"),
    ("my", rf"\b(?:{_PMOD}[\s-]*)?{_MON},?\s+(?:of\s+)?(?:{_YEAR}(?!\s*(?:%|\d))|{_SPOKEN_YEAR})"),
    ("season_year", rf"\b(?:the\s+)?(?:{_PMOD}[\s-]*)?(?:spring|summer|fall|autumn|winter)(?:\s+of)?\s+(?:{_YEAR}|{_SPOKEN_YEAR})"),
    ("spoken_year", rf"\b(?:the\s+year\s+)?{_SPOKEN_YEAR}"),
    ("ago", rf"\b(?:{_APPROX})?(?:the\s+)?{_QTY}[\s-]+(?:(?:and\s+a\s+half|more)\s+)?{_UNIT_S}(?:\s+or\s+so)?\s+(?:ago|earlier|later|before\s+now|from\s+now|hence)\b"),
    ("ago", r"\b(?:the\s+)?(?:a\s+)?(?:year|month|week|day|quarter)-(?:ago|earlier)(?:\s+(?:quarter|period|month|week|year|nine\s+months|six\s+months))?\b"),
    ("ago", r"\b(?:a\s+)?(?:year|month|week|day)\s+(?:ago|earlier)\b"),
    ("time", rf"\b(?:(?:at|around|about)\s+(?:1[0-2]|[1-9]|{_HOUR_W})(?:\s+o['’]clock)?|(?:1[0-2]|[1-9]|{_HOUR_W})"
             r"\s+o['’]clock)\s+in\s+the\s+(?:morning|afternoon|evening)\b"),
    ("time", rf"\b(?:(?:early|late|mid)[\s-]+)?{_TOD}(?:\s+(?:[ECMP][SD]T|GMT|UTC|BST|CET)\b)?(?:,?\s+(?:on\s+)?(?:{_WD_FULL}|{_DAYWORD}|{_MON}\s+{_DAY}))?"),
    ("time", rf"\b(?:(?:early|late|mid)[\s-]+)?{_PART}\s+(?:of\s+)?(?:{_WD_FULL}|{_DAYWORD})|\b(?:early|late|mid)[\s-]*(?:morning|afternoon|evening)\b"),
    ("wd_set", rf"\b(?:(?:every|each)\s+{_WD_FULL}(?:\s+{_PART})?|{_WD_FULL}s(?:\s+{_PART}s)?|{_WD_FULL}\s+{_PART}s)"),
    ("weekday", rf"\b(?:(?:last|this|next|past|coming|this\s+past|the\s+previous|the\s+preceding|the\s+following)\s+)?(?:(?:early|late|earlier|later)\s+)?{_WD_FULL}(?:\s+(?:{_PART}|week))?"),
    ("dayword", rf"\b(?:the\s+day\s+(?:before|after)\s+)?(?:(?:earlier|later|early|late)\s+)?(?:{_DAYWORD}|(?:last|this|tomorrow|yesterday)\s+{_PART}|overnight)\b(?:['’]s)?(?:\s+{_PART})?"),
    ("dayword", r"\b(?:earlier|later)\s+(?:in\s+)?(?:the|that)\s+day\b"),
    ("dayword", r"\b(?:that|the)\s+same\s+day\b"),
    # one alternative for "the <ordinal> day", "the next day", "the day before (Tuesday)":
    # a single literal start keeps the grammar fast
    ("the_day", rf"\bthe\s+(?:{_ORD_W}\s+(?:straight\s+|consecutive\s+)?day|(?:next|following|previous)\s+"
                rf"(?:day|{_PART})|day\s+(?:before|after)(?:\s+(?:(?:last|this|next|past|coming)\s+)?"
                rf"{_WD_FULL}|(?!\s+(?:yesterday|today|tomorrow))))\b"),
    ("daypart", r"\b(?:in|during)\s+the\s+(?:morning|afternoon|evening)\b"),
    # "it was a great day for Poland": the handler checks the copula before
    ("copula_day", r"\bday\b(?=\s+(?:for|of)\b)"),
    ("set", rf"\b(?:(?:every|each|per)\s+(?:other\s+)?(?:{_NUMW}\s+)?{_UNIT_S}|(?:every|each)\s+(?:{_PART}|{_MON})|{_alt(SETS)}\b)"),
    ("relperiod", rf"\b(?:{_PMOD}[\s-]+)?{_REL}\s+(?:{_PMOD}\s+)?(?:fiscal\s+|calendar\s+)?{_PERIOD}|\b(?:{_PMOD}[\s-]+|the\s+)?(?:this|last|next)\s+quarter\b"),
    ("duration", rf"\b(?:(?:each\s+of\s+)?(?:the\s+)?(?:(?:past|last|next|previous|coming|first|final|latest|following|initial|remaining|same|entire|full)\s+)?)?(?:{_APPROX})?(?:{_QTY})(?:\s+(?:more|additional|straight|consecutive|full|trading|business|working|calendar))?"
                 rf"(?:[\s-]+(?:and\s+a\s+half[\s-]+)?|(?:{_RNG}{_NUMW}[\s-]+)){_UNIT_S}(?:-long)?(?:\s+and\s+a\s+half)?(?:\s+or\s+so)?(?![\s-]+old\b)"),
    ("duration", r"\b(?:recent|coming|the\s+coming|the\s+next\s+few|the\s+past\s+few|the\s+last\s+few)\s+(?:days|weeks|months|years|decades)\b"),
    ("duration", r"(?<=\bfor\s)(?:days|weeks|months|years|decades|centuries)\b"),
    ("yearend", r"\b(?:(?:around|by|at|since|until|before|after)\s+)?(?:the\s+)?(?:end\s+of\s+the\s+(?:year|month)|year['’]s\s+end|year[\s-]end)\b"),
    ("the_year", r"\bthe\s+(?:(?:full|fiscal|calendar|entire|whole)\s+)?(?:year|week)\b(?![\s-]+(?:earlier|ago|before|after|later|before|old|long))(?:\s+(?:ended|ending)\b)?"),
    ("that_year", r"\b(?:(?:earlier|later)\s+)?(?:that|the\s+same)\s+(?:year|month|week|quarter)\b"),
    ("weekend", r"\b(?:over|ahead\s+of|during|until|after|at)\s+the\s+weekend\b"),
    ("holiday", rf"\b(?:(?:last|this|next)\s+)?{_alt(HOLIDAYS)}\b(?:\s+week\b)?"),
    ("season", rf"\b(?:(?:{_PMOD}[\s-]+)?(?:the\s+)?(?:spring|summer|fall|autumn|winter)\b)"),
    ("month", rf"\b(?:(?:{_PMOD}[\s-]*)|(?:last|this|next)\s+)?{_MON}(?:\s+(?:last|this|next)\s+year\b)?(?!\.?\s*\d)"),
    ("year", rf"\b(?:(?:fiscal|calendar|the\s+year|{_PMOD})[\s-]+)?{_YEAR}(?:-\d\d\b)?"),
    ("ref", rf"\b{_alt(REFS)}\b"),
]

_MASTER = re.compile("|".join(f"(?P<r{i}>{pat})" for i, (_, pat) in enumerate(_RULES)),
                     re.IGNORECASE)
_RULE_OF_GROUP = {f"r{i}": name for i, (name, _) in enumerate(_RULES)}

# Speed: scanning the whole grammar at every character costs ~10 ms per article.
# Instead, tokens that every expression must contain ("anchors": month, weekday,
# unit, year digits, day words...) are found (see "Anchor scan" below, which
# builds its regexes from these sets); the grammar is then matched only at the
# few word starts just before each anchor (walking back over words that can
# open an expression).
_ANCHORS = frozenset(
    list(MONTHS) + list(WEEKDAYS) + list(SEASONS) + list(DAY_PARTS) + list(UNITS)
    + list(UNIT_PLURALS) + [w for k in REFS for w in k.split()[-1:]] + list(SETS)
    + [w for k in HOLIDAYS for w in k.replace("'s", "").split()]
    + ["today", "tonight", "yesterday", "tomorrow", "overnight", "weekend", "noon", "midnight",
       "midday", "ago", "period", "nineteen", "thousand", "twenties", "thirties", "forties", "fifties",
       "sixties", "seventies", "eighties", "nineties", "tues", "thurs", "sept", "now"])
_OPENERS = frozenset(
    list(NUMBERS) + list(ORDINALS) + [w for k in APPROX for w in k.split()]
    + [w for k in PERIOD_MODS for w in k.split()] + [w for v in VAGUE for w in v.split()]
    + list(WEEKDAYS) + [w for k in REFS for w in k.split()]
    + ["that", "near", "these", "right", "the", "a", "an", "to", "than", "at", "of", "last", "this", "next", "past", "previous",
       "coming", "current", "following", "same", "early", "earlier", "late", "later", "mid",
       "first", "second", "third", "fourth", "final", "latest", "recent", "most", "prior",
       "from", "between", "and", "through", "until", "till", "each", "every", "per", "other",
       "fiscal", "calendar", "year", "s", "half", "day", "before", "after", "sometime", "entire",
       "full", "initial", "remaining", "straight", "consecutive", "additional", "more", "then",
       "ahead", "over", "during", "comparable", "corresponding", "twenty", "thirty", "forty",
       "fifty", "sixty", "seventy", "eighty", "ninety", "st", "nd", "rd", "th", "in", "q",
       "year-ago", "or"])
_RX_TOKEN = re.compile(r"\d+[A-Za-z]*|[A-Za-z]+")
_RX_DIGIT_ANCHOR = re.compile(r"\d{4}|\d{3}0s|\d0s|[1-4]q|q[1-4]", re.I)
_RX_TIME_AFTER = re.compile(r"\s*(?:[ap]\.?\s?m\b|:\d\d)", re.I)

# Helpers compiled once.
_RX_MON = re.compile(r"\b(" + _alt(MONTHS) + r")\b\.?", re.I)
_RX_WD = re.compile(r"\b(" + _alt(WEEKDAYS) + r")\b", re.I)
_RX_DAYNUM = re.compile(r"\b([12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?\b")
_RX_YEAR = re.compile(r"\b(1[6-9]\d\d|20\d\d)\b")
_RX_ORD = re.compile(r"\b(" + _alt(ORDINALS) + r")\b", re.I)
_RX_UNIT = re.compile(r"(" + _UNIT_S + r")", re.I)
_RX_WORD = re.compile(r"[A-Za-z’']+")
_RX_NUM = re.compile(r"(\d+(?:\.\d+)?)(\s+1/2)?")
_RX_WS = re.compile(r"\s+")
_RX_Q_NUM = re.compile(r"q([1-4])|([1-4])q")
_RX_Q_ORD = re.compile(r"\b(first|second|third|fourth|1st|2nd|3rd|4th)\b")
_RX_Q_APOS = re.compile(r"q[1-4]['’](\d\d)")
_RX_QTY_MODS = re.compile(r"^(?:each of )?(?:the )?(?:(?:past|last|next|previous|coming|first|final|latest|"
                          r"following|initial|remaining|same|entire|full) )?")
_RX_QTY_EXTRA = re.compile(r"\b(?:more|additional|straight|consecutive|full)\b")
_RX_PMOD = re.compile(r"^(?:the\s+)?" + _PMOD + r"(?![a-z])", re.I)  # not "latest"
_RX_BOILER = re.compile(_alt(BOILERPLATE), re.I)


# Speed: case-insensitive regexes are several times slower in ``re`` than the
# same pattern, lower-cased, on lower-cased text.  The two agree when
# lower-casing changes nothing but A-Z (every other character of the text is
# caseless; see _lower_pattern for the conditions on the pattern).
_ASCII_BYTES = bytes(range(128))


_LAST_LOWER: tuple[str | None, str | None] = (None, None)
#: (the last non-ASCII text _safe_lower looked at, its non-ASCII characters), for _folded
_LAST_REST: tuple[str | None, str] = (None, "")


def _safe_lower(text: str) -> str | None:
    """``text.lower()`` when it only maps A-Z to a-z (same offsets); else None."""
    global _LAST_LOWER, _LAST_REST
    last = _LAST_LOWER
    if last[0] is text:  # the tagger and the event extractor ask for the same article
        return last[1]
    low: str | None
    if text.isascii():
        low = text.lower()
    else:
        # the non-ASCII characters (usually a few quotes): UTF-8 puts them in bytes >= 128
        data = text.encode("utf-8", "surrogatepass")
        rest = data.translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")
        _LAST_REST = (text, rest)
        if rest.lower() != rest or rest.upper() != rest:
            low = None
        else:  # = text.lower() here, and faster (see _ascii_lower)
            low = data.lower().decode("utf-8", "surrogatepass")
    _LAST_LOWER = (text, low)
    return low


def _lower_pattern(rx: re.Pattern[str]) -> re.Pattern[str] | None:
    """``rx`` (compiled with IGNORECASE) for text passed through :func:`_safe_lower`.

    The source is lower-cased outside escapes and group names; None when that
    might not be equivalent (an upper-case escape such as ``\\S``, a numeric or
    character escape, an inline flag, a range between a capital and another
    character, a cased non-ASCII letter).
    """
    src = _lower_source(rx)
    if src is None:
        return None
    try:
        return re.compile(src)
    except re.error:
        return None


def _lower_source(rx: re.Pattern[str]) -> str | None:
    """The source of :func:`_lower_pattern` (not compiled: it may not compile)."""
    src = rx.pattern
    if not isinstance(src, str) or not rx.flags & re.I or rx.flags & ~(re.I | re.U):
        return None
    out = []
    i = 0
    while i < len(src):
        c = src[i]
        if c == "\\":
            nxt = src[i + 1:i + 2]
            if not nxt or nxt.isupper() or nxt in "0123456789xu":
                return None
            out.append(src[i:i + 2])
            i += 2
            continue
        if src.startswith("(?P<", i) or src.startswith("(?P=", i):
            j = src.find(">" if src[i + 3] == "<" else ")", i)
            if j < 0:
                return None
            out.append(src[i:j + 1])
            i = j + 1
            continue
        if src.startswith("(?", i) and src[i + 2:i + 3] not in (":", "=", "!", "<"):
            return None  # an inline flag or a conditional
        if c == "-" and 0 < i < len(src) - 1:
            a, b = src[i - 1], src[i + 1]
            if (a.isupper() or b.isupper()) and not (a.isupper() and b.isupper()):
                return None  # "[!-Z]" lower-cased would be another range
        if not c.isascii() and (c.lower() != c or c.upper() != c):
            return None
        out.append(c.lower())
        i += 1
    return "".join(out)


_RX_BOILER_LOW = _lower_pattern(_RX_BOILER)
_MASTER_LOW = _lower_pattern(_MASTER)
_RX_TOD = re.compile(r"(\d{1,2})(?::(\d\d))?\s*([ap])?|(noon|midday|midnight)", re.I)
_SENT_BREAK = re.compile(r"[.!?;:\n“”\"](?=\s)|\n")

# ---------------------------------------------------------------------------
# Small calendar helpers
# ---------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _add_months(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


@lru_cache(maxsize=4096)
def _iso_week(d: date) -> tuple[str, date, date]:
    y, w, _ = d.isocalendar()
    monday = d - timedelta(days=d.isoweekday() - 1)
    return f"{y}-W{w:02d}", monday, monday + timedelta(days=6)


@lru_cache(maxsize=4096)
def _quarter_bounds(y: int, q: int) -> tuple[date, date]:
    return date(y, 3 * q - 2, 1), _month_end(y, 3 * q)


@lru_cache(maxsize=4096)
def _season_bounds(y: int, code: str) -> tuple[date, date]:
    first = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code]
    ey, em = _add_months(y, first, 2)
    return date(y, first, 1), _month_end(ey, em)


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


_RX_NUMBER_1 = re.compile(r"[\s-]+")


@lru_cache(maxsize=4096)
def _number(s: str) -> float | None:
    """Parse a quantity phrase ("three", "twenty four", "5 1/2", "a"); None when vague."""
    s = s.lower().strip()
    m = _RX_NUM.match(s)
    if m:
        return float(m.group(1)) + (0.5 if m.group(2) else 0.0)
    if any(s == v or s.endswith(" " + v) or s.startswith(v + " ") and "couple" not in v
           for v in VAGUE):
        return None
    if "couple" in s:
        return 2.0
    total = 0.0
    seen = False
    for w in _RX_NUMBER_1.split(s):
        if w in ("of", "and"):
            continue
        if w in NUMBERS:
            total = total * NUMBERS[w] if w in ("hundred",) and total else total + NUMBERS[w]
            seen = True
    if "half" in s and seen and total != 0.5:
        total = total - 1 + 0.5 if s.startswith("half") else total
    return total if seen else None


def _fmt_num(n: float) -> str:
    return str(int(n)) if n == int(n) else f"{n:g}"


# ---------------------------------------------------------------------------
# Tense around an expression
# ---------------------------------------------------------------------------


def _clause(text: str, start: int, end: int) -> tuple[str, str]:
    """The words before and after an expression, cut at the clause boundary."""
    lo, hi = _clause_bounds(text, start, end)
    return text[lo:start], text[end:hi]


# the last sentence break of a window: ``.*`` runs to the end and backs off to it
_RX_LAST_BREAK = re.compile(r"(?s:.*)(?:" + _SENT_BREAK.pattern + ")")


def _clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets ``lo``, ``hi`` such that ``text[lo:start]``, ``text[end:hi]`` are
    the clause before and after ``start:end`` (up to 120 and 80 characters).

    (A window as ``endpos`` is searched as if cut out of the text.)
    """
    lo = start - 120 if start > 120 else 0
    m = _RX_LAST_BREAK.match(text, lo, start)
    if m is not None:
        lo = m.end()
    m = _SENT_BREAK.search(text, end, end + 80)
    return lo, (m.start() if m is not None else min(end + 80, len(text)))


_DETERMINERS = frozenset(["the", "a", "an", "its", "their", "his", "her", "our", "this", "that",
                          "be", "been", "being", "is", "are", "am", "has", "have", "newly"])
_PAST_AUX = frozenset(["was", "were", "had"])
_RX_WAS_FIRST = re.compile(r"\W*(?:was|were)\b", re.I)
_AUX = frozenset(["is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "am",
                  "it's", "he's", "she's"])
_ADJACENT_FUTURE = frozenset(["by", "until", "till", "before", "through", "from"])
_ADJACENT_ONLY = frozenset(["by", "until", "till"])


def _cue(words: list[str], i: int, progressive: bool) -> str | None:
    """The tense a single word signals at position ``i`` (None when it is no cue)."""
    w = words[i]
    nxt = words[i + 1] if i + 1 < len(words) else ""
    prev = words[i - 1] if i else ""
    if (w + " " + nxt) in FUTURE_CUES or (w in FUTURE_CUES and w not in _ADJACENT_FUTURE):
        # "was due to", "had been scheduled to" look forward from the past, but
        # "were planning to" still looks ahead
        aux = _PAST_AUX.intersection(words[max(0, i - 4):i])
        return "past" if aux and ("had" in aux or not w.endswith("ing")) else "future"
    if prev in _DETERMINERS or w.startswith("un"):
        return None  # "is payable", "the reduced dividend", "unspecified": adjectives
    if w in PAST_CUES or (len(w) > 4 and w.endswith("ed") and w not in NOT_PAST_ED):
        return "past"
    if progressive and w in ("is", "are", "am") and nxt.endswith("ing"):
        return "future"
    return None


# Speed: the only words _cue can find a tense in (besides "-ed" words and, when
# progressive, "is"/"are"/"am"); the others are skipped without a call.
_CUE_WORDS = frozenset(FUTURE_CUES | PAST_CUES | {c.split(" ")[0] for c in FUTURE_CUES})
_BE_PRESENT = frozenset(["is", "are", "am"])


def _tense(ctx: _Ctx, start: int, end: int, progressive: bool = False) -> str | None:
    """'past', 'future' or None from the nearest tense cue in the clause.

    Looks at up to eight words before, then six after, then the rest of the
    clause before.  ``progressive`` lets "is meeting" count as future
    (weekdays: "is meeting on Monday").
    """
    text = ctx.text
    # (_clause_bounds inline)
    lo = start - 120 if start > 120 else 0
    m = _RX_LAST_BREAK.match(text, lo, start)
    if m is not None:
        lo = m.end()
    m = _SENT_BREAK.search(text, end, end + 80)
    hi = m.start() if m is not None else min(end + 80, len(text))
    # the words of ctx.scan are those of the text lower-cased (_RX_WORD takes ASCII only)
    words = _RX_WORD.findall(ctx.scan, lo, start)
    last = len(words) - 1
    if words and (words[-1] in _ADJACENT_ONLY or (words[-1] == "through" and words[-2:-1] not in
                                                  (["year"], ["far"]))) and "had" not in words and \
            "had" not in _RX_WORD.findall(text[end:hi].lower())[:4] and \
            not text[start:end].lower().startswith("one"):
        return "future"  # "postponed until Tuesday", "by Nov. 20": a deadline ahead
    cue_words = _CUE_WORDS
    for i in range(last, max(-1, last - 8), -1):
        w = words[i]
        if w not in cue_words and not w.endswith("ed") and not (progressive and w in _BE_PRESENT):
            continue
        c = _cue(words, i, progressive)
        if c == "future" and w in PLAN_PARTICIPLES and i and words[i - 1] not in _AUX and \
                _RX_WAS_FIRST.match(text[end:hi]):
            return "past"  # "the service planned for Saturday was canceled": a plan now past
        if c:
            return c
    aw = _RX_WORD.findall(ctx.scan, end, hi)[:6]
    for i, w in enumerate(aw):
        if w in ("will", "'ll", "shall", "would"):
            return "future"
        if (w in PAST_CUES and w not in ("last", "set", "put", "cut", "hit", "read", "led")) or (
                len(w) > 4 and w.endswith("ed") and w not in NOT_PAST_ED and
                (i == 0 or aw[i - 1] not in _DETERMINERS)):
            return "past"
    if words and words[-1] in _ADJACENT_ONLY:
        return "future"  # "by Monday", "until Nov. 20"
    for i in range(max(-1, last - 8), -1, -1):
        w = words[i]
        if w not in cue_words and not w.endswith("ed") and not (progressive and w in _BE_PRESENT):
            continue
        c = _cue(words, i, progressive)
        if c:
            return c
    # a fronted date ("On Tuesday, the league plans to ...", "In January, a week after X,
    # a bomb killed ..."): the main verb comes after the subject, further on
    if not words or (len(words) <= 2 and words[0] in _FRONTING):
        far = text[end:end + 200]
        m = _FAR_BREAK.search(far)
        fw = [w.lower() for w in _RX_WORD.findall(far[:m.start()] if m else far)][:25]
        for i, w in enumerate(fw):
            # "would" out here is mostly reported or conditional speech, not the main verb
            if w in ("will", "'ll", "shall") or (
                    w in _PRESENT_PLAN and " ".join(fw[i:i + 2]) in FUTURE_CUES):
                return "future"
            if (w in PAST_CUES and w not in ("last", "set", "put", "cut", "hit", "read", "led")) or (
                    len(w) > 4 and w.endswith("ed") and w not in NOT_PAST_ED and
                    (i == 0 or fw[i - 1] not in _DETERMINERS)):
                return "past"
    return None


# a sentence end that is not the period of "vs.", "Mr.", "U.S." (the main verb may lie beyond)
_FAR_BREAK = re.compile(r"(?<!\bvs)(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bGen)(?<!\bGov)"
                        r"(?<!\bSen)(?<!\bRep)(?<!\bU\.S)(?<!\bNo)[.!?;:\n“”\"](?=\s)|\n")
_FRONTING = frozenset(["on", "in", "since", "during", "at", "by", "early", "late", "and", "but"])
_PRESENT_PLAN = frozenset(["plans", "plan", "is", "are", "expects", "expect", "intends", "hopes", "aims"])


# ---------------------------------------------------------------------------
# Result building
# ---------------------------------------------------------------------------


class _Ctx:
    """Per-call state: text, anchor date and the last quarter seen (for anaphora)."""

    __slots__ = ("text", "scan", "pub", "last_quarter", "last_year", "last_month", "last_day", "last_point",
                 "said_quarter")

    def __init__(self, text: str, pub: date | None, scan: str | None = None) -> None:
        self.text = text
        #: ``text`` with A-Z lower-cased (same offsets): _tense reads its words there
        self.scan = _ascii_lower(text) if scan is None else scan
        self.pub = pub
        self.last_quarter: tuple[int, int] | None = None
        #: year of the last absolute date seen, for "that year", "later that year"
        self.last_year: int | None = None
        self.last_month: tuple[int, int] | None = None
        #: the day being narrated (the last day-level date resolved), for "the previous
        #: Friday", "in the morning"
        self.last_day: date | None = None
        #: the last dated point (value, start, end, granularity, offset), for "a year earlier"
        self.last_point: tuple[str, date, date, str, int] | None = None
        #: the last quarter named, whatever its year, for "that quarter" (unlike
        #: ``last_quarter``, the reported one, which "the quarter" means)
        self.said_quarter: tuple[int, int] | None = None


def _mk(ctx: _Ctx, s: int, e: int, type_: str, value: str, d0: date | None = None,
        d1: date | None = None, gran: str | None = None, certainty: str | None = None,
        reason: str = "", mod: str | None = None) -> TimeExpression:
    if certainty is None:
        if type_ in ("DATE", "TIME"):
            certainty = "exact" if d0 is not None else "unresolved"
            if d0 is not None and mod in ("APPROX", "START", "END", "MID", "LESS_THAN", "MORE_THAN"):
                certainty = "approximate"
        else:
            certainty = "approximate" if mod == "APPROX" else "exact"
    if d0 is not None and type_ in ("DATE", "TIME"):
        if d0 == d1:
            ctx.last_day = d0
        if d1 is not None and gran in ("day", "month", "year") and value[:1].isdigit():
            ctx.last_point = (value, d0, d1, gran, s)
        if gran == "quarter" and value[5:6] == "Q" and value[6:7].isdigit():
            ctx.said_quarter = (int(value[:4]), int(value[6]))
    if _TE_SETTERS is None:
        return TimeExpression(start=s, end=e, text=ctx.text[s:e], type=type_, value=value,
                              date_start=d0, date_end=d1, granularity=gran, certainty=certainty,
                              reason=reason, mod=mod)
    r = _new_object(TimeExpression)
    (s_start, s_end, s_text, s_type, s_value, s_d0, s_d1, s_gran, s_cert, s_reason,
     s_mod) = _TE_SETTERS
    s_start(r, s)
    s_end(r, e)
    s_text(r, ctx.text[s:e])
    s_type(r, type_)
    s_value(r, value)
    s_d0(r, d0)
    s_d1(r, d1)
    s_gran(r, gran)
    s_cert(r, certainty)
    s_reason(r, reason)
    s_mod(r, mod)
    return r


def _te_setters() -> tuple | None:
    """The slot setters of TimeExpression's fields, in order; None unless the record is
    exactly the frozen, slotted 11-field class _mk was written for (then the
    constructor is used)."""
    names = ("start", "end", "text", "type", "value", "date_start", "date_end", "granularity",
             "certainty", "reason", "mod")
    try:
        fields = dataclasses.fields(TimeExpression)
        if tuple(f.name for f in fields) != names or hasattr(TimeExpression, "__post_init__") \
                or "__dict__" in dir(TimeExpression) or set(TimeExpression.__slots__) != set(names):
            return None
        setters = tuple(TimeExpression.__dict__[nm].__set__ for nm in names)
        # check: the record built through the slots equals the constructor's
        probe = _new_object(TimeExpression)
        vals = (1, 2, "x", "DATE", "2025", date(2025, 1, 1), date(2025, 1, 2), "day", "exact", "r", None)
        for st, v in zip(setters, vals, strict=True):
            st(probe, v)
        return setters if probe == TimeExpression(*vals) else None
    except Exception:
        return None


# Speed: a frozen dataclass's __init__ sets each field through object.__setattr__
# (~1.1 us a record); the slot setters do the same job (~0.4 us).
_new_object = object.__new__
_TE_SETTERS = _te_setters()


@lru_cache(maxsize=4096)
def _pmod_of(phrase: str) -> str | None:
    m = _RX_PMOD.match(phrase.strip())
    if not m:
        return None
    key = _RX_WS.sub(" ", m.group(0).lower()).strip()
    key = key[4:] if key.startswith("the ") and key not in PERIOD_MODS else key
    return PERIOD_MODS.get(key, PERIOD_MODS.get("the " + key))


@lru_cache(maxsize=4096)
def _strip_pmod(phrase: str) -> tuple[str, int]:
    """Remove a leading early/late/mid phrase; return rest and chars removed."""
    m = _RX_PMOD.match(phrase)
    if not m:
        return phrase, 0
    rest = phrase[m.end():]
    k = len(rest) - len(rest.lstrip(" -\t\n"))
    return rest[k:], m.end() + k


@lru_cache(maxsize=4096)
def _month_of(s: str) -> tuple[int, str] | None:
    m = _RX_MON.search(s)
    if not m:
        return None
    return MONTHS[m.group(1).lower()], m.group(1)


def _month_ok(word: str, has_anchor: bool, text: str, start: int) -> bool:
    """Guard the month names that are ordinary words ("may", "march")."""
    low = word.lower()
    if low not in AMBIG_MONTHS:
        return True
    if not word[0].isupper():
        return False
    if word.isupper() and len(word) > 3 and not text[max(0, start - 20):start].isupper():
        return False
    return has_anchor


def _choose_year(pub: date, tense: str | None, make: Callable[[int], tuple[date, date] | None],
                 deadline: bool = False, strict: bool = False) -> tuple[int, str] | None:
    """Pick the year of a year-less date from tense: past -> latest on/before pub.

    ``strict``: the past is certain (an event dated "in December", a period "ended
    Oct. 31"), so a date just ahead is never taken for a plan's target.
    """
    cands = []
    for y in (pub.year - 1, pub.year, pub.year + 1):
        b = make(y)
        if b is not None:
            cands.append((y, b))
    if not cands:
        return None
    if tense == "past":
        ok = [c for c in cands if c[1][0] <= pub]
        soon = [c for c in cands if pub < c[1][0] <= pub + timedelta(days=60 if deadline else 45)]
        # "extended the offer to Nov. 20", "planned for early March": a past verb about
        # a date just ahead is likelier than one almost a year back
        if ok and (strict or not soon or (pub - ok[-1][1][1]).days < 200):
            return ok[-1][0], "from-tense-past"
    elif tense == "future":
        ok = [c for c in cands if c[1][1] >= pub]
        just = [c for c in cands if pub - timedelta(days=14) <= c[1][1] < pub]
        # "ordered the boy returned by Jan. 14" in a story of Jan. 15: not next year
        if ok and (not just or (ok[0][1][0] - pub).days < 200):
            return ok[0][0], "from-tense-future"

    def dist(c):
        s, e = c[1]
        if s <= pub <= e:
            return 0
        # news looks back more often than ahead: future distance counts double
        return 2 * (s - pub).days if s > pub else (pub - e).days + 0.5

    best = min(cands, key=dist)
    return best[0], "nearest-to-publication"


# ---------------------------------------------------------------------------
# Rule handlers: each returns a TimeExpression or None (rejected)
# ---------------------------------------------------------------------------


def _h_iso(ctx: _Ctx, s: int, e: int, t: str) -> TimeExpression | None:
    d = _safe_date(int(t[:4]), int(t[5:7]), int(t[8:10]))
    if d is None:
        return None
    return _mk(ctx, s, e, "DATE", d.isoformat(), d, d, "day", "exact", "explicit-iso-date")


@lru_cache(maxsize=256)
def _dateparser_parse(t: str) -> date | None:
    import dateparser  # lazy: its language data costs ~200 ms to load

    r = dateparser.parse(t, languages=["en"], settings={"DATE_ORDER": "MDY",
                                                         "PREFER_DATES_FROM": "past"})
    return r.date() if r else None


def _h_slash(ctx: _Ctx, s: int, e: int, t: str) -> TimeExpression | None:
    d = _dateparser_parse(t)
    if d is None:
        return None
    return _mk(ctx, s, e, "DATE", d.isoformat(), d, d, "day", "exact", "explicit-numeric-date")


@lru_cache(maxsize=4096)
def _day_of(s: str) -> int | None:
    m = _RX_DAYNUM.search(s)
    if m:
        return int(m.group(1))
    m = _RX_ORD.search(s)
    return ORDINALS[m.group(1).lower()] if m else None


_RX_RESOLVE_MD_1 = re.compile(r"\b(?:to|until|till|by|through)\s+$", re.I)


def _resolve_md(ctx: _Ctx, s: int, e: int, mon: int, days: tuple[int, int],
                year: int | None, reason: str, mon2: int | None = None) -> TimeExpression | None:
    m2 = mon2 or mon
    if year is not None:
        d0 = _safe_date(year, mon, days[0])
        y2 = year + 1 if m2 < mon else year
        d1 = _safe_date(y2, m2, days[1])
        if d0 is None or d1 is None or d1 < d0:
            return None
        val = d0.isoformat()
        return _mk(ctx, s, e, "DATE", val, d0, d1, "day", "exact", "explicit-" + reason)
    if _safe_date(2024, mon, days[0]) is None or _safe_date(2024, m2, days[1]) is None:
        return None
    val = f"XXXX-{mon:02d}-{days[0]:02d}"
    if ctx.pub is None:
        return _mk(ctx, s, e, "DATE", val, None, None, "day", "unresolved", reason + "-no-anchor")

    deadline = bool(_RX_RESOLVE_MD_1.search(ctx.text[max(0, s - 8):s]))
    if _RX_ENDED_BEFORE.search(ctx.text, max(0, s - 8), s):
        # "the quarter ended Oct. 31": a period that has ended, never a date ahead
        pick = _md_year(ctx.pub, "past", mon, days, m2, False, True)
    else:
        pick = _md_year(ctx.pub, _tense(ctx, s, e), mon, days, m2, deadline, False)
    if pick is None:
        return None
    y, why, d0, d1 = pick
    return _mk(ctx, s, e, "DATE", d0.isoformat(), d0, d1, "day", "exact", f"{reason}-year-{why}")


@lru_cache(maxsize=4096)
def _md_year(pub: date, tense: str | None, mon: int, days: tuple[int, int], m2: int,
             deadline: bool, strict: bool) -> tuple[int, str, date, date] | None:
    """_choose_year for a year-less day (range) ``mon``/``days[0]`` to ``m2``/``days[1]``,
    with the interval of the year chosen."""
    def make(y: int):
        a = _safe_date(y, mon, days[0])
        b = _safe_date(y + (1 if m2 < mon else 0), m2, days[1])
        return (a, b) if a and b and a <= b else None

    pick = _choose_year(pub, tense, make, deadline, strict)
    if pick is None:
        return None
    d0, d1 = make(pick[0])  # type: ignore[misc]
    return pick[0], pick[1], d0, d1


_RX_ENDED_BEFORE = re.compile(r"\bended\s+$", re.I)


def _h_range(ctx: _Ctx, s: int, e: int, t: str) -> TimeExpression | None:
    mons = [(MONTHS[m.group(1).lower()], m) for m in _RX_MON.finditer(t)]
    if not mons or not all(_month_ok(m.group(1), True, ctx.text, s + m.start()) for _, m in mons):
        return None
    y = _RX_YEAR.search(t)
    rest = t
    for _, m in mons:
        rest = rest.replace(m.group(0), " ", 1)
    if y:
        rest = rest[: rest.rfind(y.group(1))]
    days = [int(x) for x in _RX_DAYNUM.findall(rest)]
    if len(days) < 2:
        return None
    m1 = mons[0][0]
    m2 = mons[1][0] if len(mons) > 1 else None
    if m2 is None and days[1] <= days[0]:
        return None
    return _resolve_md(ctx, s, e, m1, (days[0], days[1]), int(y.group(1)) if y else None,
                       "date-range", m2)


_RX_H_MD_1 = re.compile(r"\s*(?:,\s*)?\d{3,}")


def _h_md(ctx: _Ctx, s: int, e: int, t: str, rule: str) -> TimeExpression | None:
    mm = _RX_MON.search(t)
    if mm is None or not _month_ok(mm.group(1), True, ctx.text, s + mm.start()):
        return None
    mon = MONTHS[mm.group(1).lower()]
    y = _RX_YEAR.search(t[mm.end():]) if rule != "md" else None
    body = t[: mm.start()] + " " + t[mm.end():]
    if y:
        body = body[: body.rfind(y.group(1))]
    wd = _RX_WD.match(t)
    if wd:
        body = body[wd.end():]
    day = _day_of(body)
    if day is None:
        return None
    # "the 20th of January" includes "the" only when followed by a day
    if y is None and e < len(ctx.text) and rule == "md" and t[-1].isdigit() and \
            _RX_H_MD_1.match(ctx.text, e):
        return None
    reason = "full-date" if wd else "month-day"
    res = _resolve_md(ctx, s, e, mon, (day, day), int(y.group(1)) if y else None, reason)
    if res is None:
        return None
    if wd and res.date_start is not None and y is None and ctx.pub is not None:
        # the weekday can settle the year: pick the year in which it matches
        want = WEEKDAYS[wd.group(1).lower()]
        if res.date_start.isoweekday() != want:
            for yy in (ctx.pub.year, ctx.pub.year - 1, ctx.pub.year + 1):
                d = _safe_date(yy, mon, day)
                if d and d.isoweekday() == want:
                    return _mk(ctx, s, e, "DATE", d.isoformat(), d, d, "day", "exact",
                               "weekday-month-day-year-from-weekday")
    return res


_RX_SPOKEN = re.compile(_SPOKEN_YEAR, re.I)


@lru_cache(maxsize=4096)
def _spoken_year(t: str) -> int | None:
    """"nineteen ninety-six" -> 1996, "two thousand and one" -> 2001."""
    m = _RX_SPOKEN.search(t)
    if not m:
        return None
    words = _RX_NUMBER_1.split(m.group(0).lower())
    if words[0] == "two":
        rest = [NUMBERS.get(w, 0) for w in words[2:] if w != "and"]
        return 2000 + int(sum(rest))
    return 1900 + int(sum(NUMBERS.get(w, 0) for w in words[1:]))


@lru_cache(maxsize=4096)
def _year_in(t: str) -> int | None:
    y = _RX_YEAR.search(t)
    return int(y.group(1)) if y else _spoken_year(t)


def _h_spoken_year(ctx: _Ctx, s: int, e: int, t: str) -> TimeExpression | None:
    year = _spoken_year(t)
    if year is None or not (t.lower().startswith("the year") or "nineteen" in t.lower()):
        return None
    return _mk(ctx, s, e, "DATE", str(year), date(year, 1, 1), date(year, 12, 31), "year", "exact",
               "explicit-spoken-year")


def _h_weekend(ctx: _Ctx, s: int, e: int, t: str) -> TimeExpression | None:
    s = s + t.lower().rfind("the")
    if ctx.pub is None:
        return _mk(ctx, s, e, "DATE", "XXXX-WXX-WE", gran="week", reason="weekend-no-anchor")
    tense = _tense(ctx, s, e)
    pub = ctx.pub
    if tense == "future" or t.lower().startswith(("ahead", "until")):
        sat = pub + timedelta(days=(6 - pub.isoweekday()) % 7)
        why = "weekend-next"
    else:
        sat = pub - timedelta(days=(pub.isoweekday() - 6) % 7)
        why = "weekend-last"
    val, _, _ = _iso_week(sat)
    return _mk(ctx, s, e, "DATE", val + "-WE", sat, sat + timedelta(days=1), "week", None, why)


def _h_month_year(ctx: _Ctx, s: int, e: int, t: str) -> TimeExpression | None:
    mm = _RX_MON.search(t)
    year = _year_in(t[mm.end():]) if mm else None
    if mm is None or year is None or not _month_ok(mm.group(1), True, ctx.text, s + mm.start()):
        return None
    mon = MONTHS[mm.group(1).lower()]
    mod = _pmod_of(t)
    return _mk(ctx, s, e, "DATE", f"{year}-{mon:02d}", date(year, mon, 1), _month_end(year, mon),
               "month", "approximate" if mod else "exact", "explicit-month-year", mod)


_MONTH_CUE = re.compile(r"(?:\b(?:in|since|until|till|by|during|from|through|throughout|of|last|this|"
                        r"next|early|late|mid|end|beginning|start|before|after|between|and|or|to|"
                        r"on|for|around|about|as\s+of|each|every|the)\s*-?\s*$)", re.I)


_RX_IN_END = re.compile(r"\bin\s+$", re.I)
_NOUN_OPENERS = frozenset(["a", "an", "the", "its", "their", "his", "her", "our", "this", "that",
                           "these", "those", "some", "all"])
_FUTURE_AFTER = frozenset(["will", "would", "shall", "can", "may"])


def _event_in_month(text: str, s: int) -> bool:
    """"changed to a calendar year in December": a past event dated by "in <month>".

    Unlike "extended the offer to", "was expected to close in" (a plan looking
    ahead) or "told them of a cutback in" (reported content), nothing in the clause
    before looks forward, so the month has passed.
    """
    if not _RX_IN_END.search(text, max(0, s - 4), s):
        return False
    before, after = _clause(text, s, s)
    words = [w.lower() for w in _RX_WORD.findall(before)]
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if (w in FUTURE_CUES and w not in _ADJACENT_FUTURE) or f"{w} {nxt}" in FUTURE_CUES or \
                w in SCHEDULE_VERBS or w in SPEECH_VERBS:
            return False
        if w == "to" and nxt not in _NOUN_OPENERS and not nxt.isdigit():
            return False  # an infinitive: "agreed to close in December"
    # "guidelines published in early November will determine": the main verb looks ahead
    return not _FUTURE_AFTER.intersection(w.lower() for w in _RX_WORD.findall(after))


_RX_H_MONTH_1 = re.compile(r"(last|this|next)\s+year$")
_RX_H_MONTH_2 = re.compile(r"\b(?:in|since|until|till|by|during|of|early|late|mid|last|next|this|"
                           r"before|after|between|through)\s*-?\s*$", re.I)
_RX_H_MONTH_3 = re.compile(r"\s+(?:to|on|through|past|into|of\s+the|for)\b", re.I)


@lru_cache(maxsize=4096)
def _month_year(pub: date, tense: str | None, mon: int, strict: bool) -> tuple[int, str] | None:
    """_choose_year for a year-less month."""
    return _choose_year(pub, tense, lambda yy: (date(yy, mon, 1), _month_end(yy, mon)), strict=strict)


def _h_month(ctx: _Ctx, s: int, e: int, t: str) -> TimeExpression | None:
    mm = _RX_MON.search(t)
    if mm is None:
        return None
    word = mm.group(1)
    low = word.lower()
    if len(low) == 3 and low not in ("may",) and not t.endswith("."):
        # "Jan", "Mar" alone are abbreviations only with a period
        if low in AMBIG_MONTHS:
            return None
    prefix = t[: mm.start()]
    if low in AMBIG_MONTHS:
        cue = bool(prefix.strip()) or bool(_MONTH_CUE.search(ctx.text[max(0, s - 25):s]))
        if not _month_ok(word, cue, ctx.text, s + mm.start()):
            return None
        after = ctx.text[e:e + 12]
        strong = _RX_H_MONTH_2.search(ctx.text[max(0, s - 12):s + mm.start()])
        if not strong and low == "march" and _RX_H_MONTH_3.match(after):
            return None
    elif not word[0].isupper() and not (
            prefix.strip() or _MONTH_CUE.search(ctx.text[max(0, s - 25):s])):
        return None  # (a capitalised month needs no cue)
    mon = MONTHS[low]
    mod = _pmod_of(t)
    # span starts at the cue words only for last/this/next and early/late/mid
    p = prefix.strip().lower()
    rel = None
    tail = _RX_H_MONTH_1.search(t.lower())
    if tail:
        y = ctx.pub.year + {"last": -1, "this": 0, "next": 1}[tail.group(1)] if ctx.pub else None
        if y is None:
            return _mk(ctx, s, e, "DATE", f"XXXX-{MONTHS[low]:02d}", gran="month",
                       reason="month-no-anchor")
        mon = MONTHS[low]
        return _mk(ctx, s, e, "DATE", f"{y}-{mon:02d}", date(y, mon, 1), _month_end(y, mon),
                   "month", None, f"month-{tail.group(1)}-year", mod)
    if p.startswith(("last", "this", "next")):
        rel = p.split()[0]
    elif prefix and not mod:
        s = s + mm.start()
    if ctx.pub is None:
        return _mk(ctx, s, e, "DATE", f"XXXX-{mon:02d}", None, None, "month", "unresolved",
                   "month-no-anchor", mod)
    pub = ctx.pub
    if rel == "this":
        y, why = pub.year, "this"
    elif rel == "last":
        y = pub.year if mon < pub.month else pub.year - 1
        if (pub.year - y) * 12 + pub.month - mon == 1:
            # the month just gone is "last month" or "in February"; "last February" said
            # in March names the February of the year before
            y -= 1
        why = "last"
    elif rel == "next":
        y = pub.year if mon > pub.month else pub.year + 1
        why = "next"
    else:
        tense = _tense(ctx, s, e)
        pick = _month_year(pub, tense, mon, tense == "past" and _event_in_month(ctx.text, s))
        y, why = pick  # type: ignore[misc]
    return _mk(ctx, s, e, "DATE", f"{y}-{mon:02d}", date(y, mon, 1), _month_end(y, mon),
               "month", None, f"month-year-{why}", mod)


_RX_H_YEAR_1 = re.compile(r"([A-Za-z.]+)\s*$")
_RX_H_YEAR_2 = re.compile(r"\s+([A-Za-z]+)")
_RX_H_YEAR_3 = re.compile(r"\b(?:pre|post)-$", re.I)
_RX_H_YEAR_4 = re.compile(r"\d[ .]$")
_RX_H_YEAR_5 = re.compile(r"[ .-]\d")


def _h_year(ctx: _Ctx, s: int, e: int, t: str) -> TimeExpression | None:
    text = ctx.text
    y = _RX_YEAR.search(t)
    if y is None:
        return None
    year = int(y.group(1))
    ys = s + y.start()
    prev = text[max(0, ys - 1):ys]
    pre_post = _RX_H_YEAR_3.search(text[max(0, ys - 6):ys]) if prev == "-" else None
    if pre_post and not y.start():
        s = max(0, ys - len(pre_post.group(0)))  # "the post-1959 politics": the year as a boundary
    elif prev and (prev in "$€£#/\\.,-+" or prev.isalnum()) and not y.start():
        return None
    nxt = text[e:e + 1]
    if nxt and (nxt.isalnum() or nxt in "%/" or text[e:e + 2] in (",0", ",1", ",2", ",3", ",4", ",5",
                                                                  ",6", ",7", ",8", ",9", ".0", ".1",
                                                                  ".2", ".3", ".4", ".5", ".6", ".7",
                                                                  ".8", ".9", ":0", ":1", ":2", ":3",
                                                                  ":4", ":5")):
        return None
    pw = _RX_H_YEAR_1.search(text[max(0, ys - 20):ys])
    prev_word = pw.group(1).lower() if pw else ""
    if prev_word in ("version", "v.", "no.", "number", "page", "route", "flight", "room", "model",
                     "windows", "article", "section", "chapter", "paragraph", "item", "code", "tel",
                     "phone", "ext", "ext.", "pp.", "p.", "vol.", "issue", "resolution", "rule",
                     "highway", "interstate", "box", "suite", "unit", "nos.", "up", "down",
                     "about", "some", "nearly", "almost", "over", "than", "approximately"):
        return None
    nw = _RX_H_YEAR_2.match(text[e:e + 25])
    next_word = nw.group(1) if nw else ""
    strong_prev = prev_word in ("in", "since", "by", "until", "till", "of", "from", "during",
                                "before", "after", "fiscal", "year", "early", "late", "mid",
                                "around", "circa", "through", "between", "and", "to",
                                "for", "spring", "summer", "fall", "autumn", "winter", "end",
                                "than", "year's") or "-" in t[:y.start()] or \
        (prev_word == "the" and year % 100 != 0) or \
        bool(pre_post)  # "the 1992 protests", not "the 2000 soldiers"; "post-1959 politics"
    # a digit group just before or after: a phone or account number ("+33 1 2025 4567")
    if _RX_H_YEAR_4.search(text[max(0, ys - 2):ys]) or _RX_H_YEAR_5.match(text[e:e + 2]):
        return None
    if next_word:
        nl = next_word.lower()
        if nl in MODEL_YEAR_MAKES and next_word[0].isupper() and not strong_prev:
            return None  # "Kopp's 1987 Chevrolet": a model year
        if nl in COUNT_NOUNS or (next_word.islower() and nl.endswith("s") and len(nl) > 3
                                 and nl not in ("this", "was", "has", "does", "goes", "its", "his",
                                                "as", "plus", "versus", "whereas", "thus", "less",
                                                "unless", "across", "always", "perhaps", "besides",
                                                "towards", "afterwards", "elections", "olympics",
                                                "games", "budget's", "results", "levels",
                                                "figures", "earnings", "sales", "highs", "lows")
                                 and not strong_prev):
            return None
    if not strong_prev and not (1900 <= year <= 2099):
        return None
    if year < 1600:
        return None
    mod = _pmod_of(t)
    return _mk(ctx, s, e, "DATE", str(year), date(year, 1, 1), date(year, 12, 31), "year",
               "approximate" if mod else "exact", "explicit-year", mod)


_RX_H_DECADE_1 = re.compile(r"(1[6-9]|20)(\d)0['’]?s")
_RX_H_DECADE_2 = re.compile(r"['’](\d)0s")


def _h_decade(ctx: _Ctx, s: int, e: int, t: str) -> TimeExpression | None:
    low = t.lower()
    m = _RX_H_DECADE_1.search(low)
    if m:
        cent, dec = int(m.group(1)), int(m.group(2))
    else:
        m = _RX_H_DECADE_2.search(low)
        if m:
            cent, dec = 19, int(m.group(1))
        else:
            names = ["twenties", "thirties", "forties", "fifties", "sixties", "seventies",
                     "eighties", "nineties"]
            n = next((i for i, w in enumerate(names) if w in low), None)
            if n is None:
                return None
            cent, dec = 19, n + 2
            if "nineteen" not in low and not t.lower().startswith("the"):
                return None  # "in her twenties" is an age, not a decade
    y0 = cent * 100 + dec * 10
    mod = _pmod_of(t)
    return _mk(ctx, s, e, "DATE", f"{cent}{dec}X", date(y0, 1, 1), date(y0 + 9, 12, 31), "decade",
               "approximate" if mod else "exact", "explicit-decade", mod)


_RX_H_CENTURY_1 = re.compile(r"(\d{1,2})(?:st|nd|rd|th)")


def _h_century(ctx: _Ctx, s: int, e: int, t: str) -> TimeExpression | None:
    low = t.lower()
    m = _RX_H_CENTURY_1.search(low)
    n = int(m.group(1)) if m else None
    if n is None:
        om = _RX_ORD.search(low)
        n = ORDINALS[om.group(1).lower()] if om else None
    if not n or n > 21:
        return None
    y0 = (n - 1) * 100
    mod = _pmod_of(t)
    # TIMEX3 writes a century as its two leading digits ("the 20th century" = "19"),
    # as the relative "this century" does
    return _mk(ctx, s, e, "DATE", f"{n - 1:02d}", date(max(1, y0), 1, 1), date(y0 + 99, 12, 31),
               "century", "approximate" if mod else "exact", "explicit-century", mod)


def _h_rel_century(ctx: _Ctx, s: int, e: int, t: str) -> TimeExpression | None:
    low = t.lower()
    if "past" in low or "the last" in low or "the next" in low:
        return _mk(ctx, s, e, "DURATION", "P100Y", reason="duration-century")
    if ctx.pub is None:
        return _mk(ctx, s, e, "DATE", "XX", gran="century", reason="century-no-anchor")
    c = ctx.pub.year // 100 + (-1 if low.startswith("last") else 1 if low.startswith("next") else 0)
    return _mk(ctx, s, e, "DATE", f"{c:02d}", date(max(1, c * 100), 1, 1), date(c * 100 + 99, 12, 31),
               "century", None, "relative-century")


def _quarter_value(ctx: _Ctx, s: int, e: int, y: int, q: int, reason: str, mod=None,
                   explicit: bool = False) -> TimeExpression:
    # the anaphora target ("the year-ago period", "the quarter") is the latest quarter
    # named so far that has ended: earnings stories report it and mention older ones
    # (and the outlook for the current one) in passing
    d0, d1 = _quarter_bounds(y, q)
    if ctx.last_quarter is None or (
            (y, q) > ctx.last_quarter and (ctx.pub is None or d1 < ctx.pub)):
        ctx.last_quarter = (y, q)
    return _mk(ctx, s, e, "DATE", f"{y}-Q{q}", d0, d1, "quarter", None,
               ("explicit-" if explicit else "") + reason, mod)


def _last_complete_quarter(pub: date) -> tuple[int, int]:
    q = (pub.month - 1) // 3 + 1
    return (pub.year, q - 1) if q > 1 else (pub.year - 1, 4)


_QUARTER_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4}
_RX_Q_APPOSITION = re.compile(r",\s+the\s+(first|second|third|fourth)\s+(?:fiscal\s+)?quarter\b", re.I)
_RX_Q_ENDED = re.compile(rf"\s+ended\s+({_MON})\s+({_DAY})", re.I)


_RX_H_QUARTER_1 = re.compile(r"a year (?:ago|earlier)")


@lru_cache(maxsize=4096)
def _quarter_phrase(t: str) -> tuple[str, int | None, int | None, bool] | None:
    """(lower-cased phrase, quarter, year, "a year ago/earlier" in it) of a quarter
    phrase; None when it is no quarter."""
    low = _RX_WS.sub(" ", t.lower())
    m = _RX_Q_NUM.search(low)
    ordm = _RX_Q_ORD.search(low)
    q = None
    if m:
        q = int(m.group(1) or m.group(2))
    elif ordm:
        q = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3,
             "4th": 4}[ordm.group(1)]
    ym = _RX_YEAR.search(low)
    if "period" in low and q is None and not any(k in low for k in ("year-ago", "year-earlier", "same",
                                                                      "latest", "comparable",
                                                                      "corresponding", "last year")):
        return None
    if "period" in low and q is not None:
        return None  # "the first period" of a match, not a quarter
    yy = _RX_Q_APOS.search(low)
    if ym or yy:
        year = int(ym.group(1)) if ym else 2000 + int(yy.group(1))
        if q is None:
            return None
        return low, q, year, False
    return low, q, None, bool(_RX_H_QUARTER_1.search(low))


def _h_quarter(ctx: _Ctx, s: int, e: int, t: str) -> TimeExpression | None:
    phrase = _quarter_phrase(t)
    if phrase is None:
        return None
    low, q, year, year_ago = phrase
    if year is not None:
        return _quarter_value(ctx, s, e, year, q, "quarter-year", explicit=True)  # type: ignore[arg-type]
    if ctx.pub is None:
        return _mk(ctx, s, e, "DATE", f"XXXX-Q{q}" if q else "XXXX-QX", gran="quarter",
                   reason="quarter-no-anchor")
    pub = ctx.pub
    if "year-ago" in low or "year-earlier" in low or "last year" in low or year_ago:
        if q is None:
            ly, lq = ctx.last_quarter or _last_complete_quarter(pub)
            appo = _RX_Q_APPOSITION.match(ctx.text, e)
            # "the comparable year-ago quarter, the second quarter ended Oct. 31": the
            # apposition names which quarter (a fiscal one) the year-ago period is
            q = _QUARTER_ORD[appo.group(1).lower()] if appo else lq
            base = ly - 1
        else:
            base = pub.year - 1
        d0, d1 = _quarter_bounds(base, q)
        return _mk(ctx, s, e, "DATE", f"{base}-Q{q}", d0, d1, "quarter", None, "quarter-year-ago")
    if "next year" in low:
        return _quarter_value(ctx, s, e, pub.year + 1, q or 1, "quarter-next-year")
    if q is None:
        if any(k in low for k in ("latest", "most recent", "recent", "past", "previous", "prior",
                                  "last")):
            y, q = _last_complete_quarter(pub)
            if ctx.last_quarter and ("same" in low or "latest" in low or "most recent" in low):
                # "the latest period" is the quarter the story reports, even a fiscal one
                # ("fourth-quarter earnings ... Sales in the latest period")
                y, q = ctx.last_quarter
            return _quarter_value(ctx, s, e, y, q, "quarter-latest")
        if "next" in low or "coming" in low:
            cy, cq = pub.year, (pub.month - 1) // 3 + 1
            y, q = (cy, cq + 1) if cq < 4 else (cy + 1, 1)
            return _quarter_value(ctx, s, e, y, q, "quarter-next")
        if "current" in low:
            return _quarter_value(ctx, s, e, pub.year, (pub.month - 1) // 3 + 1, "quarter-current")
        if "same" in low and ctx.last_quarter:
            return _quarter_value(ctx, s, e, *ctx.last_quarter, "quarter-anaphora")
        return None
    ended = _RX_Q_ENDED.match(ctx.text, e)
    if ended and _month_ok(ended.group(1), True, ctx.text, e):
        # "the second quarter ended Oct. 31": the year of the end date, which has passed
        mon, day = _month_of(ended.group(1))[0], _day_of(ended.group(2))  # type: ignore[index]
        end = _safe_date(pub.year, mon, day or 1)
        if end is not None:
            year = pub.year if end <= pub else pub.year - 1
            return _quarter_value(ctx, s, e, year, q, "quarter-ended-date")
    # an ordinal quarter without a year: this year, unless it has not begun and the clause is past
    year = pub.year
    # (the tense matters only for a quarter that has not begun)
    if _quarter_bounds(year, q)[0] > pub and _tense(ctx, s, e) == "past":
        year -= 1
        reason = "quarter-year-from-tense-past"
    else:
        reason = "quarter-this-year"
    return _quarter_value(ctx, s, e, year, q, reason)


def _h_the_quarter(ctx: _Ctx, s: int, e: int, t: str) -> TimeExpression | None:
    ym = _RX_YEAR.search(t)
    mm = _RX_MON.search(t)
    if mm:
        # "the quarter ended Sept. 30": the calendar quarter that holds most of the three
        # months before the end date (a fiscal quarter ended July 31 is mostly Q2)
        mon = MONTHS[mm.group(1).lower()]
        day = _day_of(t[mm.end():]) or 28
        mid = date(2001, mon, min(day, 28)) - timedelta(days=45)
        q = (mid.month - 1) // 3 + 1
        e = s + t.lower().find("quarter") + len("quarter")
        if ctx.pub is None:
            return _mk(ctx, s, e, "DATE", f"XXXX-Q{q}", gran="quarter", reason="quarter-ended-no-anchor")
        y = ctx.pub.year if _quarter_bounds(ctx.pub.year, q)[0] <= ctx.pub else ctx.pub.year - 1
        return _quarter_value(ctx, s, e, y, q, "quarter-ended")
    if ym:
        if ctx.last_quarter is None:
            return None
        y = int(ym.group(1))
        return _quarter_value(ctx, s, e, y, ctx.last_quarter[1], "explicit-year-period-quarter")
    if ctx.last_quarter is None:
        return None
    if t.lower().endswith(("ago", "earlier")):
        y, q = ctx.last_quarter
        d0, d1 = _quarter_bounds(y - 1, q)
        return _mk(ctx, s, e, "DATE", f"{y - 1}-Q{q}", d0, d1, "quarter", None, "quarter-year-ago")
    return _quarter_value(ctx, s, e, *ctx.last_quarter, "quarter-anaphora")


_RX_H_HALF_1 = re.compile(r"(?:half|quarters)\s+(?:of\s+)?(?:\d|this|next|last|fiscal)")


def _h_half(ctx: _Ctx, s: int, e: int, t: str) -> TimeExpression | None:
    low = t.lower()
    h = 1 if ("first" in low or "1st" in low) else 2
    if "last" in low and not _RX_H_HALF_1.search(low):
        return None  # "the last half" of a game
    ym = _RX_YEAR.search(low)
    if ym:
        y = int(ym.group(1))
    elif ctx.pub is None:
        return _mk(ctx, s, e, "DATE", f"XXXX-H{h}", gran="quarter", reason="half-no-anchor")
    elif "last year" in low:
        y = ctx.pub.year - 1
    elif "next year" in low:
        y = ctx.pub.year + 1
    elif "year" in low:
        y = ctx.pub.year
    else:
        return None  # "the first half" of a match
    d0 = date(y, 1 if h == 1 else 7, 1)
    d1 = date(y, 6, 30) if h == 1 else date(y, 12, 31)
    return _mk(ctx, s, e, "DATE", f"{y}-H{h}", d0, d1, "quarter", None,
               ("explicit-" if ym else "") + "half-year")


def _h_season_year(ctx: _Ctx, s: int, e: int, t: str) -> TimeExpression | None:
    low = t.lower()
    code = next(c for w, (c, _) in SEASONS.items() if w in low)
    y = _year_in(low)
    if y is None:
        return None
    d0, d1 = _season_bounds(y, code)
    mod = _pmod_of(t)
    return _mk(ctx, s, e, "DATE", f"{y}-{code}", d0, d1, "quarter", None, "explicit-season-year", mod)


def _season_of(pub: date) -> tuple[int, str]:
    m = pub.month
    if m in (12, 1, 2):
        return (pub.year if m == 12 else pub.year - 1), "WI"
    return pub.year, {3: "SP", 4: "SP", 5: "SP", 6: "SU", 7: "SU", 8: "SU"}.get(m, "FA")


def _season_shift(y: int, code: str, n: int) -> tuple[int, str]:
    # index seasons so that winter Y (Dec Y..Feb Y+1) follows fall Y
    k = y * 4 + {"SP": 0, "SU": 1, "FA": 2, "WI": 3}[code] + n
    return k // 4, ["SP", "SU", "FA", "WI"][k % 4]


_RX_H_SEASON_1 = re.compile(r"\b(?:in|into|during|by|until|this|last|next|over|through|since|for)\s+$")


def _h_season(ctx: _Ctx, s: int, e: int, t: str, rel: str | None = None) -> TimeExpression | None:
    low = t.lower()
    code = next(c for w, (c, _) in SEASONS.items() if w in low)
    word = next(w for w in SEASONS if w in low)
    mod = _pmod_of(t)
    if rel is None:
        # a bare season needs a temporal cue: "in the spring", "this fall" handled by relperiod
        before = ctx.text[max(0, s - 12):s].lower()
        if not mod and not _RX_H_SEASON_1.search(before):
            return None
        if word == "fall" and not t.lower().startswith(("the", "early", "late", "mid")) \
                and "the" not in before:
            return None
    if ctx.pub is None:
        return _mk(ctx, s, e, "DATE", f"XXXX-{code}", gran="quarter", reason="season-no-anchor",
                   mod=mod)
    cy, cc = _season_of(ctx.pub)
    if rel in ("this", "current", None):
        cands = [(cy + k, code) for k in (-1, 0, 1)]
        if rel is None:
            tense = _tense(ctx, s, e)
        else:
            tense = None
        bounds = {y: _season_bounds(y, code) for y, _ in cands}
        pick = _choose_year(ctx.pub, tense, lambda yy: bounds.get(yy))
        y = pick[0] if pick else cy
        why = "season-" + (rel or (pick[1] if pick else "this"))
    elif rel in ("last", "past", "previous"):
        y, c = cy, cc
        for _ in range(4):
            y, c = _season_shift(y, c, -1)
            if c == code:
                break
        why = "season-last"
    else:
        y, c = cy, cc
        for _ in range(4):
            y, c = _season_shift(y, c, 1)
            if c == code:
                break
        why = "season-next"
    d0, d1 = _season_bounds(y, code)
    return _mk(ctx, s, e, "DATE", f"{y}-{code}", d0, d1, "quarter", None, why, mod)


_UNIT_CODE = {k: (v[0], v[1], v[2]) for k, v in UNITS.items()}


@lru_cache(maxsize=4096)
def _unit_of(t: str) -> str | None:
    m = _RX_UNIT.search(t)
    if not m:
        return None
    u = m.group(1).lower()
    return UNIT_PLURALS.get(u, u)


@lru_cache(maxsize=4096)
def _approx_of(t: str) -> str | None:
    low = _RX_WS.sub(" ", t.lower())
    for k in sorted(APPROX, key=len, reverse=True):
        if low.startswith(k + " "):
            return APPROX[k]
    return None


@lru_cache(maxsize=4096, typed=True)
def _duration_value(n: float | None, unit: str) -> str:
    code, mult, tflag = _UNIT_CODE[unit]
    if n is None:
        return f"P{tflag}X{'E' if unit == 'decade' else 'C' if unit == 'century' else code}" \
            if unit in ("decade", "century") else f"P{tflag}X{code}"
    if code == "H" and n != int(n):
        return f"PT{int(n)}H{int(round((n - int(n)) * 60))}M"
    if code == "M" and tflag == "T" and n != int(n):
        return f"PT{int(n)}M{int(round((n - int(n)) * 60))}S"
    if code == "Y" and n != int(n):
        if mult == 1 and (n * 12) == int(n * 12):
            return f"P{int(n)}Y{int(round((n - int(n)) * 12))}M"
        return f"P{_fmt_num(n * mult)}Y"
    return f"P{tflag}{_fmt_num(n * mult)}{code}"


_RX_QTY_OF_1 = re.compile(_RNG.strip(r"\s*"))
_RX_QTY_OF_2 = re.compile(r"\b(?:to|-|–|and)\b|-")
_RX_QTY_OF_3 = re.compile(r"\s*(?:-|–|—|\bto\b|\band\b|\bthrough\b)\s*")


@lru_cache(maxsize=4096)
def _qty_of(t: str) -> float | None:
    """The number in a quantity phrase, after dropping approximation and article words."""
    low = _RX_WS.sub(" ", t.lower())
    for k in sorted(APPROX, key=len, reverse=True):
        if low.startswith(k + " "):
            low = low[len(k) + 1:]
            break
    low = _RX_QTY_MODS.sub("", low)
    u = _RX_UNIT.search(low)
    q = low[: u.start()] if u else low
    if u and low[u.end():].strip().startswith("and a half"):
        q += " and a half"
    q = _RX_QTY_EXTRA.sub("", q).strip(" -")
    if "and a half" in q:
        base = _number(q.replace("and a half", "").strip(" -"))
        return None if base is None else base + 0.5
    if _RX_QTY_OF_1.search(q) and _RX_QTY_OF_2.search(q):
        first = _RX_QTY_OF_3.split(q)[0]
        return _number(first)
    return _number(q)


_RX_H_AGO_1 = re.compile(r"\b(?:earlier|later)$")
_RX_H_AGO_2 = re.compile(r"\b(?:later|from now|hence)\b")
_RX_H_AGO_3 = re.compile(r"\b(?:a|one)\b")


def _h_ago(ctx: _Ctx, s: int, e: int, t: str) -> TimeExpression | None:
    low = _RX_WS.sub(" ", t.lower())
    pub = ctx.pub
    if "-ago" in low or "-earlier" in low:
        # "year-earlier", "the year-ago quarter": the same period one unit back
        unit = low.split("-")[0].split()[-1]
        if ("quarter" in low.split("-", 1)[1] or "period" in low) and ctx.last_quarter:
            y, q = ctx.last_quarter
            d0, d1 = _quarter_bounds(y - 1, q)
            return _mk(ctx, s, e, "DATE", f"{y - 1}-Q{q}", d0, d1, "quarter", None,
                       "year-ago-quarter")
        n: float | None = 1.0
        mod = None
        direction = -1
    else:
        unit = _unit_of(low) or "year"
        n = _qty_of(low)
        mod = _approx_of(low)
        direction = 1 if _RX_H_AGO_2.search(low) else -1
        if n is None:
            if "later" in low or "earlier" in low:
                # "some weeks later" counts from a narrated event, not from publication
                return _mk(ctx, s, e, "DURATION", _duration_value(None, unit),
                           reason="vague-duration-relative-to-event")
            if direction < 0 and pub is not None and unit in ("day", "week", "month", "year"):
                # "a few weeks ago": TimeML says PAST_REF; the interval says roughly when
                step = {"day": 1, "week": 7, "month": 30, "year": 365}[unit]
                d0 = pub - timedelta(days=7 * step)
                d1 = pub - timedelta(days=2 * step)
                return _mk(ctx, s, e, "DATE", "PAST_REF", d0, d1, unit, "approximate",
                           "vague-ago", "APPROX")
            if direction < 0:
                return _mk(ctx, s, e, "DATE", "PAST_REF", certainty="unresolved",
                           reason="vague-ago")
            return _mk(ctx, s, e, "DATE", "FUTURE_REF", certainty="unresolved", reason="vague-later")
        if "later" in low or "earlier" in low:
            # "two days later" is relative to a narrated event, not to publication
            if not _RX_H_AGO_3.search(low) or unit not in ("year",):
                return _mk(ctx, s, e, "DURATION", _duration_value(n, unit),
                           reason="duration-relative-to-event", mod=mod)
    if unit not in ("day", "week", "month", "year", "decade", "century", "quarter"):
        return _mk(ctx, s, e, "DURATION", _duration_value(n, unit), reason="duration-ago-time",
                   mod=mod)
    if pub is None:
        val = {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "month": "XXXX-XX", "quarter": "XXXX-QX"}.get(
            unit, "XXXX")
        return _mk(ctx, s, e, "DATE", val, gran=unit if unit in ("day", "week", "month", "quarter")
                   else "year", reason="ago-no-anchor", mod=mod)
    k = int(round(n * direction))
    certainty = "approximate" if mod else None
    if unit == "day":
        d = pub + timedelta(days=k)
        return _mk(ctx, s, e, "DATE", d.isoformat(), d, d, "day", certainty, "ago-days", mod)
    if unit == "week":
        val, d0, d1 = _iso_week(pub + timedelta(days=7 * k))
        return _mk(ctx, s, e, "DATE", val, d0, d1, "week", certainty, "ago-weeks", mod)
    if unit == "month":
        y, m = _add_months(pub.year, pub.month, k)
        return _mk(ctx, s, e, "DATE", f"{y}-{m:02d}", date(y, m, 1), _month_end(y, m), "month",
                   certainty, "ago-months", mod)
    if unit == "quarter":
        q0 = (pub.month - 1) // 3 + k
        y, q = pub.year + q0 // 4, q0 % 4 + 1
        d0, d1 = _quarter_bounds(y, q)
        return _mk(ctx, s, e, "DATE", f"{y}-Q{q}", d0, d1, "quarter", certainty, "ago-quarters", mod)
    years = k * (10 if unit == "decade" else 100 if unit == "century" else 1)
    y = pub.year + years
    if ctx.last_quarter and unit == "year" and abs(k) == 1 and not _other_period_named(ctx.text, s, e):
        # in quarterly results "a year earlier" is the same quarter a year back (unless the
        # sentence is about nine months or a half: then it is the year before)
        ly, lq = ctx.last_quarter
        d0, d1 = _quarter_bounds(ly + k, lq)
        return _mk(ctx, s, e, "DATE", f"{ly + k}-Q{lq}", d0, d1, "quarter", certainty,
                   "year-ago-quarter", mod)
    point = ctx.last_point
    if unit == "year" and _RX_H_AGO_1.search(low) and point is not None and \
            s - point[4] < 250:
        # "Sales fell in 1995. A year earlier, they rose": counted from the date just named
        y = point[1].year + years
        return _mk(ctx, s, e, "DATE", str(y), date(y, 1, 1), date(y, 12, 31), "year", certainty,
                   "year-relative-to-narrated-date", mod)
    return _mk(ctx, s, e, "DATE", str(y), date(y, 1, 1), date(y, 12, 31), "year", certainty,
               "ago-years", mod)


_RX_OTHER_PERIOD = re.compile(r"\b(?:(?:nine|six|first|latest|past|12|twelve)[\s-]+months|(?:first|second)\s+half|"
                              r"(?:full|fiscal|calendar)\s+year|for\s+(?:this|the)\s+year\b(?!['’]))\b", re.I)


_RX_COMPARED = re.compile(r"\b(?:compared\s+with|from|against|versus)\b[^.;]*?(?:[$#]|\bC\$)\s?[\d.,]+"
                          r"(?:\s+(?:million|billion))?(?:,\s+or\s+[^,]+,)?\s*$", re.I)


_RX_FROM_END = re.compile(r"\b(?:compared\s+with|from|against|versus)\s+$", re.I)


def _other_period_named(text: str, start: int, end: int) -> bool:
    """Whether the sentence around ``start:end`` reports a nine-month, half or full-year figure."""
    before, after = _clause(text, start, end)
    return bool(_RX_OTHER_PERIOD.search(before) or _RX_OTHER_PERIOD.search(after))


# a count just before "a week": a number, optionally with the plural it counts
_RX_COUNT_BEFORE = re.compile(rf"(?:\b\d[\d,.]*|\b{_NUMW})(?:\s+[a-z-]+s)?\s+$", re.I)
_RX_RELATIVE_AFTER = re.compile(r"\s+(?:after|before|later|earlier|ago|from|of)\b", re.I)


_RX_H_DURATION_1 = re.compile(r"\w-quarters?$|^(?:a|one|three)\s+quarters?\s+of")
_RX_H_DURATION_2 = re.compile(r"(?:recent|the past few|the last few|past) (?:years)$")
_RX_H_DURATION_3 = re.compile(r"an? \w+")
_RX_H_DURATION_4 = re.compile(r"an? second")
_RX_H_DURATION_5 = re.compile(r"(?:an?|one|two|three|four|five|six|seven|eight|nine|"
                                                  r"ten|\d+) \w+")
_RX_H_DURATION_6 = re.compile(r"\bin\s+$")
_RX_H_DURATION_7 = re.compile(r"^(?:each of )?(?:the )?(?:(?:past|last|next|previous|coming|first|final|latest|"
                r"following|initial|remaining|same|entire|full) )?")
_RX_H_DURATION_8 = re.compile(_VAGUE, re.I)
_RX_H_DURATION_9 = re.compile(r"(?:\d\s*%|percent|per cent|twice|once|times|\$[\d.,]+(?:\s*(?:million|billion|m|bn))?)\s*$", re.I)


@lru_cache(maxsize=4096)
def _duration_phrase(t: str) -> tuple | None:
    """The reading of a duration phrase that does not depend on its context.

    None (rejected), ("early", unit, kind) for the vague forms decided by the
    phrase alone, or ("plan", unit, n, mod, rate, second, one_day, in_n): the
    number, the approximation, and whether the phrase is "a/an <unit>" (a rate
    after a count), "a second" (an ordinal), "one day", "<count> <unit>" (a point
    "in five years").
    """
    low = _RX_WS.sub(" ", t.lower())
    unit = _unit_of(low)
    if unit is None:
        return None
    if _RX_H_DURATION_2.match(low) and low.startswith("recent"):
        return "early", unit, "recent-years"
    if low in ("days", "weeks", "months", "years", "decades", "centuries") or \
            low.startswith(("recent", "coming", "the coming", "the next few", "the past few",
                            "the last few")):
        return "early", unit, "vague-duration"
    if _RX_H_DURATION_1.search(low):
        return None  # a fraction, not a period
    n = _qty_of(low)
    mod = _approx_of(low)
    q = low.split(_RX_UNIT.search(low).group(1))[0]  # type: ignore[union-attr]
    qn = _RX_H_DURATION_7.sub("", q).strip()
    if n is None and not _RX_H_DURATION_8.search(qn):
        return None
    if n is not None and n > 1000:
        return None
    return ("plan", unit, n, mod, bool(_RX_H_DURATION_3.fullmatch(low)),
            unit == "second" and bool(_RX_H_DURATION_4.fullmatch(low)), low == "one day",
            n is not None and not mod and bool(_RX_H_DURATION_5.fullmatch(low)) and
            unit in ("day", "week", "month", "year"))


def _h_duration(ctx: _Ctx, s: int, e: int, t: str) -> TimeExpression | None:
    phrase = _duration_phrase(t)
    if phrase is None:
        return None
    if phrase[0] == "early":
        if phrase[2] == "recent-years":
            return _mk(ctx, s, e, "DATE", "PAST_REF", certainty="unresolved", reason="recent-years")
        return _mk(ctx, s, e, "DURATION", _duration_value(None, phrase[1]), reason="vague-duration")
    _, unit, n, mod, rate, second, one_day, in_n = phrase
    # "a year" after a rate ("5% a year", "twice a year", "four flights a week", "358,000 a
    # month") is a frequency
    if rate and (_RX_H_DURATION_9.search(ctx.text[max(0, s - 25):s]) or (
            _RX_COUNT_BEFORE.search(ctx.text, max(0, s - 40), s) and not _RX_RELATIVE_AFTER.match(ctx.text, e))):
        return _mk(ctx, s, e, "SET", _duration_value(1, unit), reason="rate-per-unit")
    # the ordinal "second" is not a unit: "a second term"
    if second:
        return None
    # "one day" used as "some day"
    if one_day and _tense(ctx, s, e) == "future":
        return _mk(ctx, s, e, "DATE", "FUTURE_REF", certainty="unresolved", reason="one-day-future")
    # "the stock would be redeemed in five years": a point that far ahead, not a span
    if in_n and ctx.pub is not None and _RX_H_DURATION_6.search(ctx.text[max(0, s - 4):s]) and \
            _tense(ctx, s, e) == "future":
        return _in_n_units(ctx, s, e, n, unit)
    return _mk(ctx, s, e, "DURATION", _duration_value(n, unit), reason="duration", mod=mod)


def _in_n_units(ctx: _Ctx, s: int, e: int, n: float, unit: str) -> TimeExpression:
    pub = ctx.pub
    assert pub is not None
    k = int(n)
    if unit == "day":
        d = pub + timedelta(days=k)
        return _mk(ctx, s, e, "DATE", d.isoformat(), d, d, "day", "approximate", "in-days-ahead")
    if unit == "week":
        val, d0, d1 = _iso_week(pub + timedelta(days=7 * k))
        return _mk(ctx, s, e, "DATE", val, d0, d1, "week", "approximate", "in-weeks-ahead")
    if unit == "month":
        y, m = _add_months(pub.year, pub.month, k)
        return _mk(ctx, s, e, "DATE", f"{y}-{m:02d}", date(y, m, 1), _month_end(y, m), "month",
                   "approximate", "in-months-ahead")
    y = pub.year + k
    return _mk(ctx, s, e, "DATE", str(y), date(y, 1, 1), date(y, 12, 31), "year", "approximate",
               "in-years-ahead")


_RX_CAP_NAME = re.compile(r"\s+[A-Z][a-z]")
_RX_PAPER_BEFORE = re.compile(r"(?:\b(?:the|a|an|official|national|state-run|state|party|english-language)"
                              r"|\b[A-Z][A-Za-z]+)\s+$")


_RX_H_SET_1 = re.compile(_PART)
_RX_H_SET_2 = re.compile(r"^(?:every|each|per)\s+(?:other\s+)?")


def _h_set(ctx: _Ctx, s: int, e: int, t: str) -> TimeExpression | None:
    low = _RX_WS.sub(" ", t.lower())
    if low in SETS:
        if _RX_CAP_NAME.match(ctx.text, e) and _RX_PAPER_BEFORE.search(ctx.text, max(0, s - 20), s):
            return None  # "the Communist Party daily Granma": a newspaper
        return _mk(ctx, s, e, "SET", SETS[low], reason="set-adverb")
    unit = _unit_of(low)
    mm = _RX_MON.search(low)
    if unit is None and mm:
        return _mk(ctx, s, e, "SET", f"XXXX-{MONTHS[mm.group(1)]:02d}", reason="set-every-month")
    if unit is None:
        m = _RX_H_SET_1.search(low)
        if m:
            part = DAY_PARTS[m.group(0)]
            return _mk(ctx, s, e, "SET", f"XXXX-XX-XXT{part}", reason="set-every-part")
        return None
    n = _qty_of(_RX_H_SET_2.sub("", low)) or 1
    if "other" in low:
        n = 2
    return _mk(ctx, s, e, "SET", _duration_value(n, unit), reason="set-every")


def _h_wd_set(ctx: _Ctx, s: int, e: int, t: str) -> TimeExpression | None:
    wm = _RX_WD.search(t)
    if wm is None:
        return None
    wd = WEEKDAYS[wm.group(1).lower()]
    pm = _RX_H_SET_1.search(t.lower())
    val = f"XXXX-WXX-{wd}" + (f"T{DAY_PARTS[pm.group(0)]}" if pm else "")
    return _mk(ctx, s, e, "SET", val, reason="set-weekday")


_RX_WD_COORD_SET = re.compile(rf"\s+(?:and|or)\s+{_WD_FULL}(?:s\b|\s+{_PART}s\b)", re.I)


def _weekday_date(pub: date, wd: int, how: str) -> date:
    back = (pub.isoweekday() - wd) % 7
    fwd = (wd - pub.isoweekday()) % 7
    if how == "past":
        return pub - timedelta(days=back)
    if how == "future":
        return pub + timedelta(days=fwd)
    if how == "last":
        return pub - timedelta(days=back or 7)
    return pub + timedelta(days=fwd or 7)  # next


_RX_H_WEEKDAY_1 = re.compile(r"the day (before|after) ")
_RX_H_WEEKDAY_2 = re.compile(r"the (previous|preceding|following) ")
_RX_H_WEEKDAY_3 = re.compile(r"^(?:the\s+)?(?:earlier|later)\s+")


def _h_weekday(ctx: _Ctx, s: int, e: int, t: str) -> TimeExpression | None:
    low = _RX_WS.sub(" ", t.lower())
    wm = _RX_WD.search(t)
    if wm is None:
        return None
    if wm.group(1)[0].islower():
        return None  # weekdays are capitalised in edited text
    wd = WEEKDAYS[wm.group(1).lower()]
    pm = _RX_H_SET_1.search(low)
    if low.endswith(" week"):
        e = s + t.lower().rfind(" week")  # "Monday week": keep the weekday only
        t = ctx.text[s:e]
        low = low[: low.rfind(" week")]
    coord = _RX_WD_COORD_SET.match(ctx.text, e)
    if coord and not pm:
        # "on Monday and Tuesday nights": the plural after the pair makes both recurring
        part = _RX_H_SET_1.search(coord.group(0).lower())
        val = f"XXXX-WXX-{wd}" + (f"T{DAY_PARTS[part.group(0)]}" if part else "")
        return _mk(ctx, s, e, "SET", val, reason="set-weekday-coordinated")
    if ctx.pub is None:
        val = f"XXXX-WXX-{wd}" + (f"T{DAY_PARTS[pm.group(0)]}" if pm else "")
        return _mk(ctx, s, e, "TIME" if pm else "DATE", val, gran="day", reason="weekday-no-anchor")
    shift = 0
    day_rel = _RX_H_WEEKDAY_1.match(low)
    if day_rel:
        # "the day before last Tuesday's hearing": one day off the weekday
        shift = -1 if day_rel.group(1) == "before" else 1
        low = low[day_rel.end():]
    anaphor = _RX_H_WEEKDAY_2.match(low)
    if anaphor and ctx.last_day is not None:
        # "down 4.5% from the previous Friday": counted from the day being narrated
        # (the last day the story named), not from publication
        ref = ctx.last_day
        if anaphor.group(1) == "following":
            d = ref + timedelta(days=(wd - ref.isoweekday()) % 7 or 7)
        else:
            d = ref - timedelta(days=(ref.isoweekday() - wd) % 7 or 7)
        return _mk(ctx, s, e, "DATE", d.isoformat(), d, d, "day", None, "weekday-narrative-anaphora")
    low = _RX_H_WEEKDAY_3.sub("", low).replace("the previous", "last").replace(
        "the preceding", "last").replace("the following", "next")
    if low.startswith(("last ", "past ", "this past ")):
        how, why = "last", "weekday-last"
    elif low.startswith(("next ", "coming ")):
        how, why = "next", "weekday-next"
    else:
        if ctx.text[e:e + 2] in ("'s", "’s") and not low.startswith("this "):
            tense = "past"  # "Wednesday's ruling" names an event already known
        else:
            tense = _tense(ctx, s, e, progressive=True)
        if low.startswith("this "):
            tense = tense or "future"
        if tense is None and SCHEDULE_VERBS.intersection(
                w.lower() for w in _RX_WORD.findall(ctx.text[max(0, s - 30):s])[-3:]):
            tense = "future"  # "they meet separately Monday": a scheduled event
        how = tense or "past"
        why = f"weekday-{how}-tense" if tense else "weekday-default-past"
    d = _weekday_date(ctx.pub, wd, how) + timedelta(days=shift)
    if shift:
        why = "day-" + ("before-" if shift < 0 else "after-") + why
    if pm and pm.group(0) in ("evening", "afternoon"):
        # "Thursday evening" is a TIME with a part-of-day suffix (TimeML guidelines)
        return _mk(ctx, s, e, "TIME", f"{d.isoformat()}T{DAY_PARTS[pm.group(0)]}", d, d, "day", None,
                   why + "-part")
    if pm:
        # TimeBank mostly annotates "Thursday morning/night" with the day alone
        return _mk(ctx, s, e, "DATE", d.isoformat(), d, d, "day", None, why + "-part")
    return _mk(ctx, s, e, "DATE", d.isoformat(), d, d, "day", None, why)


_RX_H_DAYWORD_1 = re.compile(r"morning|afternoon|evening|night|tonight|overnight")
_RX_H_DAYWORD_2 = re.compile(r"\s*([A-Za-z]+)")
_RX_H_DAYWORD_3 = re.compile(r"\bof\s+$")
_RX_H_DAYWORD_4 = re.compile(r"\b[A-Z]{2,}\s$")
_RX_H_DAYWORD_5 = re.compile(r"today|tonight|yesterday|tomorrow")


def _h_dayword(ctx: _Ctx, s: int, e: int, t: str) -> TimeExpression | None:
    low = _RX_WS.sub(" ", t.lower()).replace("’", "'")
    if low in ("today's", "tomorrow's"):
        nxt = _RX_H_DAYWORD_2.match(ctx.text[e:e + 30])
        if nxt and nxt.group(1).lower() in GENERIC_AFTER_TODAY:
            return None  # "today's youth", "tomorrow's world": the present age, not a day
    if low == "tomorrow" and _RX_H_DAYWORD_3.search(ctx.text[max(0, s - 4):s]):
        return None  # "the people of tomorrow"
    if t[:1] == "T" and _RX_H_DAYWORD_4.search(ctx.text[max(0, s - 8):s]):
        return None  # "USA Today", "This is VOA Today": a title, not a day
    if low.endswith("'s"):
        e -= 2
        low = low[:-2]
    if low.startswith(("early ", "late ")) and not _RX_H_DAYWORD_5.search(low):
        return None
    if low.endswith(" day") or low.endswith("that day"):
        # "earlier in the day", "later that day": the day being narrated (the last day the
        # story named; publication when it named none)
        point = ctx.last_point
        if point is not None and point[3] == "month" and "same" in low:
            # "killed last October ... crossed out that same day": a day of that month
            res = _mk(ctx, s, e, "DATE", point[0] + "-XX", point[1], point[2], "month", "approximate",
                      "same-day-of-narrated-month")
            ctx.last_point = point  # still the month named, not a new point
            return res
        if ctx.last_day is not None:
            d = ctx.last_day
            return _mk(ctx, s, e, "DATE", d.isoformat(), d, d, "day", None, "same-day-narrated")
        if "same" in low:
            return None  # "the same day" as what? nothing named yet
        off = 0
        why = "same-day"
    else:
        off = -1 if "yesterday" in low else 1 if "tomorrow" in low else 0
        if "last night" in low:
            off = -1
        if "day before" in low:
            off -= 1
        elif "day after" in low:
            off += 1
        why = {-2: "day-before-yesterday", -1: "yesterday", 0: "today", 1: "tomorrow",
               2: "day-after-tomorrow"}[off]
    pm = _RX_H_DAYWORD_1.search(low)
    part = DAY_PARTS[pm.group(0)] if pm else None
    mod = "START" if low.startswith("early") else "END" if low.startswith("late ") else None
    if ctx.pub is None:
        val = "XXXX-XX-XX" + (f"T{part}" if part else "")
        return _mk(ctx, s, e, "TIME" if part else "DATE", val, gran="day", reason=why + "-no-anchor")
    d = ctx.pub + timedelta(days=off)
    if low == "overnight":
        # the night before the day being reported ("London shares fell Friday, depressed by
        # overnight losses in New York": Thursday night), that day being the last one the
        # story named when it is recent, else publication
        last = ctx.last_day
        ref = last if last is not None and 0 <= (ctx.pub - last).days <= 7 else ctx.pub
        d = ref - timedelta(days=1)
        why = "overnight-before-reported-day"
    if part:
        return _mk(ctx, s, e, "TIME", f"{d.isoformat()}T{part}", d, d, "day", "exact", why + "-part",
                   mod)
    return _mk(ctx, s, e, "DATE", d.isoformat(), d, d, "day", "exact", why, mod)


_RX_H_THE_DAY_1 = re.compile(r"the\s+(?:next|following|previous|day)\b")


def _h_the_day(ctx: _Ctx, s: int, e: int, t: str) -> TimeExpression | None:
    low = t.lower()
    if _RX_WD.search(t):
        return _h_weekday(ctx, s, e, t)  # "the day before last Tuesday"
    if _RX_H_THE_DAY_1.match(low):
        return _h_dayanaphor(ctx, s, e, t)
    return _h_ordday(ctx, s, e, t)


_RX_H_DAYANAPHOR_1 = re.compile(r"\d\s*,\s*$")
_RX_H_DAYANAPHOR_2 = re.compile(r"\b(?:next|following|after)\b")


def _h_dayanaphor(ctx: _Ctx, s: int, e: int, t: str) -> TimeExpression | None:
    """"the next day", "the day after his death", "the following morning": counted from the
    day the story is narrating (the last day it named), never from publication."""
    ref = ctx.last_day
    if ref is None:
        return None  # nothing named to count from: "the next day" of an unknown event
    low = _RX_WS.sub(" ", t.lower())
    if low.startswith("the day ") and _RX_H_DAYANAPHOR_1.search(ctx.text[max(0, s - 4):s]):
        # "Oct. 12, the day before the plunge": an apposition naming that very date
        e = s + 7
        return _mk(ctx, s, e, "DATE", ref.isoformat(), ref, ref, "day", None, "day-apposition")
    d = ref + timedelta(days=1 if _RX_H_DAYANAPHOR_2.search(low) else -1)
    pm = _RX_H_SET_1.search(low)
    if pm and pm.group(0) in ("afternoon", "evening"):
        return _mk(ctx, s, e, "TIME", f"{d.isoformat()}T{DAY_PARTS[pm.group(0)]}", d, d, "day", None,
                   "day-part-relative-to-narrated-day")
    # "the next morning/night" is the day, as "Friday morning" is (TimeBank's habit)
    return _mk(ctx, s, e, "DATE", d.isoformat(), d, d, "day", None, "day-relative-to-narrated-day")


_RX_H_TIME_1 = re.compile(r"(?:at|around|about) ")
_RX_H_TIME_2 = re.compile(_HOUR_W + r"\b")
_RX_H_TIME_3 = re.compile(r"(?:(?:early|late|mid(?!night))[\s-]*)?(morning|afternoon|evening|night)")
_RX_H_TIME_4 = re.compile(rf",?\s+{_MON}\s+\d", re.I)
_RX_H_TIME_5 = re.compile(r"\bhigh\s+$", re.I)
_RX_H_TIME_6 = re.compile(r"in the (?:afternoon|evening)$")
_RX_H_TIME_7 = re.compile(r"\s*(?:\([^)]{1,20}\)\s*|\([^)]{0,20}?)?(?:on\s+)?((?i:" + _alt(WEEKDAYS) + r"))\b")


def _h_time(ctx: _Ctx, s: int, e: int, t: str) -> TimeExpression | None:
    low = _RX_WS.sub(" ", t.lower())
    lead = _RX_H_TIME_1.match(low)
    if lead:
        s += lead.end()
        low = low[lead.end():]
    hw = _RX_H_TIME_2.match(low)
    if hw:
        low = str(int(NUMBERS[hw.group(0)])) + low[hw.end():]  # "four in the morning"
    if _RX_H_TIME_4.match(ctx.text[e:e + 12]) and _RX_WD.search(t):
        return None  # "the night of Friday, Oct. 23": the full date wins
    day = ctx.pub
    why = "time-of-day"
    wm = _RX_WD.search(t)
    mdm = _RX_MON.search(t)
    if mdm and _day_of(t[mdm.end():]):
        md = _h_md(ctx, s, e, t[mdm.start():], "md")
        if md is None:
            return None
        day = md.date_start
        why = "time-month-day"
    elif wm and ctx.pub is not None:
        tense = _tense(ctx, s, e) or "past"
        day = _weekday_date(ctx.pub, WEEKDAYS[wm.group(1).lower()], tense)
        why = f"time-weekday-{tense}"
    elif ctx.pub is not None:
        if "yesterday" in low:
            day = ctx.pub - timedelta(days=1)
        elif "tomorrow" in low:
            day = ctx.pub + timedelta(days=1)
        elif "today" not in low and "tonight" not in low:
            wl = _RX_H_TIME_7.match(ctx.text[e:e + 40])
            if wl and wl.group(1)[0].isupper():
                # "at 10:35 a.m. (0735 GMT) Friday": the weekday after a parenthesis
                tense = _tense(ctx, s, e) or "past"
                day = _weekday_date(ctx.pub, WEEKDAYS[wl.group(1).lower()], tense)
                why = f"time-weekday-{tense}"
    pm = _RX_H_TIME_3.match(low)
    if pm:
        suffix = "T" + DAY_PARTS[pm.group(1)]
    else:
        m = _RX_TOD.search(low)
        if m is None:
            return None
        if m.group(4) and _RX_H_TIME_5.search(ctx.text[max(0, s - 6):s]):
            return None  # "High Noon", "high noon comes": a figure of speech
        if m.group(4):
            suffix = {"noon": "T12:00", "midday": "T12:00", "midnight": "T24:00"}[m.group(4)]
        else:
            h = int(m.group(1))
            mi = int(m.group(2) or 0)
            ap = m.group(3)
            if ap:
                if h > 12 or h == 0:
                    return None
                h = h % 12 + (12 if ap == "p" else 0)
            elif h > 23:
                return None
            elif h < 12 and _RX_H_TIME_6.search(low):
                h += 12  # "4 in the afternoon"
            suffix = f"T{h:02d}:{mi:02d}"
    mod = "START" if low.startswith("early") else "END" if low.startswith("late") else \
        "MID" if low.startswith("mid") and not low.startswith(("midnight", "midday")) else None
    if day is None:
        return _mk(ctx, s, e, "TIME", "XXXX-XX-XX" + suffix, gran="day", reason=why + "-no-anchor",
                   mod=mod)
    return _mk(ctx, s, e, "TIME", day.isoformat() + suffix, day, day, "day", "exact", why, mod)


def _h_daypart(ctx: _Ctx, s: int, e: int, t: str) -> TimeExpression | None:
    """"in the morning" of the day being narrated ("... were dashed Friday. Dealers placed
    heavy buy orders in the morning"); only in a past clause after a recent named day."""
    s += t.lower().index("the")
    last = ctx.last_day
    if ctx.pub is None or last is None or not 0 <= (ctx.pub - last).days <= 7 or \
            _tense(ctx, s, e) != "past":
        return None  # "he jogs in the morning": a habit, not a time
    part = DAY_PARTS[t.lower().split()[-1]]
    return _mk(ctx, s, e, "TIME", f"{last.isoformat()}T{part}", last, last, "day", None,
               "part-of-narrated-day")


_RX_IT_WAS_A = re.compile(r"\b(?:it|this)\s+(?:was|is|['’]s|has\s+been)\s+[\"“]?an?\s+(?:[a-z]+\s+){1,2}$")


def _h_copula_day(ctx: _Ctx, s: int, e: int, t: str) -> TimeExpression | None:
    """"Geremek said it was 'a great day for Poland'": the day being narrated (the day
    of the event the story reports), or the publication day with none named lately."""
    if not _RX_IT_WAS_A.search(ctx.text, max(0, s - 40), s) or ctx.pub is None:
        return None
    last = ctx.last_day
    d = last if last is not None and 0 <= (ctx.pub - last).days <= 7 else ctx.pub
    return _mk(ctx, s, e, "DATE", d.isoformat(), d, d, "day", None, "day-of-copula")


_RX_COPULA_END = re.compile(r"\b(?:today|it|this|now)\s*(?:is|['’]s)\s+(?:now\s+)?$", re.I)


def _h_ordday(ctx: _Ctx, s: int, e: int, t: str) -> TimeExpression | None:
    """"Today is the eighth day of Desert Shield", "It's the second day of an offensive":
    the ordinal day of a running event, said of the present, is the publication day."""
    if not _RX_COPULA_END.search(ctx.text, max(0, s - 20), s):
        return None  # "on his first day in office": a day we cannot place
    if ctx.pub is None:
        return _mk(ctx, s, e, "DATE", "XXXX-XX-XX", gran="day", reason="ordinal-day-no-anchor")
    return _mk(ctx, s, e, "DATE", ctx.pub.isoformat(), ctx.pub, ctx.pub, "day", None,
               "ordinal-day-of-present")


_RX_FOR_END = re.compile(r"\bfor\s+$", re.I)


_RX_H_RELPERIOD_1 = re.compile(r"^the ")
_RX_H_RELPERIOD_2 = re.compile(r"['’]s\s+(?:[$#]|C\$)\s?\d")


@lru_cache(maxsize=4096)
def _relperiod_phrase(t: str) -> tuple[str, bool, str | None, str, str, bool] | None:
    """(lower-cased phrase, title-cased, period modifier, period, relation, "the" in it)
    of a relative period phrase; None when it is rejected."""
    low = _RX_WS.sub(" ", t.lower())
    title = t.split()[-1][0].isupper() and not t.isupper()
    mod = _pmod_of(low)
    rest, _ = _strip_pmod(low)
    rest = _RX_H_RELPERIOD_1.sub("", rest)
    words = rest.split()
    period = words[-1]
    rel = words[0]
    if rel == "this" and len(words) > 2 and words[1] == "past":
        rel = "last"
    if rel in ("latest", "most"):
        # "in the latest fiscal year": the last one completed
        if period not in ("week", "month", "year"):
            return None
        rel = "last"
    return low, title, mod, period, rel, low.startswith("the ") or " the " in low[:12]


_STEP_OF_REL = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1, "following": 1}


def _h_relperiod(ctx: _Ctx, s: int, e: int, t: str) -> TimeExpression | None:
    phrase = _relperiod_phrase(t)  # (raises, hence is skipped, as the code it replaces)
    if phrase is None:
        return None
    low, title, mod, period, rel, the = phrase
    if title and ctx.text[max(0, s - 1):s] in ('"', "“", "`", "'"):
        return None  # a quoted title: the TV show "This Week"
    if period in SEASONS:
        return _h_season(ctx, s, e, t, rel={"past": "last", "previous": "last", "following": "next",
                                              "coming": "next", "same": "this"}.get(rel, rel))
    if rel in ("following", "previous") and the and period in ("year", "month"):
        # "the following year" counts from the story's last absolute date
        if period == "year" and ctx.last_year is not None:
            y = ctx.last_year + (1 if rel == "following" else -1)
            return _mk(ctx, s, e, "DATE", str(y), date(y, 1, 1), date(y, 12, 31), "year", None,
                       f"{rel}-year-anaphora")
        if period == "month" and ctx.last_month is not None:
            y, m = _add_months(*ctx.last_month, 1 if rel == "following" else -1)
            return _mk(ctx, s, e, "DATE", f"{y}-{m:02d}", date(y, m, 1), _month_end(y, m), "month",
                       None, f"{rel}-month-anaphora")
    # "the past/coming week", "the next year" are spans, DURATION in TimeML
    if the and rel in ("past", "coming", "next", "previous", "following", "last") and not mod:
        if period == "weekend":
            return _mk(ctx, s, e, "DURATION", "P2D", reason="duration-weekend")
        if rel in ("last", "past") and period in ("week", "month", "year") and \
                _RX_FOR_END.search(ctx.text, max(0, s - 4), s):
            # "he has been in Bethesda for the last week": how long, up to now
            return _mk(ctx, s, e, "DURATION", _duration_value(1, period), reason="duration-for-the-past")
        if rel in ("last", "past") and period in ("week", "month", "year"):
            # "the last week", "over the past year": the previous calendar period, as
            # "last year" (TimeBank: "the past year" in March 1998 is 1997)
            pass
        elif rel in ("next", "coming") and period in ("week", "month", "year") and \
                _tense(ctx, s, e) == "future":
            # "will be closed over the next year or so": said of what lies ahead, the
            # coming calendar period (in a narrative, "the next week" stays a span)
            pass
        else:
            return _mk(ctx, s, e, "DURATION", _duration_value(1, period), reason="duration-rel-period")
    if rel == "same":
        return None
    pub = ctx.pub
    step = _STEP_OF_REL.get(rel, 0)
    if period in ("quarter",):
        if pub is None:
            return _mk(ctx, s, e, "DATE", "XXXX-QX", gran="quarter", reason="quarter-no-anchor", mod=mod)
        q0 = (pub.month - 1) // 3 + step
        y, q = pub.year + q0 // 4, q0 % 4 + 1
        if step == 0 and ctx.last_quarter == _last_complete_quarter(pub) and (
                ctx.text[e:e + 2] in ("'s", "’s") or _tense(ctx, s, e) == "past"):
            # an earnings story just after a quarter's end: "this quarter's loss" is the
            # quarter being reported, not the one that has barely begun
            return _quarter_value(ctx, s, e, *ctx.last_quarter, "this-quarter-reported", mod)
        return _quarter_value(ctx, s, e, y, q, f"{rel}-quarter", mod)
    if pub is None:
        val = {"week": "XXXX-WXX", "weekend": "XXXX-WXX-WE", "month": "XXXX-XX", "year": "XXXX",
               "decade": "XXX", "century": "XX"}[period]
        gran = {"weekend": "week"}.get(period, period)
        return _mk(ctx, s, e, "DATE", val, gran=gran, reason=f"{rel}-{period}-no-anchor", mod=mod)
    why = f"{rel}-{period}"
    earlier = low.startswith("earlier")
    later = low.startswith("later")
    if period in ("week", "weekend"):
        val, d0, d1 = _iso_week(pub + timedelta(days=7 * step))
        if period == "weekend":
            d0 = d1 - timedelta(days=1)
            val += "-WE"
        gran = "week"
    elif period == "month":
        y, m = _add_months(pub.year, pub.month, step)
        val, d0, d1, gran = f"{y}-{m:02d}", date(y, m, 1), _month_end(y, m), "month"
    elif period == "year":
        y = pub.year + step
        val, d0, d1, gran = str(y), date(y, 1, 1), date(y, 12, 31), "year"
        if step == -1 and rel == "last" and not the and not mod and ctx.last_quarter and (
                _RX_COMPARED.search(_clause(ctx.text, s, e)[0]) or (
                    _RX_FROM_END.search(ctx.text, max(0, s - 20), s) and
                    _RX_H_RELPERIOD_2.match(ctx.text[e:e + 6]))) and \
                not _other_period_named(ctx.text, s, e):
            # a quarterly figure "compared with $3 million last year", "up from last year's
            # $1.55 billion": the same quarter a year before
            ly, lq = ctx.last_quarter
            d0, d1 = _quarter_bounds(ly - 1, lq)
            return _mk(ctx, s, e, "DATE", f"{ly - 1}-Q{lq}", d0, d1, "quarter", None,
                       "last-year-quarter-comparison")
    elif period == "decade":
        y = (pub.year // 10 + step) * 10
        val, d0, d1, gran = f"{y // 10}X", date(y, 1, 1), date(y + 9, 12, 31), "decade"
    else:
        return None
    if step == 0 and earlier and d0 <= pub <= d1:
        d1 = pub  # "earlier this month": from the start up to publication
    if step == 0 and later and d0 <= pub <= d1:
        d0 = pub
    return _mk(ctx, s, e, "DATE", val, d0, d1, gran, None, why, mod)


@lru_cache(maxsize=4096)
def _easter(y: int) -> date:
    """Western Easter Sunday (anonymous Gregorian computus)."""
    a, b, c = y % 19, y // 100, y % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    return date(y, month, (h + l_ - 7 * m + 114) % 31 + 1)


def _holiday_date(spec: list, y: int) -> date:
    if spec[0] == "easter":
        return _easter(y) + timedelta(days=int(spec[1]))
    d = date(y, int(spec[0]), int(spec[1]))
    if len(spec) > 2:
        d += timedelta(days=(WEEKDAYS[spec[2]] - d.isoweekday()) % 7)
    return d


def _h_holiday(ctx: _Ctx, s: int, e: int, t: str) -> TimeExpression | None:
    low = _RX_WS.sub(" ", t.lower()).replace("’", "'")
    name = next(h for h in sorted(HOLIDAYS, key=len, reverse=True) if h in low)
    spec = HOLIDAYS[name]
    if not t[t.lower().find(name.split()[0])].isupper():
        return None
    if ctx.pub is None:
        val = f"XXXX-{int(spec[0]):02d}-{int(spec[1]):02d}" if len(spec) == 2 and spec[0] != "easter" \
            else "XXXX-XX-XX"
        return _mk(ctx, s, e, "DATE", val, gran="day", reason="holiday-no-anchor")
    pub = ctx.pub
    if low.startswith("last"):
        y = pub.year if _holiday_date(spec, pub.year) < pub else pub.year - 1
        why = "holiday-last"
    elif low.startswith("next"):
        y = pub.year if _holiday_date(spec, pub.year) > pub else pub.year + 1
        why = "holiday-next"
    else:
        pick = _choose_year(pub, _tense(ctx, s, e),
                            lambda yy: (_holiday_date(spec, yy), _holiday_date(spec, yy)))
        y, why = pick[0], "holiday-" + pick[1]  # type: ignore[index]
    d = _holiday_date(spec, y)
    if low.endswith(" week"):
        val, d0, d1 = _iso_week(d)
        return _mk(ctx, s, e, "DATE", val, d0, d1, "week", None, why + "-week")
    return _mk(ctx, s, e, "DATE", d.isoformat(), d, d, "day", None, why)


_RX_H_REF_1 = re.compile(r"\bmost\s+$")
_RX_H_REF_2 = re.compile(r"\s+(?:last|this|on|in|yesterday|today)\b", re.I)
_RX_H_REF_3 = re.compile(r"\b(?:was|were|had|has|have)\s+$|,\s*$")


def _h_ref(ctx: _Ctx, s: int, e: int, t: str) -> TimeExpression | None:
    low = _RX_WS.sub(" ", t.lower())
    nxt = _RX_H_DAYWORD_2.match(ctx.text[e:e + 20])
    nw = nxt.group(1).lower() if nxt else ""
    if nw in REF_BLOCKERS.get(low, ()):
        return None
    if low in ("once", "one day", "later", "earlier") and not t[0].isupper() and low != "once":
        return None
    if low == "once" and not _RX_H_REF_3.search(ctx.text[max(0, s - 8):s]):
        return None
    if low == "recently" and _RX_H_REF_1.search(ctx.text[max(0, s - 6):s]) and \
            _RX_H_REF_2.match(ctx.text[e:e + 12]):
        return None  # "killed, most recently last October": the date that follows says when
    val = REFS[low]
    d0 = d1 = None
    gran = None
    if val == "PRESENT_REF" and ctx.pub is not None:
        d0 = d1 = ctx.pub
        gran = "day"
    return _mk(ctx, s, e, "DATE", val, d0, d1, gran, "approximate" if d0 else "unresolved",
               f"ref-{val.lower()}")


def _h_week_of(ctx: _Ctx, s: int, e: int, t: str) -> TimeExpression | None:
    md = _h_md(ctx, s, e, t[t.lower().index("of") + 3:].lstrip(), "md")
    if md is None:
        return None
    if md.date_start is None:
        return _mk(ctx, s, e, "DATE", "XXXX-WXX", gran="week", reason="week-of-no-anchor")
    val, d0, d1 = _iso_week(md.date_start)
    return _mk(ctx, s, e, "DATE", val, d0, d1, "week", None, "week-of-" + md.reason)


_RX_H_YEAREND_1 = re.compile(r"(?:around|by|at|since|until|before|after) ")
_RX_H_YEAREND_2 = re.compile(r"\b(?:around|by|at|since|until|before|after) $")


def _h_yearend(ctx: _Ctx, s: int, e: int, t: str) -> TimeExpression | None:
    low = _RX_WS.sub(" ", t.lower())
    lead = _RX_H_YEAREND_1.match(low)
    if lead:
        s += lead.end()
    else:  # the scan may start at "year": read the preposition before it
        lead = _RX_H_YEAREND_2.search(ctx.text[max(0, s - 7):s].lower())
    month = "month" in low
    if ctx.pub is None:
        return _mk(ctx, s, e, "DATE", "XXXX-XX" if month else "XXXX", gran="month" if month else "year",
                   reason="period-end-no-anchor", mod="END")
    pub = ctx.pub
    if month:
        return _mk(ctx, s, e, "DATE", f"{pub.year}-{pub.month:02d}", pub, _month_end(pub.year, pub.month),
                   "month", "approximate", "end-of-this-month", "END")
    y = pub.year
    # "since year-end" in the first months of a year is the one just gone
    if (lead and lead.group(0).strip() in ("since", "after")) or \
            (pub.month <= 2 and _tense(ctx, s, e) == "past"):
        y -= 1
    return _mk(ctx, s, e, "DATE", str(y), date(y, 12, 1), date(y, 12, 31), "year", "approximate",
               "year-end", "END")


def _h_the_year(ctx: _Ctx, s: int, e: int, t: str) -> TimeExpression | None:
    low = _RX_WS.sub(" ", t.lower())
    if low.endswith(("ended", "ending")):
        # "the year ended Sept. 30": a fiscal year, a span
        e = s + t.lower().rfind(" end")
        unit = "week" if "week" in low else "year"
        return _mk(ctx, s, e, "DURATION", _duration_value(1, unit), reason="duration-fiscal-period")
    if ctx.pub is None:
        return _mk(ctx, s, e, "DATE", "XXXX-WXX" if "week" in low else "XXXX",
                   gran="week" if "week" in low else "year", reason="the-period-no-anchor")
    if "week" in low:
        val, d0, d1 = _iso_week(ctx.pub)
        return _mk(ctx, s, e, "DATE", val, d0, d1, "week", "approximate", "the-week-current")
    y = ctx.pub.year
    return _mk(ctx, s, e, "DATE", str(y), date(y, 1, 1), date(y, 12, 31), "year", "approximate",
               "the-year-current")


def _h_that_year(ctx: _Ctx, s: int, e: int, t: str) -> TimeExpression | None:
    low = t.lower()
    mod = "START" if low.startswith("earlier") else "END" if low.startswith("later") else None
    if low.endswith("week"):
        # "that week": the week of the day being narrated
        if ctx.last_day is None:
            return None
        val, d0, d1 = _iso_week(ctx.last_day)
        return _mk(ctx, s, e, "DATE", val, d0, d1, "week", "approximate", "that-week-anaphora", mod)
    if low.endswith("quarter"):
        # "Results for that quarter included ...": the quarter last named, even a year-ago one
        if ctx.said_quarter is None:
            return None
        y, q = ctx.said_quarter
        d0, d1 = _quarter_bounds(y, q)
        return _mk(ctx, s, e, "DATE", f"{y}-Q{q}", d0, d1, "quarter", None, "that-quarter-anaphora", mod)
    if low.endswith("month"):
        # "later that month": the month of the last month-or-day date named
        if ctx.last_month is None:
            return None
        y, m = ctx.last_month
        return _mk(ctx, s, e, "DATE", f"{y}-{m:02d}", date(y, m, 1), _month_end(y, m), "month",
                   "approximate", "that-month-anaphora", mod)
    if ctx.last_year is None:
        return None
    y = ctx.last_year
    return _mk(ctx, s, e, "DATE", str(y), date(y, 1, 1), date(y, 12, 31), "year", "approximate",
               "that-year-anaphora", mod)


_HANDLERS: dict[str, Callable[..., TimeExpression | None]] = {
    "week_of": _h_week_of,
    "yearend": _h_yearend,
    "the_year": _h_the_year,
    "that_year": _h_that_year,
    "iso": _h_iso,
    "slash": _h_slash,
    "range_mdmd": _h_range,
    "range_mdd": _h_range,
    "range_ddm": _h_range,
    "wd_date": lambda c, s, e, t: _h_md(c, s, e, t, "wd_date"),
    "mdy": lambda c, s, e, t: _h_md(c, s, e, t, "mdy"),
    "md": lambda c, s, e, t: _h_md(c, s, e, t, "md"),
    "half": _h_half,
    "quarter": _h_quarter,
    "the_quarter": _h_the_quarter,
    "decade": _h_decade,
    "century": _h_century,
    "rel_century": _h_rel_century,
    "my": _h_month_year,
    "season_year": _h_season_year,
    "ago": _h_ago,
    "time": _h_time,
    "wd_set": _h_wd_set,
    "weekday": _h_weekday,
    "dayword": _h_dayword,
    "set": _h_set,
    "daypart": _h_daypart,
    "copula_day": _h_copula_day,
    "the_day": _h_the_day,
    "relperiod": _h_relperiod,
    "duration": _h_duration,
    "holiday": _h_holiday,
    "season": _h_season,
    "month": _h_month,
    "year": _h_year,
    "spoken_year": _h_spoken_year,
    "weekend": _h_weekend,
    "ref": _h_ref,
}


# Speed: furniture phrases are rare, so instead of trying the alternation at
# every character, find the longest word of each phrase (str.find), step back
# over the words before it to where the phrase would start, and try the
# alternation only there.  Every match starts at such a place, so trying them
# in order gives finditer's matches.


def _boiler_plan() -> tuple[tuple[str, tuple[str, ...]], ...] | None:
    """(longest word, the words before it, nearest first) per furniture phrase; None if n/a."""
    if _RX_BOILER_LOW is None:
        return None
    plan = []
    for w in BOILERPLATE:
        words = w.lower().split(" ")  # _alt turns each space into \s+
        if len(words) > 1 and words[-1] == "":
            words.pop()  # a trailing \s+ ("(c) ")
        if not all(words) or any(c.isspace() for x in words for c in x):
            return None
        i = max(range(len(words)), key=lambda k: len(words[k]))
        plan.append((words[i], tuple(reversed(words[:i]))))
    return tuple(plan)


_BOILER_PLAN = _boiler_plan()
#: the phrases' longest word -> the words before it in each phrase where it is longest
_BOILER_BEFORE: dict[str, list[tuple[str, ...]]] = {}
for _key, _before in _BOILER_PLAN or ():
    _BOILER_BEFORE.setdefault(_key, []).append(_before)


def _boiler_key_places(low: str, start: int, end: int):
    """(offset, key) of every occurrence of each key in ``low[start:end]``."""
    for key in _BOILER_BEFORE:
        q = low.find(key, start, end)
        while q >= 0:
            yield q, key
            q = low.find(key, q + 1, end)


def _boiler_key_search(low: str, start: int, end: int):
    """_boiler_key_places in order of offset, by a regex of all keys searched again
    just after each place found (keys may overlap: "followatch")."""
    m = _BOILER_KEY_SEARCH(low, start, end)  # type: ignore[misc]
    while m is not None:
        q = m.start()
        yield q, m.group()
        m = _BOILER_KEY_SEARCH(low, q + 1, end)  # type: ignore[misc]


def _boiler_matches(low: str, start: int = 0, end: int | None = None):
    """``_RX_BOILER_LOW.finditer(low, start, end)``, trying the pattern only where a
    phrase can start."""
    end = len(low) if end is None else end
    starts = set()
    found = _boiler_key_places if _BOILER_KEY_SEARCH is None else _boiler_key_search
    for q, key in found(low, start, end):
        for before in _BOILER_BEFORE[key]:
            p = q
            for word in before:  # \s+ then the word, backwards
                s = p
                while s > 0 and low[s - 1].isspace():
                    s -= 1
                if s == p or s < len(word) or not low.startswith(word, s - len(word)):
                    break
                p = s - len(word)
            else:
                if p >= start:
                    starts.add(p)
    pos = start
    for p in sorted(starts):
        if p >= pos:
            m = _RX_BOILER_LOW.match(low, p, end)  # type: ignore[union-attr]
            if m is not None:
                yield m
                pos = m.end()


_BOILER_MAX_LINE = 160


def _boiler_spans(text: str, low: str | None = None) -> list[tuple[int, int]]:
    """Lines of page furniture ("Watch LIVE TV", "Set as your preferred source")."""
    spans = []
    if low is not None and _BOILER_PLAN is not None:
        found = _boiler_matches(low)
    else:
        found = _RX_BOILER.finditer(text)
    for m in found:
        a = text.rfind("\n", 0, m.start()) + 1
        b = text.find("\n", m.end())
        b = len(text) if b < 0 else b
        if b - a <= _BOILER_MAX_LINE:  # furniture is a short line, not a paragraph naming a newsletter
            spans.append((a, b))
    return spans


# Speed: only an anchor on a short line can fall in a furniture span (a span
# holds whole lines), so the spans are looked for near such lines only.  A
# character that is in no phrase and is not a space can be in no match, so the
# finditer of the whole text, restarted just after one such character and
# stopped just after another, gives the same matches in between.
_BOILER_CHARS = "".join(sorted({c for w in BOILERPLATE for c in w.lower() if not c.isspace()}))
_RX_NOT_BOILER = re.compile("[^" + re.escape(_BOILER_CHARS) + r"\s]")


def _furniture_line(text: str, low: str, rlow: str, ls: int, le: int) -> bool:
    """Whether the line ``text[ls:le]`` is in a span of ``_boiler_spans(text, low)``.

    ``rlow`` is ``low`` reversed.  For _BOILER_PLAN texts (``low`` given).
    """
    n = len(text)
    # A span holding the line runs from a line start >= le - _BOILER_MAX_LINE to a line
    # end <= ls + _BOILER_MAX_LINE, and its match holds a key: no key from the first
    # such start to the last such end, no span (most lines: their neighbours are long).
    if _BOILER_KEY_SEARCH is not None:
        x = le - _BOILER_MAX_LINE
        lo = text.find("\n", x - 1, ls) + 1 if x > 0 else 0  # (text[ls - 1] is a newline)
        hi = ls + _BOILER_MAX_LINE + 1
        hi = text.rfind("\n", le, hi) if hi <= n else n  # (text[le] is a newline)
        if _BOILER_KEY_SEARCH(low, lo, hi) is None:
            return False
    # the spans that hold the line start at or after le - _BOILER_MAX_LINE
    x = le - _BOILER_MAX_LINE
    if x > 0:
        m = _RX_NOT_BOILER.search(rlow, n - x)  # the last "safe" character before x
        x = 0 if m is None else n - m.start()
    m = _RX_NOT_BOILER.search(low, le)  # ... and the first one after the line
    e = n if m is None else m.end()
    for m in _boiler_matches(low, max(x, 0), e):
        if m.start() > le:
            break
        a = text.rfind("\n", 0, m.start()) + 1
        b = text.find("\n", m.end())
        b = n if b < 0 else b
        if b - a <= _BOILER_MAX_LINE and a <= ls and le <= b:
            return True
    return False


# ---------------------------------------------------------------------------
# Anchor scan
# ---------------------------------------------------------------------------
# Speed: every expression contains an anchor token (month, weekday, unit, year
# digits, day word...: _ANCHORS), and the grammar is tried only at the word
# starts just before an anchor, walking back over words that can open an
# expression (_OPENERS).  Tokens are ``_RX_TOKEN`` matches on the text with A-Z
# lower-cased.  One regex walks over the non-anchor text inside ``re`` and stops
# at each candidate token; a second one, run on the reversed text, walks back
# over the openers before an anchor.  Both are built from _ANCHORS and
# _OPENERS, so new grammar words are covered.


def _trie(words) -> str:
    """Regex matching any of ``words`` (a trie: ``re`` tries few branches per character)."""
    root: dict[str, dict] = {}
    for w in words:
        node = root
        for c in w:
            node = node.setdefault(c, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        alts = [re.escape(c) + emit(node[c]) for c in sorted(node) if c]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 and "" not in node else "(?:" + "|".join(alts) + ")"
        return body + "?" if "" in node else body
    return "(?:" + emit(root) + ")" if root else "(?!)"


# Speed: the furniture keys found by one regex instead of a str.find per key; at a
# place at most one key starts when none is the start of another
_BOILER_KEY_SEARCH = (re.compile(_trie(_BOILER_BEFORE)).search
                      if _BOILER_BEFORE and not any(a != b and b.startswith(a) for a in _BOILER_BEFORE
                                                    for b in _BOILER_BEFORE) else None)
_RX_LETTERS = re.compile(r"[a-z]+")
_ANCHOR_WORDS = sorted(w for w in _ANCHORS if _RX_LETTERS.fullmatch(w))
_OPENER_WORDS = sorted(w for w in _OPENERS if _RX_LETTERS.fullmatch(w))
_GAP_CHARS = " ,.-/'’\t"  # what may separate an opener from the next word


def _digit_candidates() -> str:
    """Regex for the digit tokens worth a look (a superset of those tag() keeps)."""
    digit_words = [w for w in _ANCHORS if w[:1].isdigit()]
    anchor, after = _lower_pattern(_RX_DIGIT_ANCHOR), _lower_pattern(_RX_TIME_AFTER)
    if digit_words or anchor is None or after is None:
        return r"\d+[a-z]*"  # every digit token
    end = r"(?![a-z])(?!(?<=\d)\d)"  # the token ends here
    return rf"(?:{anchor.pattern}){end}|(?:\d\d?|\d[a-z]){end}(?={after.pattern})"


# Letter tokens start after a character that is neither a letter nor a digit;
# digit tokens (``\d+[a-z]*``) after any non-digit.  The loop skips non-token
# text, non-anchor words and digit tokens that cannot be anchors (amounts,
# percentages), so each match ends on one candidate: group 1 an anchor word, 2
# a "q" before a quarter digit, 3 a digit token.  The candidate part always
# matches where the loop stops, so nothing backtracks: the quantifiers are
# possessive (Python 3.11+) only to save ``re`` the bookkeeping.
#
# Speed: a word is skipped as (anchor prefix)?+ then at least one letter, which
# reads the trie once instead of a negative lookahead before the word.  It is
# the same test: the trie takes the longest anchor that begins the word (its
# branches differ in their first letter and each optional tail is greedy), so
# the word is an anchor exactly when no letter follows that prefix, and then
# the possessive ``?+`` cannot give the prefix back: the word is not skipped.
# A "q" before a quarter digit is kept the same way.  (Before Python 3.11,
# without possessive quantifiers, the lookahead form.)  Words after a single
# space, the common case, are skipped by an inner loop, cheaper in ``re`` than
# a turn of the outer one; where it stops (another separator, a digit, an
# anchor), the outer loop goes on as before.
_PLUS = "+" if sys.version_info >= (3, 11) else ""
_SKIP_WORD = (rf"(?:{_trie(_ANCHOR_WORDS)}|q(?=[1-4]))?+[a-z]++" if _PLUS else
              rf"(?!{_trie(_ANCHOR_WORDS)}(?![a-z])|q[1-4])[a-z]+")
_RX_SCAN = re.compile(
    rf"[^a-z\d]*{_PLUS}(?:(?:{_SKIP_WORD}(?: {_SKIP_WORD})*{_PLUS}"
    rf"|(?!{_digit_candidates()})\d+{_PLUS}[a-z]*{_PLUS})[^a-z\d]*{_PLUS})*{_PLUS}"
    rf"(?:({_trie(_ANCHOR_WORDS)})(?![a-z])|(q)(?=[1-4])|({_digit_candidates()})|\Z)")
# On the reversed text, from just before an anchor: up to 8 (gap, token) steps
# where the token is an opener word or a digit token (reversed).
# (Possessive gaps, letters and digits give nothing back that could help: a
# token starts with a letter or digit, and letters before digits are no digits.)
_RX_BACK = re.compile(
    "(?:[" + "".join(re.escape(c) for c in _GAP_CHARS) + f"]*{_PLUS}"
    rf"(?:{_trie(w[::-1] for w in _OPENER_WORDS)}(?![a-z\d])|[a-z]*{_PLUS}\d+(?!\d))){{0,8}}{_PLUS}")


_match_start = re.Match.start


# Speed: the words walked back over are a handful of openers ("in the past ",
# "about three "), so their token starts are memoised by the text walked over.
# ``_RX_TOKEN`` has no assertion looking outside a match, so its matches in
# ``scan[a:ta]`` are those of ``finditer(scan, a, ta)``, shifted by ``a``.
@lru_cache(maxsize=4096)
def _token_offsets(gap: str) -> tuple[int, ...]:
    """Offsets of the ``_RX_TOKEN`` tokens of ``gap`` (the text between a walk's stop and an anchor)."""
    return tuple(map(_match_start, _RX_TOKEN.finditer(gap)))


def _ascii_lower(text: str) -> str:
    """``text`` with A-Z lower-cased and every other character kept (same offsets).

    ``bytes.lower`` changes A-Z only, and UTF-8 puts every other character in
    bytes >= 128.
    """
    return text.encode("utf-8", "surrogatepass").lower().decode("utf-8", "surrogatepass")


# ---------------------------------------------------------------------------
# Which rules can match where (speed)
# ---------------------------------------------------------------------------
# A failed ``_MASTER.match`` tries all ~45 rules (~5-9 us).  Instead each rule
# is compiled alone and a test tells, from the next _KEY_LEN characters at a
# start ("the past", "in the p"), which rules can match there; trying only
# those, in grammar order, gives the master's match (the first rule that
# matches wins).  The test of a rule is the rule with every character class
# also accepting a sentinel, run on the key followed by sentinels: it matches
# when the key is a prefix of a text the rule matches (or begins with one).
# Zero-width assertions are dropped, so a test only errs towards trying.
_KEY_LEN = 8
_SENTINEL = "\x00"  # (small character sets compile fast; in a text it only makes rules tried)


#: _open_ended's _min_len of an item, by (op, id(av)) while _rule_index holds the trees
_MIN_LEN: dict[tuple[object, int], int] = {}


def _item_min_len(op, av) -> int:
    key = (op, id(av))
    n = _MIN_LEN.get(key)
    if n is None:
        n = _MIN_LEN[key] = _min_len([(op, av)])
    return n


def _min_len(items) -> int:
    """Fewest characters a parsed sequence matches."""
    return _parsed_len(items, longest=False)


def _parsed_len(items, longest: bool) -> int:
    """Characters of a parsed sequence: the fewest it matches, or (``longest``)
    enough to complete a match from any point in it, a repeat counted at least
    once (see :func:`_max_finish`)."""
    from re import _constants as sc  # type: ignore[attr-defined]
    pick = max if longest else min
    n = 0
    for op, av in items:
        if op in (sc.LITERAL, sc.NOT_LITERAL, sc.ANY, sc.IN):
            n += 1
        elif op is sc.SUBPATTERN:
            n += _parsed_len(av[-1], longest)
        elif op is sc.ATOMIC_GROUP:
            n += _parsed_len(av, longest)
        elif op is sc.BRANCH:
            n += pick(_parsed_len(a, longest) for a in av[1])
        elif op in (sc.MAX_REPEAT, sc.MIN_REPEAT, sc.POSSESSIVE_REPEAT):
            n += (max(av[0], 1) if longest else av[0]) * _parsed_len(av[2], longest)
    return n


def _open_ended(items, budget: int) -> str | None:
    """Regex source of a parsed sequence, each character test also taking the sentinel
    and without assertions; None when it uses something not handled here.

    Once ``budget`` characters (the key) are surely consumed, only sentinels
    are left, which every test takes: the rest becomes "anything".
    """
    from re import _constants as sc  # type: ignore[attr-defined]
    cats = {sc.CATEGORY_DIGIT: r"\d", sc.CATEGORY_NOT_DIGIT: r"\D", sc.CATEGORY_SPACE: r"\s",
            sc.CATEGORY_NOT_SPACE: r"\S", sc.CATEGORY_WORD: r"\w", sc.CATEGORY_NOT_WORD: r"\W"}
    out = []
    for op, av in items:
        if budget <= 0:
            out.append(r"[\s\S]*")
            break
        if op is sc.LITERAL:
            out.append("[" + re.escape(chr(av)) + _SENTINEL + "]")
        elif op in (sc.NOT_LITERAL, sc.ANY):
            out.append(r"[\s\S]")
        elif op is sc.IN:
            body = []
            for iop, iav in av:
                if iop is sc.NEGATE:
                    body = [r"\s\S"]  # (a superset)
                    break
                if iop is sc.LITERAL:
                    body.append(re.escape(chr(iav)))
                elif iop is sc.RANGE:
                    body.append(re.escape(chr(iav[0])) + "-" + re.escape(chr(iav[1])))
                elif iop is sc.CATEGORY and iav in cats:
                    body.append(cats[iav])
                else:
                    return None
            out.append("[" + "".join(body) + _SENTINEL + "]")
        elif op in (sc.AT, sc.ASSERT, sc.ASSERT_NOT):
            continue
        elif op is sc.SUBPATTERN or op is sc.ATOMIC_GROUP or op is sc.BRANCH:
            alts = [av[-1]] if op is sc.SUBPATTERN else [av] if op is sc.ATOMIC_GROUP else av[1]
            srcs = [_open_ended(a, budget) for a in alts]
            if None in srcs:
                return None
            out.append("(?:" + "|".join(srcs) + ")")  # type: ignore[arg-type]
        elif op in (sc.MAX_REPEAT, sc.MIN_REPEAT, sc.POSSESSIVE_REPEAT):
            sub = _open_ended(av[2], budget)
            if sub is None:
                return None
            hi = "" if av[1] == sc.MAXREPEAT else av[1]
            out.append(f"(?:{sub}){{{av[0]},{hi}}}")
        else:  # a group reference...
            return None
        budget -= _item_min_len(op, av)
    return "".join(out)


class _Source(NamedTuple):
    pattern: str
    flags: int


@lru_cache(maxsize=1)
def _rule_index():
    """(each lower-cased rule's match, each rule's test (None: always try it), the sentinels
    to append), or None when n/a.

    The tests are separate regexes, not one regex of optional lookahead groups
    ``(?:(?=(test)))?``: each group's answer is its test's alone (a lookahead
    consumes nothing, so the groups do not interact), separate tests are a
    little faster on the slow keys (~70 instead of ~100 us for "the past"),
    and _rules_at can skip the tests of the rules a key's prefix refuses.
    """
    try:
        from re import _compiler as sc  # type: ignore[attr-defined]
        from re import _parser as sp  # type: ignore[attr-defined]
        rules, tests, finish = [], [], 0
        for _, pat in _RULES:
            # (the rule's source and flags are all _lower_source reads: no need to compile it)
            low = _lower_source(_Source(pat, re.I | re.U))  # type: ignore[arg-type]
            if low is None:
                return None
            # parsed once, for the test and (after it: compiling reads the tree) the rule
            parsed = sp.parse(low, 0)
            tree = parsed.data
            src = _open_ended(tree, _KEY_LEN)
            _MIN_LEN.clear()  # (the ids of this tree's nodes are reused once it is freed)
            tests.append(None if src is None else re.compile(src).match)
            finish = max(finish, _max_finish(tree))
            rules.append(sc.compile(parsed, 0).match)  # = re.compile(low).match
        return rules, tuple(tests), _SENTINEL * (finish + 1)
    except Exception:  # another Python's internals: match with the whole grammar
        return None
    finally:
        _MIN_LEN.clear()


def _max_finish(items) -> int:
    """Characters enough to complete a match of a parsed sequence from any point in it."""
    return _parsed_len(items, longest=True)


# Speed: a new key is tested only against the rules that its first three
# characters pass, themselves among those its first character passes (each
# remembered).  A key or prefix is tested with sentinels up to one length,
# _KEY_LEN + the tail: a test takes the sentinel at every character, so a test
# passing on a key passes with the key's later characters turned into
# sentinels, which is its prefix's probe.  (A key cut short by the end of the
# text gets more sentinels than before: it can only gain rules to try.)
@lru_cache(maxsize=16384)
def _rules_at(key: str) -> tuple[tuple[str, Callable[..., re.Match[str] | None]], ...]:
    """The rules (name, match), in grammar order, that can match a text starting with ``key``."""
    rules, tests, sentinels = _rule_index()  # type: ignore[misc]
    probe = key + sentinels + _SENTINEL * (_KEY_LEN - len(key))
    return tuple((_RULES[i][0], rules[i]) for i in _rules_from(key[:3])
                 if tests[i] is None or tests[i](probe) is not None)


@lru_cache(maxsize=16384)
def _rules_from(prefix: str) -> tuple[int, ...]:
    """Indices of the rules whose test takes ``prefix`` padded with sentinels (all for "")."""
    _, tests, sentinels = _rule_index()  # type: ignore[misc]
    if not prefix:
        return tuple(range(len(tests)))
    probe = prefix + sentinels + _SENTINEL * (_KEY_LEN - len(prefix))
    return tuple(i for i in _rules_from(prefix[:1] if len(prefix) > 1 else "")
                 if tests[i] is None or tests[i](probe) is not None)


@lru_cache(maxsize=1)
def _rx_fold_traps() -> re.Pattern[str]:
    """Characters that ``re.IGNORECASE`` matches with a-z but ``str.lower`` keeps (e.g. "ſ").

    Also every character outside the Basic Multilingual Plane, which is not
    searched for such characters.
    """
    az = re.compile("[a-z]", re.I)
    traps = [chr(i) for i in range(0x80, 0x10000) if az.match(chr(i))]
    return re.compile("[" + "".join(traps) + "\U00010000-\U0010ffff]")


def _fold_lower(text: str, lf: str) -> str | None:
    """``lf`` (``text.lower()``) if the lower-cased grammar matches on it as ``_MASTER`` on ``text``.

    That holds when it keeps the offsets and has no character that IGNORECASE
    folds differently (a cased letter such as "é" then matches nothing in
    either case).
    """
    return lf if len(lf) == len(text) and not _rx_fold_traps().search(lf) else None


def _folded(text: str) -> str | None:
    """``_fold_lower(text, text.lower())``, looking for the traps among the lower-cased
    non-ASCII characters only.

    Speed: the trap class costs ~15 us on a 4 KB text.  Every trap is beyond
    ASCII, and ASCII characters lower to ASCII ones; with the offsets kept,
    each character lowers to one, so the non-ASCII characters of
    ``text.lower()`` are those of ``text`` lowered (up to the form of a final
    sigma, no trap either way).
    """
    lf = text.lower()
    if len(lf) != len(text):
        return None
    last = _LAST_REST
    rest = last[1] if last[0] is text else \
        text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")
    return None if _rx_fold_traps().search(rest.lower()) else lf


def tag(text: str, published: date | None) -> list[TimeExpression]:
    """Find and normalise the temporal expressions of ``text``.

    Parameters
    ----------
    text : str
        Article body; offsets of the results index it exactly.
    published : datetime.date or None
        Publication date, the anchor of relative expressions.  With ``None``
        only explicit dates resolve; relative ones come out ``unresolved``.

    Returns
    -------
    list of TimeExpression
        Sorted by ``start``, non-overlapping.

    Examples
    --------
    >>> from datetime import date
    >>> [(t.text, t.value, str(t.date_start)) for t in tag("Talks last week.", date(2025, 2, 18))]
    [('last week', '2025-W07', '2025-02-10')]
    """
    if not text:
        return []
    if hasattr(published, "date") and callable(published.date):  # a datetime
        published = published.date()
    low = scan = _safe_lower(text)
    if low is None:  # a cased letter beyond A-Z
        scan = _ascii_lower(text)
        low = _folded(text) if _MASTER_LOW is not None else None
    ctx = _Ctx(text, published, scan)
    n = len(text)
    rev = rlow = None  # scan and low reversed
    boiler = None
    by_line = low is not None and _BOILER_PLAN is not None  # furniture by _furniture_line
    la = lb = -1  # the line of the last anchor
    lfurn: bool | None = False  # whether it is furniture
    out: list[TimeExpression] = []
    pos = 0
    # The grammar runs on the lower-cased text when that is equivalent; handlers
    # always get the original text.
    lowered = low is not None and _MASTER_LOW is not None
    if lowered:
        match, subject = _MASTER_LOW.match, low  # type: ignore[union-attr]
    else:
        match, subject = _MASTER.match, text
    index = _rule_index() if lowered else None
    back, offsets, rules_at = _RX_BACK.match, _token_offsets, _rules_at
    for sm in _RX_SCAN.finditer(scan):
        g = sm.lastindex
        if g is None:
            break  # the end of the text
        ta, tb = sm.span(g)
        if ta < pos:
            continue
        if g == 3:  # a digit token: a year, a decade, "3Q", or an hour before "pm" / ":30"
            w = scan[ta:tb]
            if not (w in _ANCHORS or _RX_DIGIT_ANCHOR.fullmatch(w)
                    or (len(w) <= 2 and _RX_TIME_AFTER.match(text, tb))):
                continue
        # walk back over words that can open an expression
        if rev is None:
            rev = scan[::-1]
        a = n - back(rev, n - ta).end()  # type: ignore[union-attr]
        if a < ta:
            starts = [a + d for d in offsets(scan[a:ta])]
            if a < pos:
                starts = [st for st in starts if st >= pos]
            starts.append(ta)
        else:
            starts = [ta]
        for st in starts:
            if st > pos and text[st - 1] in "'’":
                st -= 1
            if index is None:
                m = match(subject, st)
                rule = None if m is None else _RULE_OF_GROUP[m.lastgroup]  # type: ignore[index]
            else:  # the first rule that matches, among those that can
                m = rule = None
                for name, rule_match in rules_at(subject[st:st + _KEY_LEN]):
                    m = rule_match(subject, st)
                    if m is not None:
                        rule = name
                        break
            if m is None:
                continue
            ms, me = m.span()
            if me <= ta or ms == me:
                continue
            # page furniture: a span holds whole lines, so only an anchor on a short line can be
            # in one; anchors come in text order, so a line is looked at once (lfurn: None = not
            # yet).  Speed: asked only here, before an anchor's first handler, since most anchors
            # on short lines match nothing; what is done before (the walk back, the matching)
            # changes nothing, so skipping a furniture anchor here skips it as before.
            if not la <= ta < lb:  # (a token never starts at a newline)
                la = text.rfind("\n", 0, ta) + 1
                lb = text.find("\n", ta)
                lb = n if lb < 0 else lb
                lfurn = None if lb - la <= _BOILER_MAX_LINE else False
            if lfurn is None:
                if by_line:
                    if rlow is None:
                        rlow = rev if low is scan else low[::-1]
                    lfurn = _furniture_line(text, low, rlow, la, lb)  # type: ignore[arg-type]
                else:
                    if boiler is None:
                        boiler = _boiler_spans(text, low)
                    if any(a <= ta < b for a, b in boiler):
                        break  # (decided per anchor: lfurn stays None)
            if lfurn:
                break
            try:
                res = _HANDLERS[rule](ctx, ms, me, text[ms:me])
            except (ValueError, KeyError, IndexError, OverflowError, StopIteration, TypeError,
                    AttributeError):
                res = None  # a malformed candidate is skipped, never fatal
            if res is None or res.start < pos or res.end > len(text) or res.start >= res.end:
                continue
            out.append(res)
            pos = res.end  # a handler may keep less than the match ("the quarter ended Sept. 30")
            if res.date_start is not None and res.granularity in ("day", "month", "year") and \
                    res.reason.startswith("explicit"):
                ctx.last_year = res.date_start.year
            if res.date_start is not None and res.granularity in ("day", "month") and \
                    res.type == "DATE":
                ctx.last_month = (res.date_start.year, res.date_start.month)
            break
    return out


def explicit_dates(text: str) -> list[TimeExpression]:
    """Fully explicit day-granularity dates (with a year) in ``text``.

    Used to infer a publication date when metadata has none.

    Examples
    --------
    >>> [t.value for t in explicit_dates("Paris, Monday, Feb. 17, 2025. Talks went on Monday.")]
    ['2025-02-17']
    """
    return [t for t in tag(text, None)
            if t.granularity == "day" and t.reason.startswith("explicit") and t.resolved]
