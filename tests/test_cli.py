"""The command line, run as a user runs it (in-process through ``main`` and as a subprocess)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from _corpora import SEED

from timeline.cli import main


def run_main(argv, capsys, stdin_bytes: bytes | None = None, monkeypatch=None):
    if stdin_bytes is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin_bytes)))
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_dates_jsonl_on_seed(capsys):
    code, out, err = run_main(["dates", str(SEED), "--published", "2025-02-18"], capsys)
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    text = SEED.read_text(encoding="utf-8")
    # Offsets index the decoded text exactly, header or not.
    for r in rows:
        assert text[r["start"]:r["end"]] == r["text"]
    by_text = {r["text"]: r for r in rows}
    assert by_text["Monday, Feb. 17, 2025"]["value"] == "2025-02-17"
    assert by_text["last week"]["value"] == "2025-W07"
    assert by_text["last week"]["date_start"] == "2025-02-10"
    assert by_text["last week"]["date_end"] == "2025-02-16"
    assert by_text["this week"]["value"] == "2025-W08"


def test_dates_from_stdin_table(capsys, monkeypatch):
    code, out, _ = run_main(
        ["dates", "-", "--published", "2025-02-18", "--format", "table"], capsys,
        stdin_bytes=b"Leaders met on Monday in Paris.", monkeypatch=monkeypatch,
    )
    assert code == 0
    header, *lines = out.splitlines()
    assert header.split()[:3] == ["start", "end", "text"]
    assert any("2025-02-17" in line and "Monday" in line for line in lines)


def test_dates_without_published_says_where_the_anchor_came_from(capsys):
    # The seed has no header; its captions carry "Monday, Feb. 17, 2025".
    code, out, err = run_main(["dates", str(SEED)], capsys)
    assert code == 0
    assert "inferred" in err and "2025-02-17" in err
    assert out.strip()


@pytest.mark.parametrize(
    "argv",
    [
        ["dates", str(SEED), "--published", "18/02/2025"],  # not ISO
        ["dates"],  # missing input
        ["build"],  # missing inputs
        ["build", "data", "--jobs", "0"],
        ["frobnicate"],
    ],
)
def test_usage_errors_exit_2(argv, capsys):
    code, _, err = run_main(argv, capsys)
    assert code == 2
    assert "usage" in err or "error" in err


def test_dates_unreadable_input_names_the_file(tmp_path, capsys):
    missing = tmp_path / "nope.txt"
    code, _, err = run_main(["dates", str(missing), "--published", "2025-02-18"], capsys)
    assert code == 1
    assert "nope.txt" in err


def test_build_writes_outputs_and_reports_bad_files(tmp_path, capsys):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "seed.txt").write_bytes(SEED.read_bytes())
    (inputs / "empty.txt").write_bytes(b"")
    out_dir = tmp_path / "out"
    code, out, err = run_main(
        ["build", str(inputs), "--published", "2025-02-18", "--out", str(out_dir), "--jobs", "1",
         "--no-html"], capsys,
    )
    assert code == 1, err
    assert "empty.txt" in err
    for name in ("events.csv", "mentions.csv", "actors.csv", "articles.csv"):
        assert (out_dir / name).exists(), name
    articles = pd.read_csv(out_dir / "articles.csv")
    status = dict(zip(articles["article_id"], articles["status"], strict=True))
    assert status == {"empty": "error", "seed": "ok"}
    events = pd.read_csv(out_dir / "events.csv")
    assert len(events) >= 4
    assert "2025-02-17" in set(events["date_start"])


def test_module_entry_point_runs():
    proc = subprocess.run([sys.executable, "-m", "timeline", "--version"], capture_output=True,
                          text=True, check=False)
    assert proc.returncode == 0
    assert proc.stdout.startswith("timeline ")


def test_build_with_two_workers_equals_one(tmp_path, capsys):
    # Articles cross process boundaries with --jobs 2: they must pickle, and
    # the outputs must not depend on the number of workers.
    src = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "news-dev" / "articles"
    if not src.is_dir():
        pytest.skip(f"news-dev corpus not found at {src}")
    outs = []
    for jobs in ("1", "2"):
        out_dir = tmp_path / f"out{jobs}"
        code, _, err = run_main(["build", str(SEED), str(src), "--published", "2025-02-18",
                                 "--out", str(out_dir), "--jobs", jobs, "--no-html"], capsys)
        assert code == 0, err
        outs.append({p.name: p.read_bytes() for p in out_dir.iterdir()})
    assert outs[0] == outs[1]


@pytest.mark.parametrize(
    ("names", "strict", "code", "n_ok"),
    [
        # without --strict a bad file is skipped and the run goes on (exit 1)
        (["a-empty.txt", "b-seed.txt"], False, 1, 1),
        # with --strict the run stops at the first bad input and writes nothing
        (["a-empty.txt", "b-seed.txt"], True, 1, None),
        # nothing bad: --strict changes nothing
        (["b-seed.txt"], True, 0, 1),
    ],
)
def test_strict_mode(tmp_path, capsys, names, strict, code, n_ok):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in names:
        (inputs / name).write_bytes(b"" if "empty" in name else SEED.read_bytes())
    out_dir = tmp_path / "out"
    argv = ["build", str(inputs), "--published", "2025-02-18", "--out", str(out_dir), "--no-html",
            "--jobs", "1"] + (["--strict"] if strict else [])
    got, _, err = run_main(argv, capsys)
    assert got == code, err
    if n_ok is None:
        assert "strict" in err and "a-empty.txt" in err
        assert not (out_dir / "events.csv").exists()
    else:
        articles = pd.read_csv(out_dir / "articles.csv")
        assert (articles["status"] == "ok").sum() == n_ok
