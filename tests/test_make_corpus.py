"""The benchmark corpus generator (benchmarks/make_corpus.py): determinism,
layout, sizes, headers, near-duplicates, office holders and date phrases."""

from __future__ import annotations

import json
import random
import re
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from _corpora import ROOT, make_corpus_module

from timeline.ingest import parse_article, read_inputs
from timeline.models import Article, IngestError

N = 50


mc = make_corpus_module()


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    mc.write_corpus(N, seed=3, out=out)
    return out


@pytest.fixture(scope="module")
def manifest(corpus) -> dict:
    return json.loads((corpus / "MANIFEST.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def rendered() -> list[tuple[dict[str, str], str]]:
    """Three hundred articles rendered in memory: enough for every feature to show."""
    plan = mc.make_plan(300, seed=11)
    return [mc.render_article(plan, r) for r in plan.reports]


# ---------------------------------------------------------------------------
# determinism
# ---------------------------------------------------------------------------
def test_same_seed_gives_identical_bytes(corpus, tmp_path):
    mc.write_corpus(N, seed=3, out=tmp_path)
    assert _files(tmp_path) == _files(corpus)


def test_different_seed_differs(corpus, tmp_path):
    mc.write_corpus(N, seed=4, out=tmp_path)
    a, b = _files(corpus), _files(tmp_path)
    assert a.keys() == b.keys()
    assert sum(a[k] != b[k] for k in a) == len(a)


def test_worker_processes_give_identical_bytes(tmp_path, monkeypatch):
    # small folders so that two workers each get several chunks
    monkeypatch.setattr(mc, "PER_FOLDER", 12)
    mc.write_corpus(40, seed=5, out=tmp_path / "one", jobs=1)
    mc.write_corpus(40, seed=5, out=tmp_path / "two", jobs=2)
    assert _files(tmp_path / "one") == _files(tmp_path / "two")


def test_hash_seed_does_not_matter(tmp_path):
    # str hashing is randomised per process; the output must not depend on it
    import subprocess

    outs = []
    for hs in ("1", "2"):
        out = tmp_path / hs
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "make_corpus.py"), "8", "--seed", "9",
                        "--out", str(out)], check=True, env={"PYTHONHASHSEED": hs, "PATH": ""},
                       capture_output=True)
        outs.append(_files(out))
    assert outs[0] == outs[1]


# ---------------------------------------------------------------------------
# layout, count, size, headers
# ---------------------------------------------------------------------------
def test_count_and_size(corpus):
    txt = sorted(corpus.rglob("*.txt"))
    assert len(txt) == N
    sizes = [p.stat().st_size for p in txt]
    assert mc.MIN_BYTES <= min(sizes) and max(sizes) <= mc.MAX_BYTES
    # varied, not all the same length
    assert max(sizes) - min(sizes) > 800


def test_subfolder_layout(tmp_path, monkeypatch):
    monkeypatch.setattr(mc, "PER_FOLDER", 20)
    mc.write_corpus(N, seed=1, out=tmp_path)
    folders = Counter(p.parent.name for p in tmp_path.rglob("*.txt"))
    assert folders == {"0000": 20, "0001": 20, "0002": 10}
    assert sorted(p.name for p in (tmp_path / "0001").iterdir())[0] == "000020.txt"
    assert {p.name for p in tmp_path.iterdir() if p.is_file()} == {"MANIFEST.json"}


def test_default_folder_size_is_1000():
    assert mc.PER_FOLDER == 1000
    assert mc._rel_path(999, 5000, "txt") == "0000/000999.txt"
    assert mc._rel_path(1000, 5000, "txt") == "0001/001000.txt"
    assert mc._rel_path(1_234_567, 2_000_000, "txt") == "1234/1234567.txt"


def test_headers_parse(corpus):
    for p in sorted(corpus.rglob("*.txt")):
        raw = p.read_text(encoding="utf-8")
        head = dict(line.split(": ", 1) for line in raw.split("\n\n", 1)[0].splitlines())
        assert list(head) == ["title", "published", "source", "url"]
        assert date(2015, 1, 1) <= date.fromisoformat(head["published"]) <= date(2026, 12, 31)
        assert head["url"].startswith("https://") and " " not in head["url"]
        art = parse_article(raw, p.stem, str(p))
        assert art.published == date.fromisoformat(head["published"])
        assert art.published_source == "metadata"
        assert art.title == head["title"] and art.source == head["source"] and art.url == head["url"]
        assert not art.text.startswith("title:")


def test_real_ingest_reads_every_article(corpus):
    items = [x for d in sorted(corpus.iterdir()) if d.is_dir() for x in read_inputs([str(d)])]
    assert not [str(x) for x in items if isinstance(x, IngestError)]
    assert len(items) == N and all(isinstance(x, Article) for x in items)
    assert len({a.article_id for a in items}) == N


def test_manifest_elsewhere_leaves_only_articles(tmp_path):
    # the whole output folder is then valid input for the pipeline
    out, man = tmp_path / "corpus", tmp_path / "m.json"
    assert mc.main(["12", "--seed", "1", "--out", str(out), "--manifest", str(man)]) == 0
    assert json.loads(man.read_text(encoding="utf-8"))["n"] == 12
    items = list(read_inputs([str(out)]))
    assert len(items) == 12 and all(isinstance(x, Article) for x in items)


def test_publication_dates_spread_over_the_years():
    plan = mc.make_plan(2000, seed=2)
    years = Counter(r.published.year for r in plan.reports)
    assert set(years) == set(range(2015, 2027))
    assert min(years.values()) > 2000 / 12 / 2  # roughly uniform


def test_jsonl_format(tmp_path):
    assert mc.main(["30", "--seed", "2", "--out", str(tmp_path), "--format", "jsonl"]) == 0
    lines = (tmp_path / "part-0000.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 30
    rec = json.loads(lines[0])
    assert set(rec) == {"id", "title", "published", "source", "url", "text"}
    items = list(read_inputs([str(tmp_path / "part-0000.jsonl")]))
    assert len(items) == 30 and all(isinstance(x, Article) for x in items)
    assert items[0].published == date.fromisoformat(rec["published"])


# ---------------------------------------------------------------------------
# manifest and near-duplicates
# ---------------------------------------------------------------------------
def test_manifest(manifest, corpus):
    assert (manifest["n"], manifest["seed"]) == (N, 3)
    assert manifest["generator_version"] == mc.GENERATOR_VERSION
    listed = [a for e in manifest["events"] for a in e["articles"]]
    assert sorted(listed) == sorted(p.relative_to(corpus).as_posix() for p in corpus.rglob("*.txt"))
    for e in manifest["events"]:
        assert set(e) >= {"id", "date", "actors", "place", "kind"}
        assert e["kind"] in mc.vocabulary()["kinds"] and e["actors"] and e["place"]
        date.fromisoformat(e["date"])


@pytest.mark.parametrize(("n", "seed"), [(50, 3), (50, 8), (51, 0), (200, 1), (5000, 2)])
def test_near_duplicate_share(n, seed):
    plan = mc.make_plan(n, seed)
    share = sum(not r.first for r in plan.reports) / n
    assert 0.2 <= share <= 0.3
    per_event = Counter(r.event for r in plan.reports)
    assert max(per_event.values()) <= 4


def test_near_duplicates_share_event_but_not_wording(corpus, manifest):
    dups = [e for e in manifest["events"] if len(e["articles"]) > 1]
    assert dups
    for e in dups:
        heads, bodies = [], []
        for rel in e["articles"]:
            raw = (corpus / rel).read_text(encoding="utf-8")
            head, body = raw.split("\n\n", 1)
            heads.append(dict(x.split(": ", 1) for x in head.splitlines()))
            bodies.append(body)
        pubs = sorted(date.fromisoformat(h["published"]) for h in heads)
        assert (pubs[-1] - pubs[0]).days <= 3
        assert len({h["source"] for h in heads}) == len(heads)  # different outlets
        assert len(set(bodies)) == len(bodies)
        # same date, actors and place: the lede names the place where the kind's ledes do
        spec = mc.vocabulary()["kinds"][e["kind"]]
        if all("{place}" in t for t in spec["past"] + spec["future"]):
            assert all(e["place"] in b for b in bodies)
        if spec["actors"] == "person" and all("{A}" in t for t in spec["past"] + spec["future"]):
            forms = _forms(e["actors"][0])
            assert all(any(f in b for f in forms) for b in bodies), forms


def _forms(name: str) -> set[str]:
    """Every way the generator may spell a person's name."""
    out = {name}
    for p in mc.vocabulary()["people"]:
        if p["name"] == name:
            out |= {p["short"], *(p.get("spellings") or ())}
    return out


def test_first_report_published_close_to_event():
    plan = mc.make_plan(3000, seed=4)
    firsts = [(r.published - plan.events[r.event].start).days for r in plan.reports if r.first]
    assert -6 <= min(firsts) and max(firsts) <= 3
    previews = sum(d < 0 for d in firsts) / len(firsts)
    assert 0.08 < previews < 0.25


# ---------------------------------------------------------------------------
# actors consistent with the date
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("office", "rank", "day", "name"),
    [
        # the brief's examples: UK prime minister and US president changes
        ("GBR", "head", date(2024, 7, 4), "Rishi Sunak"),
        ("GBR", "head", date(2024, 7, 5), "Keir Starmer"),
        ("GBR", "head", date(2022, 10, 1), "Liz Truss"),
        ("USA", "head", date(2017, 1, 19), "Barack Obama"),
        ("USA", "head", date(2017, 1, 20), "Donald Trump"),
        ("USA", "head", date(2021, 1, 19), "Donald Trump"),
        ("USA", "head", date(2021, 1, 20), "Joe Biden"),
        ("USA", "head", date(2025, 1, 19), "Joe Biden"),
        ("USA", "head", date(2025, 1, 20), "Donald Trump"),
        # other leaders that changed in the period
        ("DEU", "head", date(2021, 12, 7), "Angela Merkel"),
        ("DEU", "head", date(2025, 5, 6), "Friedrich Merz"),
        ("FRA", "head", date(2017, 5, 13), "François Hollande"),
        ("UKR", "head", date(2019, 5, 20), "Volodymyr Zelenskiy"),
        ("JPN", "head", date(2025, 10, 21), "Sanae Takaichi"),
        ("CAN", "head", date(2025, 3, 14), "Mark Carney"),
        ("ISR", "head", date(2022, 1, 1), "Naftali Bennett"),
        # ministers and organisation officials
        ("USA", "foreign", date(2025, 2, 1), "Marco Rubio"),
        ("GBR", "foreign", date(2025, 9, 5), "Yvette Cooper"),
        ("CHN", "foreign", date(2023, 3, 1), "Qin Gang"),
        ("NATO", "official", date(2024, 10, 1), "Mark Rutte"),
        ("EU", "official", date(2024, 12, 1), "Ursula von der Leyen"),
    ],
)
def test_office_holders(office, rank, day, name):
    assert mc.holder(office, rank, day).name == name


def test_gaps_have_no_holder():
    # between Yoon's removal and Lee's inauguration South Korea had acting presidents
    assert mc.holder("KOR", "head", date(2025, 5, 1)) is None


def test_event_actors_hold_office_on_the_event_date():
    plan = mc.make_plan(3000, seed=6)
    terms: dict[str, list[tuple[date, date]]] = {}
    for p in mc.vocabulary()["people"] + mc.vocabulary()["officials"]:
        terms.setdefault(p["name"], []).append((p["start"], p["end"] or date(2100, 1, 1)))
    checked = 0
    for ev in plan.events:
        for name in ev.actors():
            if name in terms:
                assert any(s <= ev.start < e for s, e in terms[name]), (name, ev.start)
                checked += 1
    assert checked > 3000


# ---------------------------------------------------------------------------
# date phrases relative to publication
# ---------------------------------------------------------------------------
def _phrases(start: date, pub: date, style: str = "ap", end: date | None = None) -> set[str]:
    rng = random.Random(0)
    return {mc.when_phrase(start, end or start, pub, style, rng) for _ in range(400)}


@pytest.mark.parametrize(
    ("start", "pub", "style", "present", "absent"),
    [
        # the day after: weekday, yesterday, month-day; never "last week" (same week)
        (date(2025, 2, 17), date(2025, 2, 18), "ap", {"on Monday", "yesterday", "on Feb. 17"},
         {"last week", "tomorrow"}),
        # previous calendar week, eight days back: "last week" but no bare weekday
        (date(2025, 2, 10), date(2025, 2, 18), "reuters", {"last week", "eight days ago", "on Feb 10"},
         {"on Monday", "earlier this week"}),
        # same week, three days back
        (date(2025, 2, 19), date(2025, 2, 22), "uk", {"on Wednesday", "earlier this week", "three days ago",
                                                      "on 19 February"}, {"last week"}),
        # future: previews of an event
        (date(2025, 2, 20), date(2025, 2, 19), "us", {"tomorrow", "on Thursday"}, {"yesterday"}),
        (date(2025, 2, 25), date(2025, 2, 19), "us", {"next week", "on Tuesday"}, {"last week"}),
        # same day
        (date(2025, 2, 17), date(2025, 2, 17), "ap", {"today", "on Monday"}, {"yesterday"}),
        # long ago: only full dates with a year
        (date(2023, 5, 4), date(2025, 2, 18), "uk", {"on 4 May 2023", "in May 2023"}, {"on 4 May"}),
        # earlier this month / last month
        (date(2025, 3, 3), date(2025, 3, 20), "us", {"earlier this month", "on March 3"}, {"last month"}),
        (date(2025, 2, 3), date(2025, 3, 20), "us", {"last month", "in February"}, {"earlier this month"}),
    ],
)
def test_when_phrase(start, pub, style, present, absent):
    got = _phrases(start, pub, style)
    assert present <= got, got
    assert not (absent & got), got


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        # multi-day summits give ranges in each house style
        ("uk", "from 14 to 16 February"),
        ("us", "from February 14 to 16"),
        ("ap", "Feb. 14-16"),
        ("reuters", "from Feb 14 to 16"),
    ],
)
def test_range_phrase(style, expected):
    assert expected in _phrases(date(2025, 2, 14), date(2025, 2, 10), style, end=date(2025, 2, 16))


# ---------------------------------------------------------------------------
# content exercises the pipeline like wire copy does
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("what", "pattern", "at_least"),
    [
        # datelines the ingest cascade and the temporal tagger see in real copy
        ("reuters dateline", r"(?m)^[A-Z][A-Z .'-]+, [A-Z][a-z]+ \d{1,2} \(Reuters\) - ", 10),
        ("ap dateline", r"(?m)^[A-Z][A-Z .'-]+ \(AP\) — ", 10),
        ("bloomberg dateline", r"(?m)^\(Bloomberg\) -- ", 10),
        # relative expressions and tense
        ("weekday past", r"\b(?:met|held|spoke|arrived|visited|signed|said)\b[^.]* on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", 20),
        ("weekday future", r"\bwill\b[^.]* on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", 5),
        ("last week", r"\blast week\b", 10),
        ("this week", r"\bthis week\b", 20),
        ("earlier this month", r"\bearlier this month\b", 5),
        ("days ago", r"\b\w+ days ago\b", 5),
        ("years ago", r"\b(?:about|nearly|almost|more than|some) \w+ years ago\b", 20),
        ("month-day without year", r"\bon (?:Jan|Feb|Aug|Sept|Oct|Nov|Dec)\.? \d{1,2}\b(?!,? \d{4})", 20),
        ("full date", r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Aug\.?|Sept\.?|Oct\.?|Nov\.?|Dec\.?) \d{1,2}, (?:19|20)\d\d\b|\b\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November|December) (?:19|20)\d\d\b", 20),
        ("quarter", r"\b(?:first|second|third|fourth) quarter\b", 50),
        # organisations, quotes and page furniture
        ("organisations", r"\b(?:NATO|EU|UN|G7|G20)\b", 30),
        ("curly quotes", r"“[^”]+,” ", 50),
        ("also read", r"(?m)^Also Read: ", 5),
        ("watch live tv", r"(?m)^Watch LIVE TV", 5),
    ],
)
def test_content_has(rendered, what, pattern, at_least):
    rx = re.compile(pattern)
    hits = sum(len(rx.findall(body)) for _, body in rendered)
    assert hits >= at_least, what


def test_every_event_kind_appears(rendered):
    plan = mc.make_plan(300, seed=11)
    assert {e.kind for e in plan.events} == set(mc.vocabulary()["kinds"])


def test_every_template_renders():
    # each kind's templates against a real event of that kind: no missing slot
    v = mc.vocabulary()
    plan = mc.make_plan(2000, seed=12)
    seen = {}
    for ev in plan.events:
        seen.setdefault(ev.kind, ev)
    assert set(seen) == set(v["kinds"])
    rng = random.Random(0)
    for kind, ev in seen.items():
        s = mc._event_slots(ev, ev.start, 0, "ap", rng)
        spec = v["kinds"][kind]
        for key in ("title", "past", "future", "detail", "ref_past", "ref_future"):
            for t in spec[key]:
                out = t.format_map(s)
                assert "{" not in out and "  " not in out, (kind, t)
        for t in v["quotes"][spec["quotes"]]:
            t.format_map(dict(s, speaker="X"))
        for t in spec["speakers"]:
            t.format_map(dict(s, official="X"))
    for w in v["ref_wrappers_past"] + v["ref_wrappers_future"]:
        assert "{" not in w.format(clause="x", Clause="X", noun="talks")
    for b in v["background"]:
        b.format_map(dict(s, quarter="first quarter", pct="1.0", pct2="40", num="7"))
