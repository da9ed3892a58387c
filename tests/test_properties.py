"""Property tests (hypothesis) over ingestion and the whole per-article extraction.

Whatever bytes a scraper hands us, ingestion answers with an Article or an
IngestError, never an exception; and whatever text reaches extraction, every
offset it reports indexes that text.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline import ingest, runner
from timeline.models import Article, IngestError

# Text that looks like news at times: words, dates, names and punctuation mixed
# with arbitrary unicode, so that the grammar's paths are reached, not only its misses.
NEWSY = st.lists(
    st.one_of(
        st.sampled_from([
            "Monday", "last week", "Feb. 17", "2025", "about three years ago", "Macron", "met",
            "talks", "in Paris", "said", "will meet", "U.S.", "the Prime Minister", "\n\n",
            "title: x\n", "published: 2025-02-30\n", "---\n", "Zelenskiy", "31/31/2025", ". ",
            "February 30", "the year 99999", "Photographer: X", "Also Read:", "<script>", "\x00",
        ]),
        st.text(max_size=20),
    ),
    max_size=40,
).map(" ".join)

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def registry():
    return runner._registry(None)


@SETTINGS
@given(data=st.binary(max_size=2000))
def test_decode_never_raises_anything_but_a_reason(data):
    try:
        text, warnings = ingest.decode(data, "x.txt")
    except ingest.IngestProblem as exc:
        assert str(exc)
    else:
        assert isinstance(text, str)
        assert all(isinstance(w, str) for w in warnings)


@SETTINGS
@given(data=st.one_of(st.binary(max_size=2000), NEWSY.map(lambda s: s.encode("utf-8", "replace"))),
       suffix=st.sampled_from([".txt", ".html", ".jsonl", ".json", ".csv", ".md", ""]))
def test_read_inputs_yields_one_answer_per_file(tmp_path_factory, data, suffix):
    folder = tmp_path_factory.mktemp("in")
    path = folder / f"article{suffix}"
    path.write_bytes(data)
    items = list(ingest.read_inputs([path], date(2025, 2, 18)))
    assert items, "a file must give an article or an error"
    for item in items:
        assert isinstance(item, Article | IngestError)
        if isinstance(item, IngestError):
            assert "article" in item.path and item.reason
        else:
            assert item.text.strip()
            assert item.published is not None


@SETTINGS
@given(text=NEWSY, published=st.one_of(st.none(), st.dates(date(1900, 1, 1), date(2100, 12, 31))))
def test_extraction_offsets_index_the_text(registry, text, published):
    art = Article("prop", text, published=published)
    result = runner.extract_article(art, registry)
    for m in result.mentions:
        assert 0 <= m.char_start < m.char_end <= len(text)
        assert text[m.char_start:m.char_end] == m.sentence
        if m.date_start is not None and m.date_end is not None:
            assert m.date_start <= m.date_end
        assert m.status in ("occurred", "planned", "ongoing")
