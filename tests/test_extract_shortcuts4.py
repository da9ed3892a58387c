"""The fourth round of extraction shortcuts change no result.

Each shortcut is compared with the plain code it stands for, on the seed
article, tricky text and (when present) the shared dev corpus.
"""

from __future__ import annotations

import pytest
from _corpora import PUB, text_lines, with_variants

from timeline import events
from timeline.actors import ActorRegistry
from timeline.models import Article

#: Lines with several sentences, abbreviations and ends the splitter must
#: look past ("U.S.", "J. D.", quotes after the period, spaces after it).
MANY = ("Macron met Starmer. The U.S. President spoke. J. D. Vance called Putin!  "
        "He said “we met.” Talks ended? Then the summit… Rome hosted it.")
#: The line's last trigger word starts the line's last sentence.
LAST_FIRST = "Macron spoke in Paris on Monday. Summit in Rome on Tuesday.\nMacron left. Talks"


#: Tricky text of the earlier rounds: abbreviations, accents, odd spaces.
TRICKY = """Minister Sánchez met the prime minister’s envoy; ex-president and vice-president.
In the U.S. The talks.  Mr. X met J. D. Vance at 5 p.m. Then. \u00a0Next one.\tA
Washington, D.C.\u00a0 St. Petersburg,Kyiv -Paris, the Élysée Palace. He met Rubio.
Jane Roe, the Dutch defence minister, met the French president, Ahmad Testname,"""


TEXTS = with_variants(TRICKY)


def _plain_split(text: str, ls: int, le: int, t: events.Triggers) -> list[tuple[int, int]]:
    return events._split_line(text, ls, le, t)


def _untils(text: str, ls: int, le: int) -> list[int]:
    # every word start of the line, and its two ends
    out = [ls - 1, ls, le - 1, le]
    out += [i for i in range(ls + 1, le) if text[i - 1] == " " and text[i] != " "]
    return out


# -- a line's sentences only up to its last trigger word ---------------------------------------------
def test_split_until_is_the_prefix_holding_every_sentence_starting_there() -> None:
    t = events.load_triggers()
    cut = 0
    for text, ls, le in [*text_lines([*TEXTS, LAST_FIRST]), (MANY, 0, len(MANY))]:
        plain = _plain_split(text, ls, le, t)
        for until in _untils(text, ls, le):
            fast = events._split_line(text, ls, le, t, until)
            assert fast == plain[:len(fast)]  # a prefix of the full split
            assert all(sp in fast for sp in plain if sp[0] <= until)
            cut += len(fast) < len(plain)
    assert cut > 100  # (the shortcut does leave sentences out)


def test_extract_with_the_split_cut_equals_the_full_split(registry: ActorRegistry,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from timeline import temporal

    arts = [Article(f"a{n}", text, published=PUB) for n, text in enumerate([*TEXTS, MANY, LAST_FIRST])]
    times = [temporal.tag(a.text, a.published) for a in arts]
    fast = [events.extract(a, ts, registry) for a, ts in zip(arts, times, strict=True)]
    split = events._split_line
    monkeypatch.setattr(events, "_split_line", lambda text, ls, le, t, until=None: split(text, ls, le, t))
    plain = [events.extract(a, ts, registry) for a, ts in zip(arts, times, strict=True)]
    assert fast == plain
    assert sum(map(len, plain)) > 10
