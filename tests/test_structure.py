"""Code structure: the package's modules import each other in one direction only (no import circle)."""
from __future__ import annotations

import ast
import graphlib
from pathlib import Path

PKG = Path(__file__).resolve().parent.parent / "wirewatch"


def import_graph() -> dict[str, set[str]]:
    """module -> wirewatch modules it imports, at top level or inside functions (late imports count)."""
    modules = {f.stem for f in PKG.glob("*.py")}
    graph = {}
    for f in PKG.glob("*.py"):
        deps = set()
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                deps.update([node.module.split(".")[0]] if node.module else [a.name for a in node.names])
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("wirewatch."):
                deps.add(node.module.split(".")[1])
            elif isinstance(node, ast.Import):
                deps.update(a.name.split(".")[1] for a in node.names if a.name.startswith("wirewatch."))
        graph[f.stem] = (deps & modules) - {f.stem}
    return graph


def test_graph_sees_late_imports():
    graph = import_graph()
    assert "triggers" in graph["actors"] and "triggers" in graph["arguments"]
    assert "events" in graph["pipeline"]


def test_no_import_circle():
    try:
        list(graphlib.TopologicalSorter(import_graph()).static_order())
    except graphlib.CycleError as err:
        raise AssertionError(f"import circle: {' -> '.join(err.args[1])}") from None


def test_stage_modules_do_not_import_events():
    graph = import_graph()
    assert "events" not in graph["actors"] and "events" not in graph["arguments"]
