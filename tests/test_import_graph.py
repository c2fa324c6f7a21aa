"""The parts depend one way: screens/ on kiosk/ and printer/, kiosk/ on printer/, never back.

Read from the source, imports inside functions included, and modules loaded by name
(`importlib.import_module`: every module name written in a file that calls it counts, and an
f-string's fixed start counts as every module under it). No module of kiosk/ or printer/ imports
Textual or the screens (but for the one plug-in name the command line loads, `DRAWING_COMMANDS`),
and no module imports, through any chain, a module that imports it back.
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
    """The modules (and names, which may be modules) that `source`, in `package`, imports.

    A name loaded by `import_module` is seen as a text: `"screens.commands"`, or
    `"screens.guest.*"` for `f"screens.guest.{name}"`.
    """
    found = set()
    tree = ast.parse(source)
    if any(isinstance(node, ast.Call) and "import_module" in ast.unparse(node.func)
           for node in ast.walk(tree)):
        found.update(named_modules(tree))
    for node in ast.walk(tree):
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


def named_modules(tree: ast.AST) -> set[str]:
    """Texts in `tree` that name a module of ours, for a file that loads modules by name."""
    named = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if node.value.split(".")[0] in PARTS:
                named.add(node.value)
        elif isinstance(node, ast.JoinedStr) and isinstance(node.values[0], ast.Constant):
            start = str(node.values[0].value)
            if start.split(".")[0] in PARTS and start.endswith("."):
                named.add(start + "*")
    return named


def graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for part in PARTS for p in (PROJECT / part).rglob("*.py")}

    def targets(imported: str) -> set[str]:
        if imported.endswith(".*"):
            return {m for m in modules if m.startswith(imported[:-1])}
        return {imported} if imported in modules else set()

    return {name: {m for imported in imported_by(path) for m in targets(imported) if m != name}
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
    from kiosk.cli import DRAWING_COMMANDS

    wrong = {}
    for part, forbidden in (("kiosk", ("textual", "screens")),
                            ("printer", ("textual", "screens", "kiosk"))):
        for path in (PROJECT / part).rglob("*.py"):
            plug_in = {DRAWING_COMMANDS} if module_name(path) == "kiosk.cli" else set()
            bad = sorted(m for m in imported_by(path) - plug_in if m.split(".")[0] in forbidden)
            if bad:
                wrong[module_name(path)] = bad
    assert wrong == {}


def test_the_checks_see_a_circle_and_an_import_inside_a_function() -> None:
    """The two checks above would pass on an empty graph: show they see what they look for."""
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    source = "def later():\n    from textual.app import App\n    from . import base\n"
    assert {"textual.app", "screens.guest.base"} <= imports_in(source, "screens.guest")
    by_name = ('import importlib\nSTEP = "screens.app"\n'
               'def load(n):\n    importlib.import_module(STEP)\n'
               '    return importlib.import_module(f"screens.guest.{n}")\n')
    assert {"screens.app", "screens.guest.*"} <= imports_in(by_name, "kiosk")
