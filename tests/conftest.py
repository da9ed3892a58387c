"""Fixtures shared by the test modules (the texts are in ``_corpora.py``)."""

from __future__ import annotations

import pytest

from timeline.actors import ActorRegistry


@pytest.fixture(scope="module")
def registry() -> ActorRegistry:
    """The bundled actor data, loaded once per test module: a registry learns
    the unknown people it meets, so modules do not share one."""
    return ActorRegistry.load()
