"""notebooks/explore.ipynb runs top to bottom and its figures render (nbclient, kernel python3)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "explore.ipynb"


def test_notebook_is_committed_clean():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code and all(not c["outputs"] and c["execution_count"] is None for c in code)


def test_notebook_runs():
    nbformat = pytest.importorskip("nbformat", reason="needs nbformat (pip install nbmake)")
    nbclient = pytest.importorskip("nbclient", reason="needs nbclient (pip install nbmake)")
    pytest.importorskip("ipykernel", reason="needs ipykernel for the python3 kernel")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    # the two figures render as Plotly outputs
    plotly = [o for o in outputs if "application/vnd.plotly.v1+json" in o.get("data", {})
              or "text/html" in o.get("data", {}) and "plotly" in o["data"]["text/html"]]
    assert len(plotly) >= 2
