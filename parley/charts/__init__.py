"""Pure: small SVG charts built on the server as strings (no Django, no scripts, no external references).

Every chart is an `<svg role="img">` with a `<title>` and a `<desc>`, sized by its viewBox only, with all
text escaped, so that it can be inlined into a page under a strict Content-Security-Policy and printed.
Each builder takes plain values and returns the markup; pages show the same values as a table too.
"""

from parley.charts.bars import BarLabels, SideBars, side_bars
from parley.charts.lines import Series, step_chart
from parley.charts.scatter import Point, scatter

__all__ = ["BarLabels", "Point", "Series", "SideBars", "scatter", "side_bars", "step_chart"]
