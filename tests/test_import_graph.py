"""The parts depend one way: screens/ on kiosk/ and printer/, kiosk/ on printer/, never back.

Read from the source, imports inside functions included: no module of kiosk/ or printer/ imports
Textual or the screens, and no module imports, through any chain, a module that imports it back.
"""

import ast
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
PARTS = ("kiosk", "screens", "printer")


def module_name(path: Path) -> str:
    parts = path.relative_to(PROJECT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_by(path: Path) -> set[str]:
    """Every module named by an import statement of `path`, wherever the statement sits."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    return imports_in(path.read_text(encoding="utf-8"), package)


def imports_in(source: str, package: str) -> set[str]:
    """The modules (and names, which may be modules) that `source`, in `package`, imports."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for part in PARTS for p in (PROJECT / part).rglob("*.py")}
    return {name: {m for m in imported_by(path) if m in modules and m != name}
            for name, path in modules.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(edges[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_no_module_imports_one_that_imports_it_back() -> None:
    assert cycles(graph()) == []


def test_the_core_and_the_printer_never_import_textual_or_the_screens() -> None:
    wrong = {}
    for part, forbidden in (("kiosk", ("textual", "screens")),
                            ("printer", ("textual", "screens", "kiosk"))):
        for path in (PROJECT / part).rglob("*.py"):
            bad = sorted(m for m in imported_by(path) if m.split(".")[0] in forbidden)
            if bad:
                wrong[module_name(path)] = bad
    assert wrong == {}


def test_the_checks_see_a_circle_and_an_import_inside_a_function() -> None:
    """The two checks above would pass on an empty graph: show they see what they look for."""
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    source = "def later():\n    from textual.app import App\n    from . import base\n"
    assert {"textual.app", "screens.guest.base"} <= imports_in(source, "screens.guest")
