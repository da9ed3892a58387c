"""The compiled extraction modules (``setup.py``) give the pure modules' results.

``pip install .`` compiles ``temporal``, ``events``, ``actors`` and
``gazetteer`` with Cython; editable installs (this test run's) stay pure
Python.  Here the modules are compiled into a temporary folder as
``pip install .`` would, and the same builds are run on the compiled and the
pure package, in separate processes, byte for byte: the seed article, the dev
articles when present, and 300 generated articles.  About 90 s on 2 cores.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from _corpora import DEV, ROOT, SEED, write_corpus

MODULES = ("actors", "events", "gazetteer", "temporal")
OUTPUTS = ("events.csv", "mentions.csv", "actors.csv", "articles.csv", "events.json")


def _why_not() -> str | None:
    if os.environ.get("TIMELINE_PURE"):
        return "TIMELINE_PURE is set: nothing is compiled"
    if importlib.util.find_spec("Cython") is None:
        return "Cython is not installed (pip install -e '.[test]' brings it)"
    cc = (sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(cc) is None:
        return f"no C compiler ({cc}): installs stay pure Python"
    if not (Path(sysconfig.get_paths()["include"]) / "Python.h").is_file():
        return "no Python headers (Python.h): installs stay pure Python"
    return None


pytestmark = pytest.mark.skipif(_why_not() is not None, reason=_why_not() or "")

#: Builds each corpus into OUT/<name> with the ``timeline`` found first on
#: the path, and prints which modules are compiled.
_SCRIPT = """
import json, sys
import timeline
corpora = json.loads(sys.argv[1])
for name, (inputs, published) in corpora.items():
    timeline.build(inputs, published=published, jobs=1).to_files(sys.argv[2] + "/" + name)
print(json.dumps(timeline.compiled()))
"""


def _build_ext(lib: Path, temp: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """``setup.py build_ext`` as ``pip install .`` runs it, into ``lib``."""
    return subprocess.run(
        [sys.executable, "setup.py", "build_ext", "--build-lib", str(lib), "--build-temp", str(temp)],
        cwd=ROOT, capture_output=True, text=True, check=False, env=dict(os.environ, **env))


def _binaries(lib: Path) -> list[str]:
    return sorted(p.name for p in (lib / "timeline").glob("*" + sysconfig.get_config_var("EXT_SUFFIX")))


@pytest.fixture(scope="module")
def compiled_lib(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The compiled modules (``lib``) and the build's temporary folder."""
    tmp = tmp_path_factory.mktemp("compiled")
    lib, temp = tmp / "lib", tmp / "build"
    proc = _build_ext(lib, temp)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return lib, temp


@pytest.fixture(scope="module")
def builds(compiled_lib: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory
           ) -> dict[str, Path]:
    lib = compiled_lib[0]
    tmp = tmp_path_factory.mktemp("builds")
    site = tmp / "site"
    shutil.copytree(ROOT / "timeline", site / "timeline",
                    ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.pyd"))
    built = _binaries(lib)
    assert [name.split(".")[0] for name in built] == list(MODULES)
    for name in built:
        shutil.copy2(lib / "timeline" / name, site / "timeline" / name)
    corpora = {"seed": ([str(SEED)], "2025-02-18"),
               "generated": ([str(write_corpus(300, 17, tmp / "gen"))], None)}
    if DEV.is_dir():
        corpora["dev"] = ([str(DEV)], None)
    outs = {}
    for kind, path in (("compiled", site), ("pure", ROOT)):
        env = dict(os.environ, PYTHONPATH=str(path))
        run = subprocess.run([sys.executable, "-c", _SCRIPT, json.dumps(corpora),
                              str(tmp / kind)], cwd=tmp, env=env, capture_output=True,
                             text=True, check=False)
        assert run.returncode == 0, run.stderr
        outs[kind] = (tmp / kind, json.loads(run.stdout.strip().splitlines()[-1]))
    # (the compiled package really ran compiled; the source tree did not)
    assert outs["compiled"][1] == list(MODULES)
    assert outs["pure"][1] == []
    return {kind: folder for kind, (folder, _) in outs.items()}


@pytest.mark.parametrize("corpus", ["seed", "generated", "dev"])
@pytest.mark.parametrize("name", OUTPUTS)
def test_compiled_outputs_equal_pure(builds: dict[str, Path], corpus: str, name: str) -> None:
    pure = builds["pure"] / corpus / name
    if corpus == "dev" and not pure.parent.exists():
        pytest.skip(f"news-dev corpus not found at {DEV} (CI places ../shared beside the clone)")
    assert pure.stat().st_size > 0
    assert (builds["compiled"] / corpus / name).read_bytes() == pure.read_bytes()


def test_compiled_builds_find_events(builds: dict[str, Path]) -> None:
    # (not an empty agreement: the compiled build dates the seed's events)
    lines = (builds["compiled"] / "seed" / "events.csv").read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 5 and any("2025-02-17" in line for line in lines)


def _stale(lib: Path) -> Path:
    # a binary left by an earlier build in the same build folder
    stale = lib / "timeline" / ("events" + sysconfig.get_config_var("EXT_SUFFIX"))
    stale.parent.mkdir(parents=True, exist_ok=True)
    stale.write_bytes(b"an earlier build")
    return stale


@pytest.mark.parametrize("env, says, stale", [
    # opting out: nothing compiled, and no earlier build's binary shipped
    ({"TIMELINE_PURE": "1"}, "pure Python modules (TIMELINE_PURE is set)", True),
    # no working compiler: each module falls back to its source
    ({"CC": "/nonexistent/cc"}, "timeline.events not compiled", False),
])
def test_a_build_that_cannot_compile_installs_the_pure_modules(
        compiled_lib: tuple[Path, Path], tmp_path: Path, env: dict[str, str], says: str,
        stale: bool) -> None:
    lib = tmp_path / "lib"
    earlier = _stale(lib) if stale else None
    # (the build folder of the compiled build: its C files are reused, only compiling fails)
    proc = _build_ext(lib, compiled_lib[1], **env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert says in proc.stdout
    assert _binaries(lib) == []
    assert earlier is None or not earlier.exists()
