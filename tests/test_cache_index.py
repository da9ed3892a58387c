"""The cache's file index, pack segments and merge memo (issue 6): a rebuild reads
only new or changed files, and its outputs are byte-identical to a cold build."""

from __future__ import annotations

import dataclasses
import os
import shutil
from collections import defaultdict
from pathlib import Path

import pytest
from _corpora import write_corpus

from timeline import ingest, merge, pipeline, runner

N = 30


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """30 generated news-like articles (the manifest kept outside the input folder)."""
    return write_corpus(N, 5, tmp_path_factory.mktemp("corpus"))


@pytest.fixture
def copied(corpus, tmp_path) -> Path:
    return Path(shutil.copytree(corpus, tmp_path / "articles"))


@pytest.fixture
def indexed(monkeypatch):
    """Files just written are normally too recent to index (their times could still
    change unnoticed); the tests' files are, so trust them at once."""
    monkeypatch.setattr(runner, "RACY_NS", -10**15)


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """Names of the files ingest actually opens."""
    seen: list[str] = []
    real = ingest._read_file

    def spy(path, max_bytes):
        seen.append(Path(path).name)
        return real(path, max_bytes)

    monkeypatch.setattr(ingest, "_read_file", spy)
    return seen


def _csvs(tl: pipeline.Timeline, out: Path) -> dict[str, bytes]:
    tl.to_files(out)
    return {p.name: p.read_bytes() for p in sorted(out.glob("*.csv"))}


def _first(folder: Path) -> Path:
    return sorted(folder.rglob("*.txt"))[0]


def test_rebuild_reads_only_the_added_file_and_matches_a_cold_build(copied, indexed, reads,
                                                                    tmp_path):
    cache = tmp_path / "cache"
    pipeline.build([copied], jobs=1, cache=cache)
    assert len(reads) == N
    reads.clear()
    text = _first(copied).read_text(encoding="utf-8").replace("title:", "title: (follow-up)", 1)
    (copied / "zz-added.txt").write_text(text, encoding="utf-8")
    plus = pipeline.build([copied], jobs=1, cache=cache)
    assert reads == ["zz-added.txt"]
    assert (plus.timings["cache_hits"], plus.timings["cache_misses"]) == (N, 1)
    cold = pipeline.build([copied], jobs=1)
    assert _csvs(plus, tmp_path / "plus") == _csvs(cold, tmp_path / "cold")
    # The article records of indexed files are plain articles, as when read.
    assert {type(a).__name__ for a in plus.article_records} == {"Article"}
    assert plus.article_records == cold.article_records


@pytest.mark.parametrize(
    "mtime",
    [
        # The usual edit: new content, same size, a new modification time.
        "new",
        # An edit that put the old modification time back (cp -p, touch -r):
        # the change time, which no program can set, still differs.
        "restored",
    ],
)
def test_file_edited_in_place_with_the_same_size_is_extracted_again(copied, indexed, reads,
                                                                   mtime, tmp_path):
    cache = tmp_path / "cache"
    pipeline.build([copied], jobs=1, cache=cache)
    target = _first(copied)
    before = target.stat()
    old = target.read_bytes()
    head, sep, body = old.partition(b"\n\n")  # a body word, not the header
    new = head + sep + body.replace(b" the ", b" THE ", 1)
    assert len(new) == len(old) and new != old
    target.write_bytes(new)
    if mtime == "new":
        os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns + 5_000_000_000))
    else:
        os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert target.stat().st_size == before.st_size
    reads.clear()
    again = pipeline.build([copied], jobs=1, cache=cache)
    assert reads == [target.name]
    assert again.timings["cache_misses"] == 1
    assert _csvs(again, tmp_path / "again") == _csvs(pipeline.build([copied], jobs=1),
                                                     tmp_path / "cold")


def test_a_changed_publication_default_reads_every_file_again(copied, indexed, reads, tmp_path):
    # --published decides the date of articles without one: part of the index entry.
    cache = tmp_path / "cache"
    pipeline.build([copied], jobs=1, cache=cache)
    reads.clear()
    pipeline.build([copied], jobs=1, cache=cache, published="2020-01-01")
    assert len(reads) == N


def test_an_indexed_article_whose_result_is_gone_is_read_and_extracted(copied, indexed, reads,
                                                                      monkeypatch, tmp_path):
    cache = tmp_path / "cache"
    expected = _csvs(pipeline.build([copied], jobs=1, cache=cache), tmp_path / "first")
    real = runner._Cache.get
    lost: list[str] = []

    def forgetful(self, key):
        if not lost:  # the first result asked for is missing from every store
            lost.append(key)
            return None
        return real(self, key)

    monkeypatch.setattr(runner._Cache, "get", forgetful)
    reads.clear()
    again = pipeline.build([copied], jobs=1, cache=cache)
    assert len(reads) == 1  # its file, read again for the text
    assert (again.timings["cache_hits"], again.timings["cache_misses"]) == (N - 1, 1)
    assert _csvs(again, tmp_path / "again") == expected


def test_merge_parts_reuses_unchanged_blocks_and_equals_merge(corpus):
    tl = pipeline.build([corpus], jobs=1)
    by_article: dict[str, list] = defaultdict(list)
    for m in tl.mention_records:
        by_article[m.article_id].append(m)
    parts = [(f"key-{aid}", ms) for aid, ms in sorted(by_article.items())]
    memo: dict = {}
    assert merge.merge_parts(parts, memo) == merge.merge(tl.mention_records)
    blocks = len(memo)
    assert blocks >= 2
    # Any order of the parts, and a warm memo: the same events.
    assert merge.merge_parts(parts[::-1], memo) == merge.merge(tl.mention_records)
    assert len(memo) == blocks
    # A new part (a copy of an article under another id) changes only its blocks.
    aid, ms = sorted(by_article.items())[0]
    extra = [dataclasses.replace(m, article_id="zz", mention_id=f"zz-{m.mention_id}") for m in ms]
    grown = merge.merge_parts([*parts, ("key-zz", extra)], dict(memo))
    assert grown == merge.merge([*tl.mention_records, *extra])
    # Removing an article: its blocks are clustered again, the others reused.
    rest = parts[1:]
    assert merge.merge_parts(rest, dict(memo)) == merge.merge([m for _, ms in rest for m in ms])


def test_a_changed_block_replays_the_choices_before_its_first_new_mention(corpus, monkeypatch):
    tl = pipeline.build([corpus], jobs=1)
    by_article: dict[str, list] = defaultdict(list)
    for m in tl.mention_records:
        by_article[m.article_id].append(m)
    parts = [(f"key-{aid}", ms) for aid, ms in sorted(by_article.items())]
    scored: list[int] = []
    real = merge.mention_score
    monkeypatch.setattr(merge, "mention_score", lambda m, c: scored.append(1) or real(m, c))
    # The new mention sorts after every other: all earlier choices can be replayed.
    last = max(tl.mention_records, key=merge._sort_key)
    late = dataclasses.replace(last, article_id="zz", mention_id="zz-late")
    cold = merge.merge_parts([*parts, ("key-zz", [late])])
    n_cold = len(scored)
    memo: dict = {}
    merge.merge_parts(parts, memo)
    scored.clear()
    assert merge.merge_parts([*parts, ("key-zz", [late])], memo) == cold
    assert len(scored) < n_cold / 4  # only the new mention was scored
    # and a new mention that sorts first replays nothing, with the same result
    first = min(tl.mention_records, key=merge._sort_key)
    early = dataclasses.replace(first, article_id="0000", mention_id="0000-early")
    assert merge.merge_parts([*parts, ("key-0", [early])], memo) == merge.merge(
        [*tl.mention_records, early])


def test_successive_rebuilds_and_pack_merges_match_cold_builds(copied, indexed, monkeypatch,
                                                               tmp_path):
    # Each rebuild starts from the last one's merge records (and, with at most
    # two segments, from a merged pack): additions, a removal and an edit.
    monkeypatch.setattr(runner, "MAX_SEGMENTS", 2)
    cache = tmp_path / "cache"
    pipeline.build([copied], jobs=1, cache=cache)
    files = sorted(copied.rglob("*.txt"))
    text = files[0].read_text(encoding="utf-8")
    steps = [
        lambda: (copied / "zz-1.txt").write_text(text.replace("title:", "title: (1)", 1),
                                                 encoding="utf-8"),
        lambda: files[3].unlink(),
        lambda: (copied / "zz-2.txt").write_text(
            files[5].read_text(encoding="utf-8").replace("title:", "title: (2)", 1),
            encoding="utf-8"),
        lambda: files[7].write_text(files[7].read_text(encoding="utf-8") + "\nLater talks were held.\n",
                                    encoding="utf-8"),
    ]
    for i, step in enumerate(steps):
        step()
        warm = pipeline.build([copied], jobs=1, cache=cache)
        assert warm.timings["cache_misses"] <= 1
        cold = pipeline.build([copied], jobs=1)
        assert _csvs(warm, tmp_path / f"warm{i}") == _csvs(cold, tmp_path / f"cold{i}"), i
        assert len(list((cache / "packs").glob("*.pack"))) <= 2
