"""Whole-build guarantees: bad input loses nothing, order does not matter, no network."""

from __future__ import annotations

import random
import re
import shutil
import socket
from pathlib import Path

import pytest
from _corpora import DEV, SEED

from timeline.cli import main

OUTPUTS = ("events.csv", "mentions.csv", "actors.csv", "events.json", "actors.graphml",
           "actors.gexf", "timeline.json")


def _good_files() -> list[Path]:
    files = [SEED]
    if DEV.is_dir():
        files += sorted(DEV.glob("*.txt"))
    return files


def _bad_inputs(folder: Path) -> dict[str, str]:
    """Write one of each kind of bad input; returns file name -> expected reason word."""
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    files = {
        "empty.txt": (b"", "empty"),
        "blank.txt": (b"  \n\t\n", "whitespace"),
        "image.txt": (png, "binary"),
        "doc.txt": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n" + bytes(300), "binary"),
        "records.jsonl": (b'{"id": "ok1", "text": "Peru and Chile signed a fishing accord in Lima on 3 March 2019."}\n'
                          b'{not json\n',
                          "line 2"),
        "table.csv": (b"id,title\n1,No text column\n", "text"),
        "scripts.html": (b"<html><head><script>alert(1)</script><style>p{}</style></head>"
                         b"<body><nav>Home</nav></body></html>", "no article text"),
    }
    for name, (data, _) in files.items():
        (folder / name).write_bytes(data)
    (folder / "loop").symlink_to(folder, target_is_directory=True)  # a symlink loop
    expected = {name: why for name, (_, why) in files.items()}
    expected["loop"] = "loop"
    return expected


def _odd_but_readable(folder: Path) -> dict[str, str | None]:
    """Inputs that are read, with a warning (its expected word) or silently (None).

    None of them reports an event, so they must not change the timeline.
    """
    files = {
        # UTF-16 with a BOM is a standard encoding: no warning
        "utf16-bom.txt": ("\ufeffNothing was decided in the end.".encode("utf-16-le"), None),
        "utf16-nobom.txt": ("Nothing was decided in the end.".encode("utf-16-le"), "utf-16"),
        "latin1.txt": ("Le café était fermé et rien n’a été décidé.".encode("cp1252"), "windows-1252"),
        "controls.txt": (b"Nothing \x00was\x07 decided\x1b in the end.", "control"),
        "nodates.txt": (b"The weather was mild and nothing was decided.", None),
        "absurd.txt": (b"Analysts joked about February 30, the year 99999 and 31/31/2025.", None),
        "badpub.txt": (b"published: 2025-13-45\n\nA calm day with nothing decided.", "2025-13-45"),
        # a 5 MB single line is large but legal
        "longline.txt": (b"lorem ipsum dolor " * 280_000, None),
    }
    for name, (data, _) in files.items():
        (folder / name).write_bytes(data)
    return {name: why for name, (_, why) in files.items()}


def _build(argv: list[str], capsys) -> tuple[int, str]:
    code = main(argv)
    _, err = capsys.readouterr()
    return code, err


def _read(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUTS}


def test_bad_inputs_lose_nothing(tmp_path, capsys):
    good = tmp_path / "good"
    mixed = tmp_path / "mixed"
    good.mkdir()
    mixed.mkdir()
    for f in _good_files():
        shutil.copy(f, good / f.name)
        shutil.copy(f, mixed / f.name)
    expected = _bad_inputs(mixed)
    readable = _odd_but_readable(mixed)
    code_good, _ = _build(["build", str(good), "--published", "2025-02-18", "--out",
                           str(tmp_path / "o1"), "--no-html", "--jobs", "1"], capsys)
    code_mixed, err = _build(["build", str(mixed), "--published", "2025-02-18", "--out",
                              str(tmp_path / "o2"), "--no-html", "--jobs", "1"], capsys)
    assert code_good == 0
    assert code_mixed == 1
    for name, why in expected.items():
        lines = [line for line in err.splitlines() if name in line]
        assert lines, f"{name} not reported on stderr"
        assert why in lines[0].lower(), lines[0]
    for name, why in readable.items():
        lines = [line for line in err.splitlines() if name in line]
        if why is None:
            assert not lines, lines
        else:
            assert lines and "warning" in lines[0] and why in lines[0], (name, lines)
    # The JSONL's good record (an unrelated 2019 event) still went through; every
    # other row is the same as in the build of the good files alone.
    a, b = _read(tmp_path / "o1"), _read(tmp_path / "o2")
    for name in ("events.csv", "mentions.csv"):
        good_rows = set(a[name].decode().splitlines())
        mixed_rows = set(b[name].decode().splitlines())
        assert good_rows <= mixed_rows, name
        assert all("ok1" in row for row in mixed_rows - good_rows), name
        assert any("ok1" in row for row in mixed_rows - good_rows), f"ok1 lost from {name}"


def test_input_order_does_not_change_outputs(tmp_path, capsys):
    files = [str(f) for f in _good_files()]
    if len(files) < 3:
        pytest.skip(f"news-dev corpus not found at {DEV}")
    results = []
    for i, seed in enumerate((1, 2)):
        order = files[:]
        random.Random(seed).shuffle(order)
        out = tmp_path / f"o{i}"
        code, err = _build(["build", *order, "--published", "2025-02-18", "--out", str(out),
                            "--no-html", "--jobs", "1"], capsys)
        assert code == 0, err
        results.append(_read(out))
    assert results[0] == results[1]


def test_build_needs_no_network(tmp_path, capsys, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    out = tmp_path / "out"
    code, err = _build(["build", *map(str, _good_files()), "--published", "2025-02-18", "--out",
                        str(out), "--jobs", "1"], capsys)
    assert code == 0, err
    html = (out / "timeline.html").read_text(encoding="utf-8")
    # plotly.js itself names its CDN (topojson for maps); what matters is no tag loads from it.
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=[\"']?(https?:)?//", html, re.I)
    assert len(html) > 1_000_000  # plotly.js is embedded
