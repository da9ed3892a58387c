"""timeline: turn news coverage into a dated, sourced, explorable record of events."""

from __future__ import annotations

__version__ = "0.1.0"
