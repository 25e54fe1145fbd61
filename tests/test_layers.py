"""Every app of the parley package sits in one layer, and imports only its own layer and the layers below.

An app is a top-level package or module of parley/. Every import counts: function-local ones and those
under `if TYPE_CHECKING:` too (tests and migrations aside). A lower app that needs a higher one emits
a hook (a signal, a registry) the higher app subscribes to in its `AppConfig.ready`.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import parley

ROOT = Path(parley.__file__).parent

# Bottom to top. Apps of one layer may import each other as long as no cycle forms (second test).
LAYERS: list[tuple[str, set[str]]] = [
    ("pure packages, no Django", {"engine", "record", "lang", "charts"}),
    (
        "base modules and small apps",
        {
            "errors",
            "ratelimit",
            "sessions",
            "accounts",
            "i18n",
            "middleware",
            "logfilters",
            "paths",
            "health",
            "documents",
        },
    ),
    ("the record's storage and appending", {"ledger"}),
    ("dialogues", {"dialogues"}),
    ("analysis and checkpoints", {"analysis", "checkpoints", "stand", "seeds"}),
    # translations: its free texts are those of holds, glossary notes, policies and joint statements.
    ("proposals and what they adopt", {"moderation", "proposals", "joint", "translations", "reports"}),
    # meetings: built on dialogues, analysis and joint statements; nothing below imports it.
    ("meetings in person", {"meetings"}),
    ("the record's pages, export and import", {"publicrecord"}),
    ("notifications: what awaits each side, e-mail, webhooks, feeds", {"notifications"}),
    ("site and tools", {"pages", "demo", "cli", "urls", "settings", "wsgi", "server", "testing"}),
]
LAYER_OF = {app: index for index, (_title, apps) in enumerate(LAYERS) for app in apps}


def _sources() -> list[Path]:
    return [
        path
        for path in sorted(ROOT.rglob("*.py"))
        if not {"tests", "migrations"} & set(path.relative_to(ROOT).parts) and not path.name.startswith("test_")
    ]


def _app(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "parley" and len(parts) > 1 else None


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    me = _module(path)
    package = me if path.name == "__init__.py" else me.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def _edges() -> dict[tuple[str, str], str]:
    """(importing app, imported app) -> the first module that imports it."""
    edges: dict[tuple[str, str], str] = {}
    for path in _sources():
        source = _app(_module(path))
        for name in _imports(path):
            target = _app(name)
            if source and target and target != source:
                edges.setdefault((source, target), str(path.relative_to(ROOT)))
    return edges


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one app (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(app: str) -> None:
        index[app] = low[app] = len(index)
        stack.append(app)
        for other in sorted(graph.get(app, ())):
            if other not in index:
                visit(other)
                low[app] = min(low[app], low[other])
            elif other in stack:
                low[app] = min(low[app], index[other])
        if low[app] == index[app]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == app:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for app in sorted(graph):
        if app not in index:
            visit(app)
    return found


def test_every_app_of_parley_is_in_a_declared_layer():
    apps = {app for path in _sources() if (app := _app(_module(path)))}
    assert sorted(app for app in apps if app not in LAYER_OF) == []


def test_no_app_imports_an_app_of_a_higher_layer():
    upward = sorted(
        f"{where}: {source} ({LAYERS[LAYER_OF[source]][0]}) imports {target} ({LAYERS[LAYER_OF[target]][0]})"
        for (source, target), where in _edges().items()
        if source in LAYER_OF and target in LAYER_OF and LAYER_OF[target] > LAYER_OF[source]
    )
    assert upward == []


def test_no_two_apps_import_each_other_even_through_others():
    graph: dict[str, set[str]] = defaultdict(set)
    edges = _edges()
    for source, target in edges:
        graph[source].add(target)
    cycles = [
        f"{' '.join(cycle)}: " + "; ".join(f"{a}->{b} ({edges[a, b]})" for a in cycle for b in cycle if (a, b) in edges)
        for cycle in _cycles(graph)
    ]
    assert cycles == []


def test_the_cycle_finder_finds_a_cycle_through_three_apps():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_every_module_of_the_dialogues_app_stays_under_400_lines():
    long = sorted(
        f"{path.relative_to(ROOT)}: {n}"
        for path in (ROOT / "dialogues").rglob("*.py")
        if "migrations" not in path.parts and (n := len(path.read_text(encoding="utf-8").splitlines())) > 400
    )
    assert long == []
