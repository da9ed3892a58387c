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

__all__ = ["Timeline", "build", "__version__"]
