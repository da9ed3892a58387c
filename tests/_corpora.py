"""Real and generated texts that the shortcut, cache and scale tests share.

``SEED`` is the bundled sample article; ``DEV`` the shared news-dev articles
(present when ``../shared`` is beside the clone: callers skip or do without
them otherwise); :func:`write_corpus` writes articles made by
``benchmarks/make_corpus.py``, the benchmark's own generator.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import ModuleType

from timeline import events, ingest
from timeline.models import Article

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = ROOT / "data" / "macron-ukraine-2025-02-18.txt"
DEV = SHARED / "corpora" / "news-dev" / "articles"
#: The seed article's publication date (it has no header).
PUB = date(2025, 2, 18)


def make_corpus_module() -> ModuleType:
    """``benchmarks/make_corpus.py`` as a module, loaded once per session.

    Registered in ``sys.modules`` because its dataclasses look their module up
    by name; loading it again would orphan the classes other tests hold.
    """
    mod = sys.modules.get("make_corpus")
    if mod is None:
        spec = importlib.util.spec_from_file_location("make_corpus",
                                                      ROOT / "benchmarks" / "make_corpus.py")
        assert spec is not None and spec.loader is not None
        mod = importlib.util.module_from_spec(spec)
        sys.modules["make_corpus"] = mod
        spec.loader.exec_module(mod)
    return mod


def write_corpus(n: int, seed: int, base: Path) -> Path:
    """Write ``n`` generated articles to ``base/articles`` (the manifest beside
    that folder, not in it) and return the folder."""
    make_corpus_module().write_corpus(n, seed=seed, out=base / "articles",
                                      manifest=base / "MANIFEST.json")
    return base / "articles"


def articles(*inputs: Path) -> list[Article]:
    """The articles read from ``inputs`` (errors left out)."""
    return [a for a in ingest.read_inputs(list(inputs)) if isinstance(a, Article) and a.text]


def dev_articles() -> list[Article]:
    """The shared dev articles, or none when ``../shared`` is absent."""
    return articles(DEV) if DEV.is_dir() else []


def seed_and_dev_texts() -> list[str]:
    """The seed article's text, then the dev articles' texts when present."""
    return [SEED.read_text(encoding="utf-8"), *(a.text for a in dev_articles())]


def generated_texts(n: int, seed: int, base: Path) -> list[str]:
    """The texts of ``n`` generated articles written under ``base``."""
    return [a.text for a in articles(write_corpus(n, seed, base))]


def with_variants(tricky: str) -> list[str]:
    """The seed and dev texts, then ``tricky`` as written, upper-cased and with
    every space doubled (the case and spacing a shortcut must not depend on)."""
    return [*seed_and_dev_texts(), tricky, tricky.upper(), tricky.replace(" ", "  ")]


def text_lines(texts: list[str]) -> Iterator[tuple[str, int, int]]:
    """``(text, start, end)`` of every line of each text, as the extractor splits them."""
    for text in texts:
        for ls, le in events._lines(text):
            yield text, ls, le
