"""Score predicted events (or mentions) against gold timelines.

Gold files are JSON lines in the format of ``news-dev/gold.jsonl``: one dated
event per line with ``article``, ``date_start``, ``date_end``, ``granularity``,
``evidence`` (a substring of the article body), ``actors`` and optionally
``optional``.  A prediction matches a gold event when it comes from the same
article, its date range overlaps the gold range and is not wider than the
gold granularity (or the gold range, if that is wider), and its evidence
sentence overlaps the gold evidence in the body.

Predictions are scored per article: an :class:`~timeline.models.Event` counts
once for every article it has mentions in (the timeline shows it for each of
them), and that unit matches if any of its mentions in the article matches.
Matching is one-to-one (maximum bipartite matching).

Examples
--------
>>> from datetime import date
>>> from timeline.models import Mention
>>> g = GoldEvent("a", date(2025, 2, 17), date(2025, 2, 17), "day", "met in Paris", ())
>>> m = Mention("m1", "a", "They met in Paris.", 0, 18, "CONSULT", "occurred", "Meeting",
...             date_start=date(2025, 2, 17), date_end=date(2025, 2, 17))
>>> s = score([m], [g], {"a": "They met in Paris."})
>>> s.recall, s.precision, s.date_accuracy
(1.0, 1.0, 1.0)
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from timeline.models import Event, Mention

__all__ = ["GoldEvent", "Score", "load_gold", "locate", "mention_matches", "score", "build"]

#: Largest width (days) a prediction may have for a gold granularity.
GRANULARITY_DAYS = {"day": 1, "week": 7, "month": 31, "quarter": 92, "year": 366,
                    "decade": 3653, "century": 36525}


@dataclass(frozen=True)
class GoldEvent:
    """One gold event (see the module docstring for the fields)."""

    article: str
    date_start: date
    date_end: date
    granularity: str
    evidence: str
    actors: tuple[str, ...] = ()
    label: str = ""
    status: str = "occurred"
    location: str | None = None
    date_text: str | None = None
    optional: bool = False
    vague: bool = False


@dataclass
class Score:
    """Figures for one gold set; lists name what matched and what did not."""

    n_gold: int = 0
    n_found: int = 0
    n_pred: int = 0
    n_pred_matched: int = 0
    n_matched: int = 0
    n_date_exact: int = 0
    n_actor_gold: int = 0
    n_actor_found: int = 0
    matched: list[tuple[GoldEvent, str, Mention]] = field(default_factory=list)
    missed: list[GoldEvent] = field(default_factory=list)
    false_positives: list[tuple[str, Mention]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        """Required gold events found / required gold events."""
        return self.n_found / self.n_gold if self.n_gold else 1.0

    @property
    def precision(self) -> float:
        """Predictions matching some gold event / predictions."""
        return self.n_pred_matched / self.n_pred if self.n_pred else 1.0

    @property
    def date_accuracy(self) -> float:
        """Share of matched pairs whose range equals the gold range exactly."""
        return self.n_date_exact / self.n_matched if self.n_matched else 0.0

    @property
    def actor_recall(self) -> float:
        """Gold actors of matched events that the prediction names / gold actors."""
        return self.n_actor_found / self.n_actor_gold if self.n_actor_gold else 1.0

    def summary(self) -> dict[str, float | int]:
        """The headline figures as a dict."""
        return {"gold": self.n_gold, "found": self.n_found, "predicted": self.n_pred,
                "recall": round(self.recall, 3), "precision": round(self.precision, 3),
                "date_accuracy": round(self.date_accuracy, 3),
                "actor_recall": round(self.actor_recall, 3)}


def load_gold(path: str | Path) -> list[GoldEvent]:
    """Read a gold JSONL file.

    Raises
    ------
    ValueError
        Naming the file and line of a malformed record.
    """
    out = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            r = json.loads(line)
            out.append(GoldEvent(
                article=r["article"], date_start=date.fromisoformat(r["date_start"]),
                date_end=date.fromisoformat(r["date_end"]), granularity=r["granularity"],
                evidence=r["evidence"], actors=tuple(r.get("actors") or ()),
                label=r.get("label", ""), status=r.get("status", "occurred"),
                location=r.get("location"), date_text=r.get("date_text"),
                optional=bool(r.get("optional")), vague=bool(r.get("vague"))))
        except (KeyError, ValueError, TypeError) as exc:
            raise ValueError(f"{path}:{n}: bad gold record ({exc})") from exc
    return out


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'").replace("“", '"').replace("”", '"'))


def locate(evidence: str, text: str) -> list[tuple[int, int]]:
    """Every span of ``evidence`` in ``text`` (exact first, then modulo spaces/quotes).

    >>> locate("b c", "a b c b c")
    [(2, 5), (6, 9)]
    """
    spans = [(m.start(), m.start() + len(evidence)) for m in re.finditer(re.escape(evidence), text)]
    if spans:
        return spans
    pattern = r"\s+".join(re.escape(w) for w in _norm(evidence).split())
    pattern = pattern.replace("'", "['’]").replace('"', '["“”]')
    return [m.span() for m in re.finditer(pattern, text)]


def mention_matches(m: Mention, g: GoldEvent, spans: Sequence[tuple[int, int]]) -> bool:
    """The README rule: same article, overlapping dates not wider than the gold
    granularity, evidence overlapping the gold evidence.

    >>> g = GoldEvent("a", date(2025, 2, 10), date(2025, 2, 16), "week", "last week", ())
    >>> m = Mention("m", "a", "s", 0, 20, "CONSULT", "occurred", "Conference",
    ...             date_start=date(2025, 2, 14), date_end=date(2025, 2, 14))
    >>> mention_matches(m, g, [(5, 14)]), mention_matches(m, g, [(30, 40)])
    (True, False)
    """
    if m.article_id != g.article or m.date_start is None or m.date_end is None:
        return False
    if m.date_start > g.date_end or g.date_start > m.date_end:
        return False
    width = (m.date_end - m.date_start).days + 1
    allowed = max(GRANULARITY_DAYS.get(g.granularity, 1), (g.date_end - g.date_start).days + 1)
    if width > allowed:
        return False
    return any(m.char_start < e and s < m.char_end for s, e in spans)


def _units(predictions: Iterable[Event | Mention]) -> list[tuple[str, list[Mention], tuple[str, ...]]]:
    """(unit id, mentions in one article, predicted actor ids) per event and article."""
    units = []
    for p in predictions:
        if isinstance(p, Event):
            by_article: dict[str, list[Mention]] = {}
            for m in p.mentions:
                by_article.setdefault(m.article_id, []).append(m)
            for art, ms in sorted(by_article.items()):
                units.append((f"{p.event_id}@{art}", ms, p.actors))
        else:
            units.append((p.mention_id, [p], p.participants or p.actors))
    return units


def _actor_ids(name: str, registry: Any) -> set[str]:
    if registry is None:
        return set()
    try:
        found = registry.find(name)
    except Exception:  # noqa: BLE001 - scoring must not die on one name
        return set()
    return {a.actor_id for a in found}


def _actor_hit(name: str, predicted: Sequence[str], registry: Any,
               cache: dict[str, set[str]]) -> bool:
    if name not in cache:
        cache[name] = _actor_ids(name, registry)
    if cache[name] & set(predicted):
        return True
    low = _norm(name).lower()
    for aid in predicted:
        actor = None
        if registry is not None:
            try:
                actor = registry[aid]
            except Exception:  # noqa: BLE001
                actor = None
        names = [aid] if actor is None else [actor.name, *actor.aliases]
        if any(_norm(n).lower() == low for n in names):
            return True
    return False


def _max_matching(edges: dict[int, list[int]], n_right: int) -> dict[int, int]:
    """Maximum bipartite matching (Kuhn); edges are tried in the order given."""
    right: dict[int, int] = {}

    def augment(u: int, seen: set[int]) -> bool:
        for v in edges[u]:
            if v in seen:
                continue
            seen.add(v)
            if v not in right or augment(right[v], seen):
                right[v] = u
                return True
        return False

    for u in sorted(edges):
        augment(u, set())
    return {u: v for v, u in right.items()}


def score(predictions: Iterable[Event | Mention], gold: Sequence[GoldEvent],
          texts: Mapping[str, str], registry: Any = None,
          articles: Callable[[str], bool] | None = None) -> Score:
    """Score predictions against gold events.

    Parameters
    ----------
    predictions : iterable of Event or Mention
        Events are scored per article they are reported in.
    gold : sequence of GoldEvent
    texts : mapping
        ``article_id -> body text`` (to locate gold evidence).
    registry : ActorRegistry, optional
        Resolves gold actor names to ids for actor recall.
    articles : callable, optional
        Keep only predictions from articles it accepts (default: articles
        that have a text in ``texts``).
    """
    keep = articles or (lambda a: a in texts)
    units = [(uid, [m for m in ms if keep(m.article_id)], act)
             for uid, ms, act in _units(predictions)]
    units = [u for u in units if u[1]]
    spans = [locate(g.evidence, texts.get(g.article, "")) for g in gold]
    edges: dict[int, list[int]] = {}
    best_mention: dict[tuple[int, int], Mention] = {}
    cache: dict[str, set[str]] = {}
    for ui, (_, ms, act) in enumerate(units):
        cands = []
        for gi, g in enumerate(gold):
            hits = [m for m in ms if mention_matches(m, g, spans[gi])]
            if not hits:
                continue
            exact = [m for m in hits if (m.date_start, m.date_end) == (g.date_start, g.date_end)]
            best = (exact or hits)[0]
            best_mention[(ui, gi)] = best
            actors = sum(_actor_hit(a, act, registry, cache) for a in g.actors)
            cands.append((-(bool(exact) * 2 + actors / max(1, len(g.actors))), g.optional, gi))
        edges[ui] = [gi for *_, gi in sorted(cands)]
    pairs = _max_matching(edges, len(gold))
    s = Score()
    s.n_gold = sum(not g.optional for g in gold)
    s.n_pred = len(units)
    # A prediction is right when it matches some gold event, even one that
    # another prediction took in the one-to-one matching (a duplicate).
    s.n_pred_matched = sum(1 for ui in edges if edges[ui])
    matched_gold = set(pairs.values())
    s.n_found = sum(1 for gi in matched_gold if not gold[gi].optional)
    for ui, gi in sorted(pairs.items(), key=lambda p: p[1]):
        g, m = gold[gi], best_mention[(ui, gi)]
        s.n_matched += 1
        s.n_date_exact += (m.date_start, m.date_end) == (g.date_start, g.date_end)
        s.n_actor_gold += len(g.actors)
        s.n_actor_found += sum(_actor_hit(a, units[ui][2], registry, cache) for a in g.actors)
        s.matched.append((g, units[ui][0], m))
    s.missed = [g for gi, g in enumerate(gold) if gi not in matched_gold]
    s.false_positives = [(units[ui][0], units[ui][1][0]) for ui in range(len(units))
                         if not edges[ui]]
    return s


def build(inputs: Sequence[str | Path], published: date | None = None, registry: Any = None
          ) -> tuple[dict[str, str], list[Mention], list[Event]]:
    """Read, tag, extract and merge: ``(texts by article id, mentions, events)``.

    The same stages as :func:`timeline.build`, without tables, so that scoring
    sees the records.  Unreadable inputs are skipped (ingestion reports them).
    """
    from timeline import events as ev
    from timeline import merge as mg
    from timeline import temporal
    from timeline.ingest import read_inputs
    from timeline.models import Article

    if registry is None:
        from timeline.actors import ActorRegistry

        registry = ActorRegistry.load()
    texts: dict[str, str] = {}
    mentions: list[Mention] = []
    for art in read_inputs([str(p) for p in inputs], published=published):
        if not isinstance(art, Article):
            continue
        texts[art.article_id] = art.text
        mentions.extend(ev.extract(art, temporal.tag(art.text, art.published), registry))
    return texts, mentions, mg.merge(mentions)
