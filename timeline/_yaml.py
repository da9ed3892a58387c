"""YAML loading for the knowledge files and user actor files.

libyaml's C loader builds the same objects as PyYAML's pure-Python
``safe_load`` about seven times faster (0.09 s -> 0.01 s for the actor
file), which matters when a cached rebuild loads the registry just to
extract one new article.  It falls back to the Python loader when PyYAML was
built without libyaml.
"""

from __future__ import annotations

from typing import IO, Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(stream: str | bytes | IO[str] | IO[bytes]) -> Any:
    """``yaml.safe_load`` with the C loader when available.

    Examples
    --------
    >>> load_yaml("a: [1, 2]")
    {'a': [1, 2]}
    """
    return yaml.load(stream, Loader=_LOADER)  # noqa: S506 - a safe loader
