"""The stage packages import one way (read <- parse <- extract <- link), and schemas/warehouse never import the
pipeline: the layout CONTRIBUTING.md describes stays true."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ORDER = ["read", "parse", "extract", "link"]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return out


def test_stage_packages_import_only_earlier_stages():
    wrong = []
    for rank, stage in enumerate(ORDER):
        for path in sorted((ROOT / "newsevents" / stage).rglob("*.py")):
            for module in _imports(path):
                parts = module.split(".")
                if parts[0] == "newsevents" and len(parts) > 1:
                    if parts[1] in ORDER and ORDER.index(parts[1]) > rank:
                        wrong.append(f"{path.relative_to(ROOT)} imports {module}")
                    if parts[1] in ("pipeline", "process", "cli", "dashboard"):
                        wrong.append(f"{path.relative_to(ROOT)} imports {module}")
                if parts[0] in ("flows", "warehouse"):
                    wrong.append(f"{path.relative_to(ROOT)} imports {module}")
    assert not wrong, "\n".join(wrong)


def test_schemas_and_warehouse_do_not_import_the_run():
    wrong = [
        f"{p.relative_to(ROOT)} imports {m}"
        for folder in ("schemas", "warehouse")
        for p in sorted((ROOT / folder).glob("*.py"))
        for m in _imports(p)
        if m.startswith(("newsevents.pipeline", "newsevents.process", "flows"))
    ]
    assert not wrong, "\n".join(wrong)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _runtime_imports(path: Path, modules: set[str]) -> set[str]:
    """The project modules path imports when it runs (in functions too; not under `if TYPE_CHECKING:`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = {
        id(n)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and getattr(node.test, "id", getattr(node.test, "attr", "")) == "TYPE_CHECKING"
        for n in ast.walk(node)
    }
    out = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        out |= {n for n in names if n in modules}
    return out


def test_no_import_cycles():
    """No module imports, directly or through others, a module that imports it back (a package importing its
    own submodules in __init__ is not a cycle)."""
    paths = [p for folder in ("newsevents", "schemas", "warehouse", "flows") for p in (ROOT / folder).rglob("*.py")]
    modules = {_module_name(p) for p in paths}
    graph = {_module_name(p): _runtime_imports(p, modules) for p in paths}
    for name, targets in graph.items():  # a submodule's import of its own package is the package's __init__
        graph[name] = {t for t in targets if t != name and not name.startswith(t + ".")}
    cycles = []
    for start in sorted(graph):
        stack, seen = [(start, [start])], set()
        while stack:
            node, path = stack.pop()
            for nxt in graph.get(node, ()):
                if nxt == start:
                    cycles.append(" -> ".join(path + [start]))
                elif nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, path + [nxt]))
    assert not cycles, "\n".join(sorted(set(cycles))[:10])
