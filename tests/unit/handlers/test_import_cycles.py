"""The handler modules import one another one way only: no cycle, hidden or not, by an import inside a function."""

from __future__ import annotations

import ast
from pathlib import Path

HANDLERS = Path(__file__).resolve().parents[3] / "handlers"


def imports_of_handlers() -> dict[str, set[str]]:
    """Each handlers module and the handlers modules it imports, at the top or inside a function (not for type
    checking only)."""
    graph: dict[str, set[str]] = {}
    for path in HANDLERS.glob("*.py"):
        tree = ast.parse(path.read_text())
        typing_only = {id(node) for block in ast.walk(tree) if isinstance(block, ast.If)
                       and "TYPE_CHECKING" in ast.unparse(block.test) for node in ast.walk(block)}
        graph[f"handlers.{path.stem}"] = {
            node.module for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and id(node) not in typing_only
            and (node.module or "").startswith("handlers.") and node.module.count(".") == 1
        }
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    found: list[list[str]] = []

    def walk(module: str, path: list[str]) -> None:
        for imported in sorted(graph.get(module, ())):
            if imported == path[0]:
                found.append([*path, imported])
            elif imported not in path and imported > path[0]:  # each cycle once, from its least module
                walk(imported, [*path, imported])

    for start in sorted(graph):
        walk(start, [start])
    return found


def test_no_handler_module_imports_one_that_leads_back_to_it() -> None:
    # GIVEN every import between handler modules, those made inside functions too
    graph = imports_of_handlers()
    # THEN none of them leads back to the module it starts from
    assert cycles(graph) == []
