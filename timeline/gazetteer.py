"""Places named in a text: cities, venues, regions and countries.

Cities, venues and regions come from ``data/places.csv`` (name, aliases,
country alpha-3, lat, lon, kind, within); a venue stands for the city it is
in ("the Elysee Palace" -> Paris, "Munich Security Conference" -> Munich).
Countries reuse the names of :mod:`timeline.actors` ("Saudi Arabia", "the US"
-> "United States").  Everything is one compiled regular expression.

Examples
--------
>>> find_locations("talks in Riyadh, Saudi Arabia")
[(9, 15, 'Riyadh'), (17, 29, 'Saudi Arabia')]
>>> location_of("Macron met European leaders at the Elysee Palace in Paris, France, on Monday.")
'Paris'
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = ["Place", "find_locations", "led_locations", "lines_bound_places", "location_of", "place",
           "place_country", "places"]

_PLACES_FILE = Path(__file__).resolve().parent / "data" / "places.csv"

#: How specific a kind of place is: a venue or city beats a region beats a country.
_RANK = {"venue": 3, "city": 3, "region": 2, "country": 1}

# A place counts as "where it happened" when a locative preposition leads it,
# or a motion word + to/from/into ("a visit to Washington", "returns from Kyiv"),
# a transitive "visit" ("visited Kyiv"), or the target of an attack ("invasion of Ukraine").
_LED = re.compile(
    r"(?:\b(?:in|at|near|inside|outside|across|throughout|around|hosted\s+by|held\s+by)"
    r"|\b(?:visit(?:s|ed|ing)?|trip|travel(?:s|led|ling|ed|ing)?|journey(?:ed)?|flew|fly(?:ing)?|"
    r"went|go(?:es|ing)?|head(?:s|ed|ing)?|return(?:s|ed|ing)?|arriv(?:e|es|ed|ing)|came|come|"
    r"coming|sent|deploy(?:s|ed|ing)?|invited|delegation|way)\b(?:\s+[\w’'\-.]+){0,3}?\s+(?:to|from|into)"
    r"|\bvisit(?:s|ed|ing)?"
    r"|\b(?:invasion|occupation|bombardment|shelling|annexation)\s+of|\b(?:war|assault|attacks?)\s+on)"
    r"\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_CHAIN = re.compile(r"^\s*,\s*$")


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry (a country entry has kind ``country``)."""

    name: str
    country: str | None
    lat: float | None = None
    lon: float | None = None
    kind: str = "city"
    #: For a venue: the city it is in (its canonical place name).
    within: str | None = None


@lru_cache(maxsize=1)
def places() -> dict[str, Place]:
    """Every place by canonical name (cities, venues, regions and countries).

    >>> places()["Kyiv"].country
    'UKR'
    """
    out: dict[str, Place] = {}
    for p, _ in _rows():
        out.setdefault(p.name, p)
    return out


@lru_cache(maxsize=1)
def _rows() -> tuple[tuple[Place, tuple[str, ...]], ...]:
    rows: list[tuple[Place, tuple[str, ...]]] = []
    with open(_PLACES_FILE, encoding="utf-8", newline="") as fh:
        for lineno, r in enumerate(csv.DictReader(fh), 2):
            try:
                p = Place(r["name"].strip(), (r.get("country") or "").strip() or None,
                          float(r["lat"]) if r.get("lat") else None,
                          float(r["lon"]) if r.get("lon") else None,
                          (r.get("kind") or "city").strip() or "city",
                          (r.get("within") or "").strip() or None)
            except (KeyError, ValueError) as exc:
                raise ValueError(f"{_PLACES_FILE}:{lineno}: bad row ({exc})") from exc
            aliases = tuple(a.strip() for a in (r.get("aliases") or "").split(";") if a.strip())
            rows.append((p, aliases))
    from timeline.actors import _bundled  # countries: names shared with the actor data

    entries, _ = _bundled()
    for e in entries.values():
        if e.type == "country" and e.country:
            p = Place(e.name, e.country, kind="country")
            rows.append((p, tuple(a[4:] if a.startswith("the ") else a for a in e.aliases)))
    return tuple(rows)


@lru_cache(maxsize=1)
def _matcher() -> tuple[re.Pattern[str], dict[str, Place]]:
    from timeline.actors import trie_regex

    surface: dict[str, Place] = {}
    for p, aliases in _rows():  # cities first: "Singapore", "Kuwait City" keep their row
        for s in (p.name, *aliases):
            for v in (s, s.replace("'", "’"), s.replace("’", "'")):
                surface.setdefault(v, p)
    # (?<![\w\-]) checked after the first letter: same matches, faster scan
    rx = re.compile(r"(?:" + trie_regex(surface, first_guard=r"[\w\-]") + r")(?![\w])")
    return rx, surface


def _canonical(p: Place) -> str:
    return p.within if p.kind == "venue" and p.within else p.name


def find_locations(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """Places in ``text``: ``(start, end, canonical name)``, left to right, non-overlapping.

    A venue gives the city it is in; a country its canonical name.

    ``start``/``end`` look only at ``text[start:end]`` (offsets stay those of
    ``text``); for a line (no newline in it, only spaces and a newline or the
    text's end around it) these are the whole text's places in that line when
    :func:`lines_bound_places`.

    Examples
    --------
    >>> find_locations("at the Élysée Palace; then to the US.")
    [(7, 20, 'Paris'), (34, 36, 'United States')]
    >>> find_locations("Talks in Paris\\nthen Kyiv", 15)
    [(20, 24, 'Kyiv')]
    """
    rx, _ = _matcher()
    canonical = _canonical_names()
    return [(m.start(), m.end(), canonical[m.group()])
            for m in rx.finditer(text, start, len(text) if end is None else end)]


@lru_cache(maxsize=1)
def lines_bound_places() -> bool:
    """Whether no place name holds a newline or starts or ends with a space:
    then no place found in a text crosses the edge of a line (with spaces
    trimmed), and :func:`find_locations` of a line gives the text's there.

    >>> lines_bound_places()
    True
    """
    _, surface = _matcher()
    return all(s and "\n" not in s and not s[0].isspace() and not s[-1].isspace() for s in surface)


@lru_cache(maxsize=1)
def _canonical_names() -> dict[str, str]:
    # Speed: the canonical name of every surface form, looked up once.
    _, surface = _matcher()
    return {s: _canonical(p) for s, p in surface.items()}


def place(name: str) -> Place | None:
    """The place a name or alias stands for (a venue gives its own entry).

    >>> place("Kiev").name
    'Kyiv'
    """
    _, surface = _matcher()
    return surface.get(name) or places().get(name)


def place_country(name: str) -> str | None:
    """The alpha-3 code of the country a place is in (None if unknown).

    >>> place_country("Munich"), place_country("the Elysee Palace"), place_country("Saudi Arabia")
    ('DEU', 'FRA', 'SAU')
    """
    n = name.strip()
    if n.lower().startswith("the "):
        n = n[4:]
    p = place(n)
    return p.country if p else None


def led_locations(text: str) -> list[tuple[int, int, str]]:
    """The places of :func:`find_locations` that say where something happened.

    A place counts when a locative preposition leads it ("in Paris", "at the
    Munich Security Conference"), a motion phrase ("a visit to Washington",
    "returns from Kyiv"), an attack noun ("invasion of Ukraine"), or when it
    follows such a place after a comma ("in Riyadh, Saudi Arabia").

    Examples
    --------
    >>> led_locations("Washington said talks in Riyadh, Saudi Arabia, went well.")
    [(25, 31, 'Riyadh'), (33, 45, 'Saudi Arabia')]
    """
    return [(s, e, name) for s, e, name, _ in _led(text)]


def _led(text: str) -> list[tuple[int, int, str, int]]:
    rx, surface = _matcher()
    out: list[tuple[int, int, str, int]] = []
    prev_led_end = -1
    for m in rx.finditer(text):
        p = surface[m.group()]
        led = bool(_LED.search(text, max(0, m.start() - 60), m.start()))
        if not led and prev_led_end >= 0 and _CHAIN.match(text[prev_led_end:m.start()]):
            led = True
        if not led:
            prev_led_end = -1
            continue
        prev_led_end = m.end()
        out.append((m.start(), m.end(), _canonical(p), _RANK.get(p.kind, 0)))
    return out


def location_of(sentence: str) -> str | None:
    """Where a sentence says something happened: the most specific led place.

    Among the places of :func:`led_locations` a venue or city beats a
    region beats a country; then the first wins.  None when no place is led.

    Examples
    --------
    >>> location_of("Rubio met Lavrov earlier today in Riyadh, Saudi Arabia.")
    'Riyadh'
    >>> location_of("Washington is prepared to do more.") is None
    True
    """
    best: tuple[int, int, str] | None = None  # (-rank, order, name)
    for i, (_, _, name, rank) in enumerate(_led(sentence)):
        cand = (-rank, i, name)
        if best is None or cand < best:
            best = cand
    return best[2] if best else None
