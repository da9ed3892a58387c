"""timeline: turn news coverage into a dated, sourced, explorable record of events.

Examples
--------
>>> import timeline
>>> tl = timeline.build("data", published="2025-02-18")  # doctest: +SKIP
>>> tl.events.head()  # doctest: +SKIP
"""

from __future__ import annotations

__version__ = "0.1.0"

from timeline.pipeline import Timeline, build  # noqa: E402

__all__ = ["Timeline", "build", "compiled", "__version__"]


def compiled() -> tuple[str, ...]:
    """The extraction modules running compiled (see ``setup.py``), in name order.

    Empty for a pure Python install (editable, ``TIMELINE_PURE=1``, or no C
    compiler); the results are the same either way.

    Examples
    --------
    >>> set(compiled()) <= {"actors", "events", "gazetteer", "temporal"}
    True
    """
    import importlib
    from importlib.machinery import EXTENSION_SUFFIXES

    names = ("actors", "events", "gazetteer", "temporal")
    mods = [importlib.import_module(f"timeline.{n}") for n in names]
    return tuple(n for n, m in zip(names, mods, strict=True)
                 if (m.__file__ or "").endswith(tuple(EXTENSION_SUFFIXES)))
