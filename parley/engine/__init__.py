"""Parley's analysis engine: from votes to what a dialogue has found.

A pure package (numpy, scipy and pyarrow, no Django), called the same way by
the `parley analyze` command, the web app's background task, the verifier
and the benchmarks.

The API for callers, kept stable::

    from parley.engine import VoteTable, analyze

    votes = VoteTable.from_records([("p1", "s1", 1, 1700000000.0), ...])
    result = analyze(
        votes,                      # VoteTable: participant, statement, value (+1/-1/0), timestamp
        sides={"p1": "A", ...},     # participant id -> side name, or None
        texts={"s1": "...", ...},   # statement id -> text (ids without text get "")
        moderated_out={"s9"},       # statement ids removed by moderation
        meta={"s0"},                # statement ids that ask about the participant, not an opinion
        progress=lambda stage, fraction: ...,  # optional, fraction in [0, 1]
    )
    result.to_dict()                # the JSON shape of `parley analyze --json`
    result.to_json()                # as text: sorted keys, 10 significant digits

Optional `mapper=OpinionMapper(...)` and `bridging=BridgingALS(...)` change
the estimators' parameters; every parameter used is listed in `meta`. The
mapper is composed of estimators, as in scikit-learn:
`OpinionMapper(pca=PolisPCA(n_components=2), clusterer=PolisClusterer(max_groups=4))`;
every estimator has `get_params(deep=True)` / `set_params(pca__n_components=3)`
and `parley.engine.base.clone`.
`workers=N` caps the threads that compute the opinion map, the within-side
maps and the bridging model side by side (default: the available cores);
the result is the same for any N.

`VoteTable` holds parallel arrays; integer ids are written as strings. Ids
may also come dictionary-encoded (`EncodedIds`: the distinct ids and an
integer code per row), as the Pol.is CSV readers give them (pyarrow's CSV
reader, `columnar.py`): then no Python object is made per vote. The
latest vote per participant and statement counts (by timestamp; on equal or
missing timestamps the later row). Ids sort as numbers when they are all
decimal integers, otherwise as text; outputs list participants and
statements in that order.

Moderated-out and meta statements are zeroed in the opinion map, as in
Pol.is, and take no part in representatives, consensus or bridging; meta
statements are still listed with their counts, moderated-out ones are not.
Each statement's `evidence` (its verdict: common ground, divide, too early or
neither, and the figures behind it) and the top-level `evidence` (the rule and
the ranked lists) are null without sides; `evidence.py` states the rule.

Everything is deterministic: the same input gives the same JSON byte for
byte on the same computer (`to_json(timings=False)`; `meta.seconds` holds
wall-clock timings: each stage's own, which overlap when stages run side by
side, and `total`, `meta.loops` says whether the compiled loops were there,
"compiled" or "numpy"; with them, every product they can take uses them, and
`meta.environment` names numpy, scipy and their BLAS with the kernels it
chose; these three are left out without timings), whatever the order of the
input rows, and swapping two side names only swaps the per-side figures. The
compiled loops (`kernels.py`) add in the order scipy does: they change the
timings, not the numbers (bit for bit on x86-64, where the tests compare the
two). On another computer, BLAS kernels chosen for its CPU can move the last
digits of non-integer numbers, never a discrete result (groups, counts, the
number of groups, ranks): decisions read numbers snapped to a grid far
coarser than that noise and resolve near-ties deterministically
(`parley.record.analysis_check` states the tolerance the verifier allows).

Malformed input raises `EngineInputError`, whose message names the file,
the line and the problem.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .analysis import Analysis, analyze
    from .errors import EngineInputError
    from .io import Dataset, read_folder, read_polis_api, read_polis_export, read_sides
    from .table import EncodedIds, VoteTable

# Each name is imported from its module when first asked for: `parley analyze` reads its
# files while scipy and the analysis modules load (`cli.py`), and the record's tools that
# only need the vote table never load scipy.
_HOMES = {
    "Analysis": "analysis",
    "analyze": "analysis",
    "EngineInputError": "errors",
    "Dataset": "io",
    "read_folder": "io",
    "read_polis_api": "io",
    "read_polis_export": "io",
    "read_sides": "io",
    "EncodedIds": "table",
    "VoteTable": "table",
}

__all__ = [
    "Analysis",
    "Dataset",
    "EncodedIds",
    "EngineInputError",
    "VoteTable",
    "analyze",
    "read_folder",
    "read_polis_api",
    "read_polis_export",
    "read_sides",
]


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{home}", __name__), name)
    globals()[name] = value
    return value
