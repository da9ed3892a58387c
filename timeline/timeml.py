"""TempEval-3 Task A scoring of :func:`timeline.temporal.tag` on TimeML files.

Shared by ``benchmarks/timeml_eval.py`` and the quality gate
``tests/test_temporal_quality.py`` so that both measure the same thing.

Plain text is the character data of ``<TEXT>`` with inner tags removed (what
ElementTree yields); the publication date is the date part of the DCT TIMEX3.
A predicted and a gold timex match *relaxed* when their extents overlap
(one-to-one, in text order) and *strict* when the extents are identical.
Value F1 = relaxed F1 x share of matched timexes whose value string equals
gold; type F1 likewise for the type.

Examples
--------
>>> doc = parse_tml_string('<TimeML><DCT><TIMEX3 value="1998-01-08"/></DCT>'
...                        '<TEXT>It rained <TIMEX3 tid="t1" type="DATE" value="1998-01-07">'
...                        'yesterday</TIMEX3>.</TEXT></TimeML>', "x.tml")
>>> doc.text[doc.gold[0].start:doc.gold[0].end]
'yesterday'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

__all__ = ["Timex", "TmlDocument", "Scores", "parse_tml_string", "load_corpus", "evaluate"]


@dataclass(frozen=True, slots=True)
class Timex:
    """A temporal expression with its extent, TIMEX3 type and value."""

    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(frozen=True, slots=True)
class TmlDocument:
    """One TimeML document: plain text, creation date and gold timexes."""

    path: str
    text: str
    dct: dt.date | None
    gold: tuple[Timex, ...]


@dataclass(slots=True)
class Scores:
    """Micro-averaged TempEval-3 Task A extraction/normalisation figures."""

    n_gold: int = 0
    n_pred: int = 0
    strict: int = 0
    relaxed: int = 0
    type_ok: int = 0
    value_ok: int = 0
    errors: list[str] = field(default_factory=list)

    @staticmethod
    def _f1(hits: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
        p = hits / n_pred if n_pred else 0.0
        r = hits / n_gold if n_gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    @property
    def strict_prf(self) -> tuple[float, float, float]:
        return self._f1(self.strict, self.n_pred, self.n_gold)

    @property
    def relaxed_prf(self) -> tuple[float, float, float]:
        return self._f1(self.relaxed, self.n_pred, self.n_gold)

    @property
    def type_f1(self) -> float:
        return self.relaxed_prf[2] * (self.type_ok / self.relaxed if self.relaxed else 0.0)

    @property
    def value_f1(self) -> float:
        return self.relaxed_prf[2] * (self.value_ok / self.relaxed if self.relaxed else 0.0)

    def as_dict(self) -> dict[str, float]:
        sp, sr, sf = self.strict_prf
        rp, rr, rf = self.relaxed_prf
        return {"strict_p": sp, "strict_r": sr, "strict_f1": sf, "relaxed_p": rp,
                "relaxed_r": rr, "relaxed_f1": rf, "type_f1": self.type_f1,
                "value_f1": self.value_f1, "n_gold": self.n_gold, "n_pred": self.n_pred}


def _parse_dct(root: ET.Element) -> dt.date | None:
    node = root.find("DCT/TIMEX3")
    value = (node.get("value") or "") if node is not None else ""
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def parse_tml_string(xml: str, path: str = "<string>") -> TmlDocument:
    """Parse TimeML markup into plain text, DCT and gold timexes."""
    root = ET.fromstring(xml)
    body = root.find("TEXT")
    parts: list[str] = []
    gold: list[Timex] = []
    pos = 0

    def walk(node: ET.Element) -> None:
        nonlocal pos
        start = pos
        if node.text:
            parts.append(node.text)
            pos += len(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)
                pos += len(child.tail)
        if node.tag == "TIMEX3" and node is not body:
            gold.append(Timex(start, pos, "".join(parts)[start:pos], node.get("type", ""),
                              node.get("value", "")))

    if body is not None:
        walk(body)
    return TmlDocument(path, "".join(parts), _parse_dct(root), tuple(gold))


def load_corpus(root: Path, parts: Sequence[str] = ("timebank", "aquaint")) -> list[TmlDocument]:
    """Read every ``*.tml`` under ``root/<part>/``; unreadable files are skipped with a note."""
    docs: list[TmlDocument] = []
    for part in parts:
        for path in sorted((Path(root) / part).glob("*.tml")):
            try:
                docs.append(parse_tml_string(path.read_text(encoding="utf-8"), str(path)))
            except (OSError, ET.ParseError, UnicodeDecodeError) as exc:  # pragma: no cover
                print(f"{path}: skipped ({exc})")
    return docs


def _score_doc(gold: Sequence[Timex], pred: Sequence[Timex], s: Scores, doc: TmlDocument,
               keep_errors: bool) -> None:
    s.n_gold += len(gold)
    s.n_pred += len(pred)
    used = [False] * len(pred)
    name = Path(doc.path).name
    for g in gold:
        match = None
        for j, p in enumerate(pred):
            if not used[j] and p.start < g.end and g.start < p.end:
                match = j
                break
            if p.start >= g.end:
                break
        if match is None:
            if keep_errors:
                s.errors.append(f"MISS  {name} {g.text!r} {g.type} {g.value}  | {_ctx(doc, g)}")
            continue
        used[match] = True
        p = pred[match]
        s.relaxed += 1
        s.strict += p.start == g.start and p.end == g.end
        s.type_ok += p.type == g.type
        s.value_ok += p.value == g.value
        if keep_errors and (p.value != g.value or p.type != g.type):
            s.errors.append(f"VALUE {name} {g.text!r} {g.type} {g.value} -> {p.text!r} {p.type} "
                            f"{p.value}  | {_ctx(doc, g)}")
    if keep_errors:
        for j, p in enumerate(pred):
            if not used[j]:
                s.errors.append(f"FP    {name} {p.text!r} {p.type} {p.value}  | {_ctx(doc, p)}")


def _ctx(doc: TmlDocument, t: Timex) -> str:
    a = max(0, t.start - 60)
    return (doc.text[a:t.start] + "[" + doc.text[t.start:t.end] + "]" +
            doc.text[t.end:t.end + 40]).replace("\n", " ")


Tagger = Callable[[str, "dt.date | None"], Iterable]


def evaluate(docs: Iterable[TmlDocument], tagger: Tagger,
             types: Sequence[str] | None = None, keep_errors: bool = False) -> Scores:
    """Score ``tagger`` on ``docs``; ``types`` restricts gold and predictions alike.

    Examples
    --------
    >>> from timeline.temporal import tag
    >>> doc = parse_tml_string('<TimeML><DCT><TIMEX3 value="1998-01-08"/></DCT><TEXT>It rained '
    ...     '<TIMEX3 type="DATE" value="1998-01-07">yesterday</TIMEX3>.</TEXT></TimeML>')
    >>> evaluate([doc], tag).value_f1
    1.0
    """
    s = Scores()
    for doc in docs:
        pred = [Timex(t.start, t.end, t.text, t.type, t.value) for t in tagger(doc.text, doc.dct)]
        gold = list(doc.gold)
        if types is not None:
            pred = [p for p in pred if p.type in types]
            gold = [g for g in gold if g.type in types]
        _score_doc(gold, pred, s, doc, keep_errors)
    return s
