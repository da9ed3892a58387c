"""Actors: who is named in a text, resolved to stable canonical ids.

Countries come from pycountry plus ``data/countries.yaml`` (analyst names,
short names, demonyms, seats of power); people, organisations and groups from
``data/actors.yaml``; a user file in the same format (YAML, or CSV with the
columns ``name,type,country,aliases,roles``) extends or overrides them.

Ids are content-derived, human-readable slugs: ``country:UKR``, ``org:nato``,
``group:hamas``, ``person:emmanuel-macron``.  People found only by pattern
("President Ahmad Testname") get ``person:ahmad-testname`` and are kept as
learned actors, readable with :meth:`ActorRegistry.actor`.

How a mention was recognised (``ActorMention.how``):

``alias``       a name or alias ("Zelenskiy", "the US", "NATO"), also "President Macron"
``demonym``     "Ukrainian", "European leaders"
``metonym``     "the Kremlin", "Downing Street", "Washington is prepared"
``role``        "the French president" resolved to the holder on the given day
``apposition``  "Jane Roe, the Dutch defence minister" and later "the Dutch defence minister"
``pattern``     an unknown person named after a title ("Foreign Minister Ahmad Testname")

Examples
--------
>>> from datetime import date
>>> reg = ActorRegistry.load()
>>> [m.actor_id for m in reg.find("Zelenskiy spoke to the French president.", day=date(2025, 2, 18))]
['person:volodymyr-zelensky', 'person:emmanuel-macron']
"""

from __future__ import annotations

import csv
import io
import re
import threading
import unicodedata
import warnings
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pycountry
import yaml

from timeline._yaml import load_yaml as _load_yaml
from timeline.gazetteer import find_locations, location_of, place_country  # re-exported
from timeline.models import Actor, ActorMention, Role
from timeline.temporal import _safe_lower

__all__ = [
    "ActorRegistry",
    "ActorScan",
    "country_hint_for",
    "find_locations",
    "location_of",
    "place_country",
    "slugify",
]

_DATA = Path(__file__).resolve().parent / "data"
_ACTORS_FILE = _DATA / "actors.yaml"
_COUNTRIES_FILE = _DATA / "countries.yaml"

#: Modifiers that make a role phrase refer to someone other than the holder on the day.
_NOT_CURRENT = {"former", "ex", "ex-", "late", "then", "then-", "incoming", "previous", "future"}
_LOCATIVE = re.compile(
    r"(?:\b(?:in|at|inside|outside|near|from|to|into|on|outside of|across|around|toward|towards)"
    r"\s+(?:the\s+)?)$",
    re.IGNORECASE,
)
_NAME_TOKEN = r"[A-ZÀ-ÖØ-Þ][\w\-]*\w"
_PARTICLE = r"(?:von|van|der|den|de|da|di|du|la|le|bin|ibn|dos|das|del)"
_UNKNOWN_NAME = rf"{_NAME_TOKEN}(?:\s+(?:{_PARTICLE}\s+)*{_NAME_TOKEN}){{1,2}}"
_NAME_BEFORE_COMMA = re.compile(rf"({_UNKNOWN_NAME}),\s*$")
_NAME_AFTER_COMMA = re.compile(rf",\s+({_UNKNOWN_NAME})(?=\s*(?:[,;:.)]|$))")
_AFTER_APPOSED_ROLE = re.compile(r"\s*(?:[,;:.)—–]|$)")
_WORD_RUN = re.compile(r"\w+")
#: The alternatives of the determiner and modifier groups of the role regex.
_DETERMINER_WORDS = ("the", "our", "his", "her", "their", "its", "a", "an", "another", "every", "each")
_MODIFIER_WORDS = ("former", "ex-", "late", "then-", "then", "outgoing", "incoming", "acting", "new",
                   "interim", "caretaker", "previous", "future")


#: Characters that ``re.IGNORECASE`` matches to an ASCII letter although
#: ``str.lower`` does not map them to it (or changes the length): with them,
#: lower-cased text and ASCII patterns are not equivalent to the original
#: text and IGNORECASE patterns.
_CASE_UNSAFE = frozenset("\u0130\u0131\u017f\u212a")
_LAST_CASE: tuple[str | None, str | None] = (None, None)


def case_lower(text: str) -> str | None:
    """``text.lower()`` when matching it with lower-case ASCII patterns is the
    same as matching ``text`` with IGNORECASE ones, at the same offsets; else None.

    Wider than :func:`timeline.temporal._safe_lower`: accented letters
    ("Sánchez") are fine, as ``lower`` maps them one to one and to no ASCII
    letter.  The last answer is remembered (the article is asked for often).

    >>> case_lower("Sánchez MET"), case_lower("\u0130stanbul")
    ('sánchez met', None)
    """
    global _LAST_CASE
    last = _LAST_CASE
    if last[0] is text:
        return last[1]
    # Speed: what _safe_lower accepts is accepted here too, and its answer is
    # text.lower(): the tagger has just asked it for the article (remembered
    # there), and it lower-cases faster when the article's non-ASCII
    # characters are caseless (quotes, dashes), as they mostly are.
    low = _safe_lower(text)
    if low is None:
        low = text.lower()
        if not text.isascii() and (len(low) != len(text) or any(c in text for c in _CASE_UNSAFE)):
            low = None
    _LAST_CASE = (text, low)
    return low


def slugify(text: str) -> str:
    """A lower-case ASCII slug: ``"Luís Montenegro" -> "luis-montenegro"``.

    >>> slugify("Jean-Noël Barrot")
    'jean-noel-barrot'
    """
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_SLUG.sub("-", ascii_.lower()).strip("-")


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def trie_regex(words: Iterable[str], first_guard: str | None = None) -> str:
    """A regex alternation of ``words`` factored as a character trie.

    Python's ``re`` tries alternatives one by one; a trie makes a scan over
    thousands of aliases cost about as much as over a handful.  Longer words
    win over their prefixes (greedy optional groups).

    ``first_guard``, a one-character class such as ``[\\w\\-]``, gives the
    same matches as ``(?<!guard)`` before the alternation, but checked after
    the first letter (``U(?<![\\w\\-]U)...``): a pattern that begins with a
    letter lets ``re`` skip positions whose letter starts no word, where a
    leading look-behind makes it try every position.

    >>> trie_regex(["US", "USA", "UK"])
    'U(?:K|S(?:A)?)'
    >>> trie_regex(["US", "UK"], first_guard="-")
    'U(?<!-U)(?:K|S)'
    """
    trie: dict[str, Any] = {}
    for w in words:
        if not w:
            continue
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict[str, Any], guard: str | None = None) -> str:
        branches = [re.escape(ch) + (f"(?<!{guard}{re.escape(ch)})" if guard else "") + build(sub)
                    for ch, sub in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return "(?:" + body + ")?"
        return body

    return build(trie, first_guard) or "(?!x)x"


# ---------------------------------------------------------------------------
# data loading
# ---------------------------------------------------------------------------


def _as_date(value: Any, where: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise ValueError(f"{where}: bad date {value!r} (want YYYY-MM-DD)") from exc


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(";") if v.strip()]
    return [str(v) for v in value]


@dataclass
class _Entry:
    """A mutable staging record while the data files are merged."""

    actor_id: str
    name: str
    type: str
    country: str | None = None
    aliases: list[str] = field(default_factory=list)
    roles: list[tuple[str, str | None, date | None, date | None]] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)
    metonyms: list[str] = field(default_factory=list)
    subject_metonyms: list[str] = field(default_factory=list)
    leader: str | None = None
    parent: str | None = None


_PREFIX = {"person": "person", "organisation": "org", "organization": "org", "org": "org",
           "group": "group", "country": "country"}


@lru_cache(maxsize=1)
def _countries_yaml() -> dict[str, Any]:
    with open(_COUNTRIES_FILE, encoding="utf-8") as fh:
        return _load_yaml(fh) or {}


@lru_cache(maxsize=1)
def _actors_yaml() -> dict[str, Any]:
    with open(_ACTORS_FILE, encoding="utf-8") as fh:
        return _load_yaml(fh) or {}


def _country_entries() -> dict[str, _Entry]:
    data = _countries_yaml()
    extra = data.get("countries") or {}
    out: dict[str, _Entry] = {}
    for c in pycountry.countries:
        a3 = c.alpha_3
        info = extra.get(a3) or {}
        if info.get("match") is False:
            continue
        name = info.get("name") or getattr(c, "common_name", None) or c.name
        names = [n for n in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None))
                 if n and "," not in n and "(" not in n and not n.startswith("the ")]
        if info.get("match_name") is False:
            names = []
        out[a3] = _entry_for_country(a3, name, names, info)
    for a3, info in (data.get("extra") or {}).items():
        out[a3] = _entry_for_country(a3, info["name"], [], info)
    return out


def _entry_for_country(a3: str, name: str, names: list[str], info: Mapping[str, Any]) -> _Entry:
    aliases = list(dict.fromkeys([n for n in names if n != name] + _as_list(info.get("aliases"))))
    return _Entry(
        actor_id=f"country:{a3}", name=name, type="country", country=a3, aliases=aliases,
        demonyms=_as_list(info.get("demonyms")), metonyms=_as_list(info.get("metonyms")),
        subject_metonyms=_as_list(info.get("subject_metonyms")), leader=info.get("leader"),
    )


def _parse_role(raw: Any, where: str) -> tuple[str, str | None, date | None, date | None]:
    if isinstance(raw, Mapping):
        title, of, start, end = raw.get("title"), raw.get("of"), raw.get("start"), raw.get("end")
    elif isinstance(raw, list | tuple):
        parts = list(raw) + [None] * (4 - len(raw))
        title, of, start, end = parts[:4]
    elif isinstance(raw, str):
        parts = [p.strip() for p in raw.split("|")] + [""] * 4
        title, of, start, end = parts[:4]
    else:
        raise ValueError(f"{where}: role must be a list, mapping or 'title|of|start|end'")
    if not title:
        raise ValueError(f"{where}: role without a title")
    return (str(title).strip().lower(), (str(of).strip() or None) if of else None,
            _as_date(start, where), _as_date(end, where))


def _entry_from_record(rec: Mapping[str, Any], default_type: str, where: str) -> _Entry:
    name = str(rec.get("name") or "").strip()
    if not name:
        raise ValueError(f"{where}: entry without a name")
    typ = str(rec.get("type") or default_type).strip().lower()
    if typ not in _PREFIX:
        raise ValueError(f"{where}: unknown type {typ!r} (person, organisation, group, country)")
    typ = {"organization": "organisation", "org": "organisation"}.get(typ, typ)
    country = (str(rec["country"]).strip().upper() or None) if rec.get("country") else None
    if typ == "country":
        if not country:
            raise ValueError(f"{where}: a country entry needs its alpha-3 code in 'country'")
        aid = f"country:{country}"
    else:
        aid = str(rec.get("id") or f"{_PREFIX[typ]}:{slugify(name)}")
    roles = [_parse_role(r, where) for r in (rec.get("roles") or [])] if not isinstance(
        rec.get("roles"), str) else [_parse_role(r, where) for r in _as_list(rec["roles"])]
    return _Entry(
        actor_id=aid, name=name, type=typ, country=country,
        aliases=_as_list(rec.get("aliases")), roles=roles,
        demonyms=_as_list(rec.get("demonyms")), metonyms=_as_list(rec.get("metonyms")),
        subject_metonyms=_as_list(rec.get("subject_metonyms")), leader=rec.get("leader"),
        parent=rec.get("parent"),
    )


def _yaml_records(data: Mapping[str, Any]) -> Iterator[tuple[Mapping[str, Any], str, str]]:
    for key, typ in (("people", "person"), ("persons", "person"), ("organisations", "organisation"),
                     ("organizations", "organisation"), ("groups", "group"),
                     ("countries", "country"), ("actors", "person")):
        items = data.get(key) or []
        if isinstance(items, Mapping):  # countries: {UKR: {...}}
            items = [{"country": k, "type": "country", **(v or {})} for k, v in items.items()]
        for i, rec in enumerate(items, 1):
            yield rec, typ, f"{key}[{i}]"


def _read_user_file(path: Path) -> tuple[list[_Entry], dict[str, list[str]]]:
    """Entries of a user actor file; bad rows are skipped with a warning naming them."""
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ValueError(f"{path}: cannot read actor file ({exc.strerror or exc})") from exc
    entries: list[_Entry] = []
    titles: dict[str, list[str]] = {}
    if path.suffix.lower() in {".csv", ".tsv"}:
        dialect = "excel-tab" if path.suffix.lower() == ".tsv" else "excel"
        reader = csv.DictReader(io.StringIO(raw), dialect=dialect)
        if not reader.fieldnames or "name" not in [f.strip().lower() for f in reader.fieldnames]:
            raise ValueError(f"{path}: CSV actor file needs a header with at least 'name'")
        for lineno, row in enumerate(reader, 2):
            row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
            if not any(row.values()):
                continue
            try:
                if not row.get("name") and row.get("type") != "country":
                    raise ValueError(f"{path}:{lineno}: row without a name")
                entries.append(_entry_from_record(row, "person", f"{path}:{lineno}"))
            except ValueError as exc:
                warnings.warn(f"skipped: {exc}", stacklevel=3)
        return entries, titles
    try:
        data = _load_yaml(raw) or {}
    except yaml.YAMLError as exc:
        raise ValueError(f"{path}: not valid YAML ({exc})") from exc
    if isinstance(data, list):
        data = {"actors": data}
    if not isinstance(data, Mapping):
        raise ValueError(f"{path}: expected a mapping with people/organisations/groups lists")
    for rec, typ, where in _yaml_records(data):
        try:
            if not isinstance(rec, Mapping):
                raise ValueError("entry is not a mapping")
            rec = dict(rec)
            if typ == "country" and not rec.get("name"):
                rec["name"] = rec.get("country")
            entries.append(_entry_from_record(rec, typ, f"{path}: {where}"))
        except ValueError as exc:
            warnings.warn(f"skipped: {path}: {where}: {exc}", stacklevel=3)
    for key, forms in (data.get("titles") or {}).items():
        titles[str(key).lower()] = _as_list(forms)
    return entries, titles


# ---------------------------------------------------------------------------
# the compiled registry
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ActorScan:
    """What one text yields: its mentions and the actors learned from it."""

    mentions: tuple[ActorMention, ...]
    #: People found by pattern or apposition that the registry data does not know.
    actors: Mapping[str, Actor] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _RoleHit:
    start: int
    end: int
    title: str
    of: str | None
    det: bool
    blocked: bool
    name_aid: str | None = None  # a known person named after the title
    uname: str | None = None  # an unknown name after the title
    uname_start: int = -1
    adj_given: bool = False


class ActorRegistry:
    """Canonical actors and a compiled matcher over their names.

    Build with :meth:`load`.  The registry's data never changes after
    loading; people learned from texts (pattern, apposition) are kept in a
    separate cache so that :meth:`actor` can describe them.

    Examples
    --------
    >>> reg = ActorRegistry.load()
    >>> reg["country:GBR"].name
    'United Kingdom'
    >>> reg.resolve_role("prime minister", "GBR", date(2024, 1, 1)).name
    'Rishi Sunak'
    """

    def __init__(self, entries: Mapping[str, _Entry], titles: Mapping[str, list[str]],
                 countries_data: Mapping[str, Any]) -> None:
        self._actors: dict[str, Actor] = {}
        self._learned: dict[str, Actor] = {}
        self._lock = threading.Lock()
        self._app_cache: dict[tuple[int, str | None], dict[tuple[str, str | None], str]] = {}
        # surface -> (actor_id, how); how in alias, demonym, metonym, subject
        surface: dict[str, tuple[str, str]] = {}
        adj: dict[str, str] = {}  # surface before a title -> of key
        of_names: dict[str, str] = {}  # surface after "of" -> of key
        self._leader: dict[str, str] = {}
        self._parent: dict[str, str] = {e.actor_id: e.parent for e in entries.values() if e.parent}
        holders: dict[tuple[str, str | None], list[tuple[Role, str]]] = {}
        by_title: dict[str, list[tuple[Role, str]]] = {}

        def of_key(e: _Entry) -> str:
            return e.country if e.type == "country" and e.country else e.actor_id

        name_to_key: dict[str, str] = {}
        for e in entries.values():
            if e.type in ("country", "organisation", "group"):
                for n in [e.name, *e.aliases]:
                    name_to_key.setdefault(n.lower(), of_key(e))
        order = {"country": 0, "group": 1, "organisation": 2, "person": 3}
        for e in sorted(entries.values(), key=lambda x: (order.get(x.type, 9), x.actor_id)):
            roles = []
            for title, of, start, end in e.roles:
                if of and not re.fullmatch(r"[A-Z]{3}", of) and not of.startswith(("org:", "group:")):
                    of = name_to_key.get(of.lower(), of)
                roles.append(Role(title, of, start, end))
            aliases = tuple(dict.fromkeys(a for a in e.aliases if a != e.name))
            self._actors[e.actor_id] = Actor(e.actor_id, e.name, e.type, e.country, aliases, tuple(roles))
            for r in roles:
                holders.setdefault((r.title, r.of), []).append((r, e.actor_id))
                by_title.setdefault(r.title, []).append((r, e.actor_id))
            for n in [e.name, *e.aliases]:
                for v in _variants(n):
                    surface[v] = (e.actor_id, "alias")
            for d in e.demonyms:
                surface.setdefault(d, (e.actor_id, "demonym"))
            for m in e.metonyms:
                surface.setdefault(m, (e.actor_id, "metonym"))
            for m in e.subject_metonyms:
                surface.setdefault(m, (e.actor_id, "subject"))
            if e.type in ("country", "organisation", "group"):
                k = of_key(e)
                for n in [e.name, *e.aliases]:
                    bare = n[4:] if n.startswith("the ") else n
                    of_names.setdefault(bare, k)
                    adj.setdefault(bare, k)
                for d in e.demonyms:
                    adj.setdefault(d, k)
                if e.leader:
                    self._leader[k] = e.leader
        self._holders = holders
        self._by_title = by_title
        self._surface = surface
        self._adj = adj
        self._of = of_names
        self._generic = {k: list(v) for k, v in (countries_data.get("generic_titles") or {}).items()}
        self._subject_verbs = frozenset(countries_data.get("subject_verbs") or ())
        self._aux = frozenset(countries_data.get("auxiliaries") or ())
        self._complements = frozenset(countries_data.get("subject_complements") or ())
        self._global_titles = frozenset(_actors_yaml().get("global_titles") or ())
        self._stop = frozenset(_actors_yaml().get("name_stopwords") or ()) | _DEFAULT_STOP
        self._hints = list(countries_data.get("source_hints") or ())
        # titles: case-insensitive forms and all-capitals (case-sensitive) forms
        self._title_key: dict[str, str] = {}
        caps: list[str] = []
        for key, forms in titles.items():
            for f in [key, *forms]:
                if f.isupper():
                    caps.append(f)
                    self._title_key[f] = key
                else:
                    self._title_key[f.lower()] = key
        lower_forms = [f for f in self._title_key if not f.isupper()]
        title_re = "(?:(?i:" + trie_regex(lower_forms) + ")" + (
            "|" + trie_regex(caps) if caps else "") + ")"
        person_names = [s for s, (aid, how) in surface.items() if aid.startswith("person:")]
        # (?<![\w\-]) checked after the first letter: same matches, faster scan
        self._alias_re = re.compile(r"(?:" + trie_regex(surface, first_guard=r"[\w\-]") + r")(?![\w])")
        self._role_re = re.compile(
            r"(?<![\w\-])"
            r"(?:(?P<det>[Tt]he|[Oo]ur|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[Aa]n?|[Aa]nother|[Ee]very|[Ee]ach)\s+)?"
            r"(?:(?P<mod>" + _MODIFIERS + r")\s*)?"
            r"(?:(?P<adj>" + trie_regex(adj) + r")(?P<poss>['’]s?)?\s+)?"
            r"(?:(?P<mod2>" + _MODIFIERS + r")\s*)?"
            r"(?P<title>" + title_re + r")(?![\w\-])"
            r"(?:\s+(?:of|for)\s+(?:the\s+)?(?P<of>" + trie_regex(of_names) + r")(?![\w]))?"
            r"(?:\s+(?P<name>(?:" + trie_regex(person_names) + r")(?![\w])|(?P<uname>" + _UNKNOWN_NAME + r")(?![\w\-])))?"
            r"(?:\s+of\s+(?:the\s+)?(?P<of2>" + trie_regex(of_names) + r")(?![\w]))?"
        )
        # Speed: where a role phrase can start (see _role_matches).  Every part
        # of it (determiner, modifier, adjective, title) begins with a word.
        parts = [*_DETERMINER_WORDS, *_MODIFIER_WORDS, *adj, *self._title_key]
        if all(_WORD_RUN.match(p) for p in parts):
            firsts = frozenset(_WORD_RUN.match(p).group().lower() for p in parts)  # type: ignore[union-attr]
            title_firsts = {_WORD_RUN.match(f).group().lower() for f in self._title_key}  # type: ignore[union-attr]
            self._role_starts: tuple[frozenset[str], int, re.Pattern[str]] | None = (
                firsts, max(len(_WORD_RUN.findall(a)) for a in [*adj, "x"]) + 4,
                re.compile(r"\b(?:" + trie_regex(title_firsts) + r")\b"))
            # The same but for a match at 0, the look-behind of \b a consumed
            # character: re skips word characters fast where a leading \b makes
            # it try every position (see _title_starts).
            self._title_next: re.Pattern[str] | None = re.compile(
                r"\W(" + trie_regex(title_firsts) + r")\b")
            self._title_firsts: frozenset[str] | None = frozenset(title_firsts)
            # A whole title at a title word (lower-cased text; see _full_titles).
            self._title_low: re.Pattern[str] | None = re.compile(
                "(?:" + trie_regex({f.lower() for f in self._title_key}) + r")(?![\w\-])")
            # Every word between a match's start and its title: of a
            # determiner, modifier or adjective, or the "s" of "’s".
            self._head_words: frozenset[str] | None = frozenset(
                w.lower() for p in [*_DETERMINER_WORDS, *_MODIFIER_WORDS, *adj, "s"] for w in _WORD_RUN.findall(p))
            # Speed: what bounds a run of characters a role phrase may hold,
            # and the words after its title (see _apposable_starts).
            self._outside_role = _outside_role_chars(
                [*_DETERMINER_WORDS, *_MODIFIER_WORDS, *self._title_key], [*adj, *of_names, *person_names])
            self._tail_re = _tail_regex(
                self._title_key, ["of", "for", "the", *_PARTICLES, *of_names, *person_names])
        else:
            self._role_starts = None
            self._title_next = None
            self._title_firsts = None
            self._title_low = None
            self._head_words = None
            self._outside_role = None

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        del state["_lock"]  # locks do not pickle; workers get their own
        state.pop("_ctx_low", None)  # a memo of the last article
        state.pop("_title_memo", None)  # likewise
        state.pop("_full_memo", None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()

    # -- construction -------------------------------------------------------
    @classmethod
    def load(cls, extra: str | Path | None = None) -> ActorRegistry:
        """The bundled actors, extended or overridden by a user file.

        Parameters
        ----------
        extra : path, optional
            YAML in the layout of ``timeline/data/actors.yaml`` (``people``,
            ``organisations``, ``groups``, ``countries``, ``titles``) or CSV
            with columns ``name,type,country,aliases,roles`` (aliases ``;``
            separated, roles ``title|of|start|end`` ``;`` separated).  An
            entry with the id of a bundled one replaces it (countries keep
            their bundled aliases and gain the new ones).

        Raises
        ------
        ValueError
            The file cannot be read or parsed (the message names it); single
            bad entries are skipped with a warning instead.

        Examples
        --------
        >>> reg = ActorRegistry.load()
        >>> reg.known("person:keir-starmer")
        True
        """
        entries, titles = _bundled()
        entries = dict(entries)
        titles = {k: list(v) for k, v in titles.items()}
        if extra is not None:
            user, user_titles = _read_user_file(Path(extra))
            for e in user:
                old = entries.get(e.actor_id)
                if old is not None and e.type == "country":
                    e = replace(old, name=e.name if e.name != e.country else old.name,
                                aliases=list(dict.fromkeys(old.aliases + e.aliases)),
                                demonyms=list(dict.fromkeys(old.demonyms + e.demonyms)),
                                metonyms=old.metonyms + e.metonyms,
                                subject_metonyms=old.subject_metonyms + e.subject_metonyms,
                                roles=old.roles + e.roles)
                entries[e.actor_id] = e
            for k, forms in user_titles.items():
                titles[k] = list(dict.fromkeys(titles.get(k, []) + forms))
        return cls(entries, titles, _countries_yaml())

    # -- lookup -------------------------------------------------------------
    def known(self, actor_id: str) -> bool:
        """Whether ``actor_id`` is in the loaded data (not merely learned from a text)."""
        return actor_id in self._actors

    def actor(self, actor_id: str) -> Actor | None:
        """The actor with this id, including people learned from texts; None if unknown."""
        return self._actors.get(actor_id) or self._learned.get(actor_id)

    get = actor

    def describe(self, mention: ActorMention) -> Actor | None:
        """The actor a mention refers to."""
        return self.actor(mention.actor_id)

    def __getitem__(self, actor_id: str) -> Actor:
        a = self.actor(actor_id)
        if a is None:
            raise KeyError(actor_id)
        return a

    def __contains__(self, actor_id: object) -> bool:
        return isinstance(actor_id, str) and self.actor(actor_id) is not None

    def __iter__(self) -> Iterator[Actor]:
        return iter(self._actors.values())

    def __len__(self) -> int:
        return len(self._actors)

    @property
    def learned(self) -> Mapping[str, Actor]:
        """People learned from texts so far (read-only view)."""
        return MappingProxyType(self._learned)

    def learn(self, actor: Actor) -> Actor:
        """Remember an actor found in a text; roles merge with an earlier record of it."""
        with self._lock:
            old = self._learned.get(actor.actor_id)
            if old is not None:
                roles = tuple(dict.fromkeys(old.roles + actor.roles))
                country = old.country or actor.country
                # (the same record when nothing is new: replace() is slow)
                actor = old if roles == old.roles and country == old.country \
                    else replace(old, roles=roles, country=country)
            self._learned[actor.actor_id] = actor
        return actor

    # -- roles --------------------------------------------------------------
    def title_key(self, title: str) -> str | None:
        """The normalised title for a surface form: ``"Defense Secretary" -> "defence minister"``."""
        t = " ".join(title.split())
        return self._title_key.get(t) or self._title_key.get(t.lower())

    def resolve_role(self, title: str, of: str | date | None = None,
                     day: date | None = None) -> Actor | None:
        """Who held a role on ``day`` (None: the current holder).

        ``title`` is a normalised title or any surface form ("Foreign
        Secretary"), or a whole role phrase ("the French president") whose
        country then serves when ``of`` is not given.  ``of`` is an alpha-3
        code, an organisation id or a country/organisation name.  Without
        ``of`` only a title listed in ``global_titles`` (the pope) resolves,
        and only when a single actor holds it on that day.

        Examples
        --------
        >>> reg = ActorRegistry.load()
        >>> reg.resolve_role("the US president", day=date(2024, 6, 1)).name
        'Joe Biden'
        >>> reg.resolve_role("president", "USA", date(2025, 2, 18)).name
        'Donald Trump'
        """
        if isinstance(of, date):  # resolve_role(phrase, day), as in docs/architecture.md
            of, day = None, of
        key = self.title_key(title)
        if key is None:
            m = self._role_re.fullmatch(" ".join(title.split()))
            if m is None:
                return None
            key = self.title_key(m["title"])
            if of is None:
                of = self._of_of(m)
        if key is None:
            return None
        if of is not None and of not in self._leader and not re.fullmatch(r"[A-Z]{3}", of) \
                and not of.startswith(("org:", "group:")):
            of = self._of.get(of) or self._adj.get(of) or of
        aid = self._resolve(key, of, day)
        return self.actor(aid) if aid else None

    def affiliation(self, actor_id: str, day: date | None = None) -> str | None:
        """The country or organisation an actor acts for on ``day``, as an actor id.

        A person's office held on ``day`` decides (Kaja Kallas acts for the
        EU, not Estonia), else their country; an institution gives the body it
        belongs to (European Council -> EU).  Countries give None.

        >>> reg = ActorRegistry.load()
        >>> reg.affiliation("person:kaja-kallas", date(2025, 2, 18))
        'org:eu'
        >>> reg.affiliation("person:keir-starmer", date(2025, 2, 18))
        'country:GBR'
        """
        a = self.actor(actor_id)
        if a is None or a.type == "country":
            return None
        if a.type != "person":
            return self._parent.get(actor_id)
        held = [r for r in a.roles if r.of and _held(r, day)]
        held.sort(key=lambda r: _TITLE_RANK.get(r.title, 9))
        of = held[0].of if held else a.country
        if not of:
            return None
        aid = of if ":" in of else f"country:{of}"
        return self._parent.get(aid, aid)

    def implied(self, mention: ActorMention) -> str | None:
        """The country or organisation named inside a role phrase mention, as an actor id.

        "Russia’s foreign minister" -> ``country:RUS``; "the EU’s High
        Representative" -> ``org:eu``; None for other mentions.

        >>> reg = ActorRegistry.load()
        >>> m = reg.find("Russia’s foreign minister", day=date(2025, 2, 18))[0]
        >>> reg.implied(m)
        'country:RUS'
        """
        if mention.how not in ("role", "apposition", "alias", "pattern"):
            return None
        m = self._role_re.match(mention.text)
        if m is None:
            return None
        of = self._of_of(m)
        if of is None:
            return None
        return of if ":" in of else f"country:{of}"

    def _resolve(self, key: str, of: str | None, day: date | None) -> str | None:
        keys = [key]
        if key in self._generic:
            keys = self._generic[key]
            if key == "leader" and of in self._leader:
                keys = [self._leader[of]]
        for k in keys:
            if of is None:
                if k not in self._global_titles:
                    continue  # "the prosecutor" alone is anyone's prosecutor
                cands = self._by_title.get(k, [])
            else:
                cands = self._holders.get((k, of), [])
            held = [(r, aid) for r, aid in cands if _held(r, day)]
            if of is None and len({aid for _, aid in held}) != 1:
                continue
            if held:
                held.sort(key=lambda x: x[0].start or date.min)
                return held[-1][1]
        return None

    def _of_of(self, m: re.Match[str]) -> str | None:
        for g in ("of", "of2"):
            if m[g]:
                return self._of.get(m[g])
        if m["adj"]:
            return self._adj.get(m["adj"])
        return None

    # -- finding ------------------------------------------------------------
    def find(self, text: str, *, day: date | None = None, country_hint: str | None = None,
             published: date | None = None, context: str | None = None,
             offset: int | None = None) -> list[ActorMention]:
        """All actor mentions in ``text``, left to right, non-overlapping.

        Parameters
        ----------
        text : str
            The text to search; offsets index it.
        day : date, optional
            The date role phrases are resolved at (the event date; else the
            publication date).  ``published`` is accepted as a synonym.
        country_hint : str, optional
            Alpha-3 code bare titles refer to ("the Prime Minister" in a
            gov.uk text); see :func:`country_hint_for`.
        context : str, optional
            The whole article when ``text`` is one sentence of it: appositions
            ("Jane Roe, the Dutch defence minister") are learned from it.
        offset : int, optional
            Where ``text`` starts in ``context`` (speed only: the article's
            scan for role phrases then serves its sentences).

        Examples
        --------
        >>> reg = ActorRegistry.load()
        >>> [(m.text, m.actor_id) for m in reg.find("The Prime Minister spoke to NATO.",
        ...                                          day=date(2025, 2, 18), country_hint="GBR")]
        [('The Prime Minister', 'person:keir-starmer'), ('NATO', 'org:nato')]
        """
        return self._scan(text, day or published, country_hint, context, offset)[0]

    def find_shifted(self, text: str, offset: int, *, day: date | None = None,
                     country_hint: str | None = None, context: str) -> list[ActorMention]:
        """:meth:`find` of ``text``, which is ``context[offset:offset + len(text)]``,
        with offsets into ``context`` (speed: no mention is made twice).

        >>> reg = ActorRegistry.load()
        >>> art = "Talks. The Prime Minister spoke to NATO."
        >>> [(m.start, m.text) for m in reg.find_shifted(
        ...     art[7:], 7, day=date(2025, 2, 18), country_hint="GBR", context=art)]
        [(7, 'The Prime Minister'), (35, 'NATO')]
        """
        return self._scan(text, day, country_hint, context, offset, offset)[0]

    def scan(self, text: str, *, day: date | None = None, country_hint: str | None = None,
             context: str | None = None, offset: int | None = None,
             _shift: int = 0) -> ActorScan:
        """Like :meth:`find`, also returning the people learned from the text.

        >>> reg = ActorRegistry.load()
        >>> s = reg.scan("President Ahmad Testname of Freedonia met Foreign Minister Lina Hamdi.")
        >>> sorted(s.actors)
        ['person:ahmad-testname', 'person:lina-hamdi']
        """
        out, learned = self._scan(text, day, country_hint, context, offset, _shift)
        return ActorScan(tuple(out), learned)

    def _scan(self, text: str, day: date | None, country_hint: str | None, context: str | None,
              offset: int | None, _shift: int = 0) -> tuple[list[ActorMention], dict[str, Actor]]:
        """:meth:`scan`'s mentions, as a list, and the people learned (speed:
        :meth:`find` and :meth:`find_shifted` want a list, not the record)."""
        hint = country_hint.upper() if country_hint else None
        cands: list[tuple[int, int, str, str]] = []  # start, end, actor_id, how
        learned: dict[str, Actor] = {}
        person_at: dict[int, tuple[int, str]] = {}  # person alias end -> (start, id) and start -> (end, id)
        person_from: dict[int, tuple[int, str]] = {}
        for m in self._alias_re.finditer(text):
            s, e, surf = m.start(), m.end(), m.group()
            aid, how = self._surface[surf]
            if how in ("metonym", "subject"):
                if _LOCATIVE.search(text, max(0, s - 20), s) or text.startswith(" Palace", e):
                    continue
                if how == "subject" and not self._subject_of_verb(text, e):
                    continue
                how = "metonym"
            cands.append((s, e, aid, how))
            if aid.startswith("person:"):
                person_at[e] = (s, aid)
                person_from[s] = (e, aid)
        starts = None
        if context is not None and offset is not None and context is not text:
            starts = self._slice_starts(text, context, offset)
        hits = [self._role_hit(m, text) for m in self._role_matches(text, starts)]
        hits = [h for h in hits if h is not None]
        # appositions: from the context article if given, else from this text
        if context is not None and context != text:
            local = self._appositions_cached(context, hint)
        else:
            local = self._appositions(text, hits, person_at, person_from, hint, learned, cands)
        for h in hits:
            if h.name_aid:
                cands.append((h.start, h.end, h.name_aid, "alias"))
                continue
            if h.uname:
                aid = self._learn_unknown(h.uname, h.title, h.of, learned)
                if aid:
                    cands.append((h.start, h.end, aid, "pattern"))
                continue
            if h.blocked or not (h.det or h.of or h.adj_given or _headline(text, h.start)):
                continue
            of = h.of or hint
            aid = local.get((h.title, of))
            by_role = self._resolve(h.title, of, day)
            how = "role" if aid is None or aid == by_role else "apposition"
            aid = aid or by_role
            if aid:
                cands.append((h.start, h.end, aid, how))
        # learned surnames in the rest of the text ("... Testname said")
        if learned:
            cands.extend(self._learned_mentions(text, learned))
        for a in learned.values():
            self.learn(a)
        cands.sort(key=lambda c: (c[0], -(c[1] - c[0]), _HOW_RANK.get(c[3], 9)))
        out: list[ActorMention] = []
        last_end = -1
        for s, e, aid, how in cands:
            if s >= last_end:
                # (``_shift``: offsets into the text ``text`` is a slice of)
                out.append(ActorMention(aid, s + _shift, e + _shift, text[s:e], how))
                last_end = e
        return out, learned

    # -- helpers ------------------------------------------------------------
    def _role_matches(self, text: str, starts: list[int] | None = None) -> Iterator[re.Match[str]]:
        """``self._role_re.finditer(text)``, faster on long texts.

        A role phrase holds a title, and starts at one of the few words before
        it (at most a determiner, a modifier, a country adjective, "’s" and a
        modifier): only such places are tried, in text order, as ``finditer``
        would (see :meth:`_start_positions`).  Words are compared lower-cased,
        which is exact when :func:`case_lower` allows (else the plain scan is
        used).  ``starts``: sorted positions that hold every place a match
        starts (from :meth:`_slice_starts` or :meth:`_apposable_starts`),
        else found here.
        """
        if starts is None:
            starts_info = getattr(self, "_role_starts", None)
            # (a sentence is scanned plainly: cheap, and the article's lower-cased
            # text stays in case_lower's one-entry memory for the context scan)
            low = case_lower(text) if starts_info is not None and len(text) > 400 else None
            if low is None:
                yield from self._role_re.finditer(text)
                return
            starts = self._start_positions(low)
        pos = 0
        match = self._role_re.match
        for st in starts:
            if st < pos:
                continue
            m = match(text, st)
            if m is not None:
                yield m
                pos = m.end()

    def _start_positions(self, low: str, lo: int = 0, hi: int | None = None) -> list[int]:
        """Where a role phrase can start in ``low`` (see :meth:`_role_matches`), sorted.

        At each whole title (:meth:`_full_titles`), and at the words before it
        that can begin a part, among the last ``window`` words, as long as
        each word can be in the phrase's head (``_head_words``): a word that
        cannot ends every role phrase's head with this title.

        ``lo``/``hi``: only the role phrases of ``low[lo:hi]``, which spaces or
        characters no role phrase holds bound (or the text's ends): that
        slice's titles and the words before each inside the slice (no word
        crosses its edges), at their offsets in ``low``; the same as the
        positions of ``low[lo:hi]`` shifted by ``lo``.
        """
        firsts, window, _ = self._role_starts  # type: ignore[misc]
        titles = self._full_titles(low)
        if lo or hi is not None:
            titles = titles[bisect_left(titles, lo):bisect_left(titles, len(low) if hi is None else hi)]
        head = getattr(self, "_head_words", None)
        starts: set[int] = set()
        runs_in = _WORD_RUN.finditer
        last = -1
        for q in titles:
            span = 8 * window
            if 0 <= last and q - last <= span:
                # The runs of this window before the last title's start are in
                # that title's window (fewer runs away): only the runs since
                # then are new.
                runs = list(runs_in(low, last, q))
            else:
                while True:
                    start = max(lo, q - span)
                    runs = list(runs_in(low, start, q))
                    if len(runs) > window or start == lo:  # (the first run may be cut at start)
                        break
                    span *= 4
            last = q
            if head is None:
                starts.update([r.start() for r in runs[-window:] if r.group() in firsts])
            else:
                # A match whose title is at q starts at q or in the words right
                # before it that can be in its head: not before the nearest
                # other word (nor before the last title, whose own walk went on).
                for r in reversed(runs[-window:]):
                    w = r.group()
                    if w not in head:
                        break
                    if w in firsts:
                        starts.add(r.start())
            starts.add(q)
        return sorted(starts)

    def _full_titles(self, low: str) -> list[int]:
        """The :meth:`_title_starts` where a whole title is, as the role
        regex's title group needs (any case, followed by no word character or
        hyphen), in ``low`` lower-cased (see :func:`case_lower`); remembered
        for the text's next question.  A role match's title is at one of them:
        the others ("foreign policy", "home" of "home secretary") start none.
        """
        memo = getattr(self, "_full_memo", None)
        if memo is not None and memo[0] is low:
            return memo[1]
        titles = self._title_starts(low)
        title_low = getattr(self, "_title_low", None)
        if title_low is not None:
            at = title_low.match
            titles = [q for q in titles if at(low, q) is not None]
        self._full_memo = (low, titles)
        return titles

    def _title_starts(self, low: str) -> list[int]:
        """``[m.start() for m in title_re.finditer(low)]`` (``title_re`` of ``_role_starts``).

        A title's first word begins and ends with a word character: no match
        starts where the last ended, and each but one at 0 follows a non-word
        character, which ``_title_next`` consumes.
        """
        memo = getattr(self, "_title_memo", None)
        if memo is not None and (memo[0] is low or memo[0] == low):
            return memo[1]
        title_re = self._role_starts[2]  # type: ignore[index]
        nxt = getattr(self, "_title_next", None)
        if nxt is None:
            out = [m.start() for m in title_re.finditer(low)]
            self._title_memo = (low, out)
            return out
        first = title_re.match(low)
        out = [0] if first is not None else []
        out += [m.start(1) for m in nxt.finditer(low, first.end() if first is not None else 0)]
        self._title_memo = (low, out)  # (an article's sentences ask again)
        return out

    def title_words(self) -> frozenset[str] | None:
        """The lower-case first words of titles ("prime", "minister"), whose
        places in an article's lower-cased text (see :func:`case_lower`) give
        where role phrases can start; None: this registry does not use them.

        >>> "minister" in ActorRegistry.load().title_words()
        True
        """
        return getattr(self, "_title_firsts", None)

    def note_title_starts(self, low: str, starts: list[int]) -> None:
        """Speed: where :meth:`title_words` are in ``low`` as whole words
        (``\\b<word>\\b``), sorted, found by the caller's own scan of the same
        text; used by the next scan of ``low``'s article.

        >>> reg = ActorRegistry.load()
        >>> reg.note_title_starts("the prime minister", [4, 10])
        >>> reg._title_starts("the prime minister")
        [4, 10]
        """
        self._title_memo = (low, starts)

    def _context_low(self, context: str) -> str | None:
        """:func:`case_lower` of an article, if role starts are found in it."""
        memo = getattr(self, "_ctx_low", (None, None))
        if memo[0] is context:
            return memo[1]
        low = case_lower(context) if getattr(self, "_role_starts", None) is not None else None
        self._ctx_low = (context, low)
        return low

    def _slice_starts(self, text: str, context: str, offset: int) -> list[int] | None:
        """The role phrase start positions of ``text``, which is
        ``context[offset:offset + len(text)]`` between spaces, found in the
        article's lower-cased text (None: no shortcut).

        A title's first word in the slice is one in the article (these are
        single words, and spaces bound the slice), and the words before it in
        the slice are the article's: :meth:`_start_positions` of the article
        bounded to the slice gives the slice's own.
        """
        end = offset + len(text)
        if offset < 0 or end > len(context) or not context.startswith(text, offset) or (
                offset > 0 and not context[offset - 1].isspace()) or (
                end < len(context) and not context[end].isspace()):
            return None
        low = self._context_low(context)
        if low is None:
            return None
        titles = self._full_titles(low)
        i = bisect_left(titles, offset)
        if i == len(titles) or titles[i] >= end:
            return []  # no whole title in the slice: no role phrase (most sentences)
        return [st - offset for st in self._start_positions(low, offset, end)]

    def _apposable_starts(self, context: str, low: str) -> list[int] | None:
        """Where to look for the article's role phrases that :func:`_by_comma`
        passes: sorted positions, among which :meth:`_role_matches` finds the
        same such phrases as among all of :meth:`_start_positions`; None: no
        shortcut (a comma may be inside a role phrase).

        No role match holds a character that ``_outside_role`` finds (see
        :func:`_outside_role_chars`): the article falls into runs of other
        characters, and a match lies inside one, so the matches of a run
        come from its own starts alone, whatever happens in other runs.  A
        comma by a match bounds its run: right after the match (a comma after
        its title and at most one past its end, none being inside it), or
        before its start, spaces between.  Only such runs are scanned, and
        only those where a title can begin such a match.
        """
        got = getattr(self, "_outside_role", None)
        if got is None:
            return None
        outside, commas = got
        if any(w in context for w in commas):
            return None  # a comma may be inside a match
        firsts = self._role_starts[0]  # type: ignore[index]
        tail = self._tail_re.match
        out: list[int] = []
        run_end = -1
        for q in self._full_titles(low):
            if q < run_end:
                continue  # in the run just scanned
            # A match whose title is at q ends at a comma, which ends q's run,
            # with words that may follow a title (see _tail_regex) ...
            right = tail(context, q) is not None
            # ... or it starts at the first word after the last comma before q,
            # which starts q's run.
            c = context.rfind(",", 0, q)
            w = _FIRST_WORD.match(low, c + 1) if c >= 0 else None
            left = w is not None and w.group(1) in firsts and outside.search(context, c + 1, q) is None
            if not (left or right):
                continue
            d = outside.search(context, q)
            end = d.start() if d is not None else len(context)
            start = c + 1 if left else self._run_start(context, q)
            out += self._start_positions(low, start, end)
            run_end = end
        return out

    def _run_start(self, context: str, q: int) -> int:
        """Just after the last character ``_outside_role`` finds before ``q`` (else 0)."""
        outside = self._outside_role[0]  # type: ignore[index]
        span = 256
        while True:
            lo = max(0, q - span)
            ends = [m.end() for m in outside.finditer(context, lo, q)]
            if ends:
                return ends[-1]
            if lo == 0:
                return 0
            span *= 4

    def _subject_of_verb(self, text: str, end: int) -> bool:
        words = _NEXT_WORDS.match(text, end)
        if not words:
            return False
        toks = [w.lower() for w in _LATIN_WORD.findall(words.group(0))]
        if not toks:
            return False
        if toks[0] in self._subject_verbs:
            return True
        if toks[0] not in self._aux:
            return False
        rest = [t for t in toks[1:] if t not in _ADVERBS]
        return bool(rest) and (rest[0] in self._subject_verbs or rest[0] in self._complements)

    def _role_hit(self, m: re.Match[str], text: str) -> _RoleHit | None:
        key = self.title_key(m["title"])
        if key is None:
            return None
        of = self._of_of(m)
        mod = (m["mod"] or m["mod2"] or "").lower()
        det_word = (m["det"] or "").lower()
        # "a Ukrainian president", "a former president": not the holder on the day
        blocked = mod in _NOT_CURRENT or det_word in ("a", "an", "another", "every", "each")
        det = det_word in ("the", "our")
        name_aid = uname = None
        uname_start = -1
        end = m.end()
        if m["name"]:
            if m["uname"]:
                # "President Ahmad Testname", "the French President Ahmad Testname", but
                # not "the Premier League Champions" nor a Title Case headline
                plain = not m["det"] or bool(m["adj"])
                uname = (None if not plain or _title_case_line(text, m.start(), m.end("uname"))
                         else self._clean_name(m["uname"]))
                uname_start = m.start("uname")
                if uname is None:  # not a name after all: the role phrase ends at the title/of
                    end = m.end("of") if m["of"] else m.end("title")
                    of = self._of.get(m["of"]) if m["of"] else (self._adj.get(m["adj"]) if m["adj"] else None)
                else:
                    end = uname_start + len(uname)
                    if m["of2"] and text[end:m.start("of2")].strip() == "of":
                        end = m.end()
            else:
                name_aid = self._surface[m["name"]][0]
        if name_aid is None and uname is None and _COMPOUND_AFTER.match(text, end):
            blocked = True  # "the Premier League", "the President Hotel": a name, not the office
        return _RoleHit(m.start(), end, key, of, det, blocked, name_aid, uname, uname_start,
                        bool(m["adj"]))

    def _clean_name(self, name: str) -> str | None:
        toks = name.split()
        keep: list[str] = []
        for t in toks:
            if t in self._stop or t in self._surface or t in self._title_key or t.lower() in self._title_key:
                break
            keep.append(t)
        while keep and keep[-1].lower() in _PARTICLES:
            keep.pop()
        if len([t for t in keep if t.lower() not in _PARTICLES]) < 2:
            return None
        return " ".join(keep)

    def _learn_unknown(self, name: str, title: str | None, of: str | None,
                       learned: dict[str, Actor]) -> str | None:
        aid = f"person:{slugify(name)}"
        if aid in self._actors:
            return aid
        roles: tuple[Role, ...] = ()
        if title and title not in self._generic:
            roles = (Role(title, of),)
        country = of if of and _ALPHA3.fullmatch(of) else None
        old = learned.get(aid)
        if old is not None:
            roles = tuple(dict.fromkeys(old.roles + roles))
            country = old.country or country
        learned[aid] = Actor(aid, name, "person", country, (), roles)
        return aid

    def _appositions(self, text: str, hits: list[_RoleHit], person_at: Mapping[int, tuple[int, str]],
                     person_from: Mapping[int, tuple[int, str]], hint: str | None,
                     learned: dict[str, Actor], cands: list[tuple[int, int, str, str]]
                     ) -> dict[tuple[str, str | None], str]:
        """``(title, of) -> actor id`` from "Name, [the] role" and "the role, Name," in ``text``."""
        local: dict[tuple[str, str | None], str] = {}
        for h in hits:
            if h.name_aid or h.uname or h.blocked:
                continue
            if not (h.det or h.of or h.adj_given):
                continue
            of = h.of or hint
            aid = None
            # Name, the role[,.;]
            if _AFTER_APPOSED_ROLE.match(text, h.end):
                before = text[max(0, h.start - 80):h.start]
                mc = re.search(r",\s*$", before)
                if mc:
                    comma = h.start - (len(before) - mc.start())
                    if comma in person_at:
                        aid = self._fits(person_at[comma][1], h.title, of)
                    else:
                        mn = _NAME_BEFORE_COMMA.search(before)
                        name = self._clean_tail(mn.group(1)) if mn else None
                        if name:
                            aid = self._learn_unknown(name, h.title, of, learned)
                            ns = h.start - (len(before) - before.rfind(name))
                            cands.append((ns, ns + len(name), aid, "apposition"))
            # the role, Name[,.;]
            if aid is None:
                ma = re.match(r",\s+", text[h.end:h.end + 4])
                if ma:
                    ns = h.end + ma.end()
                    if ns in person_from and _AFTER_APPOSED_ROLE.match(text, person_from[ns][0]):
                        aid = self._fits(person_from[ns][1], h.title, of)
                    else:
                        mn = _NAME_AFTER_COMMA.match(text, h.end)
                        name = self._clean_name(mn.group(1)) if mn else None
                        if name and mn and name == mn.group(1):
                            aid = self._learn_unknown(name, h.title, of, learned)
                            cands.append((mn.start(1), mn.end(1), aid, "apposition"))
            if aid is not None:
                local.setdefault((h.title, of), aid)
        return local

    def _fits(self, aid: str, title: str, of: str | None) -> str | None:
        """``aid`` if a known person can be apposed to this role ("Trump, the Prime Minister," cannot)."""
        a = self._actors.get(aid)
        if a is None or not a.roles:
            return aid  # nothing known against it
        keys = self._generic.get(title, [title])
        ok = any(r.title in keys and (of is None or r.of == of) for r in a.roles)
        return aid if ok else None

    def _clean_tail(self, name: str) -> str | None:
        # "In Paris Jane Roe" -> keep the capitalised run after the last stop word
        toks = name.split()
        while toks and (toks[0] in self._stop or toks[0] in self._surface):
            toks.pop(0)
        return self._clean_name(" ".join(toks)) if toks else None

    def _appositions_cached(self, context: str, hint: str | None) -> dict[tuple[str, str | None], str]:
        key = (hash(context), hint)
        got = self._app_cache.get(key)
        if got is None:
            scan_learned: dict[str, Actor] = {}
            # Speed: where people are named is asked only next to a comma by a
            # role phrase; the alias scan of the article runs on the first such question.
            people = _LazyPeople(self, context)
            low = self._context_low(context)
            starts = None
            if low is not None:
                starts = self._apposable_starts(context, low)
                if starts is None:
                    starts = self._start_positions(low)
            # (and only a role phrase by a comma is apposed: the others' hits
            # would be passed over)
            hits = [h for h in (self._role_hit(m, context)
                                for m in self._role_matches(context, starts)
                                if _by_comma(context, m)) if h]
            got = self._appositions(context, hits, people.at, people.start, hint, scan_learned, [])
            for a in scan_learned.values():
                self.learn(a)
            if len(self._app_cache) > 256:
                self._app_cache.clear()
            self._app_cache[key] = got
        return got

    def _learned_mentions(self, text: str, learned: Mapping[str, Actor]) -> list[tuple[int, int, str, str]]:
        forms: dict[str, str] = {}
        for aid, a in learned.items():
            forms[a.name] = aid
            last = a.name.split()[-1]
            if last not in self._stop and last not in self._surface:
                forms.setdefault(last, aid)
        return [(s, e, forms[text[s:e]], "pattern") for s, e in _find_forms(text, forms)]


def _by_comma(text: str, m: re.Match[str]) -> bool:
    """Whether a match of ``_role_re`` may be apposed (see ``_appositions``):
    a comma before it (spaces between) or at the end of its hit, which is
    after its title and at most the match's end.

    >>> reg = ActorRegistry.load()
    >>> [_by_comma(t, reg._role_re.search(t)) for t in (
    ...     "Jane Roe,  the prime minister.", "the prime minister, Jane Roe,", "the prime minister said")]
    [True, True, False]
    """
    return "," in text[m.end("title"):m.end() + 1] or _comma_before(text, m.start())


def _comma_before(text: str, i: int) -> bool:
    """Whether a comma is before ``text[i]``, spaces between."""
    i -= 1
    while i >= 0 and text[i].isspace():
        i -= 1
    return i >= 0 and text[i] == ","


def _outside_role_chars(any_case: Iterable[str], exact: Iterable[str]
                        ) -> tuple[re.Pattern[str], tuple[str, ...]] | None:
    """A regex finding a character that no match of the role regex holds,
    and the words with a comma, inside which one may (see below); None: no
    such regex.

    ``any_case``: the words of its case-insensitive parts (determiners,
    modifiers, titles), ``exact``: of the others (adjectives, names after
    "of", people's names).  A match holds these words, spaces, word
    characters, hyphens and apostrophes (unknown names, "’s").

    - A comma found is outside a match when the text holds none of the
      words with a comma ("Bonaire, Sint Eustatius and Saba").
    - A full stop is inside a match only in a word such as "U.S." or
      "J. D. Vance", after a capital A-Z that no word character precedes
      (such a word follows a space, a hyphen or the match's start, where
      no word character is): any other full stop is outside.  A word with
      another kind of full stop: None.
    - Any other character of a word is taken as inside.  A character a
      case-insensitive part could match in another case, a comma or a full
      stop in such a part make the set unsure: None.

    >>> rx, commas = _outside_role_chars(["the", "prime minister"], ["U.S.", "Bonaire, Saba"])
    >>> [m.group() for m in rx.finditer("the U.S. president, (who) said.")], commas
    ([',', '(', ')', '.'], ('Bonaire, Saba',))
    """
    extra = {"-", "'", "’"}
    commas: list[str] = []
    for p in any_case:
        if "," in p or "." in p:
            return None
        extra.update(ch for ch in p if not _WORD_OR_SPACE.match(ch))
    for p in exact:
        if "," in p:
            commas.append(p)
        for i, ch in enumerate(p):
            if ch == "." and not (i >= 1 and "A" <= p[i - 1] <= "Z"
                                  and (i == 1 or not _WORD_CHAR.match(p[i - 2]))):
                return None
        extra.update(ch for ch in p if not _WORD_OR_SPACE.match(ch))
    extra.discard(",")
    dots = "." in extra
    extra.discard(".")
    if any(ch.lower() != ch or ch.upper() != ch for ch in extra):
        return None
    # (one character class, then a look-behind: re scans such a regex fast)
    rx = re.compile("[^\\w\\s" + "".join(re.escape(ch) for ch in sorted(extra)) + "]"
                    + ("(?<!(?<!\\w)[A-Z]\\.)" if dots else ""))
    return rx, tuple(dict.fromkeys(commas))


def _tail_regex(titles: Iterable[str], words: Iterable[str]) -> re.Pattern[str]:
    """A regex matching at a title's start when a role match whose title
    begins there could end right before a comma (``_by_comma``).

    After its title a role match holds only chunks (runs of non-spaces) of
    ``titles`` (any case), of ``words`` ("of", "for", "the", particles,
    names after "of", people's names) and capitalised tokens of unknown
    names, each a whole chunk: every part of it is followed by spaces or its
    end, and no comma is inside a match (see :func:`_outside_role_chars`).
    A chunk's alternatives that match all take the whole chunk, so each is
    tried atomically: the regex is linear.

    >>> rx = _tail_regex(["prime minister"], ["of", "France"])
    >>> [bool(rx.match(t)) for t in ("Prime Minister of France,", "prime minister Jean-Luc Roe,",
    ...                              "prime minister said,", "prime minister ,")]
    [True, True, False, False]
    """
    any_case = {w.lower() for t in titles for w in t.split()}
    exact = {w for n in words for w in n.split()}
    chunk = ("(?>(?:(?i:" + trie_regex(any_case) + ")|" + trie_regex(exact) + "|" + _NAME_TOKEN
             + ")(?=[\\s,]))")
    return re.compile(chunk + "(?:\\s+" + chunk + ")*+,")


_WORD_OR_SPACE = re.compile(r"[\w\s]")
_WORD_CHAR = re.compile(r"\w")
_FIRST_WORD = re.compile(r"\s*(\w+)")


def _find_forms(text: str, forms: Iterable[str]) -> list[tuple[int, int]]:
    """The spans of ``_forms_regex(frozenset(forms)).finditer(text)``, without
    compiling it (a text's learned names are new to the process).

    The regex takes, left to right and without overlap, the longest form at a
    position that no word character or hyphen precedes and no word character
    follows (``\\w`` is ``isalnum`` or ``_``).

    >>> _find_forms("Ahmad Testname met Testnames; x-Testname and Testname said",
    ...             ["Ahmad Testname", "Testname"])
    [(0, 14), (45, 53)]
    """
    best: dict[int, int] = {}  # start -> longest end
    n = len(text)
    for f in forms:
        if not f:
            continue
        i = text.find(f)
        while i >= 0:
            e = i + len(f)
            if (i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "_-")) and (
                    e == n or not (text[e].isalnum() or text[e] == "_")) and e > best.get(i, -1):
                best[i] = e
            i = text.find(f, i + 1)
    out: list[tuple[int, int]] = []
    pos = 0
    for i in sorted(best):
        if i >= pos:
            out.append((i, best[i]))
            pos = best[i]
    return out


@lru_cache(maxsize=256)
def _forms_regex(forms: frozenset[str]) -> re.Pattern[str]:
    # The same few learned names recur sentence after sentence: compiled once.
    return re.compile(r"(?<![\w\-])(?:" + trie_regex(forms) + r")(?![\w])")


class _PeopleView(Mapping[int, tuple[int, str]]):
    """``person_at`` or ``person_from`` of :meth:`ActorRegistry.scan`, built on first use."""

    def __init__(self, owner: _LazyPeople, which: int) -> None:
        self._owner, self._which = owner, which

    def _map(self) -> dict[int, tuple[int, str]]:
        return self._owner.maps()[self._which]

    def __getitem__(self, key: int) -> tuple[int, str]:
        return self._map()[key]

    def __contains__(self, key: object) -> bool:
        return key in self._map()

    def __iter__(self) -> Iterator[int]:
        return iter(self._map())

    def __len__(self) -> int:
        return len(self._map())


class _LazyPeople:
    """People's aliases in a text by end and by start, scanned when first asked."""

    def __init__(self, registry: ActorRegistry, text: str) -> None:
        self._registry, self._text = registry, text
        self._maps: tuple[dict[int, tuple[int, str]], dict[int, tuple[int, str]]] | None = None
        self.at, self.start = _PeopleView(self, 0), _PeopleView(self, 1)

    def maps(self) -> tuple[dict[int, tuple[int, str]], dict[int, tuple[int, str]]]:
        if self._maps is None:
            person_at: dict[int, tuple[int, str]] = {}
            person_from: dict[int, tuple[int, str]] = {}
            surface = self._registry._surface
            for m in self._registry._alias_re.finditer(self._text):
                aid, _ = surface[m.group()]
                if aid.startswith("person:"):
                    person_at[m.end()] = (m.start(), aid)
                    person_from[m.start()] = (m.end(), aid)
            self._maps = (person_at, person_from)
        return self._maps


_PARTICLES = {"von", "van", "der", "den", "de", "da", "di", "du", "la", "le", "bin", "ibn", "dos", "das", "del"}
_MODIFIERS = (r"(?i:former|ex-|late|then-|then|outgoing|incoming|acting|new|interim|caretaker|"
              r"previous|future)(?![\w])")
_COMPOUND_AFTER = re.compile(r"[ \t]+[A-Z][a-z]")
_NEXT_WORDS = re.compile(r"(?:\s+[A-Za-z’']+){1,4}")
_LATIN_WORD = re.compile(r"[A-Za-z’']+")
_ALPHA3 = re.compile(r"[A-Z]{3}")
_LETTERS = re.compile(r"[^\W\d_]+")
_ADVERBS = frozenset({"not", "also", "already", "still", "now", "yet", "never", "so", "far", "clearly"})
#: Which office speaks for a person when they hold several on a day.
_TITLE_RANK = {"president": 0, "prime minister": 1, "chancellor": 1, "high representative": 2,
               "secretary general": 2, "foreign minister": 3, "defence minister": 4}
_HOW_RANK = {"alias": 0, "role": 1, "apposition": 1, "pattern": 2, "metonym": 3, "demonym": 4}
_DEFAULT_STOP = frozenset(
    "The A An And But Or Of In On At For To With From By As He She It We They His Her Their Our "
    "This That These Those Monday Tuesday Wednesday Thursday Friday Saturday Sunday January "
    "February March April May June July August September October November December Mr Mrs Ms "
    "Dr Sir Dame Lord Lady Today Yesterday Tomorrow Said Says Told Has Had Was Is Will Would Who "
    "When After Before During Also Then".split()
)


def _title_case_line(text: str, start: int, end: int) -> bool:
    """Whether the line around ``start:end`` is a Title Case headline (no names learned from it).

    True when every other word of the line is capitalised, short function
    words apart ("President Held Phone Talks with Heads of Government").
    """
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    rest = text[lo:start] + " " + text[end:hi if hi >= 0 else len(text)]
    # (the first small word answers: no list of the line's words)
    n = 0
    for w in _LETTERS.findall(rest):
        if w.lower() not in _FUNCTION_WORDS:
            if not w[0].isupper():
                return False
            n += 1
    return n >= 3


_FUNCTION_WORDS = frozenset(
    "a an the and or but of in on at to for by from with as into over after before".split())


def _headline(text: str, start: int) -> bool:
    # Headlines drop articles: "PM remarks on call with ..." at the start of a line.
    return start == 0 or text[start - 1] == "\n"


def _held(role: Role, day: date | None) -> bool:
    if day is None:
        return role.end is None
    return role.held_on(day)


def _variants(name: str) -> list[str]:
    """Surface forms of a name: itself, "The X" for "the X", curly/straight apostrophes."""
    out = [name]
    if name.startswith("the "):
        out.append("The " + name[4:])
    for v in list(out):
        if "'" in v:
            out.append(v.replace("'", "’"))
        if "’" in v:
            out.append(v.replace("’", "'"))
    return out


@lru_cache(maxsize=1)
def _bundled() -> tuple[dict[str, _Entry], dict[str, list[str]]]:
    entries = _country_entries()
    out: dict[str, _Entry] = {e.actor_id: e for e in entries.values()}
    data = _actors_yaml()
    for rec, typ, where in _yaml_records(data):
        e = _entry_from_record(rec, typ, f"{_ACTORS_FILE}: {where}")
        if e.actor_id in out:
            raise ValueError(f"{_ACTORS_FILE}: {where}: duplicate id {e.actor_id}")
        out[e.actor_id] = e
    titles = {str(k).lower(): _as_list(v) for k, v in (data.get("titles") or {}).items()}
    for k in _countries_yaml().get("generic_titles") or {}:
        titles.setdefault(k, [k])
    return out, titles


def country_hint_for(article: Any) -> str | None:
    """The country whose officials an article's bare titles name, from its url and source.

    ``article`` is an :class:`~timeline.models.Article` or a mapping with
    ``url``/``source`` (and optional ``metadata``).  gov.uk and Hansard give
    ``GBR``, state.gov ``USA``, president.gov.ua ``UKR`` (see
    ``source_hints`` in ``data/countries.yaml``).

    Examples
    --------
    >>> country_hint_for({"url": "https://www.gov.uk/government/news/pm-call"})
    'GBR'
    >>> country_hint_for({"url": "https://example.com", "source": "U.S. Department of State"})
    'USA'
    >>> country_hint_for({"url": "https://example.com"}) is None
    True
    """
    # (each isinstance asked once: a check against an ABC is slow)
    get: Callable[[str], Any] = article.get if isinstance(article, Mapping) \
        else lambda key: getattr(article, key, None)
    meta = get("metadata") or {}
    meta_map = isinstance(meta, Mapping)
    urls = [get("url") or "", meta.get("url", "") if meta_map else ""]
    texts = [get("source") or ""]
    if meta_map:
        texts += [str(meta.get(k, "")) for k in ("source", "original", "publisher")]
    return _hint_from(tuple(str(u) for u in urls), tuple(texts))


@lru_cache(maxsize=4096)
def _hint_from(urls: tuple[str, ...], texts: tuple[str, ...]) -> str | None:
    # A pure function of the url and source strings, and outlets repeat: cached.
    hosts = []
    for u in urls:
        m = _HOST_RE.match(str(u).strip().lower())
        if m:
            hosts.append(m.group(1))
    hints, domains, sources, any_source = _hint_tables()
    first = _domain_hint(tuple(hosts))
    if first is not None:
        return hints[first]["country"]
    blob = " ".join(list(texts) + [str(u) for u in urls]).lower()
    if any_source is None or not any_source.search(blob):
        return None  # (no source at all: the loop below would find none)
    for s, i in sources:
        if s in blob:
            return hints[i]["country"]
    return None


_HOST_RE = re.compile(r"^(?:[a-z]+://)?([^/?#:]+)")


@lru_cache(maxsize=4096)
def _domain_hint(hosts: tuple[str, ...]) -> int | None:
    """The first hint (its index in ``source_hints``) with a domain that is a
    host or ends one after a dot: every such ending of every host looked up.
    Remembered per hosts (an outlet's urls differ, its host does not)."""
    domains = _hint_tables()[1]
    return min((domains[x] for host in hosts
                for x in [host] + [host[k + 1:] for k, ch in enumerate(host) if ch == "."]
                if x in domains), default=None)


@lru_cache(maxsize=1)
def _hint_tables() -> tuple[list[dict[str, Any]], dict[str, int], list[tuple[str, int]],
                            re.Pattern[str] | None]:
    """``source_hints``; each domain's first hint; the lower-cased sources
    with their hint, in order; a regex finding any of them."""
    hints = list(_countries_yaml().get("source_hints") or [])
    domains: dict[str, int] = {}
    for i, h in enumerate(hints):
        for d in h.get("domains") or ():
            domains.setdefault(d, i)
    sources = [(s.lower(), i) for i, h in enumerate(hints) for s in h.get("sources") or ()]
    # (a trie: re tries one branch per letter, not every source at every place)
    any_source = re.compile(trie_regex(s for s, _ in sources)) if sources else None
    return hints, domains, sources, any_source
